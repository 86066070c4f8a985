// A validated scenario, resolved to indices: what a replication is built from.
//
// Load with load_scenario(); every id in the file is resolved to an index into the vectors
// below, and every number to a ParameterId (see parameter.hpp). Times are days from `start`.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/effect.hpp"
#include "models/scenario/parameter.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/timeline.hpp"

namespace models {

class YamlDocument;

struct PartySpec {
  std::string id, name;
  std::vector<std::string> roles;
};

struct CapacityPoint {
  double time;  // days
  ParameterId level;
};

struct ProviderSpec {
  std::string id;
  int party = 0;
  ParameterId price = 0, unit_cost = 0;  // USD per USD of reference compute
  bool gigawatts = false;
  ParameterId initial_capacity = 0, usd_per_gigawatt_month = 0;
  std::vector<CapacityPoint> ramp;
};

struct CustomersSpec {
  bool present = false;
  ParameterId arrivals_per_year = 0, size_median = 0, size_log_sd = 0, churn_per_year = 0;
  int initial_count = 0;
};

struct WorkloadSpec {
  std::string id;
  int payer = 0;
  ParameterId initial = 0, growth = 0, volatility = 0, ceiling = 0, stateless_fraction = 0;
  ParameterId revenue_per_unit = 0, revenue_growth = 0;  // payer's revenue per reference USD
  double start_time = 0;                                 // demand is zero before
  CustomersSpec customers;
  sim::StreamKey shock_stream, customer_stream;  // "workload/<id>", "workload/<id>/customers"
};

struct RuleSpec {
  std::string id;
  int workload = 0;
  // The permitted providers, then the providers it may spill to; the first `primary` are the
  // permitted ones.
  std::vector<int> providers;
  std::size_t primary = 0;
  int priority = 0;  // lower is served first; 0: the rule's position in the file
  std::string kind;
  ParameterId share = 0;
  bool stateless_share = false;
  bool cheapest_first = false;
  bool active = true;
  bool added_by_effect = false;  // absent until an add_rule effect places it
};

enum class Schedule { Even, PerYear, Cumulative };
enum class ShortfallTreatment { TakeOrPay, CarryForward, Waiver };

struct CommitmentSpec {
  std::string id;
  int payer = 0, provider = 0;
  ParameterId amount = 0;
  sim::Date start;
  int term_years = 1;
  Schedule schedule = Schedule::Even;
  std::vector<double> minimums;  // per contract year or cumulative, USD B
  double prior_spend = 0;
  ShortfallTreatment shortfall = ShortfallTreatment::TakeOrPay;
  ParameterId penalty_fraction = 0;
  std::vector<bool> counts_workload;  // by workload index
};

struct ConditionsSpec {
  bool no_injunction = false, no_dispute_pending = false, no_review_pending = false;
  int spend_provider = -1;  // -1: no spend condition
  ParameterId spend_amount = 0;
};

// When something random happens: a hazard, a date, a spend trigger, or never.
struct TimingSpec {
  enum class Kind { Hazard, OnDate, Trigger, Never } kind = Kind::Never;
  ParameterId rate = 0, growth = 0;  // hazard per year, its growth per year
  bool has_growth = false;
  double earliest_time = 0;
  double on_time = 0;
  int trigger_provider = -1, trigger_workload = -1;  // workload -1: all classes
  ParameterId trigger_above = 0;
  ConditionsSpec conditions;
};

enum class OnDeadline { Lapse, Delay, Renegotiate };

struct TrancheSpec {
  std::string id;
  ParameterId amount = 0;
  bool on_date = false;
  double date_time = 0;
  TimingSpec milestone;
  bool has_deadline = false;
  double deadline_time = 0;
  OnDeadline on_deadline = OnDeadline::Lapse;
  ParameterId delay_months = 0, renegotiate_fraction = 0;
  bool equity = true;
  sim::StreamKey milestone_stream;  // "tranche/<investment>.<id>"
};

struct InvestmentSpec {
  std::string id;
  int investor = 0, recipient = 0;
  std::vector<TrancheSpec> tranches;
};

// A share of a developer's revenue (on its served compute) paid to another party until an
// event ends it.
struct RevenueShareSpec {
  std::string id;
  int from = 0, to = 0;
  ParameterId fraction = 0;
  std::vector<bool> counts_workload;  // by workload index: classes `from` pays for, or listed
  bool ends = false;
  TimingSpec end;             // a hazard, when `ends`
  sim::StreamKey end_stream;  // "revenue_share/<id>"
};

struct EquitySpec {
  bool present = false;
  int company = 0;
  ParameterId valuation = 0, drift = 0, volatility = 0;
  std::vector<std::pair<int, ParameterId>> stakes;  // party, fraction
};

struct OutcomeSpec {
  std::string id;
  ParameterId probability = 0;
  std::vector<Effect> effects;
};

// A dispute or a regulatory review: both open at a random time, last a random time, and end
// with one outcome.
struct ProceedingSpec {
  std::string id;
  int initiator = 0;                  // claimant or regulator
  std::vector<int> counterparties;    // respondents or subjects
  int clause_rule = -1;               // disputes: the rule in question
  ParameterId start_probability = 0;  // file_probability or open_probability
  TimingSpec timing;
  ParameterId duration_months = 0;
  std::vector<std::pair<int, ParameterId>> legal_cost_per_month;
  std::vector<OutcomeSpec> outcomes;
  // "dispute/<id>" or "review/<id>" (opening and timing), and that with "/outcome".
  sim::StreamKey stream, outcome_stream;
};

// How a provider's capacity is shared when the rules that want it ask for more than it has.
enum class Allocation {
  Priority,  // rules in priority order; equal priorities share pro rata
  ProRata    // every rule in proportion to what it asks for
};

struct Scenario {
  std::string name, description, path;
  // The scenario as it was read, overrides applied and its name filled in, emitted as YAML for
  // results files (their "scenario" attribute). Emitting costs milliseconds, which a run of
  // more than one thread spends on the thread that makes its file, not before its first
  // replication. "" for a sweep's points, which keep no document.
  std::string resolved_yaml() const;
  std::shared_ptr<const YamlDocument> resolved_document;
  sim::Date start;
  int horizon_years = 8;
  std::uint64_t seed = 0;
  std::uint64_t replications = 1000;
  double discount_rate = 0.08;
  Allocation allocation = Allocation::Priority;

