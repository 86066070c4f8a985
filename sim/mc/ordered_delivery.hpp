// Hands results produced out of order by worker threads to a consumer in index order.
//
// Workers call deliver(index, result) as they finish. The consumer runs for every result that is
// next in line, one at a time and in index order (so it may use a non-thread-safe writer such
// as HDF5), on a worker that found the line ready; other workers only deposit and return. A
// worker whose result is more than `look_ahead` indices ahead of the next one waits, so memory
// stays bounded even if one replication is slow.
//
// A worker may deposit without consuming (deliver(..., Consume::No)): then the consumer runs on
// the workers that do consume, so that its state (a writer's buffers, megabytes) stays in one
// core's cache instead of moving between cores with each result (a 2-thread run of the
// baseline gained about 2 % from it). A depositing worker still consumes
// rather than wait for room, so no worker waits on one that has stopped; the owner calls
// flush() when the workers are done, to consume what was deposited last.
//
// Results wait in a ring of `look_ahead` slots. Once consumed, a result's storage is kept, and
// deliver() hands back the one its producer (the `producer` it was deposited with) deposited
// last: a worker that builds its next result in it allocates nothing, no thread frees what
// another allocated (with glibc's per-thread arenas and caches, that traffic cost a 2-thread run
// of the baseline about 5 % of its speed), and a worker writes again into memory it wrote
// before, which the consumer only read (storage that another worker had just written cost each
// of its writes a transfer from that core's cache: 0.5-1.5 % of a 2-thread run).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace sim {

template <typename Result>
class OrderedDelivery {
 public:
  // REQUIRES: look_ahead >= 1.
  OrderedDelivery(std::size_t first, std::size_t look_ahead,
                  std::function<void(std::size_t, Result&&)> consumer)
      : next_(first),
        look_ahead_(look_ahead),
        slots_(look_ahead),
        producers_(look_ahead),
        consumer_(std::move(consumer)) {}

  enum class Consume { Yes, No };

  // Deposits the result of `index` (each index once) made by worker `producer` (any number; one
  // per thread), consumes what is next in line unless `consume` is No, and returns a spent
  // result of the same producer, consumed earlier, or a default-constructed one, whose storage
  // the caller may reuse. A failure of the consumer is rethrown to the worker that ran it; after
  // it, further results are dropped.
  Result deliver(std::size_t index, Result&& result, Consume consume = Consume::Yes,
                 std::size_t producer = 0) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (failed_) return std::move(result);
      if (index < next_ + look_ahead_) break;
      if (!draining_ && slots_[next_ % look_ahead_])
        drain(lock);
      else
        room_.wait(lock);
    }
    slots_[index % look_ahead_] = std::move(result);
    producers_[index % look_ahead_] = producer;
    if (consume == Consume::Yes) {
      if (!draining_) drain(lock);
    } else if (index == next_) {
      room_.notify_all();  // a worker waiting for room may consume it
    }
    if (producer >= spent_.size() || spent_[producer].empty()) return Result{};
    Result reused = std::move(spent_[producer].back());
    spent_[producer].pop_back();
    return reused;
  }

  // Consumes the results next in line. For the owner, once the workers stopped: results
  // deposited without consuming may be waiting. After a failure of the consumer it does nothing.
  void flush() {
    std::unique_lock lock(mutex_);
    if (!failed_ && !draining_) drain(lock);
  }

  // The next index the consumer expects: every index below it was consumed.
  std::size_t next() const {
    std::lock_guard lock(mutex_);
    return next_;
  }

 private:
  // Consumes while the next result is in its slot, without holding the lock while the consumer
  // runs (the result is moved out of its slot first), so that other workers deposit their results
  // and go back to work instead of waiting. One thread drains at a time.
  void drain(std::unique_lock<std::mutex>& lock) {
    draining_ = true;
    while (slots_[next_ % look_ahead_]) {
      const std::size_t consumed = next_;
      const std::size_t producer = producers_[next_ % look_ahead_];
      std::optional<Result>& ready = slots_[next_ % look_ahead_];
      Result line = std::move(*ready);
      ready.reset();
      lock.unlock();
      try {
        consumer_(consumed, std::move(line));
      } catch (...) {
        lock.lock();
        failed_ = true;
        draining_ = false;
        room_.notify_all();
        throw;
      }
      lock.lock();
      if (producer >= spent_.size()) spent_.resize(producer + 1);
      spent_[producer].push_back(std::move(line));
      ++next_;
      room_.notify_all();
    }
    draining_ = false;
  }

  mutable std::mutex mutex_;
  std::condition_variable room_;
  std::size_t next_;
  std::size_t look_ahead_;
  std::vector<std::optional<Result>> slots_;  // results deposited, not yet consumed
  std::vector<std::size_t> producers_;        // the producer of each slot's result
  // Per producer, its consumed results, the last consumed at the back.
  std::vector<std::vector<Result>> spent_;
  bool failed_ = false;
  bool draining_ = false;
  std::function<void(std::size_t, Result&&)> consumer_;
};

}  // namespace sim
