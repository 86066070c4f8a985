#include "models/scenario/validator.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include "models/scenario/scalar.hpp"
#include "models/scenario/schema.hpp"
#include "sim/kernel/date.hpp"

namespace models {

namespace {

using schema::Field;
using schema::Kind;
using schema::Object;

std::string list_text(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i)
    text += (i ? ", " : "") + items[i];
  return text;
}

std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::ostringstream text;
  text << value;
  return text.str();
}

std::string range_text(const Field& field) {
  return "[" + format_number(field.minimum) + ", " + format_number(field.maximum) + "]";
}

std::string describe_node(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + node.Scalar() + "'";
}

std::optional<double> parse_number(const YAML::Node& node) {
  return scalar::number(node);
}

using scalar::child;
using scalar::plain;

// The node for a schema default, built directly: parsing a YAML text for every defaulted field
// of every load was a fifth of a sweep's time.
YAML::Node default_node(const std::string& text) {
  if (text == "[]") return YAML::Node(YAML::NodeType::Sequence);
  if (text == "{}") return YAML::Node(YAML::NodeType::Map);
  if (text == "\"\"") return YAML::Node(std::string());
  return YAML::Node(text);
}

struct PendingReference {
  YAML::Node node;
  std::string path;
  std::string collection;
  std::string value;
};

struct PendingDate {
  YAML::Node node;
  std::string path;
  sim::Date date;
};

class Validator {
 public:
  explicit Validator(YamlDocument& document) : document_(document) {}

  std::vector<Diagnostic> run() {
    YAML::Node root = document_.root();
    check_object(schema::scenario(), root, "");
    check_references();
    check_semantics(root);
    return std::move(errors_);
  }

  // Structure only (types, keys, ranges, defaults), for inputs other than scenarios.
  std::vector<Diagnostic> run_structure(const Object& object) {
    YAML::Node root = document_.root();
    check_object(object, root, "");
    return std::move(errors_);
  }

 private:
  void error(const YAML::Node& node, const std::string& path, std::string message) {
    errors_.push_back(document_.at(node, path, std::move(message)));
  }

  void check_object(const Object& object, YAML::Node node, const std::string& path) {
    if (!node.IsMap()) {
      error(node, path,
            "found " + describe_node(node) + ", expected a mapping (" + object.name +
                ") with keys: " + list_text(object.keys()));
      return;
    }
    const std::vector<std::string> known = object.keys();
    check_duplicate_keys(node, path);
    for (const auto& item : node) {
      const std::string key = scalar::key_of(item.first);
      if (object.find(key) != nullptr) continue;
      std::string message = "unknown key '" + key + "' in " + object.name;
      const std::string nearest = nearest_name(key, known);
      if (!nearest.empty()) {
        message += "; did you mean '" + nearest + "'?";
      } else {
        message += "; expected one of: " + list_text(known);
      }
      error(item.first, join_path(path, key), message);
    }
    for (const auto& group : object.exactly_one_of) {
      std::vector<std::string> present;
      for (const std::string& key : group) {
        if (node[key].IsDefined() && !node[key].IsNull()) present.push_back(key);
      }
      if (present.size() != 1) {
        error(node, path,
              (present.empty() ? "found none" : "found " + list_text(present)) +
                  ", expected exactly one of: " + list_text(group));
      }
    }
    for (const Field& field : object.fields) {
      YAML::Node child = node[field.key];
      const std::string child_path = join_path(path, field.key);
      if (!child.IsDefined() || child.IsNull()) {
        if (field.required && !object.is_alternative(field.key)) {
          error(node, child_path,
                "missing required field '" + field.key + "' (" + field.meaning + ")");
        } else if (!field.default_value.empty()) {
          node[field.key] = default_node(field.default_value);
        } else if (child.IsDefined()) {
          // An explicit ~ (in the file or from --set) on an optional field means absent: removed,
          // so that building sees the same as if it had never been written.
          node.remove(field.key);
        }
        continue;
      }
      check_field(field, child, child_path);
    }
  }

