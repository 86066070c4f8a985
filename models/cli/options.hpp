// Shared pieces of the commands: checked number options, and Ctrl-C / SIGTERM handling.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cli {

// Parses a whole number in [minimum, maximum] (CLI11 would accept -1 for unsigned options).
// On failure prints "dealsim COMMAND: OPTION TEXT: expected a whole number from MIN to MAX" and
// returns false.
bool parse_count(const char* command, const std::string& text, const char* option,
                 std::uint64_t minimum, std::uint64_t maximum, std::uint64_t& out);

// Installs SIGINT and SIGTERM handlers and returns the flag they set (cleared now). The only
// process-wide state, since signals are process-wide.
std::atomic<bool>& watch_for_interrupts();

}  // namespace cli
