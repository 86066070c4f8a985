// What a valid scenario does that its author may not expect: printed by `run` and `validate`
// as notes, never errors (the scenario is run as written).
#pragma once

#include <string>
#include <vector>

#include "models/scenario/scenario.hpp"

namespace models {

// One sentence each, naming the field. Today: a commitment whose contract years run past the
// horizon (its later years are never assessed, so no shortfall or penalty of theirs is in the
// results).
std::vector<std::string> scenario_notes(const Scenario& scenario);

}  // namespace models
