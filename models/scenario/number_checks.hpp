// Reading numbers against their schema field: plain numbers and their range, whole numbers,
// marked values with their provenance, and distributions with their parameters, support and (for
// truncated forms) the probability their window keeps. What reads well becomes a Parameter.
// Internal to models/scenario/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/input_value.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

// "[min, max]" of a field, for messages.
std::string range_text(const schema::Field& field);
// How a node looks, for "found ..." in messages: 'text', a mapping, a list, nothing.
std::string describe_node(const YAML::Node& node);

class NumberChecks {
 public:
  NumberChecks(const YamlDocument& document, std::vector<Diagnostic>& errors)
      : document_(document), errors_(errors) {}

  // A plain number within the field's range, or NaN (with an error).
  double read_plain_number(const schema::Field& field, const YAML::Node& node,
                           const std::string& path);
  // A plain number, a marked value or (where the field allows) a distribution, into
  // `out.number` (its path set) and `out.marked`; `out.valid` false after an error.
  void read_number(const schema::Field& field, const YAML::Node& node, InputValue& out);
  // A whole number within range, plain or marked, into `out.number.a` (and its provenance).
  void read_integer(const schema::Field& field, const YAML::Node& node, InputValue& out);

 private:
  void error(const YAML::Node& node, const std::string& path, std::string message) {
    errors_.push_back(document_.at(node, path, std::move(message)));
  }
  void read_provenance(const YAML::Node& node, const std::string& path, Parameter& out);
  // Reports keys of a marked value other than value, sourced, assumed.
  void check_marked_keys(const YAML::Node& node, const std::string& path, const char* expected);
  const schema::DistributionForm* distribution_form(const YAML::Node& node,
                                                    const std::string& path);
  bool read_distribution_parameters(const schema::DistributionForm& form, const YAML::Node& node,
                                    const std::string& path, std::map<std::string, double>& values);
  void check_distribution_support(const schema::Field& field, const YAML::Node& node,
                                  const std::string& path, const std::string& name,
                                  std::map<std::string, double>& values);
  void read_distribution(const schema::Field& field, const YAML::Node& node,
                         const std::string& path, Parameter& out);
  void check_truncation_mass(const YAML::Node& node, const std::string& path,
                             const std::string& name, std::map<std::string, double>& values);

  const YamlDocument& document_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace models
