#include "sim/io/detail/damaged_file_guard.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace sim::detail {

namespace {

// The message the handler writes, prepared before anything can fault: the handler may not
// allocate or format. Process-wide because signal handlers are.
char message[512];
int depth = 0;
struct sigaction previous_segv, previous_bus;

extern "C" void on_fault(int) {
  const ssize_t ignored = write(STDERR_FILENO, message, std::strlen(message));
  (void)ignored;
  _exit(3);
}

void prepare(const std::filesystem::path& file) {
  const std::string text = "dealsim: " + file.string() +
                           " is damaged: reading it crashed inside the HDF5 library; "
                           "write it again (nothing else was changed)\n";
  std::strncpy(message, text.c_str(), sizeof message - 1);
  message[sizeof message - 1] = '\0';
}

}  // namespace

DamagedFileGuard::DamagedFileGuard(const std::filesystem::path& file) {
  std::memcpy(previous_message_, message, sizeof message);
  prepare(file);
  outermost_ = depth++ == 0;
  if (!outermost_) return;
  struct sigaction action = {};
  action.sa_handler = on_fault;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &previous_segv);
  sigaction(SIGBUS, &action, &previous_bus);
}

DamagedFileGuard::~DamagedFileGuard() {
  --depth;
  std::memcpy(message, previous_message_, sizeof message);
  if (!outermost_) return;
  sigaction(SIGSEGV, &previous_segv, nullptr);
  sigaction(SIGBUS, &previous_bus, nullptr);
}

}  // namespace sim::detail
