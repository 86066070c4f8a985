#include "models/scenario/number_checks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/scenario/cross_checks.hpp"
#include "models/scenario/scalar.hpp"

namespace models {

using schema::Field;

std::string range_text(const Field& field) {
  return "[" + format_number(field.minimum) + ", " + format_number(field.maximum) + "]";
}

std::string describe_node(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + node.Scalar() + "'";
}

namespace {
std::optional<double> parse_number(const YAML::Node& node) {
  return scalar::number(node);
}
}  // namespace

bool NumberChecks::check_plain_number(const Field& field, const YAML::Node& node,
                                      const std::string& path) {
  const auto value = parse_number(node);
  if (!value) {
    error(node, path,
          "found " + describe_node(node) + ", expected a number in " + range_text(field));
    return false;
  }
  if (std::isnan(*value) || *value < field.minimum || *value > field.maximum) {
    error(node, path,
          "value " + format_number(*value) + " is out of range, expected a number in " +
              range_text(field) + (field.unit.empty() ? "" : " " + field.unit));
    return false;
  }
  return true;
}

// The provenance of a marked value ({value: x, sourced: "note"}): one note, of text.
void NumberChecks::check_provenance(const YAML::Node& node, const std::string& path) {
  const bool sourced = node["sourced"].IsDefined(), assumed = node["assumed"].IsDefined();
  if (sourced && assumed) error(node, path, "a value is either sourced or assumed, not both");
  for (const char* note : {"sourced", "assumed"}) {
    if (node[note].IsDefined() && !node[note].IsScalar()) {
      error(node[note], join_path(path, note), "expected a short note (text)");
    }
  }
}

void NumberChecks::check_number(const Field& field, YAML::Node node, const std::string& path) {
  if (!node.IsMap()) {
    check_plain_number(field, node, path);
    return;
  }
  check_provenance(node, path);
  if (!node["dist"].IsDefined()) {
    for (const auto& item : node) {
      const std::string key = scalar::key_of(item.first);
      if (key != "value" && key != "sourced" && key != "assumed") {
        error(item.first, join_path(path, key),
              "unknown key '" + key + "' in a number; expected value, sourced, assumed" +
                  std::string(field.distribution ? ", or dist with its parameters" : ""));
      }
    }
    if (!node["value"].IsDefined()) {
      error(node, path,
            "missing 'value': write {value: x, sourced: \"note\"}" +
                std::string(field.distribution ? " or a distribution {dist: ...}" : ""));
      return;
    }
    check_plain_number(field, node["value"], join_path(path, "value"));
    return;
  }
  if (!field.distribution) {
    error(node["dist"], join_path(path, "dist"),
          "this field is fixed per scenario and cannot be a distribution; expected a number in " +
              range_text(field));
    return;
  }
  check_distribution(field, node, path);
}

void NumberChecks::check_distribution(const Field& field, const YAML::Node& node,
                                      const std::string& path) {
  const schema::DistributionForm* form = distribution_form(node, path);
  if (form == nullptr) return;
  std::map<std::string, double> values;
  if (!read_distribution_parameters(*form, node, path, values)) return;
  check_distribution_support(field, node, path, form->name, values);
}

// The form named by `dist`, or null after an error with a did-you-mean.
const schema::DistributionForm* NumberChecks::distribution_form(const YAML::Node& node,
                                                                const std::string& path) {
  const YAML::Node kind = node["dist"];
  std::vector<std::string> names;
  for (const auto& candidate : schema::distribution_forms()) {
    names.push_back(candidate.name);
    if (kind.IsScalar() && kind.Scalar() == candidate.name) return &candidate;
  }
  std::string message =
      "found " + describe_node(kind) + ", expected a distribution: " + list_text(names);
  const std::string nearest = kind.IsScalar() ? nearest_name(kind.Scalar(), names) : "";
  if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
  error(kind, join_path(path, "dist"), message);
  return nullptr;
}

// Every key known to the form, every value a number, every parameter present; false after
// reporting each problem.
bool NumberChecks::read_distribution_parameters(const schema::DistributionForm& form,
                                                const YAML::Node& node, const std::string& path,
                                                std::map<std::string, double>& values) {
  std::vector<std::string> allowed = form.parameters;
  for (const char* extra : {"dist", "sourced", "assumed", "low", "high"})
    allowed.push_back(extra);
  bool ok = true;
  for (const auto& item : node) {
    const std::string key = scalar::key_of(item.first);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      error(item.first, join_path(path, key),
            "unknown key '" + key + "' for dist " + form.name + "; expected " +
                list_text(form.parameters) + " (and optionally low, high)");
      ok = false;
      continue;
    }
    if (key == "dist" || key == "sourced" || key == "assumed") continue;
    const auto value = parse_number(item.second);
    if (!value || std::isnan(*value)) {
      error(item.second, join_path(path, key),
            "found " + describe_node(item.second) + ", expected a number");
      ok = false;
      continue;
    }
    values[key] = *value;
  }
  for (const std::string& parameter : form.parameters) {
    if (!values.count(parameter)) {
      error(node, path,
            "missing '" + parameter + "' for dist " + form.name + " (needs " +
                list_text(form.parameters) + ")");
      ok = false;
    }
  }
  return ok;
}

