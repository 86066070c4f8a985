#include "sim/mc/replication_runner.hpp"

#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/kernel/error.hpp"

namespace sim {

std::size_t run_replications(const ReplicationRunOptions& options,
                             const std::function<void(std::size_t index, unsigned worker)>& body) {
  SIM_CHECK(options.threads >= 1, "thread count must be at least 1");
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards done, first_error*, and serialises on_progress
  std::size_t done = 0;
  std::size_t first_error_index = std::numeric_limits<std::size_t>::max();
  std::exception_ptr first_error;

  auto worker = [&](unsigned worker_index) {
    if (worker_index != 0 && options.on_helper_start) options.on_helper_start();
    for (;;) {
      if (failed.load() || (options.interrupt != nullptr && options.interrupt->load())) return;
      const std::size_t offset = next.fetch_add(1);
      if (offset >= options.count) return;
      try {
        body(options.first + offset, worker_index);
      } catch (...) {
        std::lock_guard lock(mutex);
        failed = true;
        if (offset < first_error_index) {
          first_error_index = offset;
          first_error = std::current_exception();
        }
        return;
      }
      std::lock_guard lock(mutex);
      ++done;
      if (options.on_progress) options.on_progress(done);
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
                             const std::function<void(std::size_t index)>& body) {
  return run_replications(options, [&](std::size_t index, unsigned) { body(index); });
}

}  // namespace sim
