// The identity of a batch input (a sweep or a calibration file): its resolved text, its base
// scenario's and the seed. Files of the same input (shards, an interrupted run) carry the same.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/kernel/random_stream.hpp"

namespace models {

// 16 hexadecimal digits.
inline std::string input_hash(const std::string& text, const std::string& scenario_text,
                              std::uint64_t seed) {
  const std::uint64_t hash =
      sim::splitmix64(sim::fnv1a64(text) ^ sim::splitmix64(sim::fnv1a64(scenario_text) ^ seed));
  char digits[32];
  std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(hash));
  return digits;
}

}  // namespace models
