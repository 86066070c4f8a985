// Errors raised by the engine, and an always-on check.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace sim {

// A broken engine contract (scheduling in the past, a non-finite time, a bad date). The message
// names the offending value.
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by the engine's file writers when the operating system or HDF5 refuses an operation.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
[[noreturn]] void fail_check(const char* condition, const std::string& message, const char* file,
                             int line);
}  // namespace detail

}  // namespace sim

// An always-on check (unlike assert, it stays in Release builds). The message is streamed:
//   SIM_CHECK(delay >= 0, "negative delay " << delay);
#define SIM_CHECK(condition, message)                                                     \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      std::ostringstream sim_check_stream_;                                               \
      sim_check_stream_ << message;                                                       \
      ::sim::detail::fail_check(#condition, sim_check_stream_.str(), __FILE__, __LINE__); \
    }                                                                                     \
  } while (false)
