// Every scenario in scenarios/ runs with a fixed seed and few replications, and its summary is
// compared with tests/golden/<name>.txt. To regenerate on purpose: scripts/regenerate_goldens.sh.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/mc/statistics.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kReplications = 40;

std::string summary_text(const models::Scenario& scenario) {
  const models::MetricCatalog catalog(scenario);
  const auto results = test_support::run(scenario, kReplications);
  std::ostringstream out;
  out << "# " << scenario.name << ": mean, p5, p50, p95 of each metric over " << kReplications
      << " replications, seed " << scenario.seed << "\n";
  std::vector<double> column(results.size());
  for (std::size_t s = 0; s < catalog.scalars().size(); ++s) {
    for (std::size_t i = 0; i < results.size(); ++i)
      column[i] = results[i].scalars[s];
    const sim::SampleSummary summary = sim::summarize(column);
    char line[256];
    std::snprintf(line, sizeof line, "%s %.10g %.10g %.10g %.10g\n",
                  catalog.scalars()[s].name.c_str(), summary.mean, summary.p5, summary.p50,
                  summary.p95);
    out << line;
  }
  return out.str();
}

// Compares numbers with a relative tolerance of 1e-9 (the last printed digit), names exactly.
void compare(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string expected_line, actual_line;
  std::getline(e, expected_line);
  std::getline(a, actual_line);
  REQUIRE(expected_line == actual_line);
  while (std::getline(e, expected_line)) {
    REQUIRE(std::getline(a, actual_line));
    std::istringstream el(expected_line), al(actual_line);
    std::string expected_name, actual_name;
    el >> expected_name;
    al >> actual_name;
    INFO(expected_line << "\n" << actual_line);
    REQUIRE(expected_name == actual_name);
    for (int k = 0; k < 4; ++k) {
      std::string ev, av;
      el >> ev;
      al >> av;
      const double x = std::strtod(ev.c_str(), nullptr), y = std::strtod(av.c_str(), nullptr);
      if (std::isnan(x) || std::isnan(y)) {
        REQUIRE((std::isnan(x) && std::isnan(y)));
      } else {
        REQUIRE(std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x)));
      }
    }
  }
  REQUIRE_FALSE(std::getline(a, actual_line));
}

}  // namespace

TEST_CASE("golden: every scenario's summary matches its golden file", "[golden]") {
  const bool regenerate = std::getenv("DEALSIM_REGENERATE_GOLDENS") != nullptr;
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(test_support::source_dir() / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const models::Scenario scenario = models::load_scenario(entry.path().string());
    const std::string actual = summary_text(scenario);
    const fs::path golden =
        test_support::source_dir() / "tests/golden" / (entry.path().stem().string() + ".txt");
    INFO(golden.string());
    if (regenerate) {
      std::ofstream(golden) << actual;
    } else {
      std::ifstream stream(golden);
      REQUIRE(stream.good());
      std::stringstream expected;
      expected << stream.rdbuf();
      compare(expected.str(), actual);
    }
    ++count;
  }
  REQUIRE(count >= 7);
}
