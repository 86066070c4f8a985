#include "models/scenario/validator.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "models/scenario/cross_checks.hpp"
#include "models/scenario/number_checks.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/schema.hpp"
#include "sim/kernel/date.hpp"

namespace models {

namespace {

using schema::Field;
using schema::Kind;
using schema::Object;

using scalar::child;

// The node for a schema default, built directly: parsing a YAML text for every defaulted field
// of every load was a fifth of a sweep's time.
YAML::Node default_node(const std::string& text) {
  if (text == "[]") return YAML::Node(YAML::NodeType::Sequence);
  if (text == "{}") return YAML::Node(YAML::NodeType::Map);
  if (text == "\"\"") return YAML::Node(std::string());
  return YAML::Node(text);
}

class Validator {
 public:
  explicit Validator(YamlDocument& document) : document_(document), numbers_(document, errors_) {}

  std::vector<Diagnostic> run() {
    YAML::Node root = document_.root();
    check_object(schema::scenario(), root, "");
    CrossChecks(document_, errors_).run(references_, dates_);
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
        numbers_.check_number(field, node, path);
        break;
      case Kind::Integer:
        numbers_.check_integer(field, node, path);
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
        check_list(field, node, path);
        break;
      case Kind::TextList:
        check_text_list(field, node, path);
        break;
      case Kind::NumberList:
        check_number_list(field, node, path);
        break;
      case Kind::NumberMatrix:
        check_number_matrix(field, node, path);
        break;
      case Kind::Reference:
        check_reference(field, node, path);
        break;
    }
  }

  void check_list(const Field& field, const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      error(node, path,
            "found " + describe_node(node) + ", expected a list of " + field.object->name +
                " entries");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i)
      check_object(*field.object, node[i], path + "[" + std::to_string(i) + "]");
  }

  void check_number_list(const Field& field, const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      error(node, path, "found " + describe_node(node) + ", expected a list of numbers");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i)
      numbers_.check_plain_number(field, node[i], path + "[" + std::to_string(i) + "]");
  }

  void check_number_matrix(const Field& field, const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      error(node, path, "found " + describe_node(node) + ", expected a list of rows");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string row_path = path + "[" + std::to_string(i) + "]";
      if (!node[i].IsSequence()) {
        error(node[i], row_path,
              "found " + describe_node(node[i]) + ", expected a row (a list of numbers)");
        continue;
      }
      for (std::size_t j = 0; j < node[i].size(); ++j)
        numbers_.check_plain_number(field, node[i][j], row_path + "[" + std::to_string(j) + "]");
    }
  }

  // An id, resolved once every collection is known (references_).
  void check_reference(const Field& field, const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      error(node, path,
            "found " + describe_node(node) + ", expected the id of one of the " + field.collection);
      return;
    }
    references_.push_back({node, path, field.collection, node.Scalar()});
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
        numbers_.check_number(field, item.second, child_path);
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

  YamlDocument& document_;
  std::vector<Diagnostic> errors_;
  NumberChecks numbers_;
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
