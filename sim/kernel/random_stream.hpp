// Named random streams, derived from (master seed, replication index, stream name).
//
// Each model component draws from its own stream, so adding a component or a draw in one
// component never shifts another's numbers, and replication i of two scenarios run with the same
// master seed sees the same numbers in its streams of the same name (common random numbers).
//
// Seed derivation (documented so that other tools can reproduce it):
//   name_hash = FNV-1a 64-bit of the stream name's bytes
//   seed      = splitmix64(splitmix64(splitmix64(master_seed) ^ replication) ^ name_hash)
// The engine is xoshiro256++ (xoshiro256.hpp) seeded with that 64-bit value through SplitMix64.
// Distributions are Boost.Random's, whose algorithms are fixed across platforms (the standard
// library's are not). The first draws of a stream are pinned by
// tests/engine/kernel/random_test.cpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/kernel/xoshiro256.hpp"

namespace sim {

std::uint64_t splitmix64(std::uint64_t value);
std::uint64_t fnv1a64(std::string_view bytes);
std::uint64_t derive_stream_seed(std::uint64_t master_seed, std::uint64_t replication,
                                 std::string_view name);

// A stream's name, hashed once: the parts of a scenario open the same streams in every
// replication, so they keep keys made when the scenario is built instead of building and hashing
// names for each replication.
class StreamKey {
 public:
  StreamKey() = default;
  explicit StreamKey(std::string_view name) : name_hash_(fnv1a64(name)) {}
  std::uint64_t name_hash() const { return name_hash_; }

 private:
  std::uint64_t name_hash_ = fnv1a64("");
};

class RandomStream {
 public:
  using Engine = Xoshiro256PlusPlus;

  explicit RandomStream(std::uint64_t seed) : engine_(seed) {}

  // Uniform on [0, 1).
  double uniform01();
  // Uniform on [low, high). REQUIRES: low <= high.
  double uniform(double low, double high);
  // Exponential with the given rate (mean 1/rate). REQUIRES: rate > 0.
  double exponential(double rate);
  double normal(double mean, double standard_deviation);
  // exp(N(log_mean, log_sd)).
  double lognormal(double log_mean, double log_sd);
  // REQUIRES: alpha > 0, beta > 0.
  double beta(double alpha, double beta);
  // REQUIRES: low <= mode <= high.
  double triangular(double low, double mode, double high);
  // REQUIRES: mean >= 0.
  std::int64_t poisson(double mean);
  bool bernoulli(double probability);
  // Failures before the first success in independent trials of success probability
  // `probability` (P(k) = (1 - p)^k p). REQUIRES: 1e-15 <= probability <= 1 (below, the count
  // could exceed an int64).
  std::int64_t geometric(double probability);
  // Successes in `trials` independent trials. REQUIRES: trials >= 0, 0 <= probability <= 1.
  std::int64_t binomial(std::int64_t trials, double probability);

  Engine& engine() { return engine_; }

 private:
  Engine engine_;
};

// Makes the streams of one replication.
class RandomStreams {
 public:
  RandomStreams(std::uint64_t master_seed, std::uint64_t replication)
      : master_seed_(master_seed),
        replication_(replication),
        replication_seed_(splitmix64(splitmix64(master_seed) ^ replication)) {}

  RandomStream stream(std::string_view name) const { return stream(StreamKey(name)); }
  RandomStream stream(StreamKey key) const {
    return RandomStream(splitmix64(replication_seed_ ^ key.name_hash()));
  }
  std::uint64_t master_seed() const { return master_seed_; }
  std::uint64_t replication() const { return replication_; }

 private:
  std::uint64_t master_seed_;
  std::uint64_t replication_;
  std::uint64_t replication_seed_;  // splitmix64(splitmix64(master_seed) ^ replication)
};

}  // namespace sim
