#include "sim/kernel/event_calendar.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "sim/kernel/error.hpp"

namespace sim {

namespace {

constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 47) - 1;

void check_event(double time, int priority) {
  SIM_CHECK(time >= 0, "event time " << time << " is negative or NaN");
  SIM_CHECK(priority >= EventCalendar::kMinPriority && priority <= EventCalendar::kMaxPriority,
            "event priority " << priority << " is outside " << EventCalendar::kMinPriority << ".."
                              << EventCalendar::kMaxPriority);
}

// + 0.0 turns -0.0 into +0.0, whose bits order correctly.
std::uint64_t key_of(double time) {
  return std::bit_cast<std::uint64_t>(time + 0.0);
}

}  // namespace

std::uint64_t EventCalendar::next_order(int priority, bool process) {
  SIM_CHECK(next_sequence_ <= kMaxSequence, "more than 2^47 events scheduled");
  const std::uint64_t sequence = next_sequence_++;
  return (static_cast<std::uint64_t>(priority - kMinPriority) << 48) | (sequence << 1) |
         (process ? 1 : 0);
}

EventHandle EventCalendar::push(double time, int priority, EventAction action) {
  return push_slot(time, priority, std::move(action), kNoTag);
}

EventHandle EventCalendar::push_tagged(double time, int priority, std::uint32_t tag) {
  SIM_CHECK(tag != kNoTag, "event tag " << tag << " is reserved");
  return push_slot(time, priority, nullptr, tag);
}

EventHandle EventCalendar::push_slot(double time, int priority, EventAction action,
                                     std::uint32_t tag) {
  check_event(time, priority);
  const std::uint64_t order = next_order(priority, false);
  const std::uint32_t slot = take_slot();
  Slot& held = slots_[slot];
  if (action) held.action = std::move(action);
  held.tag = tag;
  held.sequence = (order & ((std::uint64_t{1} << 48) - 1)) >> 1;
  insert(Entry{key_of(time), order, slot});
  return EventHandle(slot, held.sequence);
}

void EventCalendar::push_resume(double time, int priority, Process::Handle process) {
  check_event(time, priority);
  SIM_CHECK(process, "waking an empty process");
  insert(Entry{key_of(time), next_order(priority, true),
               reinterpret_cast<std::uintptr_t>(process.address())});
}

void EventCalendar::insert(const Entry& entry) {
  if (entry.time_bits < minimum_) rebuild(entry.time_bits);
  place(entry);
  ++live_;
  ++entries_;
}

void EventCalendar::place(const Entry& entry) {
  const int bucket = bucket_of(entry.time_bits);
  if (bucket == 0) {
    push_tie(entry);
  } else {
    std::vector<Entry>& entries = buckets_[static_cast<std::size_t>(bucket)];
    // Room for a few at once: a bucket grown from one entry by doubling allocated 3 or 4 times,
    // and a simulation made per replication fills its buckets anew each time.
    if (entries.capacity() == 0) entries.reserve(8);
    entries.push_back(entry);
    occupied_ |= std::uint64_t{1} << (bucket - 1);
  }
}

void EventCalendar::rebuild(std::uint64_t new_minimum) {
  // Rare: an event scheduled before the minimum found by a peek (between runs). Every entry is
  // placed again relative to the new minimum.
  std::vector<Entry> all = std::move(ties_);
  ties_.clear();
  for (auto& bucket : buckets_) {
    all.insert(all.end(), bucket.begin(), bucket.end());
    bucket.clear();
  }
  occupied_ = 0;
  minimum_ = new_minimum;
  for (const Entry& entry : all)
    place(entry);
}

bool EventCalendar::cancel(EventHandle handle) {
  if (!is_pending(handle)) return false;
  release_slot(handle.slot_);
  --live_;
  // Without compaction a model that cancels most of what it schedules would hold stale entries
  // without bound.
  if (entries_ - live_ > 1024 && entries_ - live_ > live_) compact();
  return true;
}

bool EventCalendar::is_pending(EventHandle handle) const {
  return handle.sequence_ != 0 && handle.slot_ < slots_.size() &&
         slots_[handle.slot_].sequence == handle.sequence_;
}