// The parameters are consistent (low <= mode <= high, positive spreads and shapes) and every
// value the distribution can take is within the field's range.
void NumberChecks::check_distribution_support(const Field& field, const YAML::Node& node,
                                              const std::string& path, const std::string& name,
                                              std::map<std::string, double>& values) {
  const bool bounded = std::isfinite(field.minimum) || std::isfinite(field.maximum);
  auto within = [&](double value) { return value >= field.minimum && value <= field.maximum; };
  auto support_error = [&](double low, double high) {
    error(node, path,
          "the distribution's support [" + format_number(low) + ", " + format_number(high) +
              "] is not within the field's range " + range_text(field));
  };
  if (name == "fixed") {
    if (!within(values["value"])) {
      error(node, path,
            "the distribution's support {" + format_number(values["value"]) +
                "} is not within the field's range " + range_text(field));
    }
  } else if (name == "uniform" || name == "triangular" || name == "pert") {
    const double low = values["low"], high = values["high"];
    const double mode = name == "uniform" ? low : values["mode"];
    if (!(low <= mode && mode <= high) || (name == "pert" && !(low < high))) {
      error(node, path,
            "expected low <= mode <= high (and low < high for pert), found " + format_number(low) +
                ", " + format_number(mode) + ", " + format_number(high));
    } else if (!within(low) || !within(high)) {
      support_error(low, high);
    }
  } else if (name == "normal" || name == "lognormal") {
    const double spread = name == "normal" ? values["sd"] : values["log_sd"];
    if (spread < 0) error(node, path, "the spread (sd or log_sd) must not be negative");
    if (name == "lognormal" && values["median"] <= 0) error(node, path, "median must be positive");
    const bool needs_bounds =
        name == "normal" ? bounded : (field.minimum > 0 || std::isfinite(field.maximum));
    const bool has_bounds = values.count("low") && values.count("high");
    if (needs_bounds && !has_bounds) {
      error(node, path,
            "this field's range is " + range_text(field) + ": a " + name +
                " distribution needs 'low' and 'high' truncation bounds within it");
    } else if (has_bounds && (!(values["low"] < values["high"]) || !within(values["low"]) ||
                              !within(values["high"]))) {
      support_error(values["low"], values["high"]);
    } else if (spread >= 0 && (name == "normal" || values["median"] > 0)) {
      check_truncation_mass(node, path, name, values);
    }
  } else if (name == "beta") {
    if (values["alpha"] <= 0 || values["beta"] <= 0)
      error(node, path, "alpha and beta must be positive");
    const double low = values.count("low") ? values["low"] : 0.0;
    const double high = values.count("high") ? values["high"] : 1.0;
    if (!(low < high)) {
      error(node, path, "expected low < high");
    } else if (!within(low) || !within(high)) {
      support_error(low, high);
    }
  }
}

// A truncated normal or lognormal is drawn by rejection, so its window must keep a fair share
// of the probability: at least kMinimumMass, which makes 100,000 tries fail with probability
// e^-100.
void NumberChecks::check_truncation_mass(const YAML::Node& node, const std::string& path,
                                         const std::string& name,
                                         std::map<std::string, double>& values) {
  constexpr double kMinimumMass = 1e-3;
  const double infinity = std::numeric_limits<double>::infinity();
  const double low = values.count("low") ? values["low"] : -infinity;
  const double high = values.count("high") ? values["high"] : infinity;
  const bool normal = name == "normal";
  const double centre = normal ? values["mean"] : std::log(values["median"]);
  const double spread = normal ? values["sd"] : values["log_sd"];
  auto standardised = [&](double bound) {
    if (!normal) bound = bound > 0 ? std::log(bound) : -infinity;
    return (bound - centre) / spread;
  };
  double mass = 0;
  if (spread == 0) {
    const double value = normal ? centre : std::exp(centre);
    mass = value >= low && value <= high ? 1 : 0;
  } else {
    auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    mass = cdf(standardised(high)) - cdf(standardised(low));
  }
  if (mass < kMinimumMass) {
    error(node, path,
          "the truncation [" + format_number(low) + ", " + format_number(high) + "] keeps only " +
              format_number(mass) + " of the " + name +
              " distribution's probability; expected at least 0.001 (bring the bounds nearer "
              "the " +
              (normal ? "mean" : "median") + ")");
  }
}

void NumberChecks::check_integer(const Field& field, const YAML::Node& node,
                                 const std::string& path) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      const std::string key = scalar::key_of(item.first);
      if (key != "value" && key != "sourced" && key != "assumed") {
        error(item.first, join_path(path, key),
              "unknown key '" + key + "' in a whole number; expected value, sourced or assumed");
      }
    }
    check_provenance(node, path);
    if (!node["value"].IsDefined()) {
      error(node, path, "missing 'value': write {value: n, sourced: \"note\"}");
      return;
    }
    check_integer(field, node["value"], join_path(path, "value"));
    return;
  }
  const auto value = scalar::whole(node);
  if (!value) {
    error(node, path,
          "found " + describe_node(node) + ", expected a whole number in " + range_text(field));
    return;
  }
  if (*value < field.minimum || *value > field.maximum) {
    error(node, path,
          "value " + format_number(*value) + " is out of range, expected a whole number in " +
              range_text(field));
  }
}

}  // namespace models
