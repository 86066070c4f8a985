// Loading a sweep file: its settings, its base scenario (whose errors name its own file), the
// parameters and their checks against the base, the metrics, the design's size; every error is
// reported at once with its place.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "models/metrics/metrics.hpp"
#include "models/scenario/field_path.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"
#include "models/sweep/design.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace models {

namespace {

// Readings of a validated tree (see scalar.hpp).
double number(const YAML::Node& node) {
  return scalar::number_at(node, "a number field of the sweep");
}
std::string text(const YAML::Node& node) {
  return scalar::text_at(node, "a text field of the sweep");
}

std::string format_count(double count) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", count);
  return text;
}

class SweepLoader {
 public:
  explicit SweepLoader(const std::string& file)
      : path(file),
        document(YamlDocument::load(file)),
        problems(validate_structure(document, schema::sweep())) {
    if (!problems.empty()) throw InputError(problems);
    root = document.root();
    design = root["design"];
    kind = text(design["kind"]);
    parameters = root["parameters"];
    folder = std::filesystem::path(path).parent_path();
  }

  SweepSpec load() {
    read_settings();
    load_base();
    read_parameters();
    if (!scenario_loaded) throw InputError(problems);
    check_parameter_fields();
    check_metrics();
    check_sizes();
    if (!problems.empty()) throw InputError(problems);
    make_points();
    return spec;
  }

 private:
  void error(const YAML::Node& node, const std::string& where, const std::string& message) {
    problems.push_back(document.at(node, where, message));
  }

  void read_settings() {
    spec.path = path;
    spec.name =
        root["name"].IsDefined() ? text(root["name"]) : std::filesystem::path(path).stem().string();
    spec.description = text(root["description"]);
    spec.scenario_path = (folder / text(root["scenario"])).lexically_normal().string();
    spec.replications = static_cast<std::uint64_t>(number(root["replications"]));
    if (root["until"].IsDefined()) {
      spec.until_metric = text(root["until"]["metric"]);
      spec.until_relative = number(root["until"]["relative"]);
      spec.until_max = static_cast<std::uint64_t>(number(root["until"]["max_replications"]));
      spec.until_batch = static_cast<std::uint64_t>(number(root["until"]["batch"]));
    }
    if (root["seed"].IsDefined()) {
      spec.has_seed = true;
      spec.seed = static_cast<std::uint64_t>(number(root["seed"]));
    }
    spec.common_random_numbers =
        scalar::boolean_at(root["common_random_numbers"], "common_random_numbers");
    spec.keep_replications = scalar::boolean_at(root["keep_replications"], "keep_replications");
    spec.design = kind == "latin_hypercube" ? DesignKind::LatinHypercube
                  : kind == "sobol"         ? DesignKind::Sobol
                  : kind == "one_at_a_time" ? DesignKind::OneAtATime
                  : kind == "table"         ? DesignKind::Table
                  : kind == "morris"        ? DesignKind::Morris
                                            : DesignKind::Grid;
    spec.design_points = static_cast<std::uint64_t>(number(design["points"]));
    spec.design_seed = static_cast<std::uint64_t>(number(design["seed"]));
    spec.bootstrap = static_cast<std::uint64_t>(number(design["bootstrap"]));
    spec.levels = static_cast<std::uint64_t>(number(design["levels"]));
    if (spec.design == DesignKind::Morris && spec.levels % 2 != 0) {
      error(design["levels"], "design.levels",
            "expected an even number of levels (2, 4, 6, ...): with an odd one the levels are not "
            "all reached equally often");
    }
    for (const auto& metric : root["metrics"])
      spec.metrics.push_back(text(metric));
    spec.text = document.resolved_text();
  }

  // Checks that need the base scenario are skipped when it does not load, so that the sweep's
  // other errors are still reported.
  void load_base() {
    // The base scenario: its own errors name its own file. Checks that need it are skipped when
    // it does not load, so that the sweep's other errors are still reported.
    if (!std::filesystem::exists(spec.scenario_path)) {
      error(root["scenario"], "scenario",
            "missing file " + spec.scenario_path + " (relative to the sweep file)");
    } else {
      try {
        scenario = load_scenario(spec.scenario_path);
        spec.scenario_text = scenario.resolved_yaml();
        scenario_loaded = true;
      } catch (const InputError& scenario_error) {
        for (const auto& diagnostic : scenario_error.diagnostics())
          problems.push_back(diagnostic);
      }
    }
    if (!spec.has_seed) spec.seed = scenario.seed;
    if (scenario_loaded) {
      // Validated, so that defaulted fields exist too (for suggestions).
      base = YamlDocument::load(spec.scenario_path);
      validate_scenario(base);
    }
  }

