// YamlDocument::apply: `--set path=value` overrides, walked step by step (keys and list
// positions), with the schema where one is given, so that a typo is reported against the --set
// that made it rather than as missing fields of an entry it created.
#include <stdexcept>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/field_path.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::vector<std::string> keys_of(const YAML::Node& map) {
  std::vector<std::string> keys;
  if (map.IsMap()) {
    for (const auto& item : map)
      keys.push_back(item.first.as<std::string>());
  }
  return keys;
}

// Where a walk is in the schema: inside an object (its fields known), inside a map of ids or a
// list of objects (the next step an id or a position), or past what the schema describes (a
// distribution's parameters, a number list's items): then nothing is checked but the tree.
struct SchemaPlace {
  const schema::Object* object = nullptr;
  const schema::Field* container = nullptr;  // MapOf or ListOf
};

// One override's walk; `problem` names the --set. False with problem.message set when it fails.
class OverrideWalk {
 public:
  OverrideWalk(YAML::Node root, const schema::Object* schema, Diagnostic& problem)
      : node_(root), problem_(problem) {
    place_.object = schema;
  }

  bool set(const std::vector<PathStep>& steps, const YAML::Node& value) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const bool last = i + 1 == steps.size();
      const std::string parent = join_steps(steps, i), here = join_steps(steps, i + 1);
      const bool ok = steps[i].is_index ? index(steps[i].position, parent, here, last, value)
                                        : key(steps[i].key, parent, here, last, value);
      if (!ok) return false;
    }
    return true;
  }

 private:
  bool fail(const std::string& path, std::string message) {
    problem_.path = path;
    problem_.message = std::move(message);
    return false;
  }

  bool index(std::size_t position, const std::string& parent, const std::string& here, bool last,
             const YAML::Node& value) {
    if (!node_.IsSequence())
      return fail(parent, "'" + parent + "' is not a list, so it has no item [" +
                              std::to_string(position) + "]");
    if (position >= node_.size()) {
      return fail(
          here,
          "position " + std::to_string(position) + " is out of range: '" + parent + "' has " +
              std::to_string(node_.size()) + " item" + (node_.size() == 1 ? "" : "s") +
              (node_.size() == 0 ? "" : " ([0] to [" + std::to_string(node_.size() - 1) + "])"));
    }
    const bool objects =
        place_.container != nullptr && place_.container->kind == schema::Kind::ListOf;
    place_ = {objects ? place_.container->object : nullptr, nullptr};
    if (last) {
      node_[position] = value;
      return true;
    }
    node_.reset(node_[position]);
    return true;
  }

  bool key(const std::string& name, const std::string& parent, const std::string& here, bool last,
           const YAML::Node& value) {
    if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
      return fail(parent, "cannot set '" + here + "': '" + parent + "' is not a mapping");
    }
    if (!check_key(name, parent, here, last)) return false;
    if (last) {
      node_[name] = value;
      return true;
    }
    YAML::Node child = node_[name];
    if (!child.IsDefined() || child.IsNull()) {
      node_[name] = YAML::Node(YAML::NodeType::Map);
      child = node_[name];
    }
    node_.reset(child);
    return true;
  }

  // The key against the schema, and the place it leads to.
  bool check_key(const std::string& name, const std::string& parent, const std::string& here,
                 bool last) {
    if (place_.container != nullptr && place_.container->kind == schema::Kind::MapOf) {
      const schema::Object* entry = place_.container->object;
      // A new id is an entry added whole (the last step); below it, a missing id is a typo.
      if (!last && !(node_.IsMap() && node_[name].IsDefined())) {
        const std::vector<std::string> ids = keys_of(node_);
        const std::string nearest = nearest_name(name, ids);
        return fail(here, "no " + (entry != nullptr ? entry->name : std::string("entry")) + " '" +
                              name + "' in '" + parent + "'" +
                              (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") +
                              (ids.empty() ? "" : " (its ids: " + joined(ids) + ")"));
      }
      place_ = {entry, nullptr};
      return true;
    }
    if (place_.object == nullptr) {  // past what the schema describes
      place_ = {};
      return true;
    }
    const schema::Field* field = place_.object->find(name);
    if (field == nullptr) {
      const std::string nearest = nearest_name(name, place_.object->keys());
      return fail(here, "unknown key '" + name + "' in " + place_.object->name +
                            (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") +
                            "; expected one of " + joined(place_.object->keys()));
    }
    switch (field->kind) {
      case schema::Kind::Object:
        place_ = {field->object, nullptr};
        break;
      case schema::Kind::MapOf:
      case schema::Kind::ListOf:
        place_ = {nullptr, field};
        break;
      default:
        place_ = {};
    }
    return true;
  }

  YAML::Node node_;
  Diagnostic& problem_;
  SchemaPlace place_;
};

}  // namespace

void YamlDocument::apply(const std::vector<std::string>& overrides, const schema::Object* schema) {
  std::vector<Diagnostic> problems;
  for (const std::string& assignment : overrides) {
    Diagnostic problem;
    problem.file = "--set " + assignment;
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      problem.message = "expected --set path=value, e.g. --set horizon_years=6";
      problems.push_back(problem);
      continue;
    }
    const std::string target = assignment.substr(0, equals);
    problem.path = target;
    YAML::Node value;
    std::vector<PathStep> steps;
    try {
      steps = parse_field_path(target);
      value = parse_checked_value(assignment.substr(equals + 1), problem.file);
    } catch (const std::invalid_argument& error) {
      problem.message = error.what();
      problems.push_back(problem);
      continue;
    } catch (const YAML::Exception& error) {
      problem.message = "the value is not valid YAML: " + error.msg;
      problems.push_back(problem);
      continue;
    } catch (const InputError& error) {
      problem.message = error.diagnostics().front().message;
      problems.push_back(problem);
      continue;
    }
    if (!OverrideWalk(root_, schema, problem).set(steps, value)) {
      problems.push_back(problem);
      continue;
    }
    sources_.emplace_back(target, "--set " + assignment);
  }
  if (!problems.empty()) throw InputError(problems);
}

}  // namespace models
