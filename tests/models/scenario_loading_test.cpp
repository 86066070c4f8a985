#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/schema.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

std::string error_text(const std::string& path, const std::vector<std::string>& overrides = {}) {
  try {
    models::load_scenario(path, overrides);
  } catch (const models::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("scenarios: every invalid scenario gives the errors it names", "[scenario]") {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(test_support::source_dir() / "tests/scenarios/invalid")) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 14);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    const std::vector<std::string> expected = test_support::expectations(file);
    REQUIRE_FALSE(expected.empty());
    const std::string text = error_text(file.string());
    INFO(text);
    REQUIRE_FALSE(text.empty());
    for (const std::string& expectation : expected)
      CHECK_THAT(text, Catch::Contains(expectation));
  }
}

TEST_CASE("scenarios: errors are all reported at once", "[scenario]") {
  const std::string text = error_text(
      (test_support::source_dir() / "tests/scenarios/invalid/bad_distribution.yaml").string());
  REQUIRE(std::count(text.begin(), text.end(), '\n') == 4);
}

TEST_CASE("scenarios: every shipped scenario validates", "[scenario]") {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(test_support::source_dir() / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    REQUIRE_NOTHROW(models::load_scenario(entry.path().string()));
    ++count;
  }
  REQUIRE(count >= 7);
}

TEST_CASE("scenarios: --set overrides a field and is checked like the file", "[scenario]") {
  const std::string baseline = (test_support::source_dir() / "scenarios/baseline.yaml").string();
  const models::Scenario scenario = models::load_scenario(
      baseline, {"disputes.azure_exclusivity.file_probability=0.8", "horizon_years=5"});
  REQUIRE(scenario.horizon_years == 5);
  const auto& dispute = scenario.disputes.at(0);
  REQUIRE(scenario.parameters[dispute.start_probability].a == 0.8);

  const std::string bad = error_text(baseline, {"disputes.azure_exclusivity.file_probability=1.8"});
  REQUIRE_THAT(bad, Catch::Contains(
                        "--set disputes.azure_exclusivity.file_probability=1.8: "
                        "disputes.azure_exclusivity.file_probability: value 1.8 is out of range"));
  REQUIRE_THAT(error_text(baseline, {"disputes.azure_exclusivity.file_probabilty=0.5"}),
               Catch::Contains("did you mean 'file_probability'?"));
  REQUIRE_THAT(error_text(baseline, {"horizon_years"}),
               Catch::Contains("expected --set path=value"));
}

TEST_CASE("scenarios: --set reaches list items by position, as outputs name them", "[scenario]") {
  const std::string baseline = (test_support::source_dir() / "scenarios/baseline.yaml").string();
  const models::Scenario scenario =
      models::load_scenario(baseline, {"providers.azure.capacity.ramp[1].level=41.5"});
  const auto azure = std::find_if(scenario.providers.begin(), scenario.providers.end(),
                                  [](const models::ProviderSpec& p) { return p.id == "azure"; });
  REQUIRE(azure != scenario.providers.end());
  REQUIRE(scenario.parameters[azure->ramp.at(1).level].a == 41.5);
  REQUIRE(scenario.parameters[azure->ramp.at(1).level].path ==
          "providers.azure.capacity.ramp[1].level");

  // A position past the end, a list where there is none, a malformed position: each names the
  // --set and what the list holds.
  REQUIRE_THAT(error_text(baseline, {"providers.azure.capacity.ramp[3].level=5"}),
               Catch::Contains("--set providers.azure.capacity.ramp[3].level=5: "
                               "providers.azure.capacity.ramp[3]: position 3 is out of range: "
                               "'providers.azure.capacity.ramp' has 3 items ([0] to [2])"));
  REQUIRE_THAT(error_text(baseline, {"providers.azure.price[0]=5"}),
               Catch::Contains("'providers.azure.price' is not a list, so it has no item [0]"));
  REQUIRE_THAT(error_text(baseline, {"providers.azure.capacity.ramp[one].level=5"}),
               Catch::Contains("'[one]' is not a position (0, 1, 2, ...)"));
}

TEST_CASE("scenarios: a --set with a mistyped map id is reported against the --set", "[scenario]") {
  // Before, the typo made a new entry and four "missing required field" errors in the file.
  const std::string baseline = (test_support::source_dir() / "scenarios/baseline.yaml").string();
  const std::string text = error_text(baseline, {"commitments.coreweave22.amount=70"});
  REQUIRE_THAT(text, Catch::Contains("--set commitments.coreweave22.amount=70: "
                                     "commitments.coreweave22: no spend commitment 'coreweave22' "
                                     "in 'commitments'; did you mean 'coreweave_22'?"));
  REQUIRE(std::count(text.begin(), text.end(), '\n') <= 1);  // one error, nothing else
  REQUIRE_THAT(error_text(baseline, {"providers.azure.capacty.ramp[0].level=5"}),
               Catch::Contains("unknown key 'capacty' in provider; did you mean 'capacity'?"));
  // A whole new entry is still possible (then checked like the file).
  REQUIRE_THAT(error_text(baseline, {"commitments.new_one={provider: azure}"}),
               Catch::Contains("commitments.new_one"));
}

