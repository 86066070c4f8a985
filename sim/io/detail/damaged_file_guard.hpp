// A last line of defence while HDF5 reads a file that may be damaged (internal to sim/).
//
// libhdf5 trusts some of what it reads: a flipped byte in a global heap (where variable-length
// strings live, with no checksum) makes H5Dread copy from a wild address. Nothing can validate
// those bytes before HDF5 uses them, so while a guard is alive a segmentation fault or bus error
// prints "dealsim: FILE is damaged ..." and exits with status 3 (a file that cannot be read),
// instead of a crash. Only async-signal-safe calls run in the handler. Guards nest; the previous
// handlers come back when the outermost one ends. Signals are process-wide: use guards only where
// one thread reads.
#pragma once

#include <filesystem>

namespace sim::detail {

class DamagedFileGuard {
 public:
  explicit DamagedFileGuard(const std::filesystem::path& file);
  ~DamagedFileGuard();
  DamagedFileGuard(const DamagedFileGuard&) = delete;
  DamagedFileGuard& operator=(const DamagedFileGuard&) = delete;

 private:
  char previous_message_[512];
  bool outermost_ = false;
};

}  // namespace sim::detail
