#include "sim/mc/replication_runner.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/kernel/error.hpp"

namespace sim {

std::size_t run_replication_blocks(
    const ReplicationRunOptions& options, std::size_t max_block,
    const std::function<void(const ReplicationBlock& block, unsigned worker)>& body) {
  SIM_CHECK(options.threads >= 1, "thread count must be at least 1");
  SIM_CHECK(max_block >= 1, "blocks must hold at least 1 replication");
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards the claims, done, first_error*, and serialises on_progress
  std::size_t claimed = 0, sequence = 0, done = 0;
  // The failure rethrown is the lowest-ranked: the caller's start hook (rank 0) before any
  // replication, a block by its first index + 1.
  std::size_t first_error_rank = std::numeric_limits<std::size_t>::max();
  std::exception_ptr first_error;
  // From a catch block: stops the run and keeps the exception being handled if it ranks first.
  const auto record_failure = [&](std::size_t rank) {
    std::lock_guard lock(mutex);
    failed = true;
    if (rank < first_error_rank) {
      first_error_rank = rank;
      first_error = std::current_exception();
    }
  };

  // Under the lock: the next block, or false when none is left or the run stops.
  const auto claim = [&](ReplicationBlock& block) {
    if (failed.load() || (options.interrupt != nullptr && options.interrupt->load())) return false;
    const std::size_t left = options.count - claimed;
    if (left == 0) return false;
    const std::size_t tail = left / (4 * std::size_t{options.threads});
    block.count = std::min(left, std::clamp<std::size_t>(tail, 1, max_block));
    block.first = options.first + claimed;
    block.sequence = sequence++;
    claimed += block.count;
    return true;
  };
  auto worker = [&](unsigned worker_index) {
    if (worker_index != 0 && options.on_helper_start) options.on_helper_start();
    if (worker_index == 0 && options.on_caller_start) {
      try {
        options.on_caller_start();
      } catch (...) {
        record_failure(0);
        return;
      }
    }
    ReplicationBlock block;
    {
      std::lock_guard lock(mutex);
      if (!claim(block)) return;
    }
    for (;;) {
      try {
        body(block, worker_index);
      } catch (...) {
        record_failure(block.first + 1);
        return;
      }
      // One lock both counts the block done and claims the next.
      std::lock_guard lock(mutex);
      done += block.count;
      if (options.on_progress) options.on_progress(done);
      if (!claim(block)) return;
    }
  };

  const unsigned thread_count = static_cast<unsigned>(
      std::min<std::size_t>(options.threads, std::max<std::size_t>(options.count, 1)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < thread_count; ++i)
    pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& thread : pool)
    thread.join();
  if (first_error) std::rethrow_exception(first_error);
  return done;
}

std::size_t run_replications(const ReplicationRunOptions& options,
                             const std::function<void(std::size_t index, unsigned worker)>& body) {
  return run_replication_blocks(options, 1, [&](const ReplicationBlock& block, unsigned worker) {
    body(block.first, worker);
  });
}

std::size_t run_replications(const ReplicationRunOptions& options,
                             const std::function<void(std::size_t index)>& body) {
  return run_replications(options, [&](std::size_t index, unsigned) { body(index); });
}

}  // namespace sim
