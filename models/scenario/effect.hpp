// What an outcome of a dispute or a regulatory review does, as typed values: the builder resolves
// ids to indices and numbers to ParameterIds once, so nothing compares strings while a
// replication runs. The replication applies an Effect with std::visit (apply_effect in
// models/deal/deal_replication.cpp), so a new alternative does not compile until it is handled
// there and in the metric catalog where it matters. Adding one: its struct here, its schema entry
// (schema_definition.cpp), its building (scenario_builder.cpp), its application, a test.
#pragma once

#include <variant>

#include "models/scenario/parameter.hpp"

namespace models {

namespace effect {

// Suspends routing rule `rule` for `months` months, then lifts the suspension.
struct Injunction {
  int rule = -1;
  ParameterId months = 0;
};
// Suspends, restores or adds (first or last in order) a routing rule, from then on.
struct SuspendRule {
  int rule = -1;
};
struct RestoreRule {
  int rule = -1;
};
struct AddRule {
  int rule = -1;  // a rule declared by the effect, indexed after the file's rules
  bool first = true;
};

enum class PaymentKind { Damages, Settlement, Fine, Other };
// A one-off payment of `amount` (USD billions) from party `from` to party `to`.
struct Payment {
  int from = -1, to = -1;
  ParameterId amount = 0;
  PaymentKind kind = PaymentKind::Other;
};
// From then on, for `months` months, `fraction` of provider `provider`'s billings for class
// `workload` (-1: every class) passes from party `from` to party `to` each month.
struct RevenueShare {
  int from = -1, to = -1, provider = -1, workload = -1;
  ParameterId fraction = 0, months = 0;
};

// A spend commitment waived, its minimums scaled by `factor`, or its term extended by `years`.
struct WaiveCommitment {
  int commitment = -1;
};
struct ScaleCommitment {
  int commitment = -1;
  ParameterId factor = 0;
};
struct ExtendCommitment {
  int commitment = -1;
  int years = 0;
};

// A pending tranche cancelled, its amount scaled by `factor`, or its payment delayed `months`.
struct CancelTranche {
  int investment = -1, tranche = -1;
};
struct ScaleTranche {
  int investment = -1, tranche = -1;
  ParameterId factor = 0;
};
struct DelayTranche {
  int investment = -1, tranche = -1;
  ParameterId months = 0;
};

// Another proceeding ends without an outcome (e.g. a settlement ends a review).
struct EndDispute {
  int dispute = -1;
};
struct EndReview {
  int review = -1;
};

}  // namespace effect

using Effect =
    std::variant<effect::Injunction, effect::SuspendRule, effect::RestoreRule, effect::AddRule,
                 effect::Payment, effect::RevenueShare, effect::WaiveCommitment,
                 effect::ScaleCommitment, effect::ExtendCommitment, effect::CancelTranche,
                 effect::ScaleTranche, effect::DelayTranche, effect::EndDispute, effect::EndReview>;

}  // namespace models