TEST_CASE("scenarios: extends merges maps, replaces values and deletes keys set to null",
          "[scenario]") {
  const models::Scenario child = models::load_scenario(
      (test_support::source_dir() / "scenarios/no_frontier_on_aws.yaml").string());
  REQUIRE(child.investments.empty());
  REQUIRE(child.disputes.empty());
  for (const auto& rule : child.rules)
    REQUIRE(rule.id != "frontier_on_aws");
  // aws_100 removed, aws_38 added; the other three kept.
  REQUIRE(child.commitments.size() == 4);
  for (const auto& commitment : child.commitments)
    REQUIRE(commitment.id != "aws_100");
  REQUIRE(child.commitments.back().id == "aws_38");
  // A replaced list: the AWS ramp loses the 2 GW point of the 27 Feb 2026 deal.
  REQUIRE(child.providers[1].ramp.size() == 1);
  REQUIRE(child.parameters[child.providers[1].ramp[0].level].a == 0.8);
  REQUIRE(child.parameters[child.equity.valuation].a == 680);
  REQUIRE(child.parameters[child.equity.valuation].provenance == models::Provenance::Assumed);
  // Untouched parts come from the base.
  REQUIRE(child.workloads.size() == 5);
  REQUIRE(child.name == "no_frontier_on_aws");
}

TEST_CASE("scenarios: an error in a base file names the base file", "[scenario]") {
  const fs::path folder = fs::temp_directory_path() / "dealsim_extends_test";
  fs::create_directories(folder);
  {
    std::ofstream(folder / "base.yaml")
        << test_support::kMinimal << "routing: {r: {class: api, providers: [main]}}\n"
        << "discount_rate: 7\n";
    std::ofstream(folder / "child.yaml") << "extends: base.yaml\nhorizon_years: 3\n";
  }
  const std::string text = error_text((folder / "child.yaml").string());
  REQUIRE_THAT(text, Catch::Contains("base.yaml:15:16: discount_rate: value 7 is out of range"));
}

TEST_CASE("scenarios: the reference lists every field with unit, default and range", "[scenario]") {
  const std::string reference = models::schema::reference_markdown();
  REQUIRE_THAT(reference, Catch::Contains(
                              "| `stateless_fraction` | number or dist | fraction | 0 | [0, 1] |"));
  REQUIRE_THAT(reference, Catch::Contains("### dispute"));
  REQUIRE_THAT(reference,
               Catch::Contains("Exactly one of: `hazard_per_year` `on_date` `trigger` `never`"));
}

TEST_CASE("scenarios: distributions are drawn once per replication from their own streams",
          "[scenario]") {
  const std::string text = std::string(test_support::kMinimal) +
                           "routing: {r: {class: api, providers: [main]}}\n"
                           "discount_rate: 0.05\n";
  models::Scenario scenario = models::parse_scenario(
      std::string(text) +
      "commitments: {c: {payer: dev, provider: main, amount: {dist: uniform, low: 10, high: 20},"
      " start: 2026-01-01, term_years: 2}}\n");
  const auto& parameter = scenario.parameters[scenario.commitments[0].amount];
  REQUIRE(parameter.is_random());
  const models::ParameterValues first(scenario.parameters, 7, 0), again(scenario.parameters, 7, 0),
      other(scenario.parameters, 7, 1);
  const auto id = scenario.commitments[0].amount;
  REQUIRE(first[id] == again[id]);
  REQUIRE(first[id] != other[id]);
  REQUIRE(first[id] >= 10);
  REQUIRE(first[id] < 20);
}

TEST_CASE("scenarios: a log-uniform input is uniform in its log, with mean (b - a) / ln(b / a)",
          "[scenario]") {
  const models::Scenario scenario = models::parse_scenario(
      std::string(test_support::kMinimal) +
      "  agents: {payer: dev, initial: 1, ceiling: {dist: loguniform, low: 0.1, high: 100}}\n"
      "routing: {r: {class: api, providers: [main]}}\n");
  const auto id = scenario.workloads[1].ceiling;
  const models::Parameter& parameter = scenario.parameters[id];
  REQUIRE(parameter.form == models::Parameter::Form::LogUniform);
  const double mean = (100 - 0.1) / std::log(1000.0);
  REQUIRE(parameter.mean() == Approx(mean).epsilon(1e-12));
  // 20,000 replications: every value inside, a third of them in each decade's span of log
  // [0.1, 1), [1, 10), [10, 100), and the sample mean within 3 standard errors of the exact one.
  const std::size_t count = 20000;
  std::size_t decades[3] = {0, 0, 0};
  double sum = 0, squares = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double value = models::ParameterValues(scenario.parameters, 11, i)[id];
    REQUIRE(value >= 0.1);
    REQUIRE(value < 100);
    ++decades[value < 1 ? 0 : value < 10 ? 1 : 2];
    sum += value;
    squares += value * value;
  }
  const double n = static_cast<double>(count), third = 1.0 / 3.0;
  for (std::size_t decade : decades) {
    REQUIRE(std::abs(static_cast<double>(decade) / n - third) <
            3 * std::sqrt(third * (1 - third) / n));
  }
  const double sample_mean = sum / n, variance = squares / n - sample_mean * sample_mean;
  REQUIRE(std::abs(sample_mean - mean) < 3 * std::sqrt(variance / n));
}
