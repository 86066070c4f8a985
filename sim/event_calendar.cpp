#include "sim/event_calendar.hpp"

#include <limits>
#include <utility>

#include "sim/error.hpp"

namespace sim {

namespace {

constexpr std::uint64_t kMaxTarget = (std::uint64_t{1} << 47) - 1;

void check_event(double time, int priority) {
  SIM_CHECK(time >= 0, "event time " << time << " is negative or NaN");
  SIM_CHECK(priority >= EventCalendar::kMinPriority && priority <= EventCalendar::kMaxPriority,
            "event priority " << priority << " is outside " << EventCalendar::kMinPriority << ".."
                              << EventCalendar::kMaxPriority);
}

}  // namespace

std::uint64_t EventCalendar::take_sequence() {
  SIM_CHECK(next_sequence_ < std::numeric_limits<std::uint64_t>::max(), "sequence overflow");
  return next_sequence_++;
}

void EventCalendar::push_entry(double time, int priority, std::uint64_t target, bool process) {
  SIM_CHECK(target <= kMaxTarget, "event target " << target << " does not fit an entry");
  const std::uint64_t word = (static_cast<std::uint64_t>(priority - kMinPriority) << 48) |
                             (target << 1) | (process ? 1 : 0);
  // + 0.0 turns -0.0 into +0.0, whose bits order correctly.
  heap_.push_back(Entry{std::bit_cast<std::uint64_t>(time + 0.0), word});
  sift_up(heap_.size() - 1);
  ++live_;
}

EventHandle EventCalendar::push(double time, int priority, EventAction action) {
  check_event(time, priority);
  const std::uint32_t slot = take_slot();
  const std::uint64_t sequence = take_sequence();
  slots_[slot].action = std::move(action);
  slots_[slot].sequence = sequence;
  push_entry(time, priority, slot, false);
  return EventHandle(slot, sequence);
}

void EventCalendar::push_resume(double time, int priority, Process::Handle process) {
  check_event(time, priority);
  SIM_CHECK(process, "waking an empty process");
  const auto address = reinterpret_cast<std::uintptr_t>(process.address());
  SIM_CHECK(address % 16 == 0, "process frame at " << address << " is not 16-byte aligned");
  process.promise().wake_sequence = take_sequence();
  push_entry(time, priority, address >> 4, true);
}

bool EventCalendar::cancel(EventHandle handle) {
  if (!is_pending(handle)) return false;
  Slot& slot = slots_[handle.slot_];
  slot.cancelled = true;
  slot.action = nullptr;
  --live_;
  ++cancelled_in_heap_;
  drop_stale_top();
  // Without compaction a model that cancels most of what it schedules would grow the heap
  // without bound.
  if (cancelled_in_heap_ > 1024 && cancelled_in_heap_ > live_) compact();
  return true;
}

bool EventCalendar::is_pending(EventHandle handle) const {
  return handle.sequence_ != 0 && handle.slot_ < slots_.size() &&
         slots_[handle.slot_].sequence == handle.sequence_ && !slots_[handle.slot_].cancelled;
}

EventCalendar::FiredEvent EventCalendar::pop() {
  SIM_CHECK(live_ > 0, "pop from an empty event calendar");
  const Entry top = heap_.front();
  FiredEvent fired;
  fired.time = std::bit_cast<double>(top.time_bits);
  if (is_process(top)) {
    fired.process = process_of(top);
  } else {
    const auto slot = static_cast<std::uint32_t>(target_of(top));
    fired.action = std::move(slots_[slot].action);
    release_slot(slot);
  }
  --live_;
  remove_top();
  drop_stale_top();
  // The next process's frame is likely cold when many processes wait; fetching it now overlaps
  // the miss with running the current event.
  if (!heap_.empty() && is_process(heap_.front())) {
    __builtin_prefetch(reinterpret_cast<const void*>(target_of(heap_.front()) << 4));
  }
  return fired;
}

void EventCalendar::remove_top() {
  // Bottom-up removal: walk the hole at the root down to a leaf along the smaller children, then
  // sift the last entry up from there. The last entry usually belongs near the leaves, so this
  // saves the comparison against it at every level that a plain sift-down makes.
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return;
  std::size_t hole = 0;
  for (;;) {
    const std::size_t left = 2 * hole + 1;
    if (left >= size) break;
    const std::size_t right = left + 1;
    const std::size_t best = right < size && before(heap_[right], heap_[left]) ? right : left;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = last;
  sift_up(hole);
}

void EventCalendar::drop_stale_top() {
  // Without cancellations nothing is stale, and the slot lookup (a likely cache miss) is skipped.
  while (cancelled_in_heap_ > 0 && !heap_.empty() && is_stale(heap_.front())) {
    const auto slot = static_cast<std::uint32_t>(target_of(heap_.front()));
    remove_top();
    release_slot(slot);
    --cancelled_in_heap_;
  }
}

void EventCalendar::compact() {
  std::size_t kept = 0;
  for (const Entry& entry : heap_) {
    if (is_stale(entry)) {
      release_slot(static_cast<std::uint32_t>(target_of(entry)));
    } else {
      heap_[kept++] = entry;
    }
  }
  heap_.resize(kept);
  cancelled_in_heap_ = 0;
  for (std::size_t i = heap_.size() / 2 + 1; i-- > 0;)
    sift_down(i);
}

void EventCalendar::sift_up(std::size_t index) {
  const Entry moving = heap_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / 2;
    if (!before(moving, heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = moving;
}

void EventCalendar::sift_down(std::size_t index) {
  const std::size_t size = heap_.size();
  if (index >= size) return;
  const Entry moving = heap_[index];
  for (;;) {
    const std::size_t left = 2 * index + 1;
    if (left >= size) break;
    const std::size_t right = left + 1;
    const std::size_t best = right < size && before(heap_[right], heap_[left]) ? right : left;
    if (!before(heap_[best], moving)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = moving;
}

std::uint32_t EventCalendar::take_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  SIM_CHECK(slots_.size() < std::numeric_limits<std::uint32_t>::max(), "too many pending events");
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventCalendar::release_slot(std::uint32_t slot) {
  slots_[slot].sequence = 0;
  slots_[slot].cancelled = false;
  slots_[slot].action = nullptr;
  free_slots_.push_back(slot);
}

}  // namespace sim
