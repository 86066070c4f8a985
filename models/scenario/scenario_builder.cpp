// Builds a Scenario from a validated YAML tree (defaults already filled in).
#include <Eigen/Cholesky>
#include <cmath>
#include <filesystem>
#include <map>

#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

int Scenario::party_index(const std::string& id) const {
  for (std::size_t i = 0; i < parties.size(); ++i) {
    if (parties[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// Readings of a validated tree (see scalar.hpp): a failure here is a bug, not bad input.
double real(const YAML::Node& node) {
  return scalar::number_at(node, "a number field");
}
long long count(const YAML::Node& node) {
  return scalar::whole_at(node, "a whole-number field");
}
std::string text(const YAML::Node& node) {
  return scalar::text_at(node, "a text field");
}
bool flag(const YAML::Node& node) {
  return scalar::boolean_at(node, "a true/false field");
}
std::vector<std::string> texts(const YAML::Node& node) {
  std::vector<std::string> result;
  for (const auto& item : node)
    result.push_back(text(item));
  return result;
}
std::vector<double> reals(const YAML::Node& node) {
  std::vector<double> result;
  for (const auto& item : node)
    result.push_back(real(item));
  return result;
}

class Builder {
 public:
  explicit Builder(Scenario& scenario) : scenario_(scenario) {}

  void build(const YAML::Node& root) {
    scenario_.start = sim::parse_iso_date_or_throw(root["start"].Scalar());
    scenario_.timeline = sim::Timeline(scenario_.start);
    scenario_.horizon_years = whole(root["horizon_years"], "horizon_years");
    scenario_.horizon_time =
        scenario_.timeline.time_of(sim::add_years(scenario_.start, scenario_.horizon_years));
    scenario_.months = 12 * scenario_.horizon_years;
    scenario_.seed = static_cast<std::uint64_t>(count(root["seed"]));
    scenario_.replications = static_cast<std::uint64_t>(count(root["replications"]));
    scenario_.discount_rate = number_value(root["discount_rate"]);
    scenario_.description = text(root["description"]);

    index("parties", root, parties_);
    index("providers", root, providers_);
    index("workloads", root, workloads_);
    index("routing", root, rules_);
    index("commitments", root, commitments_);
    index("investments", root, investments_);
    index("disputes", root, disputes_);
    index("reviews", root, reviews_);

    for (const auto& item : root["parties"]) {
      PartySpec party;
      party.id = text(item.first);
      party.name = text(item.second["name"]);
      party.roles = texts(item.second["roles"]);
      scenario_.parties.push_back(party);
    }
    for (const auto& item : root["providers"])
      build_provider(text(item.first), item.second);
    for (const auto& item : root["workloads"])
      build_workload(text(item.first), item.second);
    for (const auto& item : root["routing"]) {
      scenario_.rules.push_back(
          build_rule(text(item.first), item.second, "routing." + text(item.first)));
    }
    // Rules added by effects get indices after the file's rules, before effects refer to them.
    collect_added_rules(root["disputes"], "disputes");
    collect_added_rules(root["reviews"], "reviews");
    for (const auto& item : root["commitments"])
      build_commitment(text(item.first), item.second);
    for (const auto& item : root["investments"])
      build_investment(text(item.first), item.second);
    if (root["equity"].IsDefined()) build_equity(root["equity"]);
    for (const auto& item : root["disputes"]) {
      scenario_.disputes.push_back(build_proceeding(text(item.first), item.second, true));
    }
    for (const auto& item : root["reviews"]) {
      scenario_.reviews.push_back(build_proceeding(text(item.first), item.second, false));
    }
    if (root["correlation"].IsDefined()) build_correlation(root["correlation"]);
  }

 private:
  using Index = std::map<std::string, int>;

  static void index(const char* key, const YAML::Node& root, Index& out) {
    int next = 0;
    for (const auto& item : root[key])
      out[text(item.first)] = next++;
  }

  static double number_value(const YAML::Node& node) { return real(node); }

  double time_of(const YAML::Node& node) const {
    return scenario_.timeline.time_of(sim::parse_iso_date_or_throw(node.Scalar()));
  }

  ParameterId parameter(const YAML::Node& node, const std::string& path) {
    Parameter parameter;
    parameter.path = path;
    if (!node.IsMap()) {
      parameter.a = real(node);
    } else {
      if (node["sourced"].IsDefined()) {
        parameter.provenance = Provenance::Sourced;
        parameter.note = text(node["sourced"]);
      } else if (node["assumed"].IsDefined()) {
        parameter.provenance = Provenance::Assumed;
        parameter.note = text(node["assumed"]);
      }
      if (!node["dist"].IsDefined()) {
        parameter.a = real(node["value"]);
      } else {
        const std::string form = text(node["dist"]);
        auto get = [&](const char* key) { return real(node[key]); };
        if (node["low"].IsDefined()) parameter.low = get("low");
        if (node["high"].IsDefined()) parameter.high = get("high");
        if (form == "fixed") {
          parameter.a = get("value");
        } else if (form == "uniform") {
          parameter.form = Parameter::Form::Uniform;
          parameter.a = get("low");
          parameter.b = get("high");
        } else if (form == "triangular" || form == "pert") {
          parameter.form = form == "pert" ? Parameter::Form::Pert : Parameter::Form::Triangular;
          parameter.a = get("low");
          parameter.b = get("mode");
          parameter.c = get("high");
        } else if (form == "normal") {
          parameter.form = Parameter::Form::Normal;
          parameter.a = get("mean");
          parameter.b = get("sd");
        } else if (form == "lognormal") {
          parameter.form = Parameter::Form::Lognormal;
          parameter.a = get("median");
          parameter.b = get("log_sd");
        } else if (form == "beta") {
          parameter.form = Parameter::Form::Beta;
          parameter.a = get("alpha");
          parameter.b = get("beta");
          if (!node["low"].IsDefined()) parameter.low = 0;
          if (!node["high"].IsDefined()) parameter.high = 1;
        }
      }
    }
    scenario_.parameters.push_back(parameter);
    return static_cast<ParameterId>(scenario_.parameters.size() - 1);
  }

  // A whole number, plain or marked; a marked one is recorded among the parameters so that its
  // provenance is reported with the others.
  int whole(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) return static_cast<int>(count(node));
    parameter(node, path);
    return static_cast<int>(count(node["value"]));
  }

  static int lookup(const Index& index, const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return -1;
    return index.at(text(node));
  }

  std::vector<int> lookup_all(const Index& index, const YAML::Node& node) const {
    std::vector<int> result;
    for (const auto& item : node)
      result.push_back(index.at(text(item)));
    return result;
  }

  void build_provider(const std::string& id, const YAML::Node& node) {
    const std::string path = "providers." + id;
    ProviderSpec provider;
    provider.id = id;
    provider.party = lookup(parties_, node["party"]);
    provider.price = parameter(node["price"], path + ".price");
    provider.relative_cost = parameter(node["relative_cost"], path + ".relative_cost");
    const YAML::Node capacity = node["capacity"];
    provider.gigawatts = text(capacity["unit"]) == "gigawatts";
    provider.initial_capacity = parameter(capacity["initial"], path + ".capacity.initial");
    provider.usd_per_gigawatt_month =
        parameter(capacity["usd_per_gigawatt_month"], path + ".capacity.usd_per_gigawatt_month");
    for (std::size_t i = 0; i < capacity["ramp"].size(); ++i) {
      const YAML::Node point = capacity["ramp"][i];
      provider.ramp.push_back(
          {time_of(point["date"]),
           parameter(point["level"], path + ".capacity.ramp[" + std::to_string(i) + "].level")});
    }
    std::stable_sort(
        provider.ramp.begin(), provider.ramp.end(),
        [](const CapacityPoint& a, const CapacityPoint& b) { return a.time < b.time; });
    scenario_.providers.push_back(provider);
  }

  void build_workload(const std::string& id, const YAML::Node& node) {
    const std::string path = "workloads." + id;
    WorkloadSpec workload;
    workload.id = id;
    workload.payer = lookup(parties_, node["payer"]);
    workload.initial = parameter(node["initial"], path + ".initial");
    workload.growth = parameter(node["growth"], path + ".growth");
    workload.volatility = parameter(node["volatility"], path + ".volatility");
    workload.ceiling = parameter(node["ceiling"], path + ".ceiling");
    workload.stateless_fraction =
        parameter(node["stateless_fraction"], path + ".stateless_fraction");
    workload.start_time = node["start"].IsDefined() ? std::max(0.0, time_of(node["start"])) : 0.0;
    const YAML::Node customers = node["customers"];
    if (customers.IsDefined()) {
      workload.customers.present = true;
      workload.customers.arrivals_per_year =
          parameter(customers["arrivals_per_year"], path + ".customers.arrivals_per_year");
      workload.customers.size_median =
          parameter(customers["size_median"], path + ".customers.size_median");
      workload.customers.size_log_sd =
          parameter(customers["size_log_sd"], path + ".customers.size_log_sd");
      workload.customers.churn_per_year =
          parameter(customers["churn_per_year"], path + ".customers.churn_per_year");
      workload.customers.initial_count =
          whole(customers["initial_count"], path + ".customers.initial_count");
    }
    scenario_.workloads.push_back(workload);
  }

  RuleSpec build_rule(const std::string& id, const YAML::Node& node, const std::string& path) {
    RuleSpec rule;
    rule.id = id;
    rule.workload = lookup(workloads_, node["class"]);
    rule.providers = lookup_all(providers_, node["providers"]);
    rule.kind = node["kind"].IsDefined() ? text(node["kind"]) : "permitted";
    rule.share = parameter(node["share"], path + ".share");
    rule.stateless_share = flag(node["stateless_share"]);
    rule.cheapest_first = node["prefer"].IsDefined() && text(node["prefer"]) == "cheapest";
    rule.active = !node["active"].IsDefined() || flag(node["active"]);
    return rule;
  }

  void collect_added_rules(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
      const YAML::Node added = node["add_rule"];
      if (added.IsDefined() && added.IsMap()) {
        const std::string id = text(added["id"]);
        if (!rules_.count(id)) {
          RuleSpec rule = build_rule(id, added, path + ".add_rule");
          rule.added_by_effect = true;
          rule.active = false;
          rules_[id] = static_cast<int>(scenario_.rules.size());
          scenario_.rules.push_back(rule);
        }
      }
      for (const auto& item : node)
        collect_added_rules(item.second, join_path(path, text(item.first)));
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        collect_added_rules(node[i], path + "[" + std::to_string(i) + "]");
      }
    }
  }

  void build_commitment(const std::string& id, const YAML::Node& node) {
    const std::string path = "commitments." + id;
    CommitmentSpec commitment;
    commitment.id = id;
    commitment.payer = lookup(parties_, node["payer"]);
    commitment.provider = lookup(providers_, node["provider"]);
    commitment.amount = parameter(node["amount"], path + ".amount");
    commitment.start = sim::parse_iso_date_or_throw(node["start"].Scalar());
    commitment.term_years = whole(node["term_years"], path + ".term_years");
    const std::string schedule = text(node["schedule"]);
    commitment.schedule = schedule == "per_year"     ? Schedule::PerYear
                          : schedule == "cumulative" ? Schedule::Cumulative
                                                     : Schedule::Even;
    commitment.minimums = reals(node["minimums"]);
    commitment.prior_spend = number_value(node["prior_spend"]);
    const std::string shortfall = text(node["shortfall"]);
    commitment.shortfall = shortfall == "carry_forward" ? ShortfallTreatment::CarryForward
                           : shortfall == "waiver"      ? ShortfallTreatment::Waiver
                                                        : ShortfallTreatment::TakeOrPay;
    commitment.penalty_fraction = parameter(node["penalty_fraction"], path + ".penalty_fraction");
    const std::vector<int> classes = lookup_all(workloads_, node["classes"]);
    commitment.counts_workload.assign(workloads_.size(), classes.empty());
    for (int w : classes)
      commitment.counts_workload[static_cast<std::size_t>(w)] = true;
    scenario_.commitments.push_back(commitment);
  }

  TimingSpec build_timing(const YAML::Node& node, const std::string& path) {
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
    if (node["earliest"].IsDefined())
      timing.earliest_time = std::max(0.0, time_of(node["earliest"]));
    const YAML::Node conditions = node["conditions"];
    if (conditions.IsDefined()) {
      timing.conditions.no_injunction = flag(conditions["no_injunction"]);
      timing.conditions.no_dispute_pending = flag(conditions["no_dispute_pending"]);
      timing.conditions.no_review_pending = flag(conditions["no_review_pending"]);
      if (conditions["min_cumulative_spend"].IsDefined()) {
        timing.conditions.spend_provider =
            lookup(providers_, conditions["min_cumulative_spend"]["provider"]);
        timing.conditions.spend_amount =
            parameter(conditions["min_cumulative_spend"]["amount"],
                      path + ".conditions.min_cumulative_spend.amount");
      }
    }
    return timing;
  }

  void build_investment(const std::string& id, const YAML::Node& node) {
    const std::string path = "investments." + id;
    InvestmentSpec investment;
    investment.id = id;
    investment.investor = lookup(parties_, node["investor"]);
    investment.recipient = lookup(parties_, node["recipient"]);
    for (const auto& item : node["tranches"]) {
      const std::string tranche_path = path + ".tranches." + text(item.first);
      const YAML::Node spec = item.second;
      TrancheSpec tranche;
      tranche.id = text(item.first);
      tranche.amount = parameter(spec["amount"], tranche_path + ".amount");
      if (spec["on_date"].IsDefined()) {
        tranche.on_date = true;
        tranche.date_time = time_of(spec["on_date"]);
      } else {
        tranche.milestone = build_timing(spec["milestone"], tranche_path + ".milestone");
      }
      if (spec["deadline"].IsDefined()) {
        tranche.has_deadline = true;
        tranche.deadline_time = time_of(spec["deadline"]);
      }
      const std::string on_deadline = text(spec["on_deadline"]);
      tranche.on_deadline = on_deadline == "delay"         ? OnDeadline::Delay
                            : on_deadline == "renegotiate" ? OnDeadline::Renegotiate
                                                           : OnDeadline::Lapse;
      tranche.delay_months = parameter(spec["delay_months"], tranche_path + ".delay_months");
      tranche.renegotiate_fraction =
          parameter(spec["renegotiate_fraction"], tranche_path + ".renegotiate_fraction");
      tranche.equity = flag(spec["equity"]);
      investment.tranches.push_back(tranche);
    }
    scenario_.investments.push_back(investment);
  }

  void build_equity(const YAML::Node& node) {
    EquitySpec& equity = scenario_.equity;
    equity.present = true;
    equity.company = lookup(parties_, node["company"]);
    equity.valuation = parameter(node["valuation"], "equity.valuation");
    equity.drift = parameter(node["drift"], "equity.drift");
    equity.volatility = parameter(node["volatility"], "equity.volatility");
    for (const auto& item : node["stakes"]) {
      const std::string party = text(item.first);
      equity.stakes.emplace_back(parties_.at(party),
                                 parameter(item.second, "equity.stakes." + party));
    }
  }

  // Every number an effect's entry holds is registered as a parameter, also those its action
  // does not use (a waiver's factor): the parameter list, and so every results file, stays the
  // same whatever the actions.
  Effect build_effect(const YAML::Node& node, const std::string& path) {
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

  ProceedingSpec build_proceeding(const std::string& id, const YAML::Node& node, bool dispute) {
    const std::string path = (dispute ? "disputes." : "reviews.") + id;
    ProceedingSpec proceeding;
    proceeding.id = id;
    if (dispute) {
      proceeding.initiator = lookup(parties_, node["claimant"]);
      proceeding.counterparties = lookup_all(parties_, node["respondents"]);
      proceeding.clause_rule = lookup(rules_, node["clause"]);
      proceeding.start_probability =
          parameter(node["file_probability"], path + ".file_probability");
      proceeding.timing = build_timing(node["filing"], path + ".filing");
      for (const auto& item : node["legal_cost_per_month"]) {
        const std::string party = text(item.first);
        proceeding.legal_cost_per_month.emplace_back(
            parties_.at(party), parameter(item.second, path + ".legal_cost_per_month." + party));
      }
    } else {
      proceeding.initiator = lookup(parties_, node["regulator"]);
      proceeding.counterparties = lookup_all(parties_, node["subjects"]);
      proceeding.start_probability =
          parameter(node["open_probability"], path + ".open_probability");
      proceeding.timing = build_timing(node["opening"], path + ".opening");
    }
    proceeding.duration_months = parameter(node["duration_months"], path + ".duration_months");
    for (const auto& item : node["outcomes"]) {
      const std::string outcome_path = path + ".outcomes." + text(item.first);
      OutcomeSpec outcome;
      outcome.id = text(item.first);
      outcome.probability = parameter(item.second["probability"], outcome_path + ".probability");
      for (std::size_t i = 0; i < item.second["effects"].size(); ++i) {
        outcome.effects.push_back(build_effect(
            item.second["effects"][i], outcome_path + ".effects[" + std::to_string(i) + "]"));
      }
      proceeding.outcomes.push_back(outcome);
    }
    return proceeding;
  }

  void build_correlation(const YAML::Node& node) {
    const auto names = texts(node["names"]);
    const auto n = static_cast<Eigen::Index>(names.size());
    Eigen::MatrixXd matrix(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        matrix(i, j) =
            real(node["matrix"][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
      }
    }
    for (const std::string& name : names) {
      scenario_.correlated.push_back(name == "valuation" ? static_cast<int>(workloads_.size())
                                                         : workloads_.at(name));
    }
    scenario_.cholesky = Eigen::LLT<Eigen::MatrixXd>(matrix).matrixL();
  }

  Scenario& scenario_;
  Index parties_, providers_, workloads_, rules_, commitments_, investments_, disputes_, reviews_;
};

// `with_text`: also keep the resolved YAML (for results files); emitting it is costly, and a
// sweep's points do not need it.
Scenario build(YamlDocument& document, const std::string& path, bool with_text = true) {
  std::vector<Diagnostic> problems = validate_scenario(document);
  if (!problems.empty()) throw InputError(std::move(problems));
  Scenario scenario;
  scenario.path = path;
  const YAML::Node root = document.root();
  scenario.name =
      root["name"].IsDefined() ? text(root["name"]) : std::filesystem::path(path).stem().string();
  if (!root["name"].IsDefined()) document.root()["name"] = scenario.name;
  Builder(scenario).build(document.root());
  if (with_text) scenario.resolved_yaml = document.resolved_text();
  return scenario;
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  YamlDocument document = YamlDocument::load(path, overrides);
  return build(document, path);
}

ScenarioTemplate::ScenarioTemplate(const std::string& path)
    : path_(path), base_(std::make_shared<const YamlDocument>(YamlDocument::load(path))) {}

Scenario ScenarioTemplate::instantiate(const std::vector<std::string>& overrides) const {
  YamlDocument document = base_->copy();
  document.apply(overrides);
  return build(document, path_, false);
}

Scenario parse_scenario(const std::string& text, const std::string& name) {
  YamlDocument document = YamlDocument::parse(text, name);
  return build(document, name);
}

}  // namespace models
