// Hands results produced out of order by worker threads to a consumer in index order.
//
// Workers call deliver(index, result) as they finish. The consumer runs for every result that is
// next in line, one at a time and in index order (so it may use a non-thread-safe writer such
// as HDF5), on a worker that found the line ready; other workers only deposit and return. A
// worker whose result is more than `look_ahead` indices ahead of the next one waits, so memory
// stays bounded even if one replication is slow.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

namespace sim {

template <typename Result>
class OrderedDelivery {
 public:
  OrderedDelivery(std::size_t first, std::size_t look_ahead,
                  std::function<void(std::size_t, Result&&)> consumer)
      : next_(first), look_ahead_(look_ahead), consumer_(std::move(consumer)) {}

  void deliver(std::size_t index, Result&& result) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return index < next_ + look_ahead_ || failed_; });
    if (failed_) return;
    waiting_.emplace(index, std::move(result));
    // One thread drains the line at a time, without holding the lock while it consumes, so
    // that other workers deposit their results and go back to work instead of waiting.
    if (draining_) return;
    draining_ = true;
    while (!waiting_.empty() && waiting_.begin()->first == next_) {
      auto node = waiting_.extract(waiting_.begin());
      lock.unlock();
      try {
        consumer_(node.key(), std::move(node.mapped()));
      } catch (...) {
        lock.lock();
        failed_ = true;
        draining_ = false;
        room_.notify_all();
        throw;
      }
      lock.lock();
      ++next_;
      room_.notify_all();
    }
    draining_ = false;
  }

  // The next index the consumer expects: every index below it was consumed.
  std::size_t next() const {
    std::lock_guard lock(mutex_);
    return next_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable room_;
  std::map<std::size_t, Result> waiting_;
  std::size_t next_;
  std::size_t look_ahead_;
  bool failed_ = false;
  bool draining_ = false;
  std::function<void(std::size_t, Result&&)> consumer_;
};

}  // namespace sim
