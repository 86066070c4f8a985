// Makes each sweep point's scenario and metric catalog.
//
// When every swept path is a whole number of the scenario (a parameter), a point differs from
// the base only in those parameters' values: the base is built once, and a point is a copy with
// them fixed, its catalog shared (the structure does not change). Otherwise (a field inside a
// distribution, say) each point is made from the parsed template as `--set` would. Both give the
// same scenario; the fast one costs a copy instead of validating and building YAML, which was
// most of a point's time at 20 replications.
//
// The fast path skips per-point validation. It is taken only when every corner of the box that
// holds the design's points passes it: the scenario's numeric checks (ranges; sums of stakes or
// of outcome probabilities) hold inside a box when they hold at its corners. If a corner fails
// (points that avoid it may still be valid), every point is made from the template, and
// validated, as before.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace models {

class PointBuilder {
 public:
  PointBuilder(const SweepSpec& spec, const ScenarioTemplate& base);

  // Point `point`'s scenario, with its seed. Throws InputError if the scenario rejects it.
  Scenario scenario(std::uint64_t point) const;
  // The catalog every point shares on the fast path; nullptr when each point needs its own.
  const MetricCatalog* shared_catalog() const { return catalog_.get(); }
  bool fast() const { return catalog_ != nullptr; }

 private:
  const SweepSpec& spec_;
  const ScenarioTemplate& template_;
  std::optional<Scenario> base_;            // built once, swept parameters fixed (fast path)
  std::vector<ParameterId> swept_;          // by sweep parameter (fast path)
  std::unique_ptr<MetricCatalog> catalog_;  // (fast path)
};

// The most swept parameters whose corners are checked (2^k instantiations, at most a couple of
// seconds); with more, every point is made from the template.
inline constexpr std::size_t kMaxCornerParameters = 10;

// Whether the scenario accepts every corner of the box spanned by the design's points.
// REQUIRES: spec.parameters.size() <= kMaxCornerParameters.
bool corners_accepted(const SweepSpec& spec, const ScenarioTemplate& base);

}  // namespace models
