#include <catch2/catch.hpp>

#include <stdexcept>
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
