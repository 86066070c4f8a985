#include "models/sweep/point_builder.hpp"

#include <algorithm>

#include "models/sweep/sweep_runner.hpp"

namespace models {

namespace {

// The parameter of `scenario` at exactly `path`, if any.
std::optional<ParameterId> parameter_at(const Scenario& scenario, const std::string& path) {
  const auto found = std::find_if(scenario.parameters.begin(), scenario.parameters.end(),
                                  [&](const Parameter& p) { return p.path == path; });
  if (found == scenario.parameters.end()) return std::nullopt;
  return static_cast<ParameterId>(found - scenario.parameters.begin());
}

}  // namespace

PointBuilder::PointBuilder(const SweepSpec& spec, const ScenarioTemplate& base)
    : spec_(spec), template_(base) {
  if (spec.parameters.empty() || spec.parameters.size() > kMaxCornerParameters) return;
  Scenario built = base.instantiate({});
  for (const auto& parameter : spec.parameters) {
    const auto id = parameter_at(built, parameter.path);
    if (!id) return;  // a field inside a number: each point from the template
    swept_.push_back(*id);
  }
  if (!corners_accepted(spec, base)) return;
  for (const ParameterId id : swept_) {
    Parameter& fixed = built.parameters[id];
    fixed.form = Parameter::Form::Fixed;
    fixed.provenance = Provenance::Unmarked;  // as a --set value
  }
  base_ = std::move(built);
  catalog_ = std::make_unique<MetricCatalog>(*base_);
}

Scenario PointBuilder::scenario(std::uint64_t point) const {
  const auto row = static_cast<Eigen::Index>(point);
  Scenario scenario;
  if (base_) {
    scenario = *base_;
    for (std::size_t j = 0; j < swept_.size(); ++j)
      scenario.parameters[swept_[j]].a = spec_.points(row, static_cast<Eigen::Index>(j));
  } else {
    scenario = template_.instantiate(point_overrides(spec_, row));
  }
  scenario.seed = point_seed(spec_, point);
  return scenario;
}

bool corners_accepted(const SweepSpec& spec, const ScenarioTemplate& base) {
  const auto k = static_cast<Eigen::Index>(spec.parameters.size());
  if (spec.points.rows() == 0) return true;
  const Eigen::RowVectorXd low = spec.points.colwise().minCoeff();
  const Eigen::RowVectorXd high = spec.points.colwise().maxCoeff();
  for (std::uint64_t corner = 0; corner < (std::uint64_t{1} << k); ++corner) {
    std::vector<std::pair<std::string, double>> values;
    for (Eigen::Index j = 0; j < k; ++j) {
      values.emplace_back(spec.parameters[static_cast<std::size_t>(j)].path,
                          (corner >> j) & 1 ? high(j) : low(j));
    }
    if (base.rejection(values)) return false;
  }
  return true;
}

}  // namespace models
