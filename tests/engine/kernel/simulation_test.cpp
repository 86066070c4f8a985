#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/error.hpp"
#include "sim/kernel/simulation.hpp"
#include "sim/kernel/timeline.hpp"

TEST_CASE("simulation: same-time events fire by priority, then in insertion order", "[engine]") {
  sim::Simulation simulation;
  std::vector<std::string> order;
  simulation.schedule_at(5.0, [&] { order.push_back("b0"); });
  simulation.schedule_at(
      5.0, [&] { order.push_back("late"); }, 1);
  simulation.schedule_at(
      5.0, [&] { order.push_back("early"); }, -1);
  simulation.schedule_at(5.0, [&] { order.push_back("b1"); });
  simulation.schedule_at(
      4.0, [&] { order.push_back("first"); }, 9);
  simulation.run();
  REQUIRE(order == std::vector<std::string>{"first", "early", "b0", "b1", "late"});
  REQUIRE(simulation.now() == 5.0);
  REQUIRE(simulation.events_executed() == 5);
}

TEST_CASE("simulation: a cancelled event never fires", "[engine]") {
  sim::Simulation simulation;
  bool fired = false;
  const sim::EventHandle handle = simulation.schedule_at(3.0, [&] { fired = true; });
  simulation.schedule_at(1.0, [&] { REQUIRE(simulation.cancel(handle)); });
  simulation.run();
  REQUIRE_FALSE(fired);
  REQUIRE(simulation.events_executed() == 1);
  REQUIRE(simulation.events_pending() == 0);
}

TEST_CASE("simulation: cancelling a fired event does nothing", "[engine]") {
  sim::Simulation simulation;
  int fired = 0;
  const sim::EventHandle handle = simulation.schedule_at(1.0, [&] { ++fired; });
  simulation.run();
  REQUIRE_FALSE(simulation.cancel(handle));
  REQUIRE_FALSE(simulation.cancel(handle));
  REQUIRE(fired == 1);
}

TEST_CASE("simulation: scheduling in the past is an error naming the time", "[engine]") {
  sim::Simulation simulation;
  simulation.schedule_at(10.0, [] {});
  simulation.run();
  REQUIRE_THROWS_WITH(simulation.schedule_at(9.5, [] {}),
                      Catch::Contains("in the past") && Catch::Contains("9.5"));
  REQUIRE_THROWS_WITH(simulation.schedule_in(-1.0, [] {}), Catch::Contains("negative"));
  REQUIRE_THROWS_AS(simulation.schedule_at(std::numeric_limits<double>::infinity(), [] {}),
                    sim::SimulationError);
}

TEST_CASE("simulation: run_until stops at the horizon and advances the clock to it", "[engine]") {
  sim::Simulation simulation;
  std::vector<double> times;
  for (double t : {1.0, 2.0, 3.0, 4.0})
    simulation.schedule_at(t, [&, t] { times.push_back(t); });
  simulation.run_until(3.0);
  REQUIRE(times == std::vector<double>{1.0, 2.0, 3.0});
  REQUIRE(simulation.events_pending() == 1);
  simulation.run_until(3.5);
  REQUIRE(simulation.now() == 3.5);
  REQUIRE(times.size() == 3);
}

TEST_CASE("simulation: stop() ends the run after the current event", "[engine]") {
  sim::Simulation simulation;
  int fired = 0;
  simulation.schedule_at(1.0, [&] {
    ++fired;
    simulation.stop();
  });
  simulation.schedule_at(2.0, [&] { ++fired; });
  simulation.run_until(10.0);
  REQUIRE(fired == 1);
  REQUIRE(simulation.now() == 1.0);
  REQUIRE(simulation.stopped());
}

TEST_CASE("simulation: an exception in an event propagates out of the run", "[engine]") {
  sim::Simulation simulation;
  simulation.schedule_at(1.0, [] { throw std::runtime_error("model failure"); });
  REQUIRE_THROWS_WITH(simulation.run(), "model failure");
}

TEST_CASE("simulation: monthly recurrence lands on month ends and leap days", "[engine]") {
  const sim::Timeline timeline(sim::Date{2027, 12, 31});
  sim::Simulation simulation;
  std::vector<std::string> dates;
  simulation.repeat([&](int k) { return k < 4 ? timeline.month_boundary(k) : HUGE_VAL; },
                    [&](int) { dates.push_back(sim::to_iso(timeline.date_at(simulation.now()))); });
  simulation.run();
  REQUIRE(dates ==
          std::vector<std::string>{"2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"});
}

