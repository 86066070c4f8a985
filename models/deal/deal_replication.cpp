#include "models/deal/deal_replication.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "models/deal/commitment_tracker.hpp"
#include "models/deal/equity_book.hpp"
#include "models/deal/hazard_clock.hpp"
#include "models/deal/ledger.hpp"
#include "models/deal/routing_table.hpp"
#include "models/deal/workload_stream.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/simulation.hpp"

namespace models {

namespace {

constexpr double kDaysPerMonth = 365.25 / 12.0;
constexpr double kDaysPerYear = 365.25;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kAssessPriority = -1;
constexpr int kMonthPriority = 0;
constexpr int kOccurrencePriority = 1;

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
              const ReplicationOptions& options)
      : scenario_(scenario),
        catalog_(catalog),
        values_(scenario.parameters, scenario.seed, index),
        streams_(scenario.seed, index),
        external_(static_cast<int>(scenario.parties.size())),
        ledger_(scenario.parties.size() + 1, options.keep_ledger),
        routing_(scenario, values_),
        equity_(scenario.equity, scenario.parties.size() + 1, values_),
        valuation_stream_(streams_.stream("valuation")) {
    ledger_.set_discount_rate(scenario.discount_rate);
    result_.scalars.assign(catalog.scalars().size(), 0.0);
    result_.series.assign(catalog.series_values(), 0.0);
    for (const auto& workload : scenario.workloads) {
      workloads_.emplace_back(workload, values_,
                              streams_.stream("workload/" + workload.id + "/customers"));
      shock_streams_.push_back(streams_.stream("workload/" + workload.id));
    }
    for (const auto& provider : scenario.providers)
      prices_.push_back(values_[provider.price]);
    for (const auto& commitment : scenario.commitments)
      commitments_.emplace_back(commitment, scenario, values_);
    cumulative_provider_spend_.assign(scenario.providers.size(), 0.0);
    demand_totals_.assign(scenario.workloads.size(), 0.0);
    unserved_totals_.assign(scenario.workloads.size(), 0.0);
    spend_by_provider_class_.assign(scenario.providers.size() * scenario.workloads.size(), 0.0);
    served_value_by_party_.assign(scenario.parties.size() + 1, 0.0);
    fill_contract_year_series_with_nan();
  }

  ReplicationResult run() {
    schedule_months();
    schedule_assessments();
    init_tranches();
    init_proceedings(true);
    init_proceedings(false);
    simulation_.run_until(scenario_.horizon_time);
    finish();
    return std::move(result_);
  }

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

  void fill_contract_year_series_with_nan() {
    for (std::size_t s : {catalog_.contract_year_spend, catalog_.contract_year_shortfall,
                          catalog_.contract_year_penalty}) {
      const std::size_t offset = catalog_.series_offset(s);
      std::fill(result_.series.begin() + static_cast<std::ptrdiff_t>(offset),
                result_.series.begin() +
                    static_cast<std::ptrdiff_t>(offset + catalog_.series()[s].size()),
                kNaN);
    }
  }

  double capacity(const ProviderSpec& provider, double time) const {
    const double scale = provider.gigawatts ? values_[provider.usd_per_gigawatt_month] : 1.0;
    double previous_time = 0, previous_level = values_[provider.initial_capacity];
    for (const CapacityPoint& point : provider.ramp) {
      const double level = values_[point.level];
      if (time < point.time) {
        if (std::isinf(level) || std::isinf(previous_level) || point.time <= previous_time) {
          return scale * previous_level;
        }
        const double weight = (time - previous_time) / (point.time - previous_time);
        return scale * (previous_level + weight * (level - previous_level));
      }
      previous_time = point.time;
      previous_level = level;
    }
    return scale * previous_level;
  }

  bool conditions_hold(const ConditionsSpec& conditions) const {
    if (conditions.no_injunction && injunctions_in_force_ > 0) return false;
    if (conditions.no_dispute_pending && any_pending(disputes_)) return false;
    if (conditions.no_review_pending && any_pending(reviews_)) return false;
    if (conditions.spend_provider >= 0 &&
        cumulative_provider_spend_[static_cast<std::size_t>(conditions.spend_provider)] <=
            values_[conditions.spend_amount]) {
      return false;
    }
    return true;
  }
  static bool any_pending(const std::vector<ProceedingState>& proceedings) {
    for (const auto& proceeding : proceedings) {
      if (proceeding.status == ProceedingState::Status::Pending) return true;
    }
    return false;
  }

