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

// The node for a schema default, built directly: parsing a YAML text for every defaulted field
// of every load was a fifth of a sweep's time.
YAML::Node default_node(const std::string& text) {
  if (text == "[]") return YAML::Node(YAML::NodeType::Sequence);
  if (text == "{}") return YAML::Node(YAML::NodeType::Map);
  if (text == "\"\"") return YAML::Node(std::string());
  return YAML::Node(text);
}

// One walk of the YAML tree against the schema: each value is checked as it is converted into an
// InputValue, defaults are filled in (in the tree too, for the resolved text results files keep),
// and references and dates that need the whole file are set aside for the cross checks.
class Reader {
 public:
  explicit Reader(YamlDocument& document) : document_(document), numbers_(document, errors_) {}

  CheckedScenario read_scenario() {
    CheckedScenario result;
    result.input = read_root(schema::scenario());
    CrossChecks(document_, errors_).run(result.input, references_, dates_);
    result.problems = std::move(errors_);
    return result;
  }

  // Structure only (types, keys, ranges, defaults), for inputs other than scenarios.
  std::vector<Diagnostic> read_structure(const Object& object) {
    read_root(object);
    return std::move(errors_);
  }

 private:
  InputValue read_root(const Object& object) {
    InputValue root = begin(Kind::Object, document_.root(), "");
    read_object(object, document_.root(), root);
    return root;
  }

  static InputValue begin(Kind kind, const YAML::Node& node, std::string path) {
    InputValue value;
    value.kind = kind;
    value.path = std::move(path);
    value.mark = node.Mark();
    return value;
  }

  void error(const YAML::Node& node, const std::string& path, std::string message) {
    errors_.push_back(document_.at(node, path, std::move(message)));
  }

  // `out.valid` stays true for a mapping whatever its fields hold: each field carries its own.
  void read_object(const Object& object, YAML::Node node, InputValue& out) {
    const std::string& path = out.path;
    if (!node.IsMap()) {
      error(node, path,
            "found " + describe_node(node) + ", expected a mapping (" + object.name +
                ") with keys: " + list_text(object.keys()));
      out.valid = false;
      return;
    }
    check_keys(object, node, path);
    for (const Field& field : object.fields) {
      YAML::Node child = node[field.key];
      const std::string child_path = join_path(path, field.key);
      if (!child.IsDefined() || child.IsNull()) {
        if (field.required && !object.is_alternative(field.key)) {
          error(node, child_path,
                "missing required field '" + field.key + "' (" + field.meaning + ")");
          continue;
        }
        if (field.default_value.empty()) {
          // An explicit ~ (in the file or from --set) on an optional field means absent: removed,
          // so that the resolved text says the same as if it had never been written.
          if (child.IsDefined()) node.remove(field.key);
          continue;
        }
        if (object.is_alternative(field.key)) {
          // An alternative's default (e.g. never: false) goes into the typed values only: in the
          // resolved text it would sit beside the alternative chosen, which then no longer
          // validates when read again (a results or calibration file's stored scenario).
          child.reset(default_node(field.default_value));
        } else {
          node[field.key] = default_node(field.default_value);
          child = node[field.key];
        }
      }
      InputValue value = begin(field.kind, child, child_path);
      value.field = &field;
      read_field(field, child, value);
      out.entries.push_back({field.key, std::move(value)});
    }
  }

