#include "models/scenario/scalar.hpp"

#include <cstdio>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace models::scalar {

namespace {

constexpr double kLargestExactWhole = 9007199254740992.0;  // 2^53

std::optional<double> yaml_special(const std::string& spelling) {
  std::string rest = spelling;
  double sign = 1;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    sign = rest[0] == '-' ? -1 : 1;
    rest.erase(0, 1);
  }
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF")
    return sign * std::numeric_limits<double>::infinity();
  if (spelling == ".nan" || spelling == ".NaN" || spelling == ".NAN")
    return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

[[noreturn]] void broken(const std::string& path, const char* expected) {
  throw std::logic_error("building from a validated input: '" + path + "' is not " + expected +
                         " (validation should have reported it)");
}

}  // namespace

std::optional<double> number(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  const std::string& spelling = node.Scalar();
  if (spelling.empty()) return std::nullopt;
  if (const auto special = yaml_special(spelling)) return special;
  // strtod, not stod: no exception for out-of-range spellings such as 1e999, which are refused.
  const char* begin = spelling.c_str();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(begin, &end);
  if (end != begin + spelling.size() || errno == ERANGE) return std::nullopt;
  return value;
}

std::optional<double> whole(const YAML::Node& node) {
  const auto value = number(node);
  if (!value || !std::isfinite(*value) || std::floor(*value) != *value ||
      std::abs(*value) > kLargestExactWhole) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> boolean(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  if (node.Scalar() == "true") return true;
  if (node.Scalar() == "false") return false;
  return std::nullopt;
}

std::optional<std::string> text(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

namespace {

YAML::Node child_of(const YAML::Node& node, const std::string& key) {
  // yaml-cpp's const operator[] answers a missing key with an invalid node on which anything but
  // IsDefined() throws; an undefined node answers IsMap() and the rest with false.
  if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node value = node[key];
  return value.IsDefined() ? value : YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node plain_of(const YAML::Node& node) {
  return node.IsDefined() && node.IsMap() ? child_of(node, "value") : node;
}

}  // namespace

double number_at(const YAML::Node& node, const std::string& path) {
  const auto value = number(plain_of(node));
  if (!value) broken(path, "a number");
  return *value;
}

bool boolean_at(const YAML::Node& node, const std::string& path) {
  const auto value = boolean(node);
  if (!value) broken(path, "true or false");
  return *value;
}

std::string text_at(const YAML::Node& node, const std::string& path) {
  const auto value = text(node);
  if (!value) broken(path, "text");
  return *value;
}

std::string exact_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string key_of(const YAML::Node& key) {
  if (!key.IsScalar())
    throw std::logic_error("a mapping key is not text (the tree check missed it)");
  return key.Scalar();
}

}  // namespace models::scalar