  HazardClock make_clock(const TimingSpec& timing, sim::RandomStream& stream) const {
    return HazardClock(values_[timing.rate], timing.has_growth ? values_[timing.growth] : 0.0,
                       timing.earliest_time, stream);
  }

  // Runs a hazard over the month [from, to) from its earliest time; the occurrence time or < 0.
  static double run_clock(HazardClock& clock, const TimingSpec& timing, double from, double to) {
    return clock.run(std::max(from, timing.earliest_time), to);
  }

  // ---- months ----

  void schedule_months() {
    simulation_.repeat(
        [this](int k) {
          return k < scenario_.months ? scenario_.timeline.month_boundary(k) : HUGE_VAL;
        },
        [this](int month) { month_step(month); }, kMonthPriority);
  }

  void advance_shocks() {
    const std::size_t count = scenario_.workloads.size();
    shocks_.resize(count + 1);
    for (std::size_t w = 0; w < count; ++w)
      shocks_[w] = shock_streams_[w].normal(0, 1);
    shocks_[count] = valuation_stream_.normal(0, 1);
    if (!scenario_.correlated.empty()) {
      const auto n = static_cast<Eigen::Index>(scenario_.correlated.size());
      Eigen::VectorXd independent(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        independent(i) =
            shocks_[static_cast<std::size_t>(scenario_.correlated[static_cast<std::size_t>(i)])];
      }
      const Eigen::VectorXd correlated = scenario_.cholesky * independent;
      for (Eigen::Index i = 0; i < n; ++i) {
        shocks_[static_cast<std::size_t>(scenario_.correlated[static_cast<std::size_t>(i)])] =
            correlated(i);
      }
    }
    for (std::size_t w = 0; w < count; ++w)
      workloads_[w].advance_month(shocks_[w]);
    equity_.advance_month(shocks_[count]);
  }

  void month_step(int month) {
    const double now = simulation_.now();
    const auto m = static_cast<std::size_t>(month);
    if (month > 0) advance_shocks();
    const std::size_t workload_count = scenario_.workloads.size();
    const std::size_t provider_count = scenario_.providers.size();
    demand_.resize(workload_count);
    stateless_.resize(workload_count);
    for (std::size_t w = 0; w < workload_count; ++w) {
      demand_[w] = workloads_[w].demand(now);
      stateless_[w] = workloads_[w].stateless_fraction();
      demand_totals_[w] += demand_[w];
      series(catalog_.monthly_demand, w, m) = demand_[w];
    }
    capacity_.resize(provider_count);
    for (std::size_t p = 0; p < provider_count; ++p)
      capacity_[p] = capacity(scenario_.providers[p], now);
    routing_.route(demand_, capacity_, stateless_, prices_, routed_);

    // Book spend: one ledger entry per rule and provider that served.
    month_spend_.assign(provider_count * workload_count, 0.0);
    const int year = scenario_year(now);
    for (std::size_t r = 0; r < scenario_.rules.size(); ++r) {
      const RuleSpec& rule = scenario_.rules[r];
      const auto w = static_cast<std::size_t>(rule.workload);
      const int payer = scenario_.workloads[w].payer;
      for (std::size_t k = 0; k < rule.providers.size(); ++k) {
        const double served = routed_.served[r][k];
        if (served <= 0) continue;
        const int provider = rule.providers[k];
        const auto p = static_cast<std::size_t>(provider);
        const double amount = served * prices_[p];
        ledger_.record(now, payer, provider_party(provider), amount, FlowKind::ComputeSpend,
                       catalog_.routing_cause(static_cast<int>(r), k));
        served_value_by_party_[static_cast<std::size_t>(provider_party(provider))] += amount;
        month_spend_[p * workload_count + w] += amount;
        for (auto& commitment : commitments_)
          commitment.add_spend(now, payer, provider, rule.workload, amount);
      }
    }
    for (std::size_t p = 0; p < provider_count; ++p) {
      double provider_total = 0;
      for (std::size_t w = 0; w < workload_count; ++w) {
        const double amount = month_spend_[p * workload_count + w];
        provider_total += amount;
        spend_by_provider_class_[p * workload_count + w] += amount;
        series(catalog_.yearly_spend_by_class, w, static_cast<std::size_t>(year)) += amount;
      }
      cumulative_provider_spend_[p] += provider_total;
      series(catalog_.monthly_spend, p, m) = provider_total;
      series(catalog_.yearly_spend_by_provider, p, static_cast<std::size_t>(year)) +=
          provider_total;
    }
    for (std::size_t w = 0; w < workload_count; ++w) {
      unserved_totals_[w] += routed_.unserved[w];
      series(catalog_.yearly_unserved, w, static_cast<std::size_t>(year)) += routed_.unserved[w];
    }
    for (std::size_t c = 0; c < commitments_.size(); ++c) {
      series(catalog_.monthly_commitment_progress, c, m) = commitments_[c].cumulative_spend();
    }
    series(catalog_.monthly_valuation, 0, m) = equity_.present() ? equity_.valuation() : kNaN;

    pay_revenue_shares(now);
    pay_legal_costs(now);
    check_triggers(now);
    run_hazards(now, scenario_.timeline.month_boundary(month + 1));
  }

