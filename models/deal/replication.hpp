// One replication's coordinator, declared for the files that define it (internal to
// models/deal/): deal_replication.cpp (set-up, the monthly step, hazards, commitments),
// replication_tranches.cpp, replication_proceedings.cpp (disputes and reviews),
// replication_effects.cpp (every effect, applied with std::visit) and replication_results.cpp
// (the metrics at the end). The contract is in deal_replication.hpp.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include "models/deal/commitment_tracker.hpp"
#include "models/deal/deal_replication.hpp"
#include "models/deal/equity_book.hpp"
#include "models/deal/hazard_clock.hpp"
#include "models/deal/ledger.hpp"
#include "models/deal/routing_table.hpp"
#include "models/deal/workload_stream.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/simulation.hpp"

namespace models::detail {

inline constexpr double kDaysPerMonth = 365.25 / 12.0;
inline constexpr double kDaysPerYear = 365.25;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr int kAssessPriority = -1;
inline constexpr int kMonthPriority = 0;
inline constexpr int kOccurrencePriority = 1;

struct TrancheState {
  enum class Status { Pending, Paid, Lapsed, Cancelled } status = Status::Pending;
  double amount = 0;
  double blocked_until = 0;
  double deadline = kNaN;
  bool deadline_moved = false;
  std::optional<HazardClock> clock;
  bool milestone_reached = false;
  double paid_time = kNaN;
  double paid_amount = 0;
  sim::EventHandle payment, deadline_event;
};

struct ProceedingState {
  enum class Status { Armed, Never, Pending, Resolved, Mooted } status = Status::Armed;
  std::optional<HazardClock> clock;
  double opened_time = kNaN;
  int outcome = -1;
  double payments = 0, legal_cost = 0;
  sim::EventHandle opening, resolution;
};

struct RevenueShareState {
  int from, to, provider, workload;
  double fraction, end_time;
  std::uint32_t cause;
};

class Replication {
 public:
  Replication(const Scenario& scenario, const MetricCatalog& catalog, std::uint64_t index,
              const ReplicationOptions& options);

  ReplicationResult run();

 private:
  // ---- helpers ----

  double& scalar(std::size_t index) { return result_.scalars[index]; }
  double& series(std::size_t series, std::size_t row, std::size_t step) {
    const SeriesInfo& info = catalog_.series()[series];
    return result_.series[catalog_.series_offset(series) + row * info.steps + step];
  }
  int provider_party(int provider) const {
    return scenario_.providers[static_cast<std::size_t>(provider)].party;
  }
  void event(const std::string& kind, int party, double amount, const std::string& cause) {
    result_.events.push_back({simulation_.now(), kind, party, amount, cause});
  }
  int scenario_year(double time) const {
    const int year = static_cast<int>(scenario_.timeline.month_index_at(time) / 12);
    return std::min(year, scenario_.horizon_years - 1);
  }

  void fill_contract_year_series_with_nan();

  double capacity(const ProviderSpec& provider, double time) const;

  bool conditions_hold(const ConditionsSpec& conditions) const;
  static bool any_pending(const std::vector<ProceedingState>& proceedings);

  HazardClock make_clock(const TimingSpec& timing, sim::RandomStream& stream) const {
    return HazardClock(values_[timing.rate], timing.has_growth ? values_[timing.growth] : 0.0,
                       timing.earliest_time, stream);
  }

  // Runs a hazard over the month [from, to) from its earliest time; the occurrence time or < 0.
  static double run_clock(HazardClock& clock, const TimingSpec& timing, double from, double to) {
    return clock.run(std::max(from, timing.earliest_time), to);
  }

  // ---- months ----

  void schedule_months();

  void advance_shocks();

  void month_step(int month);

  void pay_revenue_shares(double now);

  void pay_legal_costs(double now);

  void check_triggers(double now);

  void run_hazards(double from, double to);

  // ---- commitments ----

  void schedule_assessments();

  void assess(std::size_t c, int year);