  void read_parameters() {
    if (spec.design == DesignKind::Table) {
      if (!design["file"].IsDefined()) {
        error(design, "design", "a table design needs `file`: the CSV of points");
      } else {
        spec.table_file = (folder / text(design["file"])).lexically_normal().string();
        spec.points = table_design(spec.table_file, spec.parameters, problems);
      }
      if (parameters.IsDefined() && parameters.size() > 0) {
        error(parameters, "parameters",
              "a table design takes its parameters from the CSV header; remove `parameters`");
      }
    } else if (!parameters.IsDefined() || parameters.size() == 0) {
      error(root, "parameters", "missing `parameters`: the scenario fields to vary");
    } else {
      for (const auto& item : parameters)
        spec.parameters.push_back(read_parameter(item.first, item.second));
    }
  }

  SweepParameter read_parameter(const YAML::Node& key, const YAML::Node& node) {
    SweepParameter parameter;
    parameter.path = text(key);
    const std::string where = "parameters." + parameter.path;
    if (node["values"].IsDefined()) {
      parameter.kind = SweepParameter::Kind::Values;
      for (const auto& value : node["values"])
        parameter.values.push_back(number(value));
      if (parameter.values.empty())
        error(node["values"], where + ".values", "expected at least one value");
    } else if (node["range"].IsDefined()) {
      parameter.kind = SweepParameter::Kind::Range;
      const double low = number(node["range"]["low"]), high = number(node["range"]["high"]);
      const auto steps = static_cast<int>(number(node["range"]["steps"]));
      for (int k = 0; k < steps; ++k)
        parameter.values.push_back(low + (high - low) * k / (steps - 1));
    } else if (node["uniform"].IsDefined()) {
      parameter.kind = SweepParameter::Kind::Uniform;
      parameter.low = number(node["uniform"]["low"]);
      parameter.high = number(node["uniform"]["high"]);
      if (!(parameter.low < parameter.high))
        error(node["uniform"], where + ".uniform", "expected low < high");
    } else {
      parameter.kind = SweepParameter::Kind::Triangular;
      parameter.low = number(node["triangular"]["low"]);
      parameter.mode = number(node["triangular"]["mode"]);
      parameter.high = number(node["triangular"]["high"]);
      if (!(parameter.low <= parameter.mode && parameter.mode <= parameter.high &&
            parameter.low < parameter.high)) {
        error(node["triangular"], where + ".triangular",
              "expected low <= mode <= high and low < high");
      }
    }
    if (!parameter.values.empty()) {
      parameter.low = *std::min_element(parameter.values.begin(), parameter.values.end());
      parameter.high = *std::max_element(parameter.values.begin(), parameter.values.end());
    }
    parameter.base =
        node["base"].IsDefined() ? number(node["base"])
        : parameter.kind == SweepParameter::Kind::Values
            ? (parameter.values.empty() ? 0.0 : parameter.values[(parameter.values.size() - 1) / 2])
        : parameter.kind == SweepParameter::Kind::Triangular ? parameter.mode
                                                             : (parameter.low + parameter.high) / 2;
    const bool continuous = parameter.kind == SweepParameter::Kind::Uniform ||
                            parameter.kind == SweepParameter::Kind::Triangular;
    if (spec.design == DesignKind::Grid && continuous) {
      error(node, where,
            "a grid needs `values` or `range` (a continuous distribution has no grid)");
    }
    if (spec.design == DesignKind::Morris && !continuous) {
      error(node, where,
            "a morris design moves each input by a share of its range: give `uniform` or "
            "`triangular`");
    }
    if ((spec.design == DesignKind::LatinHypercube || spec.design == DesignKind::Sobol) &&
        parameter.kind == SweepParameter::Kind::Range) {
      error(node, where,
            "a " + kind + " design samples: give `uniform`, `triangular` or `values`, not `range`");
    }
    return parameter;
  }

