#include "models/scenario/scenario_notes.hpp"

#include "sim/kernel/date.hpp"

namespace models {

std::vector<std::string> scenario_notes(const Scenario& scenario) {
  std::vector<std::string> notes;
  const sim::Date end = sim::add_years(scenario.start, scenario.horizon_years);
  const auto days = [](const sim::Date& date) { return sim::days_from_civil(date); };
  for (const CommitmentSpec& commitment : scenario.commitments) {
    int assessed = 0;  // contract years that end within the run
    while (assessed < commitment.term_years &&
           days(sim::add_years(commitment.start, assessed + 1)) <= days(end))
      ++assessed;
    if (assessed == commitment.term_years) continue;
    int needed = scenario.horizon_years;
    while (days(sim::add_years(scenario.start, needed)) <
           days(sim::add_years(commitment.start, commitment.term_years)))
      ++needed;
    const std::string years = assessed == 0 ? std::string("no contract year is")
                              : assessed + 1 == commitment.term_years
                                  ? "contract year " + std::to_string(commitment.term_years) + " is"
                                  : "contract years " + std::to_string(assessed + 1) + " to " +
                                        std::to_string(commitment.term_years) + " are";
    notes.push_back("commitments." + commitment.id + " runs " +
                    std::to_string(commitment.term_years) + " contract years from " +
                    sim::to_iso(commitment.start) + ", but the run ends on " + sim::to_iso(end) +
                    ": " + years +
                    " never assessed, so no shortfall or penalty of theirs is in the results "
                    "(horizon_years: " +
                    std::to_string(needed) + " would reach its end)");
  }
  return notes;
}

}  // namespace models
