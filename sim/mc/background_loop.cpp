#include "sim/mc/background_loop.hpp"

#include <utility>

namespace sim {

BackgroundLoop::BackgroundLoop(std::size_t count, unsigned helpers,
                               std::function<void(std::size_t)> body)
    : count_(count), body_(std::move(body)) {
  helpers_.reserve(helpers);
  for (unsigned h = 0; h < helpers; ++h)
    helpers_.emplace_back([this] { work(); });
}

BackgroundLoop::~BackgroundLoop() {
  failed_ = true;  // no new indices: the rest of the loop is not wanted any more
  stop_helpers();
}

void BackgroundLoop::finish() {
  work();
  stop_helpers();
  if (failure_) std::rethrow_exception(failure_);
}

void BackgroundLoop::work() {
  while (!failed_) {
    const std::size_t index = next_.fetch_add(1);
    if (index >= count_) return;
    try {
      body_(index);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      failed_ = true;
    }
  }
}

void BackgroundLoop::stop_helpers() {
  for (std::thread& helper : helpers_) {
    if (helper.joinable()) helper.join();
  }
}

}  // namespace sim
