// Shared pieces of the commands: checked number options, and Ctrl-C / SIGTERM handling.
#pragma once

#include <filesystem>

#include <atomic>
#include <cstdint>
#include <string>

namespace models {
class InputError;
}

namespace cli {

// Prints every diagnostic of `error`, then "N errors in FILE" and `consequence` (e.g. "; nothing
// was run"). Returns the exit code: 3 when a file could not be read at all, else 2.
int report_input_error(const models::InputError& error, const std::string& file,
                       const char* consequence = "");

// Parses a whole number in [minimum, maximum] (CLI11 would accept -1 for unsigned options).
// On failure prints "dealsim COMMAND: OPTION TEXT: expected a whole number from MIN to MAX" and
// returns false.
bool parse_count(const char* command, const std::string& text, const char* option,
                 std::uint64_t minimum, std::uint64_t maximum, std::uint64_t& out);

// Parses --shard K/N (1 <= K <= N). On failure prints "dealsim COMMAND: --shard ...: expected
// K/N ..." and returns false.
bool parse_shard(const char* command, const std::string& text, std::uint64_t& index,
                 std::uint64_t& count);

// Where a batch command (sweep, calibrate) runs and writes.
struct BatchSettings {
  std::uint64_t threads = 1;                       // per process
  std::uint64_t shard_index = 0, shard_count = 0;  // 1-based K of N; 0 when not sharded
  std::filesystem::path out;
};

// Reads --threads (default: this machine's cores shared by its `local_size` ranks), --shard and
// --out (default output/NAME[.shard-K-of-N].h5, its folder made). Prints what is wrong as
// "dealsim COMMAND: ..." and returns kSuccess or the exit code.
int read_batch_settings(const char* command, const std::string& threads, const std::string& shard,
                        const std::string& out, const std::string& name, int local_size,
                        BatchSettings& settings);

// The rule for a resumable command's output (sweep, calibrate): with --resume it must exist;
// without, an existing file is refused unless --force. Prints why not as "dealsim COMMAND: ...".
// Returns kSuccess (and whether to continue the file in `resume_it`) or the exit code.
int check_resumable_output(const char* command, const std::filesystem::path& out, bool resume,
                           bool force, bool& resume_it);

// A scenario or sweep name made safe as the default output file's name: one path component of
// letters, digits, '-', '_' and '.', other characters replaced by '_', leading dots dropped, at
// most 100 characters, "results" when nothing is left. `name: ../../x` cannot write outside
// output/.
std::string output_file_name(const std::string& name);

// Installs SIGINT, SIGTERM and SIGHUP handlers and returns the flag they set (cleared now). The
// only process-wide state, since signals are process-wide.
std::atomic<bool>& watch_for_interrupts();

}  // namespace cli
