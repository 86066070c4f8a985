// HDF5's process-wide behaviour that dealsim turns off (internal to sim/).
#pragma once

namespace sim::detail {

// Call before HDF5 calls on each thread. Once per process it stops HDF5 from installing its exit
// handler, which crashes at exit after a file failed to close (a full disk); once per thread it
// stops HDF5 from printing its error stack (its error settings are per thread), since failures
// are reported as IoError with one clear line. Cheap after the first call on a thread.
void quiet_hdf5();

}  // namespace sim::detail
