#include "sim/kernel/simulation.hpp"

#include <cmath>
#include <utility>

#include "sim/kernel/error.hpp"

namespace sim {

Simulation::~Simulation() {
  for (Process::Handle handle : processes_)
    handle.destroy();
}

void Simulation::check_time(double time) const {
  SIM_CHECK(std::isfinite(time), "cannot schedule an event at non-finite time " << time);
  SIM_CHECK(time >= now_, "cannot schedule an event in the past: time "
                              << time << " is before now (" << now_ << ")");
}

EventHandle Simulation::schedule_at(double time, EventAction action, int priority) {
  check_time(time);
  return calendar_.push(time, priority, std::move(action));
}

EventHandle Simulation::schedule_in(double delay, EventAction action, int priority) {
  SIM_CHECK(std::isfinite(delay) && delay >= 0, "negative or non-finite delay " << delay);
  return calendar_.push(now_ + delay, priority, std::move(action));
}

RecurrenceHandle Simulation::repeat(std::function<double(int)> occurrence_time,
                                    std::function<void(int)> action, int priority, int first) {
  SIM_CHECK(recurrences_.size() < EventCalendar::kNoTag, "too many recurring events");
  recurrences_.push_back(
      Recurrence{std::move(occurrence_time), std::move(action), priority, first, true, {}});
  schedule_next(recurrences_.size() - 1);
  return RecurrenceHandle(recurrences_.size() - 1);
}

void Simulation::schedule_next(std::size_t index) {
  Recurrence& recurrence = recurrences_[index];
  const double time = recurrence.occurrence_time(recurrence.next);
  if (!std::isfinite(time)) {
    recurrence.active = false;
    return;
  }
  check_time(time);
  recurrence.pending =
      calendar_.push_tagged(time, recurrence.priority, static_cast<std::uint32_t>(index));
}

void Simulation::fire_recurrence(std::size_t index) {
  Recurrence& fired = recurrences_[index];
  const int k = fired.next++;
  fired.action(k);
  if (fired.active) schedule_next(index);
}

void Simulation::cancel(RecurrenceHandle handle) {
  if (handle.index_ == 0) return;
  Recurrence& recurrence = recurrences_[handle.index_ - 1];
  recurrence.active = false;
  calendar_.cancel(recurrence.pending);
}

void Simulation::start(Process process, int priority) {
  start_at(now_, std::move(process), priority);
}

void Simulation::start_at(double at, Process process, int priority) {
  check_time(at);
  Process::Handle handle = process.release();
  SIM_CHECK(handle, "starting an empty process");
  SIM_CHECK(processes_.size() < UINT32_MAX, "too many processes");
  handle.promise().index = static_cast<std::uint32_t>(processes_.size());
  processes_.push_back(handle);
  schedule_resume(at, handle, priority);
}

Simulation::DelayAwaiter Simulation::delay(double delay, int priority) {
  SIM_CHECK(std::isfinite(delay) && delay >= 0, "negative or non-finite delay " << delay);
  return DelayAwaiter{*this, now_ + delay, priority};
}

Simulation::DelayAwaiter Simulation::until(double time, int priority) {
  check_time(time);
  return DelayAwaiter{*this, time, priority};
}

void Simulation::schedule_resume(double time, Process::Handle handle, int priority) {
  check_time(time);
  calendar_.push_resume(time, priority, handle);
}

void Simulation::resume(Process::Handle handle) {
  try {
    handle.resume();
  } catch (...) {
    finish(handle);
    throw;
  }
  if (handle.done()) finish(handle);
}

void Simulation::finish(Process::Handle handle) {
  const std::uint32_t index = handle.promise().index;
  processes_[index] = processes_.back();
  processes_[index].promise().index = index;
  processes_.pop_back();
  handle.destroy();
}

void Simulation::fire_next() {
  EventCalendar::FiredEvent event = calendar_.pop();
  now_ = event.time;
  ++events_executed_;
  if (event.process) {
    resume(event.process);
  } else if (event.tag != EventCalendar::kNoTag) {
    fire_recurrence(event.tag);
  } else {
    event.action();
  }
}

void Simulation::run_until(double horizon) {
  SIM_CHECK(!std::isnan(horizon), "horizon is NaN");
  stop_requested_ = false;
  while (!stop_requested_ && !calendar_.empty() && calendar_.next_time() <= horizon)
    fire_next();
  if (!stop_requested_ && horizon > now_ && std::isfinite(horizon)) now_ = horizon;
}

void Simulation::run() {
  stop_requested_ = false;
  while (!stop_requested_ && !calendar_.empty())
    fire_next();
}

}  // namespace sim
