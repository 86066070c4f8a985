#include "sim/kernel/error.hpp"

namespace sim::detail {

void fail_check(const char* condition, const std::string& message, const char* file, int line) {
  std::ostringstream text;
  text << message << " (check '" << condition << "' failed at " << file << ":" << line << ")";
  throw SimulationError(text.str());
}

}  // namespace sim::detail