  // ---- tranches ----

  void init_tranches();

  void schedule_deadline(std::size_t i, std::size_t t);

  void on_milestone(std::size_t i, std::size_t t);

  void on_deadline(std::size_t i, std::size_t t);

  void pay_now(std::size_t i, std::size_t t);

  void pay(std::size_t i, std::size_t t, double time, double amount, bool dilutes);

  // ---- disputes and reviews ----

  std::vector<ProceedingState>& states(bool dispute) { return dispute ? disputes_ : reviews_; }
  const ProceedingSpec& spec(bool dispute, std::size_t i) const {
    return dispute ? scenario_.disputes[i] : scenario_.reviews[i];
  }
  static std::string label(bool dispute, const std::string& id) {
    return (dispute ? "dispute:" : "review:") + id;
  }

  void init_proceedings(bool dispute);

  void open(bool dispute, std::size_t i);

  void resolve(bool dispute, std::size_t i);

  void end_proceeding(bool dispute, int index, const std::string& cause);

  // ---- effects ----

  // ---- effects (models/scenario/effect.hpp) ----

  // Why an effect applies: the outcome's ledger cause, its label for events, and the dispute
  // whose payments it adds to (none for a review).
  struct Cause {
    std::uint32_t code;
    const std::string& text;
    ProceedingState* dispute;
  };

  void apply(const Effect& effect, std::uint32_t cause, const std::string& cause_text,
             ProceedingState* dispute);

  void apply_effect(const effect::Injunction& injunction, const Cause& why);
  void apply_effect(const effect::SuspendRule& change, const Cause&);
  void apply_effect(const effect::RestoreRule& change, const Cause&);
  void apply_effect(const effect::AddRule& change, const Cause&);

  void apply_effect(const effect::Payment& payment, const Cause& why);

  void apply_effect(const effect::RevenueShare& share, const Cause& why);

  CommitmentTracker& changed_commitment(int index, const char* action, const Cause& why);
  void apply_effect(const effect::WaiveCommitment& change, const Cause& why);
  void apply_effect(const effect::ScaleCommitment& change, const Cause& why);
  void apply_effect(const effect::ExtendCommitment& change, const Cause& why);

  // The tranche an effect changes, with an event; none when it is no longer pending.
  TrancheState* changed_tranche(int investment, int tranche, const char* action, const Cause& why);
  void apply_effect(const effect::CancelTranche& change, const Cause& why);
  void apply_effect(const effect::ScaleTranche& change, const Cause& why);
  void apply_effect(const effect::DelayTranche& change, const Cause& why);

  void apply_effect(const effect::EndDispute& change, const Cause& why);
  void apply_effect(const effect::EndReview& change, const Cause& why);

  const std::string& rule_id(int rule) const {
    return scenario_.rules[static_cast<std::size_t>(rule)].id;
  }

  // ---- results ----

  void finish();

  const Scenario& scenario_;
  const MetricCatalog& catalog_;
  ParameterValues values_;
  sim::RandomStreams streams_;
  int external_;
  sim::Simulation simulation_;
  Ledger ledger_;
  RoutingTable routing_;
  EquityBook equity_;
  sim::RandomStream valuation_stream_;
  std::vector<WorkloadStream> workloads_;
  std::vector<sim::RandomStream> shock_streams_;
  std::vector<double> prices_;
  std::vector<CommitmentTracker> commitments_;
  std::vector<std::vector<TrancheState>> tranches_;
  std::vector<ProceedingState> disputes_, reviews_;
  std::vector<RevenueShareState> revenue_shares_;
  int injunctions_in_force_ = 0;

  // Per-month scratch, kept to avoid reallocation.
  std::vector<double> demand_, stateless_, capacity_, month_spend_, shocks_;
  RoutingResult routed_;

  std::vector<double> cumulative_provider_spend_, demand_totals_, unserved_totals_,
      spend_by_provider_class_, served_value_by_party_;
  ReplicationResult result_;
};

}  // namespace models::detail
