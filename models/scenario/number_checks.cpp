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
// What a number that failed its check reads as: checks across fields skip it.
constexpr double kUnread = std::numeric_limits<double>::quiet_NaN();

std::optional<double> parse_number(const YAML::Node& node) {
  return scalar::number(node);
}
}  // namespace

double NumberChecks::read_plain_number(const Field& field, const YAML::Node& node,
                                       const std::string& path) {
  const auto value = parse_number(node);
  if (!value) {
    error(node, path,
          "found " + describe_node(node) + ", expected a number in " + range_text(field));
    return kUnread;
  }
  if (std::isnan(*value) || *value < field.minimum || *value > field.maximum) {
    error(node, path,
          "value " + format_number(*value) + " is out of range, expected a number in " +
              range_text(field) + (field.unit.empty() ? "" : " " + field.unit));
    return kUnread;
  }
  return *value;
}

// The provenance of a marked value ({value: x, sourced: "note"}): one note, of text.
void NumberChecks::read_provenance(const YAML::Node& node, const std::string& path,
                                   Parameter& out) {
  const bool sourced = node["sourced"].IsDefined(), assumed = node["assumed"].IsDefined();
  if (sourced && assumed) error(node, path, "a value is either sourced or assumed, not both");
  for (const char* note : {"sourced", "assumed"}) {
    if (node[note].IsDefined() && !node[note].IsScalar()) {
      error(node[note], join_path(path, note), "expected a short note (text)");
    }
  }
  if (sourced && node["sourced"].IsScalar()) {
    out.provenance = Provenance::Sourced;
    out.note = node["sourced"].Scalar();
  } else if (assumed && node["assumed"].IsScalar()) {
    out.provenance = Provenance::Assumed;
    out.note = node["assumed"].Scalar();
  }
}

void NumberChecks::check_marked_keys(const YAML::Node& node, const std::string& path,
                                     const char* expected) {
  for (const auto& item : node) {
    const std::string key = scalar::key_of(item.first);
    if (key != "value" && key != "sourced" && key != "assumed") {
      error(item.first, join_path(path, key), "unknown key '" + key + "' in " + expected);
    }
  }
}

void NumberChecks::read_number(const Field& field, const YAML::Node& node, InputValue& out) {
  const std::size_t errors_before = errors_.size();
  const std::string& path = out.path;
  out.number.path = path;
  out.number.unit = field.unit;
  if (!node.IsMap()) {
    out.number.a = read_plain_number(field, node, path);
  } else {
    out.marked = true;
    read_provenance(node, path, out.number);
    if (node["dist"].IsDefined() && !field.distribution) {
      error(node["dist"], join_path(path, "dist"),
            "this field is fixed per scenario and cannot be a distribution; expected a number in " +
                range_text(field));
    } else if (node["dist"].IsDefined()) {
      read_distribution(field, node, path, out.number);
    } else {
      check_marked_keys(node, path,
                        field.distribution
                            ? "a number; expected value, sourced, assumed, or dist with its "
                              "parameters"
                            : "a number; expected value, sourced, assumed");
      if (!node["value"].IsDefined()) {
        error(node, path,
              "missing 'value': write {value: x, sourced: \"note\"}" +
                  std::string(field.distribution ? " or a distribution {dist: ...}" : ""));
      } else {
        out.number.a = read_plain_number(field, node["value"], join_path(path, "value"));
      }
    }
  }
  out.valid = errors_.size() == errors_before;
}

namespace {

// The Parameter a checked distribution's parameters describe.
void set_distribution(const std::string& name, std::map<std::string, double>& values,
                      Parameter& out) {
  using Form = Parameter::Form;
  if (values.count("low")) out.low = values["low"];
  if (values.count("high")) out.high = values["high"];
  if (name == "fixed") {
    out.a = values["value"];
  } else if (name == "uniform") {
    out.form = Form::Uniform;
    out.a = values["low"];
    out.b = values["high"];
  } else if (name == "triangular" || name == "pert") {
    out.form = name == "pert" ? Form::Pert : Form::Triangular;
    out.a = values["low"];
    out.b = values["mode"];
    out.c = values["high"];
  } else if (name == "normal") {
    out.form = Form::Normal;
    out.a = values["mean"];
    out.b = values["sd"];
  } else if (name == "lognormal") {
    out.form = Form::Lognormal;
    out.a = values["median"];
    out.b = values["log_sd"];
  } else if (name == "loguniform") {
    out.form = Form::LogUniform;
    out.a = values["low"];
    out.b = values["high"];
  } else if (name == "beta") {
    out.form = Form::Beta;
    out.a = values["alpha"];
    out.b = values["beta"];
    if (!values.count("low")) out.low = 0;
    if (!values.count("high")) out.high = 1;
  }
}

}  // namespace

void NumberChecks::read_distribution(const Field& field, const YAML::Node& node,
                                     const std::string& path, Parameter& out) {
  const schema::DistributionForm* form = distribution_form(node, path);
  if (form == nullptr) return;
  std::map<std::string, double> values;
  if (!read_distribution_parameters(*form, node, path, values)) return;
  check_distribution_support(field, node, path, form->name, values);
  set_distribution(form->name, values, out);
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
  } else if (name == "loguniform") {
    const double low = values["low"], high = values["high"];
    if (!(0 < low && low < high)) {
      error(node, path,
            "expected 0 < low < high (the log of the value is uniform), found " +
                format_number(low) + ", " + format_number(high));
    } else if (!within(low) || !within(high)) {
      support_error(low, high);
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

void NumberChecks::read_integer(const Field& field, const YAML::Node& node, InputValue& out) {
  const std::size_t errors_before = errors_.size();
  const std::string& path = out.path;
  out.number.path = path;
  YAML::Node plain = node;
  std::string plain_path = path;
  if (node.IsMap()) {
    out.marked = true;
    check_marked_keys(node, path, "a whole number; expected value, sourced or assumed");
    read_provenance(node, path, out.number);
    if (!node["value"].IsDefined()) {
      error(node, path, "missing 'value': write {value: n, sourced: \"note\"}");
      out.valid = false;
      return;
    }
    plain = node["value"];
    plain_path = join_path(path, "value");
    if (plain.IsMap()) {
      error(plain, plain_path, "found a mapping, expected a whole number in " + range_text(field));
      out.valid = false;
      return;
    }
  }
  const auto value = scalar::whole(plain);
  if (!value) {
    error(plain, plain_path,
          "found " + describe_node(plain) + ", expected a whole number in " + range_text(field));
  } else if (*value < field.minimum || *value > field.maximum) {
    error(plain, plain_path,
          "value " + format_number(*value) + " is out of range, expected a whole number in " +
              range_text(field));
  } else {
    out.number.a = *value;
  }
  out.valid = errors_.size() == errors_before;
}

}  // namespace models