  void pay_revenue_shares(double now) {
    const std::size_t workload_count = scenario_.workloads.size();
    for (const RevenueShareState& share : revenue_shares_) {
      if (now >= share.end_time) continue;
      double revenue = 0;
      const auto p = static_cast<std::size_t>(share.provider);
      for (std::size_t w = 0; w < workload_count; ++w) {
        if (share.workload < 0 || static_cast<std::size_t>(share.workload) == w) {
          revenue += month_spend_[p * workload_count + w];
        }
      }
      ledger_.record(now, share.from, share.to, share.fraction * revenue, FlowKind::RevenueShare,
                     share.cause);
    }
  }

  void pay_legal_costs(double now) {
    for (std::size_t d = 0; d < disputes_.size(); ++d) {
      if (disputes_[d].status != ProceedingState::Status::Pending) continue;
      for (const auto& [party, cost] : scenario_.disputes[d].legal_cost_per_month) {
        const double amount = values_[cost];
        ledger_.record(now, party, external_, amount, FlowKind::LegalCost,
                       catalog_.legal_cause(static_cast<int>(d)));
        disputes_[d].legal_cost += amount;
      }
    }
  }

  void check_triggers(double now) {
    const std::size_t workload_count = scenario_.workloads.size();
    auto check = [&](bool dispute) {
      auto& states = dispute ? disputes_ : reviews_;
      const auto& specs = dispute ? scenario_.disputes : scenario_.reviews;
      for (std::size_t i = 0; i < states.size(); ++i) {
        const TimingSpec& timing = specs[i].timing;
        if (states[i].status != ProceedingState::Status::Armed ||
            timing.kind != TimingSpec::Kind::Trigger || now < timing.earliest_time ||
            states[i].opening.refers_to_an_event()) {
          continue;
        }
        const auto p = static_cast<std::size_t>(timing.trigger_provider);
        double spend = 0;
        for (std::size_t w = 0; w < workload_count; ++w) {
          if (timing.trigger_workload < 0 ||
              static_cast<std::size_t>(timing.trigger_workload) == w) {
            spend += month_spend_[p * workload_count + w];
          }
        }
        if (spend > values_[timing.trigger_above]) {
          states[i].opening = simulation_.schedule_at(
              now, [this, dispute, i] { open(dispute, i); }, kOccurrencePriority);
        }
      }
    };
    check(true);
    check(false);
  }

