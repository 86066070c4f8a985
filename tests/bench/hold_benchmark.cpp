// The classic "hold" model: N concurrent processes, each waiting an exponential time and
// rescheduling. dealsim's engine (coroutine processes on the event calendar) is measured against a
// bare binary-heap loop with the same draws, compiled into the same binary and timed in the same
// run, so that their ratio holds on a noisy machine.
//
// Usage: dealsim_bench_hold [EVENTS] [N...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/simulation.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Returns events per second; `checksum` keeps the work from being optimised away and proves both
// loops drew the same numbers.
double bare_heap(std::size_t processes, std::uint64_t events, double& checksum) {
  sim::RandomStream random(12345);
  using Entry = std::pair<double, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  const auto start = Clock::now();
  for (std::uint32_t p = 0; p < processes; ++p)
    heap.emplace(random.exponential(1.0), p);
  double now = 0;
  for (std::uint64_t i = 0; i < events; ++i) {
    const Entry top = heap.top();
    heap.pop();
    now = top.first;
    heap.emplace(now + random.exponential(1.0), top.second);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  checksum = now;
  return static_cast<double>(events) / seconds;
}

sim::Process hold(sim::Simulation& simulation, sim::RandomStream& random) {
  for (;;) {
    co_await simulation.delay(random.exponential(1.0));
  }
}

double dealsim_engine(std::size_t processes, std::uint64_t events, double& checksum) {
  sim::RandomStream random(12345);
  const auto start = Clock::now();
  sim::Simulation simulation;
  // Each process starts at an exponential time, as each initial push in the bare loop does; its
  // start is one event, as the first pop of each entry is there.
  for (std::size_t p = 0; p < processes; ++p) {
    simulation.start_at(random.exponential(1.0), hold(simulation, random));
  }
  while (simulation.events_executed() < events) {
    simulation.run_until(simulation.now() + 1.0);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  checksum = simulation.now();
  return static_cast<double>(simulation.events_executed()) / seconds;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t events = 5'000'000;
  std::vector<std::size_t> sizes = {1000, 10000, 1000000};
  if (argc > 1) events = std::strtoull(argv[1], nullptr, 10);
  if (argc > 2) {
    sizes.clear();
    for (int i = 2; i < argc; ++i)
      sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  }
  const int rounds = 5;
  for (const std::size_t n : sizes) {
    std::vector<double> engine_rates, heap_rates;
    double engine_check = 0, heap_check = 0;
    for (int round = 0; round < rounds; ++round) {
      // Alternate so that both see the same machine conditions.
      heap_rates.push_back(bare_heap(n, events, heap_check));
      engine_rates.push_back(dealsim_engine(n, events, engine_check));
    }
    const double engine = median(engine_rates), heap = median(heap_rates);
    std::printf("hold N=%zu: dealsim %.2e ev/s, bare heap %.2e ev/s, ratio %.2f\n", n, engine, heap,
                engine / heap);
    std::fflush(stdout);
    if (engine_check <= 0 || heap_check <= 0) return 1;
  }
  return 0;
}
