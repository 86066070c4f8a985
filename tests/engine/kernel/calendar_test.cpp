#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/random_stream.hpp"

namespace {

struct Reference {
  double time;
  int priority;
  int id;
};

}  // namespace

TEST_CASE("calendar: random schedules with cancellations fire like a sorted reference",
          "[engine][calendar]") {
  const auto seed = GENERATE(1u, 2u, 3u, 4u, 5u);
  sim::RandomStream random(seed);
  sim::EventCalendar calendar;
  std::vector<Reference> reference;  // what should fire, in insertion order
  std::vector<sim::EventHandle> handles;
  std::vector<int> fired;

  const int count = 5000;
  for (int id = 0; id < count; ++id) {
    // Coarse times so that ties in time and priority are frequent.
    const double time = static_cast<double>(static_cast<int>(random.uniform(0, 200)));
    const int priority = static_cast<int>(random.uniform(-2, 3));
    handles.push_back(calendar.push(time, priority, [&fired, id] { fired.push_back(id); }));
    reference.push_back({time, priority, id});
  }
  std::vector<bool> cancelled(count, false);
  for (int i = 0; i < count / 3; ++i) {
    const int id = static_cast<int>(random.uniform(0, count));
    const bool was_pending = !cancelled[static_cast<std::size_t>(id)];
    REQUIRE(calendar.cancel(handles[static_cast<std::size_t>(id)]) == was_pending);
    cancelled[static_cast<std::size_t>(id)] = true;
  }
  std::vector<Reference> expected;
  for (const Reference& entry : reference) {
    if (!cancelled[static_cast<std::size_t>(entry.id)]) expected.push_back(entry);
  }
  std::stable_sort(expected.begin(), expected.end(), [](const Reference& a, const Reference& b) {
    return std::tie(a.time, a.priority) < std::tie(b.time, b.priority);
  });
  REQUIRE(calendar.size() == expected.size());

  std::vector<double> times;
  while (!calendar.empty()) {
    auto event = calendar.pop();
    times.push_back(event.time);
    event.action();
  }
  REQUIRE(fired.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    REQUIRE(fired[i] == expected[i].id);
    REQUIRE(times[i] == expected[i].time);
  }
}

TEST_CASE("calendar: interleaved pushes and pops match a sorted reference", "[engine][calendar]") {
  sim::RandomStream random(42);
  sim::EventCalendar calendar;
  std::vector<std::tuple<double, int, int>> pending;  // (time, sequence, id)
  int next_id = 0;
  int last_fired = -1;
  double now = 0;
  for (int step = 0; step < 20000; ++step) {
    if (pending.empty() || random.uniform01() < 0.55) {
      const double time = now + static_cast<double>(static_cast<int>(random.uniform(0, 50)));
      const int id = next_id++;
      calendar.push(time, 0, [&last_fired, id] { last_fired = id; });
      pending.emplace_back(time, id, id);
    } else {
      const auto earliest = std::min_element(pending.begin(), pending.end());
      auto event = calendar.pop();
      event.action();
      REQUIRE(event.time == std::get<0>(*earliest));
      REQUIRE(last_fired == std::get<2>(*earliest));
      now = event.time;
      pending.erase(earliest);
    }
    REQUIRE(calendar.size() == pending.size());
  }
}

TEST_CASE("calendar: cancelling a fired or already-cancelled event is a no-op",
          "[engine][calendar]") {
  sim::EventCalendar calendar;
  int fired = 0;
  const sim::EventHandle first = calendar.push(1.0, 0, [&] { ++fired; });
  const sim::EventHandle second = calendar.push(2.0, 0, [&] { ++fired; });
  REQUIRE(calendar.cancel(second));
  REQUIRE_FALSE(calendar.cancel(second));
  calendar.pop().action();
  REQUIRE(fired == 1);
  REQUIRE_FALSE(calendar.is_pending(first));
  REQUIRE_FALSE(calendar.cancel(first));
  REQUIRE_FALSE(calendar.cancel(sim::EventHandle{}));
  REQUIRE(calendar.empty());

  // A slot reused by a new event is not cancelled through the old handle.
  bool reused_fired = false;
  calendar.push(3.0, 0, [&] { reused_fired = true; });
  REQUIRE_FALSE(calendar.cancel(first));
  REQUIRE(calendar.size() == 1);
  calendar.pop().action();
  REQUIRE(reused_fired);
}

TEST_CASE("calendar: mass cancellation compacts the heap without losing events",
          "[engine][calendar]") {
  sim::EventCalendar calendar;
  std::vector<sim::EventHandle> handles;
  for (int i = 0; i < 10000; ++i)
    handles.push_back(calendar.push(i, 0, [] {}));
  for (int i = 0; i < 10000; ++i) {
    if (i % 10 != 0) REQUIRE(calendar.cancel(handles[static_cast<std::size_t>(i)]));
  }
  REQUIRE(calendar.size() == 1000);
  double previous = -1;
  std::size_t popped = 0;
  while (!calendar.empty()) {
    const double time = calendar.pop().time;
    REQUIRE(time > previous);
    REQUIRE(static_cast<int>(time) % 10 == 0);
    previous = time;
    ++popped;
  }
  REQUIRE(popped == 1000);
}

TEST_CASE("calendar: keys spanning many magnitudes pop in order", "[engine][calendar]") {
  // Times from 0 to 1e12 exercise every radix bucket, including exponent changes.
  sim::RandomStream random(9);
  sim::EventCalendar calendar;
  std::vector<double> times;
  for (int i = 0; i < 3000; ++i) {
    const double time = std::pow(10.0, random.uniform(-6, 12)) * (i % 7 == 0 ? 0.0 : 1.0);
    times.push_back(time);
    calendar.push(time, 0, [] {});
  }
  std::sort(times.begin(), times.end());
  for (double expected : times)
    REQUIRE(calendar.pop().time == expected);
  REQUIRE(calendar.empty());
}
