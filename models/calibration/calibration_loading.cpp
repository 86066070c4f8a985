// Loading a calibration file: its settings, its base scenario (whose errors name its own file),
// the free inputs with their priors checked against the scenario's fields, and the targets
// checked against the scenario's metrics and series; every error is reported at once with its
// place.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "models/calibration/calibration_spec.hpp"
#include "models/calibration/target_reading.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/field_path.hpp"
#include "models/scenario/input_value.hpp"
#include "models/scenario/number_checks.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"
#include "sim/kernel/date.hpp"

namespace models {

namespace {

using calibration_fields::number;
using calibration_fields::text;

// The entry at a path of a scenario's typed values (keys and list positions, as
// models/scenario/field_path.hpp reads them), or null; `missing` is set to the first key not
// found and `keys` to those at its level (for suggestions).
const InputValue* find_input(const InputValue& root, const std::string& path, std::string& missing,
                             std::vector<std::string>& keys) {
  std::vector<PathStep> steps;
  try {
    steps = parse_field_path(path);
  } catch (const std::invalid_argument&) {
    return nullptr;
  }
  const InputValue* node = &root;
  for (const PathStep& step : steps) {
    if (step.is_index) {
      if (step.position >= node->items.size()) return nullptr;
      node = &node->items[step.position];
      continue;
    }
    const InputValue* next = node->find(step.key);
    if (next == nullptr) {
      missing = step.key;
      for (const auto& entry : node->entries)
        keys.push_back(entry.key);
      return nullptr;
    }
    node = next;
  }
  return node;
}

class CalibrationLoader {
 public:
  // From a file, or (with `stored`) from the texts a calibration file keeps.
  CalibrationLoader(const std::string& file, const StoredCalibration* stored)
      : path_(file),
        stored_(stored),
        document_(stored ? YamlDocument::parse(stored->calibration_text, file)
                         : YamlDocument::load(file)),
        problems_(validate_structure(document_, schema::calibration())) {
    if (!problems_.empty()) throw InputError(problems_);
    root_ = document_.root();
    folder_ = std::filesystem::path(path_).parent_path();
  }

  CalibrationSpec load() {
    read_settings();
    if (!load_base()) throw InputError(problems_);
    read_inputs();
    spec_.targets =
        read_targets(document_, root_["targets"], scenario_, spec_.scenario_path, problems_);
    if (!problems_.empty()) throw InputError(problems_);
    return spec_;
  }

 private:
  void error(const YAML::Node& node, const std::string& where, const std::string& message) {
    problems_.push_back(document_.at(node, where, message));
  }

  void read_settings() {
    spec_.path = path_;
    spec_.name = root_["name"].IsDefined() ? text(root_["name"])
                                           : std::filesystem::path(path_).stem().string();
    spec_.description = text(root_["description"]);
    spec_.scenario_path = (folder_ / text(root_["scenario"])).lexically_normal().string();
    spec_.replications = static_cast<std::uint64_t>(number(root_["replications"]));
    const YAML::Node method = root_["method"];
    if (method.IsDefined()) {
      spec_.method.particles = static_cast<std::uint64_t>(number(method["particles"]));
      spec_.method.alpha = number(method["alpha"]);
      spec_.method.min_acceptance = number(method["min_acceptance"]);
      spec_.method.max_generations = static_cast<std::uint64_t>(number(method["max_generations"]));
    }
    const double kept =
        std::floor(spec_.method.alpha * static_cast<double>(spec_.method.particles));
    if (kept < 2 || kept >= static_cast<double>(spec_.method.particles)) {
      error(method.IsDefined() ? method : root_, "method",
            "alpha x particles must keep at least 2 particles and propose at least 1 new one "
            "per generation; raise `particles`");
    }
    spec_.text = document_.resolved_text();
  }

  // The base scenario: its own errors name its own file.
  bool load_base() {
    if (stored_) return load_stored_base();
    if (!std::filesystem::exists(spec_.scenario_path)) {
      error(root_["scenario"], "scenario",
            "missing file " + spec_.scenario_path + " (relative to the calibration file)");
      return false;
    }
    try {
      scenario_ = load_scenario(spec_.scenario_path);
    } catch (const InputError& scenario_error) {
      for (const auto& diagnostic : scenario_error.diagnostics())
        problems_.push_back(diagnostic);
      return false;
    }
    spec_.scenario_text = scenario_.resolved_yaml();
    spec_.seed = root_["seed"].IsDefined() ? static_cast<std::uint64_t>(number(root_["seed"]))
                                           : scenario_.seed;
    base_document_ = YamlDocument::load(spec_.scenario_path);
    base_ = read_scenario(base_document_).input;
    return true;
  }