TEST_CASE("simulation: contract-year recurrence from a leap day", "[engine]") {
  const sim::Date anchor{2028, 2, 29};
  const sim::Timeline timeline(sim::Date{2028, 1, 1});
  sim::Simulation simulation;
  std::vector<std::string> dates;
  simulation.repeat([&](int k) { return k <= 4 ? timeline.year_boundary(anchor, k) : HUGE_VAL; },
                    [&](int) { dates.push_back(sim::to_iso(timeline.date_at(simulation.now()))); });
  simulation.run();
  REQUIRE(dates == std::vector<std::string>{"2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28",
                                            "2032-02-29"});
}

TEST_CASE("simulation: a recurrence cancelled from its own action stops", "[engine]") {
  sim::Simulation simulation;
  int count = 0;
  sim::RecurrenceHandle handle;
  handle = simulation.repeat([](int k) { return 10.0 * k; },
                             [&](int k) {
                               ++count;
                               if (k == 2) simulation.cancel(handle);
                             });
  simulation.run_until(1000);
  REQUIRE(count == 3);
  REQUIRE(simulation.events_pending() == 0);
}

namespace {
sim::Process ticker(sim::Simulation& simulation, std::vector<double>& log, double step, int count) {
  for (int i = 0; i < count; ++i) {
    co_await simulation.delay(step);
    log.push_back(simulation.now());
  }
}

sim::Process failing(sim::Simulation& simulation) {
  co_await simulation.delay(2.0);
  throw std::runtime_error("process failed at 2");
}
}  // namespace

TEST_CASE("simulation: processes wait, act and interleave in time order", "[engine]") {
  sim::Simulation simulation;
  std::vector<double> a, b;
  simulation.start(ticker(simulation, a, 2.0, 3));
  simulation.start_at(1.0, ticker(simulation, b, 3.0, 2));
  simulation.run();
  REQUIRE(a == std::vector<double>{2.0, 4.0, 6.0});
  REQUIRE(b == std::vector<double>{4.0, 7.0});
}

TEST_CASE("simulation: an exception escaping a process is rethrown by the run", "[engine]") {
  sim::Simulation simulation;
  simulation.start(failing(simulation));
  REQUIRE_THROWS_WITH(simulation.run(), "process failed at 2");
}

TEST_CASE("simulation: destroying a simulation with suspended processes frees them", "[engine]") {
  std::vector<double> log;
  {
    sim::Simulation simulation;
    simulation.start(ticker(simulation, log, 1.0, 1000));
    simulation.run_until(10.5);
  }
  REQUIRE(log.size() == 10);  // the sanitizer build checks the frame was released
}

namespace {
sim::Process logger(sim::Simulation& simulation, std::vector<std::string>& log, std::string name,
                    double wake) {
  log.push_back(name + " starts");
  co_await simulation.until(wake);
  log.push_back(name + " wakes");
}
}  // namespace

TEST_CASE("simulation: process wake-ups and actions at the same time keep insertion order",
          "[engine]") {
  sim::Simulation simulation;
  std::vector<std::string> log;
  simulation.start(logger(simulation, log, "p1", 5.0));
  simulation.schedule_at(5.0, [&] { log.push_back("action 1"); });
  simulation.start(logger(simulation, log, "p2", 5.0));
  simulation.schedule_at(5.0, [&] { log.push_back("action 2"); });
  simulation.run();
  // p1 and p2 schedule their wake-ups when they start (at time 0, after both actions were
  // scheduled), so the actions come first, then p1, then p2.
  REQUIRE(log == std::vector<std::string>{"p1 starts", "p2 starts", "action 1", "action 2",
                                          "p1 wakes", "p2 wakes"});
}

TEST_CASE("simulation: many processes waking at one instant wake in the order they slept",
          "[engine]") {
  sim::Simulation simulation;
  std::vector<std::string> log;
  for (int i = 0; i < 100; ++i) {
    simulation.start(logger(simulation, log, std::to_string(i), 1.0));
  }
  simulation.run();
  REQUIRE(log.size() == 200);
  for (int i = 0; i < 100; ++i) {
    REQUIRE(log[static_cast<std::size_t>(100 + i)] == std::to_string(i) + " wakes");
  }
}

TEST_CASE("simulation: an event scheduled between runs before the next pending one fires first",
          "[engine][calendar]") {
  // run_until looks at the next event (at 10) without firing it; scheduling at 7 afterwards is
  // legal (7 >= now) and must still fire before 10.
  sim::Simulation simulation;
  std::vector<double> fired;
  for (double t : {1.0, 10.0, 12.0})
    simulation.schedule_at(t, [&, t] { fired.push_back(t); });
  simulation.run_until(5.0);
  simulation.schedule_at(7.0, [&] { fired.push_back(7.0); });
  simulation.schedule_at(5.0, [&] { fired.push_back(5.0); });
  simulation.run();
  REQUIRE(fired == std::vector<double>{1.0, 5.0, 7.0, 10.0, 12.0});
}
