// A loop over indices that helper threads start on at once while the thread that made it does
// other work, and that this thread joins when it is done with that work.
//
// For a serial tail with two kinds of work: one that must stay on its thread (HDF5 writing) and
// one that need not (summarising columns). The helpers take indices while the owner writes; the
// owner then takes whatever indices are left, so the two kinds share the cores however their
// costs compare.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sim {

class BackgroundLoop {
 public:
  // Starts `helpers` threads (0: none; finish() then does every index) running body(i) for the
  // indices i in [0, count), each index once, in no given order. body must be safe to call from
  // several threads at once for different indices.
  BackgroundLoop(std::size_t count, unsigned helpers, std::function<void(std::size_t)> body);
  // Stops handing out indices and waits for the helpers; failures are dropped (the owner is
  // already leaving by an exception).
  ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  // Runs the indices still left on the calling thread, waits for the helpers, and rethrows the
  // first failure of any thread. After it returns, body has run for every index.
  void finish();

 private:
  void work();
  void stop_helpers();

  std::size_t count_;
  std::function<void(std::size_t)> body_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;  // guards failure_
  std::exception_ptr failure_;
  std::vector<std::thread> helpers_;
};

}  // namespace sim
