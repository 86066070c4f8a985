// Making the heap ready for a long command (run, sweep, calibrate).
#pragma once

#include <cstddef>

namespace cli {

// Populates the calling thread's heap (its glibc arena: the main thread's, or the one a new
// thread is given on its first allocation): its first `bytes` in one call, handed back to malloc,
// which keeps them (main's mallopt thresholds) for the buffers that follow: results buffers,
// HDF5's, each replication's. A page fault costs about 12 us on the virtual machines dealsim is
// measured on, against about 1.3 us a page populated at once, and a run would otherwise fault in
// some 2,000 pages one by one. Called after the command's clock starts, so its cost is in the
// timing. Only a speed-up: a kernel without MADV_POPULATE_WRITE (before Linux 5.14) leaves the
// pages to be faulted as before.
void populate_heap(std::size_t bytes = std::size_t{16} << 20);

}  // namespace cli
