#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/simulation.hpp"
#include "sim/mc/replication_runner.hpp"

namespace {

// A replication as a value: its own simulation and streams, a result that depends on every draw.
double run_one_replication(std::uint64_t seed, std::size_t index) {
  sim::Simulation simulation;
  sim::RandomStream arrivals = sim::RandomStreams(seed, index).stream("arrivals");
  double total = 0;
  simulation.repeat([&](int k) { return k < 200 ? k * 1.0 : HUGE_VAL; },
                    [&](int) { total += arrivals.exponential(2.0); });
  simulation.run();
  return total;
}

std::vector<double> run_all(unsigned threads, std::size_t count) {
  std::vector<double> results(count);
  sim::ReplicationRunOptions options;
  options.count = count;
  options.threads = threads;
  const std::size_t done = sim::run_replications(
      options, [&](std::size_t index) { results[index] = run_one_replication(77, index); });
  REQUIRE(done == count);
  return results;
}

}  // namespace

TEST_CASE("runner: results are bit-identical whatever the thread count", "[engine][runner]") {
  const std::vector<double> one = run_all(1, 64);
  const std::vector<double> four = run_all(4, 64);
  REQUIRE(one == four);
  // Replications differ from each other: the index reaches the streams.
  REQUIRE(one[0] != one[1]);
}

TEST_CASE("runner: an interrupt stops new replications and keeps a prefix", "[engine][runner]") {
  std::atomic<bool> interrupt{false};
  std::vector<int> ran(1000, 0);
  sim::ReplicationRunOptions options;
  options.count = ran.size();
  options.threads = 2;
  options.interrupt = &interrupt;
  options.on_progress = [&](std::size_t done) {
    if (done == 10) interrupt = true;
  };
  const std::size_t done =
      sim::run_replications(options, [&](std::size_t index) { ran[index] = 1; });
  REQUIRE(done >= 10);
  REQUIRE(done < ran.size());
  for (std::size_t i = 0; i < ran.size(); ++i)
    REQUIRE(ran[i] == (i < done ? 1 : 0));
}

TEST_CASE("runner: the exception of the lowest failing replication is rethrown",
          "[engine][runner]") {
  sim::ReplicationRunOptions options;
  options.count = 100;
  options.threads = 1;
  REQUIRE_THROWS_WITH(
      sim::run_replications(options,
                            [](std::size_t index) {
                              if (index >= 5) {
                                throw std::runtime_error("replication " + std::to_string(index));
                              }
                            }),
      "replication 5");
}