void EventCalendar::compact() {
  std::vector<Entry> kept;
  for (const Entry& entry : ties_) {
    if (!is_stale(entry)) kept.push_back(entry);
  }
  ties_.clear();
  for (auto& bucket : buckets_) {
    for (const Entry& entry : bucket) {
      if (!is_stale(entry)) kept.push_back(entry);
    }
    bucket.clear();
  }
  occupied_ = 0;
  for (const Entry& entry : kept)
    place(entry);
  entries_ = kept.size();
}

void EventCalendar::find_minimum() {
  for (;;) {
    while (!ties_.empty() && is_stale(ties_.front())) {
      pop_tie();
      --entries_;
    }
    if (!ties_.empty()) return;
    SIM_CHECK(occupied_ != 0, "event calendar lost its entries");
    // Empty the lowest occupied bucket: its smallest key becomes the minimum, and every other
    // entry of it differs from that key in a lower bit, so moves to a lower bucket.
    const int index = std::countr_zero(occupied_) + 1;
    std::vector<Entry>& bucket = buckets_[static_cast<std::size_t>(index)];
    occupied_ &= ~(std::uint64_t{1} << (index - 1));
    std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
    for (const Entry& entry : bucket)
      smallest = std::min(smallest, entry.time_bits);
    minimum_ = smallest;
    for (const Entry& entry : bucket) {
      if (is_stale(entry)) {
        --entries_;
      } else {
        place(entry);
      }
    }
    bucket.clear();
  }
}

double EventCalendar::next_time() {
  SIM_CHECK(live_ > 0, "next_time of an empty event calendar");
  find_minimum();
  return std::bit_cast<double>(ties_.front().time_bits);
}

EventCalendar::FiredEvent EventCalendar::pop() {
  SIM_CHECK(live_ > 0, "pop from an empty event calendar");
  find_minimum();
  const Entry top = pop_tie();
  --live_;
  --entries_;
  FiredEvent fired;
  fired.time = std::bit_cast<double>(top.time_bits);
  if (is_process(top)) {
    fired.process = Process::Handle::from_address(reinterpret_cast<void*>(top.target));
  } else {
    const auto slot = static_cast<std::uint32_t>(top.target);
    fired.tag = slots_[slot].tag;
    if (fired.tag == kNoTag) fired.action = std::move(slots_[slot].action);
    release_slot(slot);
  }
  prefetch_next();
  return fired;
}

void EventCalendar::prefetch_next() const {
  // When many processes wait, their frames are cold. Fetching the likely next one now overlaps
  // the miss with running this event. Only a hint: the event being fired may still schedule an
  // earlier one, so the minimum is not committed here.
  const Entry* next = nullptr;
  if (!ties_.empty()) {
    next = &ties_.front();
  } else if (occupied_ != 0) {
    const auto& bucket = buckets_[static_cast<std::size_t>(std::countr_zero(occupied_) + 1)];
    next = &bucket.front();
    for (const Entry& entry : bucket) {
      if (entry.time_bits < next->time_bits) next = &entry;
    }
  }
  if (next != nullptr && is_process(*next)) {
    __builtin_prefetch(reinterpret_cast<const void*>(next->target));
  }
}

void EventCalendar::push_tie(const Entry& entry) {
  ties_.push_back(entry);
  std::size_t index = ties_.size() - 1;
  while (index > 0) {
    const std::size_t parent = (index - 1) / 2;
    if (ties_[parent].order <= entry.order) break;
    ties_[index] = ties_[parent];
    index = parent;
  }
  ties_[index] = entry;
}

EventCalendar::Entry EventCalendar::pop_tie() {
  const Entry top = ties_.front();
  const Entry last = ties_.back();
  ties_.pop_back();
  const std::size_t size = ties_.size();
  if (size > 0) {
    std::size_t index = 0;
    for (;;) {
      std::size_t child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && ties_[child + 1].order < ties_[child].order) ++child;
      if (last.order <= ties_[child].order) break;
      ties_[index] = ties_[child];
      index = child;
    }
    ties_[index] = last;
  }
  return top;
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
  Slot& released = slots_[slot];
  released.sequence = 0;
  if (released.action) released.action = nullptr;
  free_slots_.push_back(slot);
}

}  // namespace sim
