#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
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

TEST_CASE("runner: each thread is named by its worker index and runs one replication at a time",
          "[engine][runner]") {
  // State kept per worker (here a counter and a busy flag) is touched by one thread at a time,
  // and the helper-start hook runs once on each started thread, never on the caller.
  const unsigned threads = 3;
  std::vector<std::atomic<int>> busy(threads), runs(threads);
  std::atomic<int> helpers_started{0};
  std::atomic<bool> overlapped{false}, unknown_worker{false};
  sim::ReplicationRunOptions options;
  options.count = 3000;
  options.threads = threads;
  options.on_helper_start = [&] { ++helpers_started; };
  const std::size_t done = sim::run_replications(options, [&](std::size_t index, unsigned worker) {
    if (worker >= threads) {
      unknown_worker = true;
      return;
    }
    if (busy[worker].exchange(1) != 0) overlapped = true;
    volatile double sink = 0;
    for (std::size_t k = 0; k < (index * 7919) % 2000; ++k)
      sink = sink + 1.0;
    ++runs[worker];
    busy[worker] = 0;
  });
  REQUIRE(done == 3000);
  REQUIRE_FALSE(unknown_worker);
  REQUIRE_FALSE(overlapped);
  REQUIRE(runs[0] + runs[1] + runs[2] == 3000);
  REQUIRE(helpers_started == 2);
}

TEST_CASE("runner: the caller's start hook runs once on the calling thread, helpers already going",
          "[engine][runner]") {
  for (const unsigned threads : {1u, 2u, 3u}) {
    sim::ReplicationRunOptions options;
    options.count = 400;
    options.threads = threads;
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> calls{0}, ran{0};
    std::atomic<bool> elsewhere{false};
    int ran_before_caller_started = 0;
    options.on_caller_start = [&] {
      elsewhere = elsewhere || std::this_thread::get_id() != caller;
      ++calls;
      // The helpers run meanwhile: with more than one thread some replications finish first.
      for (int wait = 0; threads > 1 && ran == 0 && wait < 5000; ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ran_before_caller_started = ran;
    };
    const std::size_t done = sim::run_replications(options, [&](std::size_t, unsigned worker) {
      if (worker == 0 && calls == 0) elsewhere = true;  // the caller ran before its hook
      ++ran;
    });
    REQUIRE(done == 400);
    REQUIRE(calls == 1);
    REQUIRE_FALSE(elsewhere);
    if (threads > 1) REQUIRE(ran_before_caller_started > 0);
  }
  // A hook that throws: no replication starts on the calling thread, the others stop, and its
  // exception is rethrown, before that of a replication that failed meanwhile.
  sim::ReplicationRunOptions options;
  options.count = 100000;
  options.threads = 2;
  options.on_caller_start = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    throw std::runtime_error("cannot prepare");
  };
  std::atomic<int> by_caller{0};
  std::atomic<std::size_t> ran{0};
  REQUIRE_THROWS_WITH(sim::run_replications(options,
                                            [&](std::size_t index, unsigned worker) {
                                              if (worker == 0) ++by_caller;
                                              ++ran;
                                              if (index == 3) throw std::runtime_error("late");
                                            }),
                      "cannot prepare");
  REQUIRE(by_caller == 0);
  REQUIRE(ran < 100000);
}

TEST_CASE("runner: blocks cover every index once, in order, and shrink near the end",
          "[engine][runner]") {
  for (const unsigned threads : {1u, 2u, 3u}) {
    sim::ReplicationRunOptions options;
    options.first = 100;
    options.count = 2000;
    options.threads = threads;
    std::mutex mutex;
    std::vector<sim::ReplicationBlock> blocks;
    std::vector<std::size_t> progress;
    options.on_progress = [&](std::size_t done) { progress.push_back(done); };
    const std::size_t done =
        sim::run_replication_blocks(options, 64, [&](const sim::ReplicationBlock& block, unsigned) {
          std::lock_guard lock(mutex);
          blocks.push_back(block);
        });
    REQUIRE(done == 2000);
    std::sort(blocks.begin(), blocks.end(),
              [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
    std::size_t next = 100;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      REQUIRE(blocks[k].sequence == k);
      REQUIRE(blocks[k].first == next);
      REQUIRE(blocks[k].count >= 1);
      // Full blocks while more than 4 x threads x 64 are left; then a quarter of what is left
      // per thread.
      const std::size_t left = 2100 - next;
      const std::size_t expected =
          left > 4 * threads * 64 ? 64 : std::max<std::size_t>(1, left / (4 * threads));
      REQUIRE(blocks[k].count == std::min(left, expected));
      next += blocks[k].count;
    }
    REQUIRE(next == 2100);
    // Progress is reported after each block, in replications.
    REQUIRE(progress.size() == blocks.size());
    REQUIRE(progress.back() == 2000);
  }
}

TEST_CASE("runner: an interrupted block run keeps whole blocks, a prefix of the indices",
          "[engine][runner]") {
  std::atomic<bool> interrupt{false};
  std::vector<int> ran(5000, 0);
  sim::ReplicationRunOptions options;
  options.count = ran.size();
  options.threads = 2;
  options.interrupt = &interrupt;
  options.on_progress = [&](std::size_t done) {
    if (done >= 200) interrupt = true;
  };
  const std::size_t done =
      sim::run_replication_blocks(options, 64, [&](const sim::ReplicationBlock& block, unsigned) {
        for (std::size_t i = 0; i < block.count; ++i)
          ran[block.first + i] = 1;
      });
  REQUIRE(done >= 200);
  REQUIRE(done < ran.size());
  for (std::size_t i = 0; i < ran.size(); ++i)
    REQUIRE(ran[i] == (i < done ? 1 : 0));
  // A failing block: its first index's exception, no block starting after it.
  options.interrupt = nullptr;
  options.on_progress = nullptr;
  options.threads = 1;
  REQUIRE_THROWS_WITH(sim::run_replication_blocks(
                          options, 64,
                          [](const sim::ReplicationBlock& block, unsigned) {
                            if (block.first + block.count > 300)
                              throw std::runtime_error("block from " + std::to_string(block.first));
                          }),
                      "block from 256");
}
