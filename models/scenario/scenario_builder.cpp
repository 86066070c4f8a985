// Builds a Scenario from its typed values once they are valid (defaults already filled in).
#include <Eigen/Cholesky>
#include <cmath>
#include <filesystem>
#include <map>

#include "models/scenario/scenario_builder.hpp"

#include "models/deal/ledger.hpp"
#include "models/scenario/added_rules.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

namespace building {

namespace {
std::vector<double> reals(const std::vector<InputValue>& items) {
  std::vector<double> result;
  for (const InputValue& item : items)
    result.push_back(item.number.a);
  return result;
}
}  // namespace

void Builder::build(const InputValue& root) {
  scenario_.start = root.at("start").date;
  scenario_.horizon_years = whole(root.at("horizon_years"));
  scenario_.timeline = sim::Timeline(scenario_.start, 12 * scenario_.horizon_years);
  scenario_.horizon_time =
      scenario_.timeline.time_of(sim::add_years(scenario_.start, scenario_.horizon_years));
  scenario_.months = 12 * scenario_.horizon_years;
  scenario_.seed = static_cast<std::uint64_t>(root.at("seed").whole());
  scenario_.replications = static_cast<std::uint64_t>(root.at("replications").whole());
  scenario_.discount_rate = root.at("discount_rate").number.a;
  scenario_.description = root.at("description").text;
  scenario_.allocation =
      root.at("allocation").text == "pro_rata" ? Allocation::ProRata : Allocation::Priority;
  index_collections(root);

  for (const auto& [id, party] : root.entries_of("parties")) {
    PartySpec spec;
    spec.id = id;
    spec.name = party.at("name").text;
    for (const InputValue& role : party.items_of("roles"))
      spec.roles.push_back(role.text);
    scenario_.parties.push_back(spec);
  }
  for (const auto& [id, provider] : root.entries_of("providers"))
    build_provider(id, provider);
  for (const auto& [id, workload] : root.entries_of("workloads"))
    build_workload(id, workload);
  for (const auto& [id, rule] : root.entries_of("routing")) {
    scenario_.rules.push_back(build_rule(id, rule));
    int& priority = scenario_.rules.back().priority;
    if (priority == 0) priority = static_cast<int>(scenario_.rules.size());
  }
  // Rules added by effects get indices after the file's rules, before effects refer to them.
  add_rules_of_effects(root);
  for (const auto& [id, commitment] : root.entries_of("commitments"))
    build_commitment(id, commitment);
  for (const auto& [id, investment] : root.entries_of("investments"))
    build_investment(id, investment);
  for (const auto& [id, share] : root.entries_of("revenue_shares"))
    build_revenue_share(id, share);
  if (const InputValue* equity = root.find("equity")) build_equity(*equity);
  for (const auto& [id, dispute] : root.entries_of("disputes"))
    scenario_.disputes.push_back(build_proceeding(id, dispute, true));
  for (const auto& [id, review] : root.entries_of("reviews"))
    scenario_.reviews.push_back(build_proceeding(id, review, false));
  if (const InputValue* correlation = root.find("correlation")) build_correlation(*correlation);
}

void Builder::index_collections(const InputValue& root) {
  for (const char* collection : {"parties", "providers", "workloads", "routing", "commitments",
                                 "investments", "disputes", "reviews"}) {
    Index& index = collections_[collection];
    for (const auto& entry : root.entries_of(collection))
      index.emplace(entry.key, static_cast<int>(index.size()));
  }
}

ParameterId Builder::parameter(const InputValue& value) {
  const auto [where, added] =
      parameter_of_path_.emplace(value.path, static_cast<ParameterId>(scenario_.parameters.size()));
  if (added) {
    scenario_.parameters.push_back(value.number);
    scenario_.parameters.back().path = value.path;
  }
  return where->second;
}

int Builder::whole(const InputValue& value) {
  if (value.marked) parameter(value);
  return static_cast<int>(value.whole());
}

int Builder::lookup(const InputValue* reference) const {
  if (reference == nullptr) return -1;
  return collections_.find(reference->field->collection)->second.at(reference->text);
}

std::vector<int> Builder::lookup_all(const InputValue* list) const {
  std::vector<int> result;
  if (list == nullptr) return result;
  const Index& index = collections_.find(list->field->collection)->second;
  for (const InputValue& item : list->items)
    result.push_back(index.at(item.text));
  return result;
}

void Builder::build_provider(const std::string& id, const InputValue& provider) {
  ProviderSpec spec;
  spec.id = id;
  spec.party = lookup(provider, "party");
  spec.price = parameter(provider.at("price"));
  spec.unit_cost = parameter(provider.at("unit_cost"));
  const InputValue& capacity = provider.at("capacity");
  spec.gigawatts = capacity.at("unit").text == "gigawatts";
  spec.initial_capacity = parameter(capacity.at("initial"));
  spec.usd_per_gigawatt_month = parameter(capacity.at("usd_per_gigawatt_month"));
  for (const InputValue& point : capacity.items_of("ramp"))
    spec.ramp.push_back({time_of(point.at("date")), parameter(point.at("level"))});
  std::stable_sort(spec.ramp.begin(), spec.ramp.end(),
                   [](const CapacityPoint& a, const CapacityPoint& b) { return a.time < b.time; });
  scenario_.providers.push_back(spec);
}

void Builder::build_workload(const std::string& id, const InputValue& workload) {
  WorkloadSpec spec;
  spec.id = id;
  spec.payer = lookup(workload, "payer");
  spec.initial = parameter(workload.at("initial"));
  spec.growth = parameter(workload.at("growth"));
  spec.volatility = parameter(workload.at("volatility"));
  spec.ceiling = parameter(workload.at("ceiling"));
  spec.stateless_fraction = parameter(workload.at("stateless_fraction"));
  spec.revenue_per_unit = parameter(workload.at("revenue_per_unit"));
  spec.revenue_growth = parameter(workload.at("revenue_growth"));
  const InputValue* start = workload.find("start");
  spec.start_time = start ? std::max(0.0, time_of(*start)) : 0.0;
  if (const InputValue* customers = workload.find("customers")) {
    spec.customers.present = true;
    spec.customers.arrivals_per_year = parameter(customers->at("arrivals_per_year"));
    spec.customers.size_median = parameter(customers->at("size_median"));
    spec.customers.size_log_sd = parameter(customers->at("size_log_sd"));
    spec.customers.churn_per_year = parameter(customers->at("churn_per_year"));
    spec.customers.initial_count = whole(customers->at("initial_count"));
  }
  scenario_.workloads.push_back(spec);
}

RuleSpec Builder::build_rule(const std::string& id, const InputValue& rule) {
  RuleSpec spec;
  spec.id = id;
  spec.workload = lookup(rule, "class");
  spec.providers = lookup_all(rule.find("providers"));
  spec.primary = spec.providers.size();
  for (int provider : lookup_all(rule.find("spill")))
    spec.providers.push_back(provider);
  if (const InputValue* priority = rule.find("priority")) spec.priority = whole(*priority);
  const InputValue* kind = rule.find("kind");
  spec.kind = kind ? kind->text : "permitted";
  spec.share = parameter(rule.at("share"));
  spec.stateless_share = rule.at("stateless_share").flag;
  const InputValue* prefer = rule.find("prefer");
  spec.cheapest_first = prefer && prefer->text == "cheapest";
  const InputValue* active = rule.find("active");
  spec.active = !active || active->flag;
  return spec;
}

void Builder::add_rules_of_effects(const InputValue& root) {
  Index& rules = collections_["routing"];
  for (const AddedRule& added : find_added_rules(root)) {
    if (rules.count(added.id)) continue;
    RuleSpec rule = build_rule(added.id, *added.rule);
    rule.added_by_effect = true;
    rule.active = false;
    rules.emplace(added.id, static_cast<int>(scenario_.rules.size()));
    scenario_.rules.push_back(rule);
  }
}

std::vector<bool> Builder::classes_of(
    const InputValue& owner, const std::function<bool(const WorkloadSpec&)>& by_default) const {
  std::vector<bool> counts;
  const std::vector<int> listed = lookup_all(owner.find("classes"));
  for (const WorkloadSpec& workload : scenario_.workloads)
    counts.push_back(listed.empty() && by_default(workload));
  for (int w : listed)
    counts[static_cast<std::size_t>(w)] = true;
  return counts;
}

void Builder::build_commitment(const std::string& id, const InputValue& commitment) {
  CommitmentSpec spec;
  spec.id = id;
  spec.payer = lookup(commitment, "payer");
  spec.provider = lookup(commitment, "provider");
  spec.amount = parameter(commitment.at("amount"));
  spec.start = commitment.at("start").date;
  spec.term_years = whole(commitment.at("term_years"));
  const std::string& schedule = commitment.at("schedule").text;
  spec.schedule = schedule == "per_year"     ? Schedule::PerYear
                  : schedule == "cumulative" ? Schedule::Cumulative
                                             : Schedule::Even;
  spec.minimums = reals(commitment.items_of("minimums"));
  spec.prior_spend = commitment.at("prior_spend").number.a;
  const std::string& shortfall = commitment.at("shortfall").text;
  spec.shortfall = shortfall == "carry_forward" ? ShortfallTreatment::CarryForward
                   : shortfall == "waiver"      ? ShortfallTreatment::Waiver
                                                : ShortfallTreatment::TakeOrPay;
  spec.penalty_fraction = parameter(commitment.at("penalty_fraction"));
  spec.counts_workload = classes_of(commitment, [](const WorkloadSpec&) { return true; });
  scenario_.commitments.push_back(spec);
}

void Builder::build_investment(const std::string& id, const InputValue& investment) {
  InvestmentSpec spec;
  spec.id = id;
  spec.investor = lookup(investment, "investor");
  spec.recipient = lookup(investment, "recipient");
  for (const auto& [tranche_id, tranche] : investment.entries_of("tranches")) {
    TrancheSpec tranche_spec;
    tranche_spec.id = tranche_id;
    tranche_spec.amount = parameter(tranche.at("amount"));
    if (const InputValue* on_date = tranche.find("on_date")) {
      tranche_spec.on_date = true;
      tranche_spec.date_time = time_of(*on_date);
    } else {
      tranche_spec.milestone = build_timing(tranche.at("milestone"));
    }
    if (const InputValue* deadline = tranche.find("deadline")) {
      tranche_spec.has_deadline = true;
      tranche_spec.deadline_time = time_of(*deadline);
    }
    const std::string& on_deadline = tranche.at("on_deadline").text;
    tranche_spec.on_deadline = on_deadline == "delay"         ? OnDeadline::Delay
                               : on_deadline == "renegotiate" ? OnDeadline::Renegotiate
                                                              : OnDeadline::Lapse;
    tranche_spec.delay_months = parameter(tranche.at("delay_months"));
    tranche_spec.renegotiate_fraction = parameter(tranche.at("renegotiate_fraction"));
    tranche_spec.equity = tranche.at("equity").flag;
    spec.tranches.push_back(tranche_spec);
  }
  scenario_.investments.push_back(spec);
}

void Builder::build_revenue_share(const std::string& id, const InputValue& share) {
  RevenueShareSpec spec;
  spec.id = id;
  spec.from = lookup(share, "from");
  spec.to = lookup(share, "to");
  spec.fraction = parameter(share.at("fraction"));
  spec.counts_workload = classes_of(
      share, [&spec](const WorkloadSpec& workload) { return workload.payer == spec.from; });
  if (const InputValue* ends = share.find("ends")) {
    spec.ends = true;
    spec.end = build_timing(*ends);
  }
  scenario_.revenue_shares.push_back(spec);
}

void Builder::build_equity(const InputValue& equity) {
  EquitySpec& spec = scenario_.equity;
  spec.present = true;
  spec.company = lookup(equity, "company");
  spec.valuation = parameter(equity.at("valuation"));
  spec.drift = parameter(equity.at("drift"));
  spec.volatility = parameter(equity.at("volatility"));
  for (const auto& [party, stake] : equity.entries_of("stakes"))
    spec.stakes.emplace_back(collections_["parties"].at(party), parameter(stake));
}

void Builder::build_correlation(const InputValue& correlation) {
  const std::vector<InputValue>& names = correlation.items_of("names");
  const std::vector<InputValue>& rows = correlation.items_of("matrix");
  const auto n = static_cast<Eigen::Index>(names.size());
  Eigen::MatrixXd matrix(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      matrix(i, j) = rows[static_cast<std::size_t>(i)].items[static_cast<std::size_t>(j)].number.a;
    }
  }
  const Index& workloads = collections_["workloads"];
  for (const InputValue& name : names) {
    scenario_.correlated.push_back(name.text == "valuation" ? static_cast<int>(workloads.size())
                                                            : workloads.at(name.text));
  }
  scenario_.cholesky = Eigen::LLT<Eigen::MatrixXd>(matrix).matrixL();
}

}  // namespace building