  bool load_stored_base() {
    spec_.scenario_path = stored_->scenario_path;
    try {
      scenario_ = parse_scenario(stored_->scenario_text, spec_.scenario_path);
    } catch (const InputError& scenario_error) {
      for (const auto& diagnostic : scenario_error.diagnostics())
        problems_.push_back(diagnostic);
      return false;
    }
    spec_.scenario_text = stored_->scenario_text;
    spec_.seed = stored_->seed;
    base_document_ = YamlDocument::parse(stored_->scenario_text, spec_.scenario_path);
    base_ = read_scenario(base_document_).input;
    return true;
  }

  void read_inputs() {
    const YAML::Node inputs = root_["inputs"];
    if (inputs.size() == 0) error(inputs, "inputs", "expected at least one input to fit");
    // The scenario's checks across fields were applied to the priors when the calibration
    // started; a stored calibration is not checked again.
    std::optional<ScenarioTemplate> parsed_base;
    if (!stored_) parsed_base.emplace(spec_.scenario_path);
    for (const auto& item : inputs) {
      FreeInput input;
      input.path = text(item.first);
      const std::string where = "inputs." + input.path;
      const schema::Field* field = scenario_field(item.first, input.path, where);
      if (field == nullptr) continue;
      input.unit = field->unit;
      schema::Field as_prior = *field;
      as_prior.distribution = true;
      InputValue prior;
      prior.path = where + ".prior";
      const std::size_t before = problems_.size();
      NumberChecks(document_, problems_).read_number(as_prior, item.second["prior"], prior);
      if (problems_.size() != before) continue;
      if (!prior.number.is_random()) {
        error(item.second["prior"], prior.path,
              "a prior must be a distribution, e.g. {dist: uniform, low: 0.2, high: 0.8}");
        continue;
      }
      input.prior = prior.number;
      input.prior.path = input.path;
      if (parsed_base) check_support_accepted(*parsed_base, item.second["prior"], input);
      spec_.inputs.push_back(std::move(input));
    }
  }

  // The schema field at `path` when it is a number the scenario draws per replication.
  const schema::Field* scenario_field(const YAML::Node& key, const std::string& path,
                                      const std::string& where) {
    std::string missing;
    std::vector<std::string> keys;
    const InputValue* value = find_input(base_, path, missing, keys);
    if (value == nullptr) {
      std::string message = "'" + path + "' is not a field of " + spec_.scenario_path;
      try {
        parse_field_path(path);
        const std::string nearest = nearest_name(missing, keys);
        if (!missing.empty()) message += ": no '" + missing + "'";
        if (!nearest.empty()) message += "; did you mean '" + nearest + "' at the same level?";
        if (missing.empty()) message += ": a list position is past the list's end";
      } catch (const std::invalid_argument& malformed) {
        message = malformed.what();
      }
      error(key, where, message);
      return nullptr;
    }
    const bool drawn = std::any_of(scenario_.parameters.begin(), scenario_.parameters.end(),
                                   [&](const Parameter& p) { return p.path == path; });
    if (value->kind != schema::Kind::Number || value->field == nullptr || !drawn) {
      error(key, where,
            "'" + path +
                "' is not a number that the scenario draws per replication (integers, dates, "
                "list items and settings read once, such as discount_rate, cannot be fitted)");
      return nullptr;
    }
    return value->field;
  }

  // The scenario's checks across fields accept the prior's extremes (e.g. probabilities that
  // must sum to 1), each with the other inputs at their base values.
  void check_support_accepted(const ScenarioTemplate& parsed_base, const YAML::Node& node,
                              const FreeInput& input) {
    const Parameter& prior = input.prior;
    double low = prior.low, high = prior.high;
    if (prior.form == Parameter::Form::Uniform || prior.form == Parameter::Form::LogUniform) {
      low = prior.a;
      high = prior.b;
    } else if (prior.form == Parameter::Form::Triangular || prior.form == Parameter::Form::Pert) {
      low = prior.a;
      high = prior.c;
    }
    for (const double value : {low, high}) {
      if (!std::isfinite(value)) continue;
      if (const auto rejected = parsed_base.rejection(input.path, value)) {
        error(node, "inputs." + input.path + ".prior",
              "the scenario rejects " + scalar::exact_text(value) +
                  ", in the prior's support: " + *rejected);
      }
    }
  }

  std::string path_;
  const StoredCalibration* stored_;
  YamlDocument document_;
  std::vector<Diagnostic> problems_;
  YAML::Node root_;
  std::filesystem::path folder_;
  CalibrationSpec spec_;
  Scenario scenario_;
  YamlDocument base_document_;
  InputValue base_;
};

}  // namespace

CalibrationSpec load_calibration(const std::string& path) {
  return CalibrationLoader(path, nullptr).load();
}

CalibrationSpec load_stored_calibration(const StoredCalibration& stored) {
  CalibrationSpec spec = CalibrationLoader(stored.calibration_path, &stored).load();
  spec.text = stored.calibration_text;
  return spec;
}

}  // namespace models