  // YAML parsers keep the first of two equal keys; a scenario that says a thing twice is an error.
  void check_duplicate_keys(const YAML::Node& node, const std::string& path) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& item : node) {
      const std::string key = scalar::key_of(item.first);
      const auto [where, inserted] = seen.emplace(key, item.first.Mark());
      if (!inserted) {
        error(item.first, join_path(path, key),
              "duplicate key '" + key + "' (first at line " +
                  std::to_string(where->second.line + 1) + "); give each key once");
      }
    }
  }

  void check_field(const Field& field, YAML::Node node, const std::string& path) {
    switch (field.kind) {
      case Kind::Number:
        check_number(field, node, path);
        break;
      case Kind::Integer:
        check_integer(field, node, path);
        break;
      case Kind::Text:
        if (!node.IsScalar()) error(node, path, "found " + describe_node(node) + ", expected text");
        break;
      case Kind::Date:
        check_date(field, node, path);
        break;
      case Kind::Boolean:
        if (!node.IsScalar() || (node.Scalar() != "true" && node.Scalar() != "false")) {
          error(node, path, "found " + describe_node(node) + ", expected true or false");
        }
        break;
      case Kind::Choice:
        check_choice(field.choices, node, path);
        break;
      case Kind::Object:
        check_object(*field.object, node, path);
        break;
      case Kind::MapOf:
        check_map(field, node, path);
        break;
      case Kind::ListOf:
        if (!node.IsSequence()) {
          error(node, path,
                "found " + describe_node(node) + ", expected a list of " + field.object->name +
                    " entries");
          break;
        }
        for (std::size_t i = 0; i < node.size(); ++i) {
          check_object(*field.object, node[i], path + "[" + std::to_string(i) + "]");
        }
        break;
      case Kind::TextList:
        check_text_list(field, node, path);
        break;
      case Kind::NumberList:
        if (!node.IsSequence()) {
          error(node, path, "found " + describe_node(node) + ", expected a list of numbers");
          break;
        }
        for (std::size_t i = 0; i < node.size(); ++i) {
          check_plain_number(field, node[i], path + "[" + std::to_string(i) + "]");
        }
        break;
      case Kind::NumberMatrix:
        if (!node.IsSequence()) {
          error(node, path, "found " + describe_node(node) + ", expected a list of rows");
          break;
        }
        for (std::size_t i = 0; i < node.size(); ++i) {
          const std::string row_path = path + "[" + std::to_string(i) + "]";
          if (!node[i].IsSequence()) {
            error(node[i], row_path,
                  "found " + describe_node(node[i]) + ", expected a row (a list of numbers)");
            continue;
          }
          for (std::size_t j = 0; j < node[i].size(); ++j) {
            check_plain_number(field, node[i][j], row_path + "[" + std::to_string(j) + "]");
          }
        }
        break;
      case Kind::Reference:
        if (!node.IsScalar()) {
          error(node, path,
                "found " + describe_node(node) + ", expected the id of one of the " +
                    field.collection);
          break;
        }
        references_.push_back({node, path, field.collection, node.Scalar()});
        break;
    }
  }

  bool check_plain_number(const Field& field, const YAML::Node& node, const std::string& path) {
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
  void check_provenance(const YAML::Node& node, const std::string& path) {
    const bool sourced = node["sourced"].IsDefined(), assumed = node["assumed"].IsDefined();
    if (sourced && assumed) error(node, path, "a value is either sourced or assumed, not both");
    for (const char* note : {"sourced", "assumed"}) {
      if (node[note].IsDefined() && !node[note].IsScalar()) {
        error(node[note], join_path(path, note), "expected a short note (text)");
      }
    }
  }

  void check_number(const Field& field, YAML::Node node, const std::string& path) {
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

  void check_distribution(const Field& field, const YAML::Node& node, const std::string& path) {
    const YAML::Node kind = node["dist"];
    const schema::DistributionForm* form = nullptr;
    std::vector<std::string> names;
    for (const auto& candidate : schema::distribution_forms()) {
      names.push_back(candidate.name);
      if (kind.IsScalar() && kind.Scalar() == candidate.name) form = &candidate;
    }
    if (form == nullptr) {
      std::string message =
          "found " + describe_node(kind) + ", expected a distribution: " + list_text(names);
      const std::string nearest = kind.IsScalar() ? nearest_name(kind.Scalar(), names) : "";
      if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
      error(kind, join_path(path, "dist"), message);
      return;
    }
    std::map<std::string, double> values;
    std::vector<std::string> allowed = form->parameters;
    for (const char* extra : {"dist", "sourced", "assumed", "low", "high"})
      allowed.push_back(extra);
    bool ok = true;
    for (const auto& item : node) {
      const std::string key = scalar::key_of(item.first);
      bool known = false;
      for (const std::string& name : allowed)
        known = known || name == key;
      if (!known) {
        error(item.first, join_path(path, key),
              "unknown key '" + key + "' for dist " + form->name + "; expected " +
                  list_text(form->parameters) + " (and optionally low, high)");
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
    for (const std::string& parameter : form->parameters) {
      if (!values.count(parameter)) {
        error(node, path,
              "missing '" + parameter + "' for dist " + form->name + " (needs " +
                  list_text(form->parameters) + ")");
        ok = false;
      }
    }
    if (!ok) return;
    const std::string& name = form->name;
    const bool bounded = std::isfinite(field.minimum) || std::isfinite(field.maximum);
    auto within = [&](double value) { return value >= field.minimum && value <= field.maximum; };
    auto support_error = [&](const std::string& detail) {
      error(node, path,
            "the distribution's support " + detail + " is not within the field's range " +
                range_text(field));
    };
    if (name == "fixed") {
      if (!within(values["value"])) support_error("{" + format_number(values["value"]) + "}");
    } else if (name == "uniform" || name == "triangular" || name == "pert") {
      const double low = values["low"], high = values["high"];
      const double mode = name == "uniform" ? low : values["mode"];
      if (!(low <= mode && mode <= high) || (name == "pert" && !(low < high))) {
        error(node, path,
              "expected low <= mode <= high (and low < high for pert), found " +
                  format_number(low) + ", " + format_number(mode) + ", " + format_number(high));
      } else if (!within(low) || !within(high)) {
        support_error("[" + format_number(low) + ", " + format_number(high) + "]");
      }
    } else if (name == "normal" || name == "lognormal") {
      const double spread = name == "normal" ? values["sd"] : values["log_sd"];
      if (spread < 0) error(node, path, "the spread (sd or log_sd) must not be negative");
      if (name == "lognormal" && values["median"] <= 0)
        error(node, path, "median must be positive");
      const bool needs_bounds =
          name == "normal" ? bounded : (field.minimum > 0 || std::isfinite(field.maximum));
      const bool has_bounds = values.count("low") && values.count("high");
      if (needs_bounds && !has_bounds) {
        error(node, path,
              "this field's range is " + range_text(field) + ": a " + name +
                  " distribution needs 'low' and 'high' truncation bounds within it");
      } else if (has_bounds && (!(values["low"] < values["high"]) || !within(values["low"]) ||
                                !within(values["high"]))) {
        support_error("[" + format_number(values["low"]) + ", " + format_number(values["high"]) +
                      "]");
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
        support_error("[" + format_number(low) + ", " + format_number(high) + "]");
      }
    }
  }

  // A truncated normal or lognormal is drawn by rejection, so its window must keep a fair share
  // of the probability: at least kMinimumMass, which makes 100,000 tries fail with probability
  // e^-100.
  void check_truncation_mass(const YAML::Node& node, const std::string& path,
                             const std::string& name, std::map<std::string, double>& values) {
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

  void check_integer(const Field& field, const YAML::Node& node, const std::string& path) {
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

  void check_date(const Field& field, const YAML::Node& node, const std::string& path) {
    const auto date = node.IsScalar() ? sim::parse_iso_date(node.Scalar()) : std::nullopt;
    if (!date) {
      error(node, path, "found " + describe_node(node) + ", expected a date YYYY-MM-DD");
      return;
    }
    if (field.within_horizon) dates_.push_back({node, path, *date});
  }

  void check_choice(const std::vector<std::string>& choices, const YAML::Node& node,
                    const std::string& path) {
    if (node.IsScalar()) {
      for (const std::string& choice : choices) {
        if (node.Scalar() == choice) return;
      }
    }
    std::string message =
        "found " + describe_node(node) + ", expected one of: " + list_text(choices);
    const std::string nearest = node.IsScalar() ? nearest_name(node.Scalar(), choices) : "";
    if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
    error(node, path, message);
  }

  void check_map(const Field& field, YAML::Node node, const std::string& path) {
    if (!node.IsMap()) {
      error(node, path,
            "found " + describe_node(node) + ", expected a mapping from ids to " +
                (field.object ? field.object->name + " entries" : std::string("numbers")));
      return;
    }
    check_duplicate_keys(node, path);
    for (auto item : node) {
      const std::string key = scalar::key_of(item.first);
      const std::string child_path = join_path(path, key);
      if (field.object != nullptr) {
        check_object(*field.object, item.second, child_path);
      } else {
        references_.push_back({item.first, child_path, field.collection, key});
        check_number(field, item.second, child_path);
      }
    }
  }

  void check_text_list(const Field& field, const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      error(node, path,
            "found " + describe_node(node) + ", expected a list" +
                (field.collection.empty() ? "" : " of " + field.collection + " ids"));
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!node[i].IsScalar()) {
        error(node[i], item_path, "found " + describe_node(node[i]) + ", expected text");
        continue;
      }
      if (!field.choices.empty()) check_choice(field.choices, node[i], item_path);
      if (!field.collection.empty()) {
        references_.push_back({node[i], item_path, field.collection, node[i].Scalar()});
      }
    }
  }

  // ---- references ----

  std::vector<std::string> ids(const char* key) const {
    std::vector<std::string> result;
    const YAML::Node map = document_.root()[key];
    if (map.IsDefined() && map.IsMap()) {
      for (const auto& item : map)
        result.push_back(scalar::key_of(item.first));
    }
    return result;
  }

  // Ids of rules that effects add, so that later effects may refer to them.
  void collect_added_rules(const YAML::Node& node, std::vector<std::string>& rules) const {
    if (node.IsMap()) {
      const YAML::Node added = node["add_rule"];
      if (added.IsDefined() && added.IsMap() && child(added, "id").IsScalar()) {
        rules.push_back(child(added, "id").Scalar());
      }
      for (const auto& item : node)
        collect_added_rules(item.second, rules);
    } else if (node.IsSequence()) {
      for (const auto& item : node)
        collect_added_rules(item, rules);
    }
  }

  void check_references() {
    std::map<std::string, std::vector<std::string>> collections;
    for (const char* key : {"parties", "providers", "workloads", "routing", "commitments",
                            "investments", "disputes", "reviews"}) {
      collections[key] = ids(key);
    }
    collect_added_rules(document_.root()["disputes"], collections["routing"]);
    collect_added_rules(document_.root()["reviews"], collections["routing"]);
    collections["shock_names"] = collections["workloads"];
    collections["shock_names"].push_back("valuation");
    // Sets, so that checking n references costs n look-ups, not n scans (20,000 references took
    // a second when each scanned its collection).
    std::map<std::string, std::unordered_set<std::string>> defined;
    for (const auto& [name, known] : collections)
      defined[name].insert(known.begin(), known.end());
    for (const PendingReference& reference : references_) {
      if (defined[reference.collection].count(reference.value)) continue;
      const auto& known = collections[reference.collection];
      std::string message = "'" + reference.value + "' is not defined in " +
                            (reference.collection == "shock_names" ? "workloads (or 'valuation')"
                                                                   : reference.collection);
      const std::string nearest = nearest_name(reference.value, known);
      if (!nearest.empty()) {
        message += "; did you mean '" + nearest + "'?";
      } else {
        message += known.empty() ? " (none are defined)" : "; defined: " + list_text(known);
      }
      error(reference.node, reference.path, message);
    }
  }

  // ---- cross-field rules ----

  void check_semantics(const YAML::Node& root) {
    check_horizon_dates(root);
    for (const char* section : {"disputes", "reviews"}) {
      const YAML::Node map = root[section];
      if (!map.IsDefined() || !map.IsMap()) continue;
      for (const auto& item : map) {
        const std::string path = join_path(section, scalar::key_of(item.first));
        const YAML::Node outcomes = child(item.second, "outcomes");
        check_outcome_probabilities(outcomes, join_path(path, "outcomes"));
        const YAML::Node timing =
            child(item.second, std::string(section) == "disputes" ? "filing" : "opening");
        if (timing.IsMap() && child(timing, "never").IsScalar() &&
            child(timing, "never").Scalar() == "false" &&
            !child(timing, "hazard_per_year").IsDefined() &&
            !child(timing, "on_date").IsDefined() && !child(timing, "trigger").IsDefined()) {
          error(timing, path,
                "never: false gives no timing; use never: true or a hazard, date or trigger");
        }
        check_tranche_effects(outcomes, join_path(path, "outcomes"));
      }
    }
    check_correlation(child(root, "correlation"));
    check_commitments(child(root, "commitments"));
    check_stakes(child(root, "equity"));
    check_investments(child(root, "investments"));
  }

  void check_horizon_dates(const YAML::Node& root) {
    const auto start = child(root, "start").IsScalar()
                           ? sim::parse_iso_date(child(root, "start").Scalar())
                           : std::nullopt;
    // Results files store dates as nanoseconds since 1970 (what xarray decodes), which reach
    // from 1677 to 2262: a start within [1900, 2200] keeps the 50-year horizon inside.
    if (start && (start->year < 1900 || start->year > 2200)) {
      error(child(root, "start"), "start",
            "the year " + std::to_string(start->year) +
                " is outside 1900..2200, the range a results file can store with its horizon");
      return;
    }
    const auto years = parse_number(plain(child(root, "horizon_years")));
    if (!start || !years || *years < 1 || *years > 50) return;
    const sim::Date end = sim::add_years(*start, static_cast<int>(*years));
    for (const PendingDate& pending : dates_) {
      if (pending.date > end) {
        error(pending.node, pending.path,
              "date " + sim::to_iso(pending.date) + " is after the horizon's end " +
                  sim::to_iso(end) + " (start + horizon_years)");
      }
    }
  }

  void check_outcome_probabilities(const YAML::Node& outcomes, const std::string& path) {
    if (!outcomes.IsDefined() || !outcomes.IsMap() || outcomes.size() == 0) {
      if (outcomes.IsDefined() && outcomes.IsMap())
        error(outcomes, path, "expected at least one outcome");
      return;
    }
    double total = 0;
    for (const auto& item : outcomes) {
      const YAML::Node probability = child(item.second, "probability");
      if (!probability.IsDefined()) return;  // reported already
      try {
        total += mean_of_number(probability);
      } catch (const std::exception&) {
        return;  // malformed: reported already
      }
    }
    if (std::abs(total - 1.0) > 1e-6) {
      error(outcomes, path,
            "outcome probabilities sum to " + format_number(total) + ", expected 1");
    }
  }

  void check_tranche_effects(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
      const YAML::Node change = child(node, "tranche");
      if (change.IsDefined() && change.IsMap() && child(change, "investment").IsScalar() &&
          child(change, "tranche").IsScalar()) {
        const YAML::Node tranches = child(
            child(child(document_.root(), "investments"), child(change, "investment").Scalar()),
            "tranches");
        if (tranches.IsDefined() && tranches.IsMap() &&
            !tranches[child(change, "tranche").Scalar()].IsDefined()) {
          std::vector<std::string> known;
          for (const auto& item : tranches)
            known.push_back(scalar::key_of(item.first));
          error(child(change, "tranche"), join_path(path, "tranche.tranche"),
                "'" + child(change, "tranche").Scalar() + "' is not a tranche of investment '" +
                    child(change, "investment").Scalar() + "'; defined: " + list_text(known));
        }
      }
      for (const auto& item : node)
        check_tranche_effects(item.second, join_path(path, scalar::key_of(item.first)));
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        check_tranche_effects(node[i], path + "[" + std::to_string(i) + "]");
      }
    }
  }

  void check_correlation(const YAML::Node& correlation) {
    if (!correlation.IsDefined() || !correlation.IsMap()) return;
    const YAML::Node names = child(correlation, "names"), matrix = child(correlation, "matrix");
    if (!names.IsSequence() || !matrix.IsSequence()) return;
    const std::size_t n = names.size();
    std::set<std::string> unique;
    for (const auto& name : names) {
      if (name.IsScalar() && !unique.insert(name.Scalar()).second) {
        error(name, "correlation.names", "'" + name.Scalar() + "' is listed twice");
      }
    }
    if (matrix.size() != n) {
      error(matrix, "correlation.matrix",
            "expected " + std::to_string(n) + " rows (one per name), found " +
                std::to_string(matrix.size()));
      return;
    }
    Eigen::MatrixXd values(n, n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!matrix[i].IsSequence() || matrix[i].size() != n) {
        error(matrix[i], "correlation.matrix[" + std::to_string(i) + "]",
              "expected a row of " + std::to_string(n) + " numbers");
        return;
      }
      for (std::size_t j = 0; j < n; ++j) {
        const auto value = parse_number(matrix[i][j]);
        if (!value) return;  // reported already
        values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = *value;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto ii = static_cast<Eigen::Index>(i);
      if (values(ii, ii) != 1.0) {
        error(matrix[i][i],
              "correlation.matrix[" + std::to_string(i) + "][" + std::to_string(i) + "]",
              "a correlation matrix has 1 on its diagonal, found " + format_number(values(ii, ii)));
      }
      for (std::size_t j = 0; j < i; ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        if (values(ii, jj) != values(jj, ii)) {
          error(matrix[i][j],
                "correlation.matrix[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                "the matrix is not symmetric: " + format_number(values(ii, jj)) + " here, " +
                    format_number(values(jj, ii)) + " at [" + std::to_string(j) + "][" +
                    std::to_string(i) + "]");
        }
      }
    }
    if (Eigen::LLT<Eigen::MatrixXd>(values).info() != Eigen::Success) {
      error(matrix, "correlation.matrix",
            "the matrix is not positive definite, so it is not a valid correlation matrix");
    }
  }

  void check_commitments(const YAML::Node& commitments) {
    if (!commitments.IsDefined() || !commitments.IsMap()) return;
    for (const auto& item : commitments) {
      const std::string path = join_path("commitments", scalar::key_of(item.first));
      const YAML::Node commitment = item.second;
      if (!commitment.IsMap() || !child(commitment, "schedule").IsScalar()) continue;
      const std::string schedule = child(commitment, "schedule").Scalar();
      const YAML::Node minimums = child(commitment, "minimums");
      const auto term = parse_number(plain(child(commitment, "term_years")));
      if (!minimums.IsSequence() || !term) continue;
      if (schedule == "even" && minimums.size() != 0) {
        error(minimums, join_path(path, "minimums"),
              "schedule even spreads the amount evenly; give minimums only with per_year or "
              "cumulative");
      } else if (schedule != "even" && minimums.size() != static_cast<std::size_t>(*term)) {
        error(minimums.size() ? minimums : commitment, join_path(path, "minimums"),
              "schedule " + schedule + " needs one minimum per contract year: expected " +
                  format_number(*term) + ", found " + std::to_string(minimums.size()));
      } else if (schedule == "cumulative") {
        double previous = 0;
        for (std::size_t i = 0; i < minimums.size(); ++i) {
          const auto value = parse_number(minimums[i]);
          if (value && *value < previous) {
            error(minimums[i], join_path(path, "minimums") + "[" + std::to_string(i) + "]",
                  "cumulative minimums must not decrease");
          }
          if (value) previous = *value;
        }
      }
    }
  }

  void check_stakes(const YAML::Node& equity) {
    if (!equity.IsDefined() || !equity.IsMap() || !child(equity, "stakes").IsMap()) return;
    double total = 0;
    for (const auto& item : child(equity, "stakes")) {
      try {
        total += mean_of_number(item.second);
      } catch (const std::exception&) {
        return;
      }
    }
    if (total > 1.0 + 1e-9) {
      error(child(equity, "stakes"), "equity.stakes",
            "stakes sum to " + format_number(total) + ", more than 1");
    }
  }

  void check_investments(const YAML::Node& investments) {
    if (!investments.IsDefined() || !investments.IsMap()) return;
    for (const auto& item : investments) {
      const YAML::Node tranches = child(item.second, "tranches");
      if (!tranches.IsDefined() || !tranches.IsMap()) continue;
      for (const auto& tranche : tranches) {
        const std::string path =
            join_path(join_path(join_path("investments", scalar::key_of(item.first)), "tranches"),
                      scalar::key_of(tranche.first));
        const YAML::Node deadline = child(tranche.second, "deadline");
        if (deadline.IsDefined() && !child(tranche.second, "milestone").IsDefined()) {
          error(deadline, join_path(path, "deadline"),
                "a deadline applies only to a milestone tranche");
        }
      }
    }
  }

  YamlDocument& document_;
  std::vector<Diagnostic> errors_;
  std::vector<PendingReference> references_;
  std::vector<PendingDate> dates_;
};

}  // namespace