namespace {

using building::Builder;

// The keys of the streams each replication opens, made once here (the names are documented in
// README.md under "Reproducibility").
void key_streams(Scenario& scenario) {
  for (Parameter& parameter : scenario.parameters)
    parameter.stream_key = sim::StreamKey("parameter/" + parameter.path);
  for (WorkloadSpec& workload : scenario.workloads) {
    workload.shock_stream = sim::StreamKey("workload/" + workload.id);
    workload.customer_stream = sim::StreamKey("workload/" + workload.id + "/customers");
  }
  for (InvestmentSpec& investment : scenario.investments) {
    for (TrancheSpec& tranche : investment.tranches)
      tranche.milestone_stream = sim::StreamKey("tranche/" + investment.id + "." + tranche.id);
  }
  for (RevenueShareSpec& share : scenario.revenue_shares)
    share.end_stream = sim::StreamKey("revenue_share/" + share.id);
  for (auto [proceedings, prefix] :
       {std::pair{&scenario.disputes, "dispute/"}, std::pair{&scenario.reviews, "review/"}}) {
    for (ProceedingSpec& proceeding : *proceedings) {
      proceeding.stream = sim::StreamKey(prefix + proceeding.id);
      proceeding.outcome_stream = sim::StreamKey(prefix + proceeding.id + "/outcome");
    }
  }
}

void tabulate_discounts(Scenario& scenario) {
  const double log_per_day = discount_log_per_day(scenario.discount_rate);
  scenario.month_discounts.clear();
  for (int month = 0; month <= scenario.months; ++month)
    scenario.month_discounts.push_back(
        discount_factor(log_per_day, scenario.timeline.month_boundary(month)));
}

// `with_text`: also keep the resolved document (for results files), moved from `document`; a
// sweep's points do not need it.
Scenario build(YamlDocument& document, const std::string& path, bool with_text = true) {
  CheckedScenario checked = read_scenario(document);
  if (!checked.problems.empty()) throw InputError(std::move(checked.problems));
  Scenario scenario;
  scenario.path = path;
  const InputValue* name = checked.input.find("name");
  scenario.name = name ? name->text : std::filesystem::path(path).stem().string();
  if (name == nullptr) document.root()["name"] = scenario.name;
  Builder(scenario).build(checked.input);
  key_streams(scenario);
  tabulate_discounts(scenario);
  if (with_text)
    scenario.resolved_document = std::make_shared<const YamlDocument>(std::move(document));
  return scenario;
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  YamlDocument document = YamlDocument::load(path);
  document.apply(overrides, &schema::scenario());
  return build(document, path);
}

ScenarioTemplate::ScenarioTemplate(const std::string& path)
    : path_(path), base_(std::make_shared<const YamlDocument>(YamlDocument::load(path))) {}

Scenario ScenarioTemplate::instantiate(const std::vector<std::string>& overrides) const {
  YamlDocument document = base_->copy();
  document.apply(overrides, &schema::scenario());
  return build(document, path_, false);
}

std::optional<std::string> ScenarioTemplate::rejection(const std::string& path,
                                                       double value) const {
  return rejection({{path, value}});
}

std::optional<std::string> ScenarioTemplate::rejection(
    const std::vector<std::pair<std::string, double>>& values) const {
  std::vector<std::string> overrides;
  for (const auto& [path, value] : values)
    overrides.push_back(path + "=" + scalar::exact_text(value));
  try {
    instantiate(overrides);
  } catch (const InputError& rejected) {
    return rejected.diagnostics().front().message;
  }
  return std::nullopt;
}

Scenario parse_scenario(const std::string& text, const std::string& name) {
  YamlDocument document = YamlDocument::parse(text, name);
  return build(document, name);
}

}  // namespace models
