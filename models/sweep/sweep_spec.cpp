#include "models/sweep/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "models/metrics/metrics.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"
#include "models/sweep/design.hpp"

namespace models {

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::Grid:
      return "grid";
    case DesignKind::LatinHypercube:
      return "latin_hypercube";
    case DesignKind::Sobol:
      return "sobol";
    case DesignKind::OneAtATime:
      return "one_at_a_time";
    case DesignKind::Table:
      return "table";
    case DesignKind::Morris:
      return "morris";
  }
  return "grid";
}

double SweepParameter::quantile(double u) const {
  switch (kind) {
    case Kind::Uniform:
      return low + u * (high - low);
    case Kind::Triangular: {
      const double width = high - low;
      if (width <= 0) return low;
      const double split = (mode - low) / width;
      return u < split ? low + std::sqrt(u * width * (mode - low))
                       : high - std::sqrt((1 - u) * width * (high - mode));
    }
    case Kind::Values:
    case Kind::Range: {
      const auto count = values.size();
      const auto index =
          std::min(count - 1, static_cast<std::size_t>(u * static_cast<double>(count)));
      return values[index];
    }
  }
  return low;
}

std::vector<std::string> point_overrides(const SweepSpec& spec, Eigen::Index row) {
  std::vector<std::string> overrides;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    overrides.push_back(spec.parameters[j].path + "=" +
                        scalar::exact_text(spec.points(row, static_cast<Eigen::Index>(j))));
  }
  return overrides;
}

}  // namespace models
