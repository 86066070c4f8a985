// xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
// 2021): a 64-bit generator with 256 bits of state, period 2^256 - 1, that passes BigCrush and
// PractRand. It is the engine of every random stream.
//
// Chosen by measurement (tests/bench/engine_benchmark.cpp, run by scripts/bench.sh): a
// replication opens a few dozen short streams, and seeding mt19937_64 (312 words, then a full
// twist before the first draw) cost about 100 times more than seeding this engine, which also
// draws faster. It meets Boost.Random's engine requirements, so Boost's distributions, whose
// algorithms are fixed across platforms, draw from it unchanged.
#pragma once

#include <cstdint>

namespace sim {

class Xoshiro256PlusPlus {
 public:
  using result_type = std::uint64_t;

  // The state is four successive outputs of SplitMix64 started at `seed`, as the authors
  // recommend: never all zero, and nearby seeds give unrelated states.
  explicit Xoshiro256PlusPlus(std::uint64_t seed) {
    for (std::uint64_t& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  // The state as given (the reference implementation's test vectors start from one).
  // REQUIRES: not all zero.
  Xoshiro256PlusPlus(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3)
      : state_{s0, s1, s2, s3} {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    const result_type result = rotate_left(state_[0] + state_[3], 23) + state_[0];
    const result_type shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  friend bool operator==(const Xoshiro256PlusPlus& a, const Xoshiro256PlusPlus& b) {
    return a.state_[0] == b.state_[0] && a.state_[1] == b.state_[1] && a.state_[2] == b.state_[2] &&
           a.state_[3] == b.state_[3];
  }

 private:
  static result_type rotate_left(result_type x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace sim
