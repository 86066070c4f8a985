#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/mc/ordered_delivery.hpp"
#include "sim/mc/replication_runner.hpp"

TEST_CASE("ordered delivery: results from many threads reach the consumer in index order",
          "[engine][runner]") {
  std::vector<std::size_t> consumed;
  sim::OrderedDelivery<std::size_t> delivery(0, 8, [&](std::size_t index, std::size_t&& value) {
    REQUIRE(index == value);
    consumed.push_back(value);
  });
  sim::ReplicationRunOptions options;
  options.count = 5000;
  options.threads = 4;
  sim::run_replications(options, [&](std::size_t index) {
    // Uneven work, so results finish out of order.
    volatile double sink = 0;
    for (std::size_t k = 0; k < (index * 7919) % 3000; ++k)
      sink = sink + 1.0;
    std::size_t value = index;
    delivery.deliver(index, std::move(value));
  });
  REQUIRE(consumed.size() == 5000);
  for (std::size_t i = 0; i < consumed.size(); ++i)
    REQUIRE(consumed[i] == i);
  REQUIRE(delivery.next() == 5000);
}

TEST_CASE("ordered delivery: a consumer failure stops the run with its error", "[engine][runner]") {
  sim::OrderedDelivery<int> delivery(0, 4, [](std::size_t index, int&&) {
    if (index == 10) throw std::runtime_error("disk full at 10");
  });
  sim::ReplicationRunOptions options;
  options.count = 100;
  options.threads = 2;
  REQUIRE_THROWS_WITH(sim::run_replications(options,
                                            [&](std::size_t index) {
                                              int value = 0;
                                              delivery.deliver(index, std::move(value));
                                            }),
                      "disk full at 10");
}

TEST_CASE("ordered delivery: a deposit hands back the storage of a consumed result",
          "[engine][runner]") {
  // One thread: each result is consumed as it is deposited, so the next deposit gets back the
  // vector the consumer just read, storage and all, and no result is allocated after the first.
  std::vector<const int*> read;
  sim::OrderedDelivery<std::vector<int>> delivery(0, 4,
                                                  [&](std::size_t index, std::vector<int>&& value) {
                                                    REQUIRE(value.size() == 1000);
                                                    REQUIRE(value[0] == static_cast<int>(index));
                                                    read.push_back(value.data());
                                                  });
  std::vector<int> spare = delivery.deliver(0, std::vector<int>(1000, 0));
  REQUIRE(spare.capacity() == 1000);
  for (int index = 1; index < 50; ++index) {
    spare.assign(1000, index);  // fits: no allocation
    spare = delivery.deliver(static_cast<std::size_t>(index), std::move(spare));
  }
  REQUIRE(read.size() == 50);
  for (const int* data : read)
    REQUIRE(data == read[0]);
}

