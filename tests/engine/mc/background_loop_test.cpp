#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "sim/mc/background_loop.hpp"

TEST_CASE("background loop: every index runs exactly once, whatever the number of helpers",
          "[engine][background]") {
  const unsigned helpers = GENERATE(0u, 1u, 3u);
  const std::size_t count = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{257});
  std::vector<std::atomic<int>> runs(count);
  sim::BackgroundLoop loop(count, helpers, [&](std::size_t i) { ++runs[i]; });
  // The owner's own work, while the helpers take indices.
  long owner_work = 0;
  for (int i = 0; i < 1000; ++i)
    owner_work += i;
  loop.finish();
  REQUIRE(owner_work == 499500);
  for (std::size_t i = 0; i < count; ++i)
    REQUIRE(runs[i].load() == 1);
}

TEST_CASE("background loop: finish rethrows a body's failure", "[engine][background]") {
  const unsigned helpers = GENERATE(0u, 2u);
  sim::BackgroundLoop loop(100, helpers, [](std::size_t i) {
    if (i == 37) throw std::runtime_error("index 37 failed");
  });
  REQUIRE_THROWS_WITH(loop.finish(), "index 37 failed");
}

TEST_CASE("background loop: destroyed without finish, it waits for its helpers",
          "[engine][background]") {
  std::atomic<int> running{0};
  {
    sim::BackgroundLoop loop(1'000'000, 2, [&](std::size_t) {
      ++running;
      --running;
    });
  }  // the owner leaves (as by an exception): no helper may still run
  REQUIRE(running.load() == 0);
}
