#include <cstdio>
#include <iostream>

#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/scenario_notes.hpp"
#include "models/scenario/schema.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

std::string with_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value), text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

namespace {

template <typename Spec>
std::string ids(const std::vector<Spec>& specs) {
  std::string text;
  for (const auto& spec : specs)
    text += (text.empty() ? "" : ", ") + spec.id;
  return text.empty() ? "none" : text;
}

void print_outline(const models::Scenario& scenario, bool list_assumptions) {
  std::printf("ok: %s\n", scenario.path.c_str());
  std::printf("  %s: %s\n", scenario.name.c_str(), scenario.description.c_str());
  std::printf("  start %s, horizon %d years, seed %s, %s replications by default\n",
              sim::to_iso(scenario.start).c_str(), scenario.horizon_years,
              std::to_string(scenario.seed).c_str(), with_thousands(scenario.replications).c_str());
  std::printf("  parties:     %s\n", ids(scenario.parties).c_str());
  std::printf("  providers:   %s\n", ids(scenario.providers).c_str());
  std::printf("  workloads:   %s\n", ids(scenario.workloads).c_str());
  std::printf("  routing:     %s\n", ids(scenario.rules).c_str());
  std::printf("  commitments: %s\n", ids(scenario.commitments).c_str());
  for (const std::string& note : models::scenario_notes(scenario))
    std::printf("  note: %s\n", note.c_str());
  for (const auto& investment : scenario.investments) {
    std::printf("  investment:  %s (%zu tranches: %s)\n", investment.id.c_str(),
                investment.tranches.size(), ids(investment.tranches).c_str());
  }
  std::printf("  disputes:    %s\n", ids(scenario.disputes).c_str());
  std::printf("  reviews:     %s\n", ids(scenario.reviews).c_str());
  std::size_t sourced = 0, assumed = 0, unmarked = 0, random = 0;
  for (const auto& parameter : scenario.parameters) {
    sourced += parameter.provenance == models::Provenance::Sourced;
    assumed += parameter.provenance == models::Provenance::Assumed;
    unmarked += parameter.provenance == models::Provenance::Unmarked;
    random += parameter.is_random();
  }
  std::printf("  inputs:      %zu numbers: %zu sourced, %zu assumed, %zu unmarked (defaults)\n",
              scenario.parameters.size(), sourced, assumed, unmarked);
  std::printf("  drawn per replication (%zu):\n", random);
  for (const auto& parameter : scenario.parameters) {
    if (parameter.is_random()) std::printf("    %s\n", parameter.path.c_str());
  }
  if (!list_assumptions) {
    std::printf("  (every assumed input with its note: dealsim validate %s --assumptions)\n",
                scenario.path.c_str());
    return;
  }
  std::printf("  assumed and unmarked inputs:\n");
  for (const auto& parameter : scenario.parameters) {
    if (parameter.provenance == models::Provenance::Sourced) continue;
    std::printf("    %-9s %-62s %s\n",
                parameter.provenance == models::Provenance::Assumed ? "assumed" : "unmarked",
                parameter.path.c_str(), parameter.note.c_str());
  }
}

}  // namespace

int validate_command(const std::string& scenario, const std::vector<std::string>& overrides,
                     bool list_assumptions) {
  try {
    print_outline(models::load_scenario(scenario, overrides), list_assumptions);
    return kSuccess;
  } catch (const models::InputError& error) {
    return report_input_error(error, scenario);
  }
}

int schema_command() {
  std::fputs(models::schema::reference_markdown().c_str(), stdout);
  return kSuccess;
}

}  // namespace cli
