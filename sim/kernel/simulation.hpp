// The discrete-event simulation: a clock, an event calendar, recurring events and processes.
//
// A Simulation is a value owned by one replication: it holds no global state, so any number of
// them run side by side on different threads. Time is in days (double) from the scenario's start;
// see Timeline for the mapping to dates.
//
//   sim::Simulation simulation;
//   simulation.schedule_at(30.0, [&] { ... });          // a one-off event
//   simulation.repeat([&](int k) { return timeline.month_boundary(k); },
//                     [&](int month) { ... });            // every month boundary
//   simulation.start(my_process(simulation));             // a coroutine process
//   simulation.run_until(horizon_days);
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/process.hpp"

namespace sim {

// Identifies a recurring event series so that it can be stopped.
class RecurrenceHandle {
 public:
  RecurrenceHandle() = default;

 private:
  friend class Simulation;
  explicit RecurrenceHandle(std::size_t index) : index_(index + 1) {}
  std::size_t index_ = 0;  // 0: refers to nothing
};

class Simulation {
 public:
  // Events of equal time fire in ascending priority, then in scheduling order.
  static constexpr int kDefaultPriority = 0;

  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  ~Simulation();

  double now() const { return now_; }

  // Schedules `action` at absolute time `time`. REQUIRES: time >= now() and finite; otherwise
  // throws SimulationError naming the time.
  EventHandle schedule_at(double time, EventAction action, int priority = kDefaultPriority);
  // Schedules `action` `delay` days from now. REQUIRES: delay >= 0 and finite.
  EventHandle schedule_in(double delay, EventAction action, int priority = kDefaultPriority);
  // Cancels a pending event; a no-op (returning false) for fired or cancelled events.
  bool cancel(EventHandle handle) { return calendar_.cancel(handle); }
  bool is_pending(EventHandle handle) const { return calendar_.is_pending(handle); }

  // Fires action(k) at occurrence_time(k) for k = first, first + 1, ... The series ends when
  // occurrence_time returns a non-finite value (e.g. past a term) or when it is cancelled
  // (also from inside the action). Occurrence times must not decrease.
  RecurrenceHandle repeat(std::function<double(int)> occurrence_time,
                          std::function<void(int)> action, int priority = kDefaultPriority,
                          int first = 0);
  void cancel(RecurrenceHandle handle);

  // Starts a process: its body runs at time `at` (default: now), after events already
  // scheduled for that time and priority.
  void start(Process process, int priority = kDefaultPriority);
  void start_at(double at, Process process, int priority = kDefaultPriority);

  // Fires events in order while the next one is at or before `horizon` and stop() was not
  // called; then, unless stopped, sets now() to horizon. Rethrows an exception that escaped an
  // event action or a process.
  void run_until(double horizon);
  // Fires events until none is left or stop() is called.
  void run();
  // Ends the current run_until/run after the event being fired; callable from an action.
  void stop() { stop_requested_ = true; }
  bool stopped() const { return stop_requested_; }

  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t events_pending() const { return calendar_.size(); }

  // Awaitables for processes.
  struct DelayAwaiter {
    Simulation& simulation;
    double time;
    int priority;
    bool await_ready() const noexcept { return false; }
    void await_suspend(Process::Handle handle) const {
      simulation.schedule_resume(time, handle, priority);
    }
    void await_resume() const noexcept {}
  };
  // Suspends the calling process for `delay` days. REQUIRES: delay >= 0.
  DelayAwaiter delay(double delay, int priority = kDefaultPriority);
  // Suspends the calling process until absolute time `time`. REQUIRES: time >= now().
  DelayAwaiter until(double time, int priority = kDefaultPriority);

 private:
  struct Recurrence {
    std::function<double(int)> occurrence_time;
    std::function<void(int)> action;
    int priority = kDefaultPriority;
    int next = 0;
    bool active = true;
    EventHandle pending;
  };

  void check_time(double time) const;
  void schedule_next(std::size_t recurrence);
  void fire_recurrence(std::size_t recurrence);
  void schedule_resume(double time, Process::Handle handle, int priority);
  void resume(Process::Handle handle);
  void finish(Process::Handle handle);
  void fire_next();

  double now_ = 0.0;
  bool stop_requested_ = false;
  std::uint64_t events_executed_ = 0;
  EventCalendar calendar_;
  std::deque<Recurrence> recurrences_;
  std::vector<Process::Handle> processes_;  // live (started, unfinished) process frames
};

}  // namespace sim
