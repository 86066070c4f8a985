// Builds a Scenario from a validated YAML tree (defaults already filled in).
#include <Eigen/Cholesky>
#include <cmath>
#include <filesystem>
#include <map>

#include "models/scenario/scenario_builder.hpp"

#include "models/scenario/added_rules.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

int Scenario::party_index(const std::string& id) const {
  for (std::size_t i = 0; i < parties.size(); ++i) {
    if (parties[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

namespace building {

void Builder::build(const YAML::Node& root) {
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
  add_rules_of_effects(root);
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

void Builder::index(const char* key, const YAML::Node& root, Index& out) {
  int next = 0;
  for (const auto& item : root[key])
    out[text(item.first)] = next++;
}

double Builder::time_of(const YAML::Node& node) const {
  return scenario_.timeline.time_of(sim::parse_iso_date_or_throw(node.Scalar()));
}

ParameterId Builder::parameter(const YAML::Node& node, const std::string& path) {
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

int Builder::whole(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return static_cast<int>(count(node));
  parameter(node, path);
  return static_cast<int>(count(node["value"]));
}

int Builder::lookup(const Index& index, const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return -1;
  return index.at(text(node));
}

std::vector<int> Builder::lookup_all(const Index& index, const YAML::Node& node) const {
  std::vector<int> result;
  for (const auto& item : node)
    result.push_back(index.at(text(item)));
  return result;
}

void Builder::build_provider(const std::string& id, const YAML::Node& node) {
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
  std::stable_sort(provider.ramp.begin(), provider.ramp.end(),
                   [](const CapacityPoint& a, const CapacityPoint& b) { return a.time < b.time; });
  scenario_.providers.push_back(provider);
}

void Builder::build_workload(const std::string& id, const YAML::Node& node) {
  const std::string path = "workloads." + id;
  WorkloadSpec workload;
  workload.id = id;
  workload.payer = lookup(parties_, node["payer"]);
  workload.initial = parameter(node["initial"], path + ".initial");
  workload.growth = parameter(node["growth"], path + ".growth");
  workload.volatility = parameter(node["volatility"], path + ".volatility");
  workload.ceiling = parameter(node["ceiling"], path + ".ceiling");
  workload.stateless_fraction = parameter(node["stateless_fraction"], path + ".stateless_fraction");
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

RuleSpec Builder::build_rule(const std::string& id, const YAML::Node& node,
                             const std::string& path) {
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

void Builder::add_rules_of_effects(const YAML::Node& root) {
  for (const AddedRule& added : find_added_rules(root)) {
    if (rules_.count(added.id)) continue;
    RuleSpec rule = build_rule(added.id, added.node, added.path);
    rule.added_by_effect = true;
    rule.active = false;
    rules_[added.id] = static_cast<int>(scenario_.rules.size());
    scenario_.rules.push_back(rule);
  }
}

void Builder::build_commitment(const std::string& id, const YAML::Node& node) {
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

void Builder::build_investment(const std::string& id, const YAML::Node& node) {
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

void Builder::build_equity(const YAML::Node& node) {
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

void Builder::build_correlation(const YAML::Node& node) {
  const auto names = texts(node["names"]);
  const auto n = static_cast<Eigen::Index>(names.size());
  Eigen::MatrixXd matrix(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      matrix(i, j) = real(node["matrix"][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
    }
  }
  for (const std::string& name : names) {
    scenario_.correlated.push_back(name == "valuation" ? static_cast<int>(workloads_.size())
                                                       : workloads_.at(name));
  }
  scenario_.cholesky = Eigen::LLT<Eigen::MatrixXd>(matrix).matrixL();
}

}  // namespace building

namespace {

using building::Builder;

// `with_text`: also keep the resolved YAML (for results files); emitting it is costly, and a
// sweep's points do not need it.
Scenario build(YamlDocument& document, const std::string& path, bool with_text = true) {
  std::vector<Diagnostic> problems = validate_scenario(document);
  if (!problems.empty()) throw InputError(std::move(problems));
  Scenario scenario;
  scenario.path = path;
  const YAML::Node root = document.root();
  scenario.name = root["name"].IsDefined() ? building::text(root["name"])
                                           : std::filesystem::path(path).stem().string();
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