std::vector<Diagnostic> validate_structure(YamlDocument& document, const schema::Object& root) {
  return Validator(document).run_structure(root);
}

std::vector<Diagnostic> validate_scenario(YamlDocument& document) {
  return Validator(document).run();
}

double mean_of_number(const YAML::Node& node) {
  if (!node.IsMap() || !child(node, "dist").IsDefined()) return scalar::number_at(node, "a number");
  const std::string kind = scalar::text_at(child(node, "dist"), "dist");
  auto get = [&](const char* key, double fallback = 0) {
    const YAML::Node value = child(node, key);
    return value.IsDefined() ? scalar::number_at(value, key) : fallback;
  };
  if (kind == "fixed") return get("value");
  if (kind == "uniform") return (get("low") + get("high")) / 2;
  if (kind == "triangular") return (get("low") + get("mode") + get("high")) / 3;
  if (kind == "pert") return (get("low") + 4 * get("mode") + get("high")) / 6;
  if (kind == "normal") return get("mean");
  if (kind == "lognormal") return get("median") * std::exp(get("log_sd") * get("log_sd") / 2);
  if (kind == "beta") {
    const double low = get("low", 0), high = get("high", 1);
    return low + (high - low) * get("alpha") / (get("alpha") + get("beta"));
  }
  throw std::invalid_argument("unknown distribution " + kind);
}

}  // namespace models
