// Checks of numbers against their schema field: plain numbers and their range, whole numbers,
// marked values with their provenance, and distributions with their parameters, support and (for
// truncated forms) the probability their window keeps. Internal to models/scenario/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/diagnostics.hpp"
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

  // A plain number within the field's range; false (with an error) otherwise.
  bool check_plain_number(const schema::Field& field, const YAML::Node& node,
                          const std::string& path);
  // A plain number, a marked value or (where the field allows) a distribution.
  void check_number(const schema::Field& field, YAML::Node node, const std::string& path);
  // A whole number within range, plain or marked.
  void check_integer(const schema::Field& field, const YAML::Node& node, const std::string& path);

 private:
  void error(const YAML::Node& node, const std::string& path, std::string message) {
    errors_.push_back(document_.at(node, path, std::move(message)));
  }
  void check_provenance(const YAML::Node& node, const std::string& path);
  const schema::DistributionForm* distribution_form(const YAML::Node& node,
                                                    const std::string& path);
  bool read_distribution_parameters(const schema::DistributionForm& form, const YAML::Node& node,
                                    const std::string& path, std::map<std::string, double>& values);
  void check_distribution_support(const schema::Field& field, const YAML::Node& node,
                                  const std::string& path, const std::string& name,
                                  std::map<std::string, double>& values);
  void check_distribution(const schema::Field& field, const YAML::Node& node,
                          const std::string& path);
  void check_truncation_mass(const YAML::Node& node, const std::string& path,
                             const std::string& name, std::map<std::string, double>& values);

  const YamlDocument& document_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace models
