// Helpers shared by the model tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "models/deal/deal_replication.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace test_support {

inline std::filesystem::path source_dir() {
  return DEALSIM_SOURCE_DIR;
}

// The "# expect: TEXT" lines of an input file: the messages it must give.
inline std::vector<std::string> expectations(const std::filesystem::path& file) {
  std::ifstream stream(file);
  std::vector<std::string> expected;
  std::string line;
  while (std::getline(stream, line)) {
    if (line.rfind("# expect: ", 0) == 0) expected.push_back(line.substr(10));
  }
  return expected;
}

// A sweep parameter drawn uniformly on [low, high], based at the middle.
inline models::SweepParameter uniform(const std::string& path, double low, double high) {
  models::SweepParameter parameter;
  parameter.path = path;
  parameter.kind = models::SweepParameter::Kind::Uniform;
  parameter.low = low;
  parameter.high = high;
  parameter.base = (low + high) / 2;
  return parameter;
}

// Runs replications 0 .. count-1 and returns their results.
inline std::vector<models::ReplicationResult> run(const models::Scenario& scenario,
                                                  std::size_t count, bool keep_ledger = false) {
  const models::MetricCatalog catalog(scenario);
  std::vector<models::ReplicationResult> results;
  models::ReplicationOptions options;
  options.keep_ledger = keep_ledger;
  for (std::size_t i = 0; i < count; ++i)
    results.push_back(models::run_replication(scenario, catalog, i, options));
  return results;
}

inline double metric(const models::Scenario& scenario, const models::ReplicationResult& result,
                     const std::string& name) {
  const models::MetricCatalog catalog(scenario);
  return result.scalars[catalog.scalar_index(name)];
}

// A small valid scenario as text, to which tests append sections.
inline const char* kMinimal = R"(
name: minimal
start: 2026-01-01
horizon_years: 2
parties:
  dev: {name: Developer}
  cloud: {name: Cloud}
  other: {name: Other cloud}
providers:
  main: {party: cloud, price: 1.2, capacity: {initial: .inf}}
  second: {party: other, price: 0.5, capacity: {initial: .inf}}
workloads:
  api: {payer: dev, initial: 2.0}
)";

}  // namespace test_support
