// One replication of a deal scenario: a value that owns its simulation, random streams and
// state; construct it, run it once, read its result.
//
// Each month boundary (priority 0): demand and valuation advance one month, demand is routed
// to providers under the rules in force, spend is booked in the ledger (dated at the month's
// start), revenue shares and legal costs are paid, spend triggers are checked, and hazards
// (milestones, filings, review openings) run over the month, scheduling their occurrence at the
// exact time they cross their threshold. Contract-year ends (priority -1) assess commitments
// on the spend booked before them. Outcomes change routing, commitments and tranches from
// the moment they land; routing changes take effect at the next month's routing.
#pragma once

#include <cstdint>

#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"

namespace models {

struct ReplicationOptions {
  bool keep_ledger = false;  // keep every ledger entry in the result
};

// Runs replication `replication` of `scenario` and returns its result. Always checks the ledger:
// it balances, and each provider's compute revenue equals the demand it served times its price;
// a violation throws sim::SimulationError. `spent`, an earlier result whose values are no longer
// needed, lends its storage to this one (a loop of replications then allocates no result
// buffers); it has no effect on the values.
ReplicationResult run_replication(const Scenario& scenario, const MetricCatalog& catalog,
                                  std::uint64_t replication, const ReplicationOptions& options = {},
                                  ReplicationResult spent = {});

}  // namespace models
