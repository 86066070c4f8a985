// The coroutine type of simulation processes.
//
//   sim::Process customer(sim::Simulation& simulation) {
//     co_await simulation.delay(3.0);   // wait three days
//     ...                               // act
//   }
//   simulation.start(customer(simulation));
//
// A process waits with `co_await simulation.delay(dt)` or `co_await simulation.until(t)` and ends
// by returning. An exception that escapes a process propagates out of Simulation::run_until: it is
// never silently lost. The Simulation owns started processes and frees them when it is destroyed.
#pragma once

#include <coroutine>
#include <cstdint>

namespace sim {

class Process {
 public:
  struct promise_type {
    // Kept small: with a million waiting processes, frame bytes evict the calendar from cache.
    std::uint32_t index = 0;  // position in the owning Simulation's process table

    Process get_return_object() {
      return Process(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    // Rethrown at once: it leaves the coroutine finished and propagates out of resume() to the
    // Simulation, which frees the frame and passes it on.
    void unhandled_exception() { throw; }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Process(Process&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  Process& operator=(Process&&) = delete;
  Process(const Process&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();
  }

  // Gives up ownership of the coroutine frame (to the Simulation that starts it).
  Handle release() {
    Handle handle = handle_;
    handle_ = nullptr;
    return handle;
  }

 private:
  explicit Process(Handle handle) : handle_(handle) {}
  Handle handle_;
};

}  // namespace sim