  void run_hazards(double from, double to) {
    for (std::size_t i = 0; i < scenario_.investments.size(); ++i) {
      const InvestmentSpec& investment = scenario_.investments[i];
      for (std::size_t t = 0; t < investment.tranches.size(); ++t) {
        TrancheState& state = tranches_[i][t];
        if (!state.clock || state.milestone_reached ||
            state.status != TrancheState::Status::Pending)
          continue;
        const TimingSpec& milestone = investment.tranches[t].milestone;
        if (!conditions_hold(milestone.conditions)) continue;
        const double time = run_clock(*state.clock, milestone, from, to);
        if (time >= 0) {
          state.milestone_reached = true;
          simulation_.schedule_at(
              time, [this, i, t] { on_milestone(i, t); }, kOccurrencePriority);
        }
      }
    }
    auto run = [&](bool dispute) {
      auto& states = dispute ? disputes_ : reviews_;
      const auto& specs = dispute ? scenario_.disputes : scenario_.reviews;
      for (std::size_t i = 0; i < states.size(); ++i) {
        ProceedingState& state = states[i];
        if (!state.clock || state.status != ProceedingState::Status::Armed ||
            state.opening.refers_to_an_event()) {
          continue;
        }
        if (!conditions_hold(specs[i].timing.conditions)) continue;
        const double time = run_clock(*state.clock, specs[i].timing, from, to);
        if (time >= 0) {
          state.opening = simulation_.schedule_at(
              time, [this, dispute, i] { open(dispute, i); }, kOccurrencePriority);
        }
      }
    };
    run(true);
    run(false);
  }

  // ---- commitments ----

  void schedule_assessments() {
    for (std::size_t c = 0; c < commitments_.size(); ++c) {
      int first = 0;
      while (first < commitments_[c].term_years() && commitments_[c].year_end(first) <= 0)
        ++first;
      simulation_.repeat(
          [this, c](int year) {
            if (year >= commitments_[c].term_years()) return HUGE_VAL;
            const double end = commitments_[c].year_end(year);
            return end <= scenario_.horizon_time ? end : HUGE_VAL;
          },
          [this, c](int year) { assess(c, year); }, kAssessPriority, first);
    }
  }

  void assess(std::size_t c, int year) {
    const Assessment assessment = commitments_[c].assess(year);
    const auto y = static_cast<std::size_t>(year);
    if (y < catalog_.series()[catalog_.contract_year_shortfall].steps) {
      series(catalog_.contract_year_spend, c, y) = assessment.spend;
      series(catalog_.contract_year_shortfall, c, y) = assessment.shortfall;
      series(catalog_.contract_year_penalty, c, y) = assessment.penalty;
    }
    const std::size_t at = catalog_.at.commitment[c];
    scalar(at) += assessment.shortfall;
    scalar(at + 1) += assessment.penalty;
    if (assessment.shortfall > 0) scalar(at + 2) = 1;
    const CommitmentSpec& spec = scenario_.commitments[c];
    if (assessment.penalty > 0) {
      ledger_.record(simulation_.now(), spec.payer, provider_party(spec.provider),
                     assessment.penalty, FlowKind::Penalty,
                     catalog_.commitment_cause(static_cast<int>(c)));
    }
    if (assessment.shortfall > 0) {
      event("shortfall", spec.payer, assessment.shortfall,
            "commitment:" + spec.id + " year " + std::to_string(year + 1));
    }
  }

  // ---- tranches ----

