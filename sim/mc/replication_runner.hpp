// Runs independent replications on a pool of threads.
//
// Replications are handed out in index order, one at a time or in blocks of consecutive ones;
// each is run entirely by one thread. Because every replication owns its simulation and random
// streams (seeded from its index, not from the thread), results do not depend on the number of
// threads or on scheduling.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace sim {

struct ReplicationRunOptions {
  std::size_t count = 0;  // replications to run: indices first .. first + count - 1
  std::size_t first = 0;
  unsigned threads = 1;  // REQUIRES: >= 1
  // When set and it becomes true, no further replication (or block) starts; running ones finish.
  const std::atomic<bool>* interrupt = nullptr;
  // Called (from worker threads, serialised) after each replication, or each block, with the
  // number of replications done.
  std::function<void(std::size_t done)> on_progress;
  // Called once on each thread the runner starts (not the calling thread), before its first
  // replication: to make thread-owned resources ready, such as the thread's heap.
  std::function<void()> on_helper_start;
  // Called once on the calling thread, after the other threads have started and before its own
  // first replication: for work that must be done before results are consumed but need not hold
  // up the other threads (dealsim run makes its results file there). If it throws, no further
  // replication starts, and its exception is rethrown (before any replication's) once every
  // thread stopped.
  std::function<void()> on_caller_start;
};

// Calls body(index, worker) for every index and returns how many replications completed; they
// are always the indices first .. first + returned - 1. `worker` (0 .. threads - 1) names the
// thread running the body, for state a thread keeps from one replication to its next. If a body
// throws, no further replication starts and the exception of the lowest failing index is
// rethrown after all threads stopped.
std::size_t run_replications(const ReplicationRunOptions& options,
                             const std::function<void(std::size_t index, unsigned worker)>& body);

// The same, for a body that keeps no state between replications.
std::size_t run_replications(const ReplicationRunOptions& options,
                             const std::function<void(std::size_t index)>& body);

// Consecutive replications handed to one thread at once.
struct ReplicationBlock {
  std::size_t sequence = 0;  // 0, 1, ... in index order
  std::size_t first = 0;     // its first replication index
  std::size_t count = 0;     // its replications, at least 1
};

// The same for blocks: calls body(block, worker) for blocks that together cover every index in
// order. A block has `max_block` replications (REQUIRES: >= 1) while more than 4 x threads x
// max_block remain; after that a quarter of what is left per thread (at least 1), so that the
// threads finish at about the same time. Only whole blocks count as completed; on a failure, the
// exception of the block with the lowest index is rethrown.
std::size_t run_replication_blocks(
    const ReplicationRunOptions& options, std::size_t max_block,
    const std::function<void(const ReplicationBlock& block, unsigned worker)>& body);

}  // namespace sim