  sim::Timeline timeline{sim::Date{}};
  double horizon_time = 0;  // days
  int months = 0;           // 12 * horizon_years
  // The present-value factor at each month boundary 0..months (discount_factor at
  // discount_rate), made once so that replications do not compute it every month. Empty when
  // the scenario was not built by load_scenario (replications then compute each factor).
  std::vector<double> month_discounts;

  std::vector<PartySpec> parties;
  std::vector<ProviderSpec> providers;
  std::vector<WorkloadSpec> workloads;
  std::vector<RuleSpec> rules;  // the file's rules, then rules that effects add
  std::vector<CommitmentSpec> commitments;
  std::vector<InvestmentSpec> investments;
  std::vector<RevenueShareSpec> revenue_shares;
  EquitySpec equity;
  std::vector<ProceedingSpec> disputes, reviews;

  // Shocks: index w < workloads.size() is workload w, index workloads.size() the valuation.
  // `correlated` lists the shock indices named in the correlation matrix, and `cholesky` its
  // lower Cholesky factor.
  std::vector<int> correlated;
  Eigen::MatrixXd cholesky;

  std::vector<Parameter> parameters;
  // The table that Joint parameters are drawn from (run --posterior); null without one.
  std::shared_ptr<const JointDraws> joint;

  int party_index(const std::string& id) const;
};

// A scenario file parsed once, from which variants with different --set overrides are built
// without reading and parsing the file again (the points of a sweep).
class ScenarioTemplate {
 public:
  // Throws InputError if the file cannot be read or parsed.
  explicit ScenarioTemplate(const std::string& path);
  // As load_scenario(path, overrides), without the resolved YAML text. Errors have no line
  // numbers (the copy has none).
  Scenario instantiate(const std::vector<std::string>& overrides) const;
  // The first problem the scenario reports with `path` set to `value` (as `--set`), or nothing
  // when it accepts it.
  std::optional<std::string> rejection(const std::string& path, double value) const;
  // The same with several paths set at once.
  std::optional<std::string> rejection(
      const std::vector<std::pair<std::string, double>>& values) const;

 private:
  std::string path_;
  // Behind a pointer, so that the domain's headers do not pull in yaml-cpp.
  std::shared_ptr<const YamlDocument> base_;
};

// Loads, resolves (extends, --set), validates and builds a scenario. Throws InputError with
// every problem found.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});
// The same from YAML text (for tests); `name` stands for the file in messages.
Scenario parse_scenario(const std::string& text, const std::string& name = "<text>");

}  // namespace models
