// Point results as a flat run of doubles, to gather them from MPI ranks to rank 0: per point its
// index, replications, the number of metrics, each metric's nine summary statistics, then the
// number of kept values and the values. Ranks are processes of one run, so the bytes are trusted.
#pragma once

#include <cstdint>
#include <vector>

#include "models/sweep/sweep_runner.hpp"

namespace models {

// Appends `result` to `out`.
void encode_point(const PointResult& result, std::vector<double>& out);
// Every point in `bytes` (the doubles of encode_point, as bytes), in order.
std::vector<PointResult> decode_points(const std::vector<std::uint8_t>& bytes);

}  // namespace models
