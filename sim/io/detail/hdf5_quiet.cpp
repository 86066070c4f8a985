#include "sim/io/detail/hdf5_quiet.hpp"

#include <hdf5.h>

#include <cstdlib>
#include <mutex>

namespace sim::detail {

void quiet_hdf5() {
  static std::once_flag once;
  std::call_once(once, [] { H5dont_atexit(); });
  thread_local bool quiet = false;
  if (!quiet) {
    if (!getenv("H5DEBUG")) H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    quiet = true;
  }
}

}  // namespace sim::detail
