// Runs independent replications on a pool of threads.
//
// Replications are handed out in index order; each is run entirely by one thread. Because every
// replication owns its simulation and random streams (seeded from its index, not from the thread),
// results do not depend on the number of threads or on scheduling.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace sim {

struct ReplicationRunOptions {
  std::size_t count = 0;  // replications to run: indices first .. first + count - 1
  std::size_t first = 0;
  unsigned threads = 1;  // REQUIRES: >= 1
  // When set and it becomes true, no further replication starts; running ones finish.
  const std::atomic<bool>* interrupt = nullptr;
  // Called (from worker threads, serialised) after each replication with the number done.
  std::function<void(std::size_t done)> on_progress;
  // Called once on each thread the runner starts (not the calling thread), before its first
  // replication: to make thread-owned resources ready, such as the thread's heap.
  std::function<void()> on_helper_start;
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

}  // namespace sim
