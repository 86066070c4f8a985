#include "models/scenario/field_path.hpp"

#include <stdexcept>

#include "models/scenario/diagnostics.hpp"

namespace models {

std::vector<PathStep> parse_field_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::size_t at = 0;
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("malformed path '" + path + "': " + why +
                                "; expected keys joined by dots and list items by their "
                                "position, e.g. providers.gcp.capacity.ramp[1].level");
  };
  while (at <= path.size()) {
    const std::size_t end = path.find_first_of(".[", at);
    const std::string key = path.substr(at, end == std::string::npos ? end : end - at);
    if (key.empty()) fail("an empty key");
    if (key.find(']') != std::string::npos) fail("']' without '['");
    steps.push_back({key, false, 0});
    at = end;
    while (at != std::string::npos && at < path.size() && path[at] == '[') {
      const std::size_t close = path.find(']', at);
      if (close == std::string::npos) fail("'[' not closed");
      const std::string digits = path.substr(at + 1, close - at - 1);
      if (digits.empty() || digits.size() > 9 ||
          digits.find_first_not_of("0123456789") != std::string::npos)
        fail("'[" + digits + "]' is not a position (0, 1, 2, ...)");
      steps.push_back({"", true, std::stoul(digits)});
      at = close + 1;
    }
    if (at == std::string::npos || at == path.size()) break;
    if (path[at] != '.') fail("expected '.' or '[' after ']'");
    ++at;
    if (at == path.size()) fail("an empty key");
  }
  return steps;
}

std::string join_steps(const std::vector<PathStep>& steps, std::size_t count) {
  std::string path;
  for (std::size_t i = 0; i < count && i < steps.size(); ++i) {
    if (steps[i].is_index)
      path += "[" + std::to_string(steps[i].position) + "]";
    else
      path += (path.empty() ? "" : ".") + steps[i].key;
  }
  return path;
}

YAML::Node find_at_path(YAML::Node node, const std::string& path) {
  std::vector<PathStep> steps;
  try {
    steps = parse_field_path(path);
  } catch (const std::invalid_argument&) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (const PathStep& step : steps) {
    if (step.is_index) {
      if (!node.IsSequence() || step.position >= node.size())
        return YAML::Node(YAML::NodeType::Undefined);
      node.reset(node[step.position]);
    } else {
      if (!node.IsMap() || !node[step.key].IsDefined())
        return YAML::Node(YAML::NodeType::Undefined);
      node.reset(node[step.key]);
    }
  }
  return node;
}

PathMiss first_missing_key(const YAML::Node& root, const std::string& path) {
  PathMiss miss;
  std::vector<PathStep> steps;
  try {
    steps = parse_field_path(path);
  } catch (const std::invalid_argument&) {
    return miss;
  }
  YAML::Node node = root;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const PathStep& step = steps[i];
    if (step.is_index) {
      if (!node.IsSequence()) return miss;
      if (step.position >= node.size()) {
        miss.list = join_steps(steps, i);
        miss.items = node.size();
        return miss;
      }
      node.reset(node[step.position]);
      continue;
    }
    if (!node.IsMap()) return miss;
    if (!node[step.key].IsDefined()) {
      miss.key = step.key;
      for (const auto& item : node)
        miss.keys.push_back(item.first.as<std::string>());
      return miss;
    }
    node.reset(node[step.key]);
  }
  return miss;
}

std::string not_found_message(const YAML::Node& root, const std::string& path,
                              const std::string& file) {
  try {
    parse_field_path(path);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  const PathMiss miss = first_missing_key(root, path);
  std::string message = "'" + path + "' is not a field of " + file;
  if (!miss.key.empty()) {
    const std::string nearest = nearest_name(miss.key, miss.keys);
    message += ": no '" + miss.key + "'" +
               (nearest.empty() ? "" : "; did you mean '" + nearest + "' at the same level?");
  } else if (!miss.list.empty()) {
    message += ": '" + miss.list + "' has " + std::to_string(miss.items) + " item" +
               (miss.items == 1 ? "" : "s") +
               (miss.items == 0 ? "" : " ([0] to [" + std::to_string(miss.items - 1) + "])");
  } else {
    message += ": a step goes into a value that has no parts";
  }
  return message;
}

}  // namespace models
