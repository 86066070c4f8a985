#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "sim/mc/cluster.hpp"

TEST_CASE("cluster bytes: doubles round-trip bit for bit, and empty stays empty", "[engine][mpi]") {
  const std::vector<double> values = {0.0,
                                      -0.0,
                                      1.5,
                                      -2.25e300,
                                      4.9e-324,
                                      std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::quiet_NaN()};
  const std::vector<std::uint8_t> bytes = sim::bytes_of(values);
  REQUIRE(bytes.size() == values.size() * sizeof(double));
  const std::vector<double> back = sim::doubles_of(bytes);
  REQUIRE(back.size() == values.size());
  REQUIRE(std::memcmp(back.data(), values.data(), values.size() * sizeof(double)) == 0);

  // A rank that computed nothing sends nothing (an empty vector's data() may be null).
  REQUIRE(sim::bytes_of({}).empty());
  REQUIRE(sim::doubles_of({}).empty());
  // A partial last double is dropped.
  std::vector<std::uint8_t> partial = sim::bytes_of({3.0});
  partial.push_back(7);
  REQUIRE(sim::doubles_of(partial) == std::vector<double>{3.0});
}