  void init_tranches() {
    tranches_.resize(scenario_.investments.size());
    for (std::size_t i = 0; i < scenario_.investments.size(); ++i) {
      const InvestmentSpec& investment = scenario_.investments[i];
      tranches_[i].resize(investment.tranches.size());
      for (std::size_t t = 0; t < investment.tranches.size(); ++t) {
        const TrancheSpec& spec = investment.tranches[t];
        TrancheState& state = tranches_[i][t];
        state.amount = values_[spec.amount];
        if (spec.on_date) {
          if (spec.date_time < 0) {
            // Paid before the start: a past flow in the ledger; the scenario's stakes already
            // include it, so it does not dilute.
            pay(i, t, spec.date_time, state.amount, false);
          } else if (spec.date_time <= scenario_.horizon_time) {
            state.payment = simulation_.schedule_at(
                spec.date_time, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
          }
          continue;
        }
        sim::RandomStream stream = streams_.stream("tranche/" + investment.id + "." + spec.id);
        state.clock = make_clock(spec.milestone, stream);
        if (spec.has_deadline) {
          state.deadline = spec.deadline_time;
          schedule_deadline(i, t);
        }
      }
    }
  }

  void schedule_deadline(std::size_t i, std::size_t t) {
    TrancheState& state = tranches_[i][t];
    simulation_.cancel(state.deadline_event);
    if (state.deadline <= scenario_.horizon_time) {
      state.deadline_event = simulation_.schedule_at(
          std::max(state.deadline, simulation_.now()), [this, i, t] { on_deadline(i, t); },
          kOccurrencePriority);
    }
  }

  void on_milestone(std::size_t i, std::size_t t) {
    TrancheState& state = tranches_[i][t];
    if (state.status != TrancheState::Status::Pending) return;
    event("milestone", scenario_.investments[i].recipient, 0,
          "tranche:" + scenario_.investments[i].id + "." + scenario_.investments[i].tranches[t].id);
    if (simulation_.now() < state.blocked_until) {
      state.payment = simulation_.schedule_at(
          state.blocked_until, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
    } else {
      pay_now(i, t);
    }
  }

  void on_deadline(std::size_t i, std::size_t t) {
    TrancheState& state = tranches_[i][t];
    if (state.status != TrancheState::Status::Pending || state.milestone_reached) return;
    const TrancheSpec& spec = scenario_.investments[i].tranches[t];
    const std::string cause = "tranche:" + scenario_.investments[i].id + "." + spec.id;
    switch (spec.on_deadline) {
      case OnDeadline::Lapse:
        state.status = TrancheState::Status::Lapsed;
        event("tranche_lapsed", scenario_.investments[i].investor, state.amount, cause);
        break;
      case OnDeadline::Delay:
        if (!state.deadline_moved) {
          state.deadline_moved = true;
          state.deadline += values_[spec.delay_months] * kDaysPerMonth;
          event("tranche_deadline_delayed", scenario_.investments[i].investor, state.amount, cause);
          schedule_deadline(i, t);
        } else {
          state.status = TrancheState::Status::Lapsed;
          event("tranche_lapsed", scenario_.investments[i].investor, state.amount, cause);
        }
        break;
      case OnDeadline::Renegotiate:
        state.amount *= values_[spec.renegotiate_fraction];
        event("tranche_renegotiated", scenario_.investments[i].investor, state.amount, cause);
        pay_now(i, t);
        break;
    }
  }

  void pay_now(std::size_t i, std::size_t t) {
    if (tranches_[i][t].status != TrancheState::Status::Pending) return;
    pay(i, t, simulation_.now(), tranches_[i][t].amount, true);
  }

  void pay(std::size_t i, std::size_t t, double time, double amount, bool dilutes) {
    const InvestmentSpec& investment = scenario_.investments[i];
    TrancheState& state = tranches_[i][t];
    state.status = TrancheState::Status::Paid;
    state.paid_time = time;
    state.paid_amount = amount;
    simulation_.cancel(state.deadline_event);
    ledger_.record(time, investment.investor, investment.recipient, amount, FlowKind::Tranche,
                   catalog_.tranche_cause(static_cast<int>(i), static_cast<int>(t)));
    if (dilutes && investment.tranches[t].equity && equity_.present() &&
        equity_.company() == investment.recipient) {
      equity_.invest(investment.investor, amount);
    }
    result_.events.push_back({time, "tranche_paid", investment.investor, amount,
                              "tranche:" + investment.id + "." + investment.tranches[t].id});
  }

  // ---- disputes and reviews ----

  std::vector<ProceedingState>& states(bool dispute) { return dispute ? disputes_ : reviews_; }
  const ProceedingSpec& spec(bool dispute, std::size_t i) const {
    return dispute ? scenario_.disputes[i] : scenario_.reviews[i];
  }
  static std::string label(bool dispute, const std::string& id) {
    return (dispute ? "dispute:" : "review:") + id;
  }

  void init_proceedings(bool dispute) {
    const auto& specs = dispute ? scenario_.disputes : scenario_.reviews;
    auto& all = states(dispute);
    all.resize(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      sim::RandomStream stream = streams_.stream((dispute ? "dispute/" : "review/") + specs[i].id);
      const double probability = values_[specs[i].start_probability];
      if (!stream.bernoulli(std::min(1.0, std::max(0.0, probability)))) {
        all[i].status = ProceedingState::Status::Never;
        continue;
      }
      const TimingSpec& timing = specs[i].timing;
      switch (timing.kind) {
        case TimingSpec::Kind::Hazard:
          all[i].clock = make_clock(timing, stream);
          break;
        case TimingSpec::Kind::OnDate:
          if (timing.on_time <= scenario_.horizon_time) {
            all[i].opening = simulation_.schedule_at(
                std::max(0.0, timing.on_time), [this, dispute, i] { open(dispute, i); },
                kOccurrencePriority);
          }
          break;
        case TimingSpec::Kind::Trigger:
          break;  // checked monthly
        case TimingSpec::Kind::Never:
          all[i].status = ProceedingState::Status::Never;
          break;
      }
    }
  }

  void open(bool dispute, std::size_t i) {
    ProceedingState& state = states(dispute)[i];
    if (state.status != ProceedingState::Status::Armed) return;
    const ProceedingSpec& proceeding = spec(dispute, i);
    state.status = ProceedingState::Status::Pending;
    state.opened_time = simulation_.now();
    event(dispute ? "dispute_filed" : "review_opened", proceeding.initiator, 0,
          label(dispute, proceeding.id));
    const double duration = values_[proceeding.duration_months] * kDaysPerMonth;
    state.resolution = simulation_.schedule_in(
        duration, [this, dispute, i] { resolve(dispute, i); }, kOccurrencePriority);
  }

  void resolve(bool dispute, std::size_t i) {
    ProceedingState& state = states(dispute)[i];
    const ProceedingSpec& proceeding = spec(dispute, i);
    sim::RandomStream stream =
        streams_.stream((dispute ? "dispute/" : "review/") + proceeding.id + "/outcome");
    double total = 0;
    for (const auto& outcome : proceeding.outcomes)
      total += values_[outcome.probability];
    double draw = stream.uniform01() * total;
    int chosen = static_cast<int>(proceeding.outcomes.size()) - 1;
    for (std::size_t o = 0; o < proceeding.outcomes.size(); ++o) {
      draw -= values_[proceeding.outcomes[o].probability];
      if (draw < 0) {
        chosen = static_cast<int>(o);
        break;
      }
    }
    state.status = ProceedingState::Status::Resolved;
    state.outcome = chosen;
    const OutcomeSpec& outcome = proceeding.outcomes[static_cast<std::size_t>(chosen)];
    event(dispute ? "dispute_resolved" : "review_concluded", proceeding.initiator, 0,
          label(dispute, proceeding.id) + "." + outcome.id);
    const std::uint32_t cause = catalog_.outcome_cause(dispute, static_cast<int>(i), chosen);
    for (const Effect& effect : outcome.effects)
      apply(effect, cause, label(dispute, proceeding.id) + "." + outcome.id,
            dispute ? &state : nullptr);
  }

  void end_proceeding(bool dispute, int index, const std::string& cause) {
    ProceedingState& state = states(dispute)[static_cast<std::size_t>(index)];
    if (state.status != ProceedingState::Status::Pending &&
        state.status != ProceedingState::Status::Armed)
      return;
    simulation_.cancel(state.resolution);
    simulation_.cancel(state.opening);
    state.status = ProceedingState::Status::Mooted;
    event(dispute ? "dispute_ended" : "review_ended", -1, 0, cause);
  }

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
             ProceedingState* dispute) {
    const Cause why{cause, cause_text, dispute};
    std::visit([&](const auto& change) { apply_effect(change, why); }, effect);
  }

  void apply_effect(const effect::Injunction& injunction, const Cause& why) {
    routing_.suspend(injunction.rule);
    ++injunctions_in_force_;
    event("injunction", -1, 0, why.text + " suspends " + rule_id(injunction.rule));
    const int rule = injunction.rule;
    simulation_.schedule_in(values_[injunction.months] * kDaysPerMonth, [this, rule] {
      routing_.lift(rule);
      --injunctions_in_force_;
      event("injunction_ended", -1, 0, rule_id(rule));
    });
  }
  void apply_effect(const effect::SuspendRule& change, const Cause&) {
    routing_.suspend(change.rule);
  }
  void apply_effect(const effect::RestoreRule& change, const Cause&) {
    routing_.restore(change.rule);
  }
  void apply_effect(const effect::AddRule& change, const Cause&) {
    routing_.add(change.rule, change.first);
  }

  void apply_effect(const effect::Payment& payment, const Cause& why) {
    const FlowKind kind = payment.kind == effect::PaymentKind::Damages      ? FlowKind::Damages
                          : payment.kind == effect::PaymentKind::Settlement ? FlowKind::Settlement
                          : payment.kind == effect::PaymentKind::Fine       ? FlowKind::Fine
                                                                            : FlowKind::Payment;
    const double amount = values_[payment.amount];
    ledger_.record(simulation_.now(), payment.from, payment.to, amount, kind, why.code);
    if (why.dispute != nullptr) why.dispute->payments += amount;
    event(flow_kind_name(kind), payment.from, amount, why.text);
  }

  void apply_effect(const effect::RevenueShare& share, const Cause& why) {
    revenue_shares_.push_back(
        {share.from, share.to, share.provider, share.workload, values_[share.fraction],
         simulation_.now() + values_[share.months] * kDaysPerMonth, why.code});
  }

  CommitmentTracker& changed_commitment(int index, const char* action, const Cause& why) {
    CommitmentTracker& commitment = commitments_[static_cast<std::size_t>(index)];
    event(std::string("commitment_") + action, commitment.payer(), 0, why.text);
    return commitment;
  }
  void apply_effect(const effect::WaiveCommitment& change, const Cause& why) {
    changed_commitment(change.commitment, "waive", why).waive();
  }
  void apply_effect(const effect::ScaleCommitment& change, const Cause& why) {
    changed_commitment(change.commitment, "scale", why).scale(values_[change.factor]);
  }
  void apply_effect(const effect::ExtendCommitment& change, const Cause& why) {
    changed_commitment(change.commitment, "extend", why).extend(change.years, scenario_);
  }

  // The tranche an effect changes, with an event; none when it is no longer pending.
  TrancheState* changed_tranche(int investment, int tranche, const char* action, const Cause& why) {
    TrancheState& state =
        tranches_[static_cast<std::size_t>(investment)][static_cast<std::size_t>(tranche)];
    if (state.status != TrancheState::Status::Pending) return nullptr;
    event(std::string("tranche_") + action,
          scenario_.investments[static_cast<std::size_t>(investment)].investor, state.amount,
          why.text);
    return &state;
  }
  void apply_effect(const effect::CancelTranche& change, const Cause& why) {
    TrancheState* state = changed_tranche(change.investment, change.tranche, "cancel", why);
    if (state == nullptr) return;
    state->status = TrancheState::Status::Cancelled;
    simulation_.cancel(state->payment);
    simulation_.cancel(state->deadline_event);
  }
  void apply_effect(const effect::ScaleTranche& change, const Cause& why) {
    TrancheState* state = changed_tranche(change.investment, change.tranche, "scale", why);
    if (state != nullptr) state->amount *= values_[change.factor];
  }
  void apply_effect(const effect::DelayTranche& change, const Cause& why) {
    TrancheState* state = changed_tranche(change.investment, change.tranche, "delay", why);
    if (state == nullptr) return;
    const auto i = static_cast<std::size_t>(change.investment),
               t = static_cast<std::size_t>(change.tranche);
    const double delay = values_[change.months] * kDaysPerMonth;
    state->blocked_until = std::max(state->blocked_until, simulation_.now() + delay);
    if (simulation_.cancel(state->payment)) {
      state->payment = simulation_.schedule_at(
          state->blocked_until, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
    }
    if (std::isfinite(state->deadline)) {
      state->deadline += delay;
      schedule_deadline(i, t);
    }
  }

  void apply_effect(const effect::EndDispute& change, const Cause& why) {
    end_proceeding(true, change.dispute, why.text);
  }
  void apply_effect(const effect::EndReview& change, const Cause& why) {
    end_proceeding(false, change.review, why.text);
  }

  const std::string& rule_id(int rule) const {
    return scenario_.rules[static_cast<std::size_t>(rule)].id;
  }

  // ---- results ----

  void finish() {
    ledger_.check_balance();
    const std::size_t provider_count = scenario_.providers.size(),
                      workload_count = scenario_.workloads.size();
    // Each provider party's compute revenue must equal what its providers served times price.
    for (std::size_t party = 0; party < served_value_by_party_.size(); ++party) {
      const double booked = ledger_.inflow_by_kind(static_cast<int>(party), FlowKind::ComputeSpend);
      SIM_CHECK(std::abs(booked - served_value_by_party_[party]) <= 1e-9 * std::max(1.0, booked),
                "compute revenue of party " << party << " (" << booked
                                            << ") differs from served demand times price ("
                                            << served_value_by_party_[party] << ")");
    }
    const auto& at = catalog_.at;
    double total_spend = 0;
    for (std::size_t p = 0; p < provider_count; ++p) {
      double provider_total = 0;
      for (std::size_t w = 0; w < workload_count; ++w) {
        const double amount = spend_by_provider_class_[p * workload_count + w];
        scalar(at.spend_by_provider_class + p * workload_count + w) = amount;
        provider_total += amount;
      }
      scalar(at.spend_by_provider + p) = provider_total;
      total_spend += provider_total;
    }
    for (std::size_t p = 0; p < provider_count; ++p) {
      scalar(at.share_by_provider + p) =
          total_spend > 0 ? scalar(at.spend_by_provider + p) / total_spend : kNaN;
    }
    double unserved = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      scalar(at.demand_by_class + w) = demand_totals_[w];
      scalar(at.unserved_by_class + w) = unserved_totals_[w];
      unserved += unserved_totals_[w];
    }
    scalar(at.unserved_total) = unserved;
    for (std::size_t c = 0; c < commitments_.size(); ++c) {
      scalar(at.commitment[c] + 3) = commitments_[c].cumulative_spend();
    }
    for (std::size_t i = 0; i < tranches_.size(); ++i) {
      for (std::size_t t = 0; t < tranches_[i].size(); ++t) {
        const TrancheState& state = tranches_[i][t];
        const std::size_t base = at.tranche[i][t];
        const bool paid = state.status == TrancheState::Status::Paid;
        scalar(base) = paid ? 1 : 0;
        scalar(base + 1) = paid ? state.paid_time / kDaysPerYear : kNaN;
        scalar(base + 2) = paid ? state.paid_amount : 0;
      }
    }
    for (std::size_t d = 0; d < disputes_.size(); ++d) {
      const ProceedingState& state = disputes_[d];
      const std::size_t base = at.dispute[d];
      scalar(base) = std::isnan(state.opened_time) ? 0 : 1;
      scalar(base + 1) = state.opened_time / kDaysPerYear;
      scalar(base + 2) = state.status == ProceedingState::Status::Mooted ? 1 : 0;
      scalar(base + 3) = state.payments;
      scalar(base + 4) = state.legal_cost;
      if (state.outcome >= 0) scalar(base + 5 + static_cast<std::size_t>(state.outcome)) = 1;
    }
    for (std::size_t r = 0; r < reviews_.size(); ++r) {
      const ProceedingState& state = reviews_[r];
      const std::size_t base = at.review[r];
      scalar(base) = std::isnan(state.opened_time) ? 0 : 1;
      scalar(base + 1) = state.opened_time / kDaysPerYear;
      scalar(base + 2) = state.status == ProceedingState::Status::Mooted ? 1 : 0;
      if (state.outcome >= 0) scalar(base + 3 + static_cast<std::size_t>(state.outcome)) = 1;
    }
    const double horizon_discount =
        std::pow(1.0 + scenario_.discount_rate, -scenario_.horizon_time / kDaysPerYear);
    for (std::size_t party = 0; party < scenario_.parties.size(); ++party) {
      const auto index = static_cast<int>(party);
      const std::size_t base = at.party + 4 * party;
      scalar(base) = ledger_.net(index);
      scalar(base + 1) = ledger_.present_value(index);
      scalar(base + 2) = equity_.stake_value(index);
      scalar(base + 3) =
          ledger_.present_value(index) + equity_.stake_value(index) * horizon_discount;
    }
    scalar(at.valuation) = equity_.present() ? equity_.valuation() : kNaN;
    for (std::size_t k = 0; k < catalog_.drawn_parameters.size(); ++k) {
      scalar(at.inputs + k) = values_[catalog_.drawn_parameters[k]];
    }
    if (!ledger_.entries().empty()) result_.ledger = ledger_.entries();
  }

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

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, const MetricCatalog& catalog,
                                  std::uint64_t replication, const ReplicationOptions& options) {
  return Replication(scenario, catalog, replication, options).run();
}

}  // namespace models