TEST_CASE("ordered delivery: a spent result goes back to the worker that produced it",
          "[engine][runner]") {
  // Producer 1's result (index 1) is consumed after producer 0's (index 0), so it is the last
  // consumed; producer 0 still gets back its own storage, and producer 1 its own on its next
  // deposit.
  std::vector<int> consumed;
  sim::OrderedDelivery<std::vector<int>> delivery(
      0, 8, [&](std::size_t, std::vector<int>&& value) { consumed.push_back(value.at(0)); });
  using Consume = sim::OrderedDelivery<std::vector<int>>::Consume;
  std::vector<int> of_one(100, 1);
  const int* storage_of_one = of_one.data();
  REQUIRE(delivery.deliver(1, std::move(of_one), Consume::No, 1).empty());
  std::vector<int> of_zero(50, 0);
  const int* storage_of_zero = of_zero.data();
  const std::vector<int> back_to_zero = delivery.deliver(0, std::move(of_zero), Consume::Yes, 0);
  REQUIRE(consumed == std::vector<int>{0, 1});
  REQUIRE(back_to_zero.data() == storage_of_zero);
  const std::vector<int> back_to_one = delivery.deliver(2, {2}, Consume::No, 1);
  REQUIRE(back_to_one.data() == storage_of_one);
  // A producer with nothing consumed yet gets a new result.
  REQUIRE(delivery.deliver(3, {3}, Consume::No, 5).empty());
  delivery.flush();
  REQUIRE(consumed == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("ordered delivery: results held back by a slow index keep their order and values",
          "[engine][runner]") {
  // Index 0 arrives last: every other result waits in its slot, none is handed back before it
  // was consumed, and the consumer then sees all of them in order.
  std::vector<int> consumed;
  sim::OrderedDelivery<std::vector<int>> delivery(
      0, 8, [&](std::size_t, std::vector<int>&& value) { consumed.push_back(value.at(0)); });
  for (int index = 1; index < 8; ++index) {
    const std::vector<int> spare = delivery.deliver(static_cast<std::size_t>(index), {index});
    REQUIRE(spare.empty());
  }
  REQUIRE(consumed.empty());
  const std::vector<int> spare = delivery.deliver(0, {0});
  REQUIRE(consumed == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
  REQUIRE(spare.size() == 1);  // a consumed result, its values no longer needed
  REQUIRE(delivery.next() == 8);
}

TEST_CASE("ordered delivery: results deposited without consuming wait for a consuming worker",
          "[engine][runner]") {
  std::vector<int> consumed;
  sim::OrderedDelivery<int> delivery(0, 8,
                                     [&](std::size_t, int&& value) { consumed.push_back(value); });
  using Consume = sim::OrderedDelivery<int>::Consume;
  delivery.deliver(1, 1, Consume::No);
  delivery.deliver(0, 0, Consume::No);
  REQUIRE(consumed.empty());
  delivery.deliver(3, 3, Consume::Yes);  // 2 is missing: 0 and 1 go, 3 waits
  REQUIRE(consumed == std::vector<int>{0, 1});
  delivery.deliver(2, 2, Consume::No);
  REQUIRE(consumed.size() == 2);
  delivery.flush();
  REQUIRE(consumed == std::vector<int>{0, 1, 2, 3});
  REQUIRE(delivery.next() == 4);
}

TEST_CASE("ordered delivery: with room to spare, only the consuming worker runs the consumer",
          "[engine][runner]") {
  const std::thread::id consuming = std::this_thread::get_id();  // the runner's worker 0
  std::vector<std::size_t> consumed;
  bool elsewhere = false;
  sim::OrderedDelivery<std::size_t> delivery(0, 3000, [&](std::size_t, std::size_t&& value) {
    elsewhere = elsewhere || std::this_thread::get_id() != consuming;
    consumed.push_back(value);
  });
  using Consume = sim::OrderedDelivery<std::size_t>::Consume;
  sim::ReplicationRunOptions options;
  options.count = 3000;
  options.threads = 4;
  sim::run_replications(options, [&](std::size_t index, unsigned worker) {
    volatile double sink = 0;
    for (std::size_t k = 0; k < (index * 7919) % 3000; ++k)
      sink = sink + 1.0;
    std::size_t value = index;
    delivery.deliver(index, std::move(value), worker == 0 ? Consume::Yes : Consume::No);
  });
  delivery.flush();
  REQUIRE_FALSE(elsewhere);
  REQUIRE(consumed.size() == 3000);
  for (std::size_t i = 0; i < consumed.size(); ++i)
    REQUIRE(consumed[i] == i);
}

TEST_CASE("ordered delivery: depositing workers consume rather than wait for room",
          "[engine][runner]") {
  // A look-ahead of 2 and a consuming worker that stops early (it takes no more indices after
  // its tenth): the others must consume themselves, or they would wait for room for ever.
  std::vector<std::size_t> consumed;
  sim::OrderedDelivery<std::size_t> delivery(
      0, 2, [&](std::size_t, std::size_t&& value) { consumed.push_back(value); });
  using Consume = sim::OrderedDelivery<std::size_t>::Consume;
  std::atomic<std::size_t> next{0};
  auto work = [&](bool consumes, std::size_t limit) {
    for (std::size_t index; (index = next.fetch_add(1)) < 2000;) {
      std::size_t value = index;
      delivery.deliver(index, std::move(value), consumes ? Consume::Yes : Consume::No);
      if (consumes && index >= limit) return;
    }
  };
  std::thread first(work, true, 10), second(work, false, 0), third(work, false, 0);
  first.join();
  second.join();
  third.join();
  delivery.flush();
  REQUIRE(consumed.size() == 2000);
  for (std::size_t i = 0; i < consumed.size(); ++i)
    REQUIRE(consumed[i] == i);
}
