// Runs the points of a sweep: each point is the base scenario with the point's parameters set;
// its replications run in parallel. With common random numbers, replication i of every point
// uses the streams of (seed, i); without, each point has its own seed.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "models/sweep/sweep_spec.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

struct PointResult {
  std::uint64_t point = 0;
  std::uint64_t replications = 0;
  std::vector<sim::SampleSummary> summaries;  // one per kept metric
  std::vector<double> values;                 // [metric][replication], with keep_replications
};

// The seed a point's replications use.
std::uint64_t point_seed(const SweepSpec& spec, std::uint64_t point);

class PointBuilder;
// Runs one point on `threads` threads, its scenario made by `points` (once per sweep; see
// point_builder.hpp). Returns false (and no result) when `interrupt` became true before the
// point finished. Throws InputError if the scenario rejects the point's values.
bool run_point(const SweepSpec& spec, const PointBuilder& points, std::uint64_t point,
               unsigned threads, const std::atomic<bool>* interrupt, PointResult& result);

}  // namespace models
