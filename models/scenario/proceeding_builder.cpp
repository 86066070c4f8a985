// Builds disputes and reviews: their filing or opening (hazard, date or trigger, with
// conditions), their outcomes, and each outcome's effects as typed values (effect.hpp).
#include "models/scenario/scenario_builder.hpp"

#include <stdexcept>

namespace models::building {

TimingSpec Builder::build_timing(const YAML::Node& node, const std::string& path) {
  TimingSpec timing;
  if (node["hazard_per_year"].IsDefined()) {
    timing.kind = TimingSpec::Kind::Hazard;
    timing.rate = parameter(node["hazard_per_year"], path + ".hazard_per_year");
    if (node["hazard_growth_per_year"].IsDefined()) {
      timing.has_growth = true;
      timing.growth = parameter(node["hazard_growth_per_year"], path + ".hazard_growth_per_year");
    }
  } else if (node["on_date"].IsDefined()) {
    timing.kind = TimingSpec::Kind::OnDate;
    timing.on_time = time_of(node["on_date"]);
  } else if (node["trigger"].IsDefined()) {
    timing.kind = TimingSpec::Kind::Trigger;
    timing.trigger_provider = lookup(providers_, node["trigger"]["provider"]);
    timing.trigger_workload = lookup(workloads_, node["trigger"]["class"]);
    timing.trigger_above = parameter(node["trigger"]["above"], path + ".trigger.above");
  }
  if (node["earliest"].IsDefined()) timing.earliest_time = std::max(0.0, time_of(node["earliest"]));
  const YAML::Node conditions = node["conditions"];
  if (conditions.IsDefined()) {
    timing.conditions.no_injunction = flag(conditions["no_injunction"]);
    timing.conditions.no_dispute_pending = flag(conditions["no_dispute_pending"]);
    timing.conditions.no_review_pending = flag(conditions["no_review_pending"]);
    if (conditions["min_cumulative_spend"].IsDefined()) {
      timing.conditions.spend_provider =
          lookup(providers_, conditions["min_cumulative_spend"]["provider"]);
      timing.conditions.spend_amount = parameter(conditions["min_cumulative_spend"]["amount"],
                                                 path + ".conditions.min_cumulative_spend.amount");
    }
  }
  return timing;
}

Effect Builder::build_effect(const YAML::Node& node, const std::string& path) {
  if (const YAML::Node e = node["injunction"]; e.IsDefined()) {
    return effect::Injunction{lookup(rules_, e["rule"]),
                              parameter(e["months"], path + ".injunction.months")};
  }
  if (const YAML::Node suspend = node["suspend_rule"]; suspend.IsDefined())
    return effect::SuspendRule{lookup(rules_, suspend["rule"])};
  if (const YAML::Node restore = node["restore_rule"]; restore.IsDefined())
    return effect::RestoreRule{lookup(rules_, restore["rule"])};
  if (const YAML::Node added = node["add_rule"]; added.IsDefined())
    return effect::AddRule{lookup(rules_, added["id"]), text(added["position"]) == "first"};
  if (const YAML::Node payment = node["payment"]; payment.IsDefined()) {
    const std::string kind = text(payment["kind"]);
    effect::Payment result{lookup(parties_, payment["from"]), lookup(parties_, payment["to"]),
                           parameter(payment["amount"], path + ".payment.amount"),
                           effect::PaymentKind::Other};
    result.kind = kind == "damages"      ? effect::PaymentKind::Damages
                  : kind == "settlement" ? effect::PaymentKind::Settlement
                  : kind == "fine"       ? effect::PaymentKind::Fine
                                         : effect::PaymentKind::Other;
    return result;
  }
  if (const YAML::Node share = node["revenue_share"]; share.IsDefined()) {
    effect::RevenueShare result;
    result.from = lookup(parties_, share["from"]);
    result.to = lookup(parties_, share["to"]);
    result.provider = lookup(providers_, share["provider"]);
    result.workload = lookup(workloads_, share["class"]);
    result.fraction = parameter(share["fraction"], path + ".revenue_share.fraction");
    result.months = parameter(share["months"], path + ".revenue_share.months");
    return result;
  }
  if (const YAML::Node change = node["commitment"]; change.IsDefined()) {
    const int commitment = lookup(commitments_, change["id"]);
    const std::string action = text(change["action"]);
    const ParameterId factor = parameter(change["factor"], path + ".commitment.factor");
    const int years = whole(change["years"], path + ".commitment.years");
    if (action == "waive") return effect::WaiveCommitment{commitment};
    if (action == "scale") return effect::ScaleCommitment{commitment, factor};
    return effect::ExtendCommitment{commitment, years};
  }
  if (const YAML::Node tranche = node["tranche"]; tranche.IsDefined()) {
    const int investment = lookup(investments_, tranche["investment"]);
    int index = -1;
    const auto& tranches = scenario_.investments[static_cast<std::size_t>(investment)].tranches;
    for (std::size_t i = 0; i < tranches.size(); ++i) {
      if (tranches[i].id == text(tranche["tranche"])) index = static_cast<int>(i);
    }
    const std::string action = text(tranche["action"]);
    const ParameterId months = parameter(tranche["months"], path + ".tranche.months");
    const ParameterId factor = parameter(tranche["factor"], path + ".tranche.factor");
    if (action == "cancel") return effect::CancelTranche{investment, index};
    if (action == "scale") return effect::ScaleTranche{investment, index, factor};
    return effect::DelayTranche{investment, index, months};
  }
  if (const YAML::Node ended = node["end_dispute"]; ended.IsDefined())
    return effect::EndDispute{lookup(disputes_, ended["dispute"])};
  if (const YAML::Node closed = node["end_review"]; closed.IsDefined())
    return effect::EndReview{lookup(reviews_, closed["review"])};
  throw std::logic_error(path + ": an effect of no known kind passed validation");
}

ProceedingSpec Builder::build_proceeding(const std::string& id, const YAML::Node& node,
                                         bool dispute) {
  const std::string path = (dispute ? "disputes." : "reviews.") + id;
  ProceedingSpec proceeding;
  proceeding.id = id;
  if (dispute) {
    proceeding.initiator = lookup(parties_, node["claimant"]);
    proceeding.counterparties = lookup_all(parties_, node["respondents"]);
    proceeding.clause_rule = lookup(rules_, node["clause"]);
    proceeding.start_probability = parameter(node["file_probability"], path + ".file_probability");
    proceeding.timing = build_timing(node["filing"], path + ".filing");
    for (const auto& item : node["legal_cost_per_month"]) {
      const std::string party = text(item.first);
      proceeding.legal_cost_per_month.emplace_back(
          parties_.at(party), parameter(item.second, path + ".legal_cost_per_month." + party));
    }
  } else {
    proceeding.initiator = lookup(parties_, node["regulator"]);
    proceeding.counterparties = lookup_all(parties_, node["subjects"]);
    proceeding.start_probability = parameter(node["open_probability"], path + ".open_probability");
    proceeding.timing = build_timing(node["opening"], path + ".opening");
  }
  proceeding.duration_months = parameter(node["duration_months"], path + ".duration_months");
  for (const auto& item : node["outcomes"]) {
    const std::string outcome_path = path + ".outcomes." + text(item.first);
    OutcomeSpec outcome;
    outcome.id = text(item.first);
    outcome.probability = parameter(item.second["probability"], outcome_path + ".probability");
    for (std::size_t i = 0; i < item.second["effects"].size(); ++i) {
      outcome.effects.push_back(build_effect(item.second["effects"][i],
                                             outcome_path + ".effects[" + std::to_string(i) + "]"));
    }
    proceeding.outcomes.push_back(outcome);
  }
  return proceeding;
}

}  // namespace models::building
