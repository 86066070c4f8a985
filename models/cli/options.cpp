#include "models/cli/options.hpp"

#include <csignal>
#include <iostream>

namespace cli {

namespace {
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_interrupt(int) {
  interrupted.store(true);
}
}  // namespace

bool parse_count(const char* command, const std::string& text, const char* option,
                 std::uint64_t minimum, std::uint64_t maximum, std::uint64_t& out) {
  std::size_t used = 0;
  unsigned long long value = 0;
  bool ok = !text.empty() && text[0] != '-' && text[0] != '+';
  if (ok) {
    try {
      value = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != text.size() || value < minimum || value > maximum) {
    std::cerr << "dealsim " << command << ": " << option << " " << text
              << ": expected a whole number from " << minimum << " to " << maximum << "\n";
    return false;
  }
  out = value;
  return true;
}

std::atomic<bool>& watch_for_interrupts() {
  interrupted = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return interrupted;
}

}  // namespace cli