  // Unknown keys (with the nearest known one), exactly-one-of groups and duplicate keys.
  void check_keys(const Object& object, const YAML::Node& node, const std::string& path) {
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

  void read_field(const Field& field, YAML::Node node, InputValue& out) {
    const std::size_t errors_before = errors_.size();
    switch (field.kind) {
      case Kind::Number:
        numbers_.read_number(field, node, out);
        return;
      case Kind::Integer:
        numbers_.read_integer(field, node, out);
        return;
      case Kind::Object:
        read_object(*field.object, node, out);
        return;
      case Kind::MapOf:
        read_map(field, node, out);
        return;
      case Kind::ListOf:
        read_list(field, node, out);
        return;
      case Kind::NumberMatrix:
        read_number_matrix(field, node, out);
        return;
      case Kind::TextList:
        read_text_list(field, node, out);
        return;
      case Kind::NumberList:
        read_number_list(field, node, out);
        return;
      case Kind::Text:
        if (node.IsScalar()) {
          out.text = node.Scalar();
        } else {
          error(node, out.path, "found " + describe_node(node) + ", expected text");
        }
        break;
      case Kind::Date:
        read_date(field, node, out);
        break;
      case Kind::Boolean:
        if (!node.IsScalar() || (node.Scalar() != "true" && node.Scalar() != "false")) {
          error(node, out.path, "found " + describe_node(node) + ", expected true or false");
        }
        out.flag = node.IsScalar() && node.Scalar() == "true";
        break;
      case Kind::Choice:
        read_choice(field.choices, node, out);
        break;
      case Kind::Reference:
        read_reference(field, node, out);
        break;
    }
    out.valid = errors_.size() == errors_before;
  }

  void read_list(const Field& field, const YAML::Node& node, InputValue& out) {
    if (!node.IsSequence()) {
      error(node, out.path,
            "found " + describe_node(node) + ", expected a list of " + field.object->name +
                " entries");
      out.valid = false;
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      InputValue item = begin(Kind::Object, node[i], item_path(out.path, i));
      read_object(*field.object, node[i], item);
      out.items.push_back(std::move(item));
    }
  }

  // Every item keeps its place; one that fails reads as NaN.
  void read_number_list(const Field& field, const YAML::Node& node, InputValue& out) {
    if (!node.IsSequence()) {
      error(node, out.path, "found " + describe_node(node) + ", expected a list of numbers");
      out.valid = false;
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      InputValue item = begin(Kind::Number, node[i], item_path(out.path, i));
      item.number.a = numbers_.read_plain_number(field, node[i], item.path);
      item.valid = !std::isnan(item.number.a);
      out.items.push_back(std::move(item));
    }
  }

  // Rows keep their places: one that is not a list is present, invalid and empty.
  void read_number_matrix(const Field& field, const YAML::Node& node, InputValue& out) {
    if (!node.IsSequence()) {
      error(node, out.path, "found " + describe_node(node) + ", expected a list of rows");
      out.valid = false;
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      InputValue row = begin(Kind::NumberList, node[i], item_path(out.path, i));
      if (!node[i].IsSequence()) {
        error(node[i], row.path,
              "found " + describe_node(node[i]) + ", expected a row (a list of numbers)");
        row.valid = false;
      } else {
        read_number_list(field, node[i], row);
      }
      out.items.push_back(std::move(row));
    }
  }

  // An id, resolved once every collection is known (references_).
  void read_reference(const Field& field, const YAML::Node& node, InputValue& out) {
    if (!node.IsScalar()) {
      error(node, out.path,
            "found " + describe_node(node) + ", expected the id of one of the " + field.collection);
      return;
    }
    out.text = node.Scalar();
    references_.push_back({out.mark, out.path, field.collection, out.text});
  }

  void read_date(const Field& field, const YAML::Node& node, InputValue& out) {
    const auto date = node.IsScalar() ? sim::parse_iso_date(node.Scalar()) : std::nullopt;
    if (!date) {
      error(node, out.path, "found " + describe_node(node) + ", expected a date YYYY-MM-DD");
      return;
    }
    out.text = node.Scalar();
    out.date = *date;
    if (field.within_horizon) dates_.push_back({out.mark, out.path, *date});
  }

  void read_choice(const std::vector<std::string>& choices, const YAML::Node& node,
                   InputValue& out) {
    if (node.IsScalar()) {
      for (const std::string& choice : choices) {
        if (node.Scalar() == choice) {
          out.text = choice;
          return;
        }
      }
    }
    std::string message =
        "found " + describe_node(node) + ", expected one of: " + list_text(choices);
    const std::string nearest = node.IsScalar() ? nearest_name(node.Scalar(), choices) : "";
    if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
    error(node, out.path, message);
  }

  // A map of objects keeps an entry for every id (ids are defined even when an entry is wrong);
  // a map of numbers (object null) has ids of `field.collection` as keys.
  void read_map(const Field& field, YAML::Node node, InputValue& out) {
    if (!node.IsMap()) {
      error(node, out.path,
            "found " + describe_node(node) + ", expected a mapping from ids to " +
                (field.object ? field.object->name + " entries" : std::string("numbers")));
      out.valid = false;
      return;
    }
    check_duplicate_keys(node, out.path);
    for (auto item : node) {
      const std::string key = scalar::key_of(item.first);
      InputValue entry =
          begin(field.object ? Kind::Object : Kind::Number, item.second, join_path(out.path, key));
      if (field.object != nullptr) {
        read_object(*field.object, item.second, entry);
      } else {
        references_.push_back({item.first.Mark(), entry.path, field.collection, key});
        numbers_.read_number(field, item.second, entry);
      }
      out.entries.push_back({key, std::move(entry)});
    }
  }

  void read_text_list(const Field& field, const YAML::Node& node, InputValue& out) {
    if (!node.IsSequence()) {
      error(node, out.path,
            "found " + describe_node(node) + ", expected a list" +
                (field.collection.empty() ? "" : " of " + field.collection + " ids"));
      out.valid = false;
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      InputValue item = begin(Kind::Text, node[i], item_path(out.path, i));
      const std::size_t errors_before = errors_.size();
      if (!node[i].IsScalar()) {
        error(node[i], item.path, "found " + describe_node(node[i]) + ", expected text");
      } else {
        item.text = node[i].Scalar();
        if (!field.choices.empty()) read_choice(field.choices, node[i], item);
        if (!field.collection.empty()) {
          references_.push_back({item.mark, item.path, field.collection, item.text});
        }
      }
      item.valid = errors_.size() == errors_before;
      out.items.push_back(std::move(item));
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
  return Reader(document).read_structure(root);
}

CheckedScenario read_scenario(YamlDocument& document) {
  return Reader(document).read_scenario();
}

std::vector<Diagnostic> validate_scenario(YamlDocument& document) {
  return read_scenario(document).problems;
}

}  // namespace models
