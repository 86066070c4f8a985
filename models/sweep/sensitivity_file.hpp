// The sensitivity groups of a complete sweep file: `sobol`, `morris` or `tornado`, by design.
// Internal to models/sweep (sweep_file.cpp writes the rest of the file).
#pragma once

#include <vector>

#include "models/sweep/sweep_runner.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace sim {
class Hdf5Writer;
}

namespace models {

// Writes the group of spec's design from the per-point means of `present` (sorted by point);
// nothing when a point is missing (the indices need every point) or the design has none.
void write_sensitivity(sim::Hdf5Writer& writer, const SweepSpec& spec,
                       const std::vector<const PointResult*>& present);

}  // namespace models