  void check_parameter_fields() {
    // Every parameter is a number field of the scenario, and the scenario accepts its extremes:
    // each extreme is checked on a copy of the base parsed once, not by reading the files again.
    const ScenarioTemplate parsed_base(spec.scenario_path);
    for (const auto& parameter : spec.parameters) {
      const std::string where = "parameters." + parameter.path;
      const YAML::Node key = parameters.IsDefined() ? parameters[parameter.path] : root["design"];
      const YAML::Node field = find_at_path(base.root(), parameter.path);
      if (!field.IsDefined()) {
        error(key, where, not_found_message(base.root(), parameter.path, spec.scenario_path));
        continue;
      }
      bool numeric = field.IsMap() && (field["value"].IsDefined() || field["dist"].IsDefined());
      if (field.IsScalar()) numeric = scalar::number(field).has_value();
      if (!numeric) {
        error(key, where,
              "'" + parameter.path + "' is not a number in the scenario; a sweep varies numbers");
        continue;
      }
      const std::vector<double> extremes = parameter.low == parameter.high
                                               ? std::vector<double>{parameter.low}
                                               : std::vector<double>{parameter.low, parameter.high};
      for (const double value : extremes) {
        if (const auto rejected = parsed_base.rejection(parameter.path, value)) {
          error(key, where, "the scenario rejects " + scalar::exact_text(value) + ": " + *rejected);
        }
      }
    }
  }

  void check_metrics() {
    // Metrics exist.
    const MetricCatalog catalog(scenario);
    std::vector<std::string> names;
    for (const auto& metric : catalog.scalars())
      names.push_back(metric.name);
    auto check_metric = [&](const std::string& metric, const YAML::Node& node,
                            const std::string& where) {
      if (std::find(names.begin(), names.end(), metric) != names.end()) return;
      const std::string nearest = nearest_name(metric, names);
      error(node, where,
            "no metric named '" + metric + "'" +
                (nearest.empty() ? "" : "; did you mean '" + nearest + "'?"));
    };
    for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
      check_metric(spec.metrics[i], root["metrics"][i], "metrics[" + std::to_string(i) + "]");
      const auto found = std::find(names.begin(), names.end(), spec.metrics[i]);
      const MetricInfo* info =
          found == names.end()
              ? nullptr
              : &catalog.scalars()[static_cast<std::size_t>(found - names.begin())];
      spec.metric_units.push_back(info != nullptr ? info->unit : "");
      spec.metric_descriptions.push_back(info != nullptr ? info->description : "");
    }
    if (!spec.until_metric.empty())
      check_metric(spec.until_metric, root["until"]["metric"], "until.metric");
    if (!spec.until_metric.empty() && spec.keep_replications) {
      error(root["keep_replications"], "keep_replications",
            "keep_replications needs the same replications at every point: use `replications`, not "
            "`until`");
    }
  }

  void check_sizes() {
    if (spec.design != DesignKind::Table) {
      const double size = design_size(spec);
      if (size > kMaxSweepPoints) {
        error(design, "design",
              "the " + kind + " design has " + format_count(size) +
                  " points, more than the limit " + format_count(kMaxSweepPoints) +
                  "; use fewer values, steps or points");
      }
    }
    const double points = spec.design == DesignKind::Table ? static_cast<double>(spec.points.rows())
                                                           : design_size(spec);
    if (spec.keep_replications &&
        points * static_cast<double>(spec.replications) * static_cast<double>(spec.metrics.size()) >
            kMaxKeptValues) {
      error(root["keep_replications"], "keep_replications",
            "points x replications x metrics is over " + format_count(kMaxKeptValues) +
                " values to keep; keep fewer metrics or replications, or set it false");
    }
  }

  void make_points() {
    switch (spec.design) {
      case DesignKind::Grid:
        spec.points = grid_design(spec.parameters);
        break;
      case DesignKind::LatinHypercube:
        spec.points = latin_hypercube_design(spec.parameters, spec.design_points, spec.design_seed);
        break;
      case DesignKind::Sobol:
        spec.points = sobol_design(spec.parameters, spec.design_points);
        break;
      case DesignKind::OneAtATime:
        spec.points = one_at_a_time_design(spec.parameters);
        break;
      case DesignKind::Morris:
        spec.points =
            morris_design(spec.parameters, spec.design_points, spec.levels, spec.design_seed);
        break;
      case DesignKind::Table:
        break;  // read above
    }
  }

  std::string path;
  YamlDocument document;
  std::vector<Diagnostic> problems;
  YAML::Node root, design, parameters;
  std::string kind;
  std::filesystem::path folder;
  SweepSpec spec;
  Scenario scenario;
  bool scenario_loaded = false;
  YamlDocument base;
};

}  // namespace

SweepSpec load_sweep(const std::string& path) {
  return SweepLoader(path).load();
}

}  // namespace models
