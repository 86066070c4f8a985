#include "models/deal/proceeding_docket.hpp"

namespace models::detail {

ProceedingDocket::ProceedingDocket(DealContext& deal, Kind kind, OutcomeHandler& outcomes)
    : deal_(deal),
      kind_(kind),
      specs_(kind == Kind::Dispute ? deal.scenario.disputes : deal.scenario.reviews),
      outcomes_(outcomes) {}

void ProceedingDocket::arm() {
  states_.resize(specs_.size());
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    sim::RandomStream stream = deal_.streams.stream(specs_[i].stream);
    const double probability = deal_.values[specs_[i].start_probability];
    if (!stream.bernoulli(std::min(1.0, std::max(0.0, probability)))) {
      states_[i].status = ProceedingState::Status::Never;
      continue;
    }
    const TimingSpec& timing = specs_[i].timing;
    switch (timing.kind) {
      case TimingSpec::Kind::Hazard:
        states_[i].clock = deal_.clock(timing, stream);
        break;
      case TimingSpec::Kind::OnDate:
        if (timing.on_time <= deal_.scenario.horizon_time) {
          schedule_opening(i, std::max(0.0, timing.on_time));
        }
        break;
      case TimingSpec::Kind::Trigger:
        break;  // checked monthly
      case TimingSpec::Kind::Never:
        states_[i].status = ProceedingState::Status::Never;
        break;
    }
  }
}

void ProceedingDocket::pay_legal_costs(double now, int external) {
  for (std::size_t d = 0; d < states_.size(); ++d) {
    if (states_[d].status != ProceedingState::Status::Pending) continue;
    for (const auto& [party, cost] : specs_[d].legal_cost_per_month) {
      const double amount = deal_.values[cost];
      deal_.ledger.record(now, party, external, amount, FlowKind::LegalCost,
                          deal_.catalog.legal_cause(static_cast<int>(d)));
      states_[d].legal_cost += amount;
    }
  }
}

void ProceedingDocket::check_triggers(double now, const std::vector<double>& month_spend) {
  const std::size_t workload_count = deal_.scenario.workloads.size();
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const TimingSpec& timing = specs_[i].timing;
    if (states_[i].status != ProceedingState::Status::Armed ||
        timing.kind != TimingSpec::Kind::Trigger || now < timing.earliest_time ||
        states_[i].opening.refers_to_an_event()) {
      continue;
    }
    const auto p = static_cast<std::size_t>(timing.trigger_provider);
    double spend = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      if (timing.trigger_workload < 0 || static_cast<std::size_t>(timing.trigger_workload) == w) {
        spend += month_spend[p * workload_count + w];
      }
    }
    if (spend > deal_.values[timing.trigger_above]) schedule_opening(i, now);
  }
}

void ProceedingDocket::run_hazards(double from, double to, const ConditionCheck& conditions) {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    ProceedingState& proceeding = states_[i];
    if (!proceeding.clock || proceeding.status != ProceedingState::Status::Armed ||
        proceeding.opening.refers_to_an_event()) {
      continue;
    }
    if (!conditions.hold(specs_[i].timing.conditions)) continue;
    const double time = DealContext::run_clock(*proceeding.clock, specs_[i].timing, from, to);
    if (time >= 0) schedule_opening(i, time);
  }
}

bool ProceedingDocket::any_pending() const {
  for (const auto& proceeding : states_) {
    if (proceeding.status == ProceedingState::Status::Pending) return true;
  }
  return false;
}

void ProceedingDocket::schedule_opening(std::size_t i, double time) {
  states_[i].opening = deal_.simulation.schedule_at(
      time, [this, i] { open(i); }, kOccurrencePriority);
}

void ProceedingDocket::open(std::size_t i) {
  ProceedingState& proceeding = states_[i];
  if (proceeding.status != ProceedingState::Status::Armed) return;
  proceeding.status = ProceedingState::Status::Pending;
  proceeding.opened_time = deal_.now();
  deal_.event(disputes() ? EventKind::DisputeFiled : EventKind::ReviewOpened, spec(i).initiator, 0,
              EventCause::proceeding(disputes(), static_cast<int>(i)));
  const double duration = deal_.values[spec(i).duration_months] * kDaysPerMonth;
  proceeding.resolution = deal_.simulation.schedule_in(
      duration, [this, i] { resolve(i); }, kOccurrencePriority);
}

int ProceedingDocket::draw_outcome(std::size_t i) const {
  const ProceedingSpec& proceeding = spec(i);
  sim::RandomStream stream = deal_.streams.stream(proceeding.outcome_stream);
  double total = 0;
  for (const auto& outcome : proceeding.outcomes)
    total += deal_.values[outcome.probability];
  double draw = stream.uniform01() * total;
  for (std::size_t o = 0; o < proceeding.outcomes.size(); ++o) {
    draw -= deal_.values[proceeding.outcomes[o].probability];
    if (draw < 0) return static_cast<int>(o);
  }
  return static_cast<int>(proceeding.outcomes.size()) - 1;
}

void ProceedingDocket::resolve(std::size_t i) {
  ProceedingState& proceeding = states_[i];
  const int chosen = draw_outcome(i);
  proceeding.status = ProceedingState::Status::Resolved;
  proceeding.outcome = chosen;
  const std::uint32_t cause = deal_.catalog.outcome_cause(disputes(), static_cast<int>(i), chosen);
  deal_.event(disputes() ? EventKind::DisputeResolved : EventKind::ReviewConcluded,
              spec(i).initiator, 0, EventCause::cause(cause));
  outcomes_.apply_outcome(spec(i).outcomes[static_cast<std::size_t>(chosen)], cause,
                          disputes() ? &proceeding : nullptr);
}

void ProceedingDocket::end(int index, EventCause cause) {
  ProceedingState& proceeding = states_[static_cast<std::size_t>(index)];
  if (proceeding.status != ProceedingState::Status::Pending &&
      proceeding.status != ProceedingState::Status::Armed)
    return;
  deal_.simulation.cancel(proceeding.resolution);
  deal_.simulation.cancel(proceeding.opening);
  proceeding.status = ProceedingState::Status::Mooted;
  deal_.event(disputes() ? EventKind::DisputeEnded : EventKind::ReviewEnded, -1, 0, cause);
}

void ProceedingDocket::write_metrics() {
  const MetricCatalog::Layout& at = deal_.catalog.at;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const ProceedingState& proceeding = states_[i];
    const double opened = std::isnan(proceeding.opened_time) ? 0 : 1;
    const double opened_years = proceeding.opened_time / kDaysPerYear;
    const double mooted = proceeding.status == ProceedingState::Status::Mooted ? 1 : 0;
    const auto outcome = static_cast<std::size_t>(proceeding.outcome);
    if (disputes()) {
      const auto& metrics = at.dispute[i];
      deal_.scalar(metrics.filed) = opened;
      deal_.scalar(metrics.filing_years) = opened_years;
      deal_.scalar(metrics.mooted) = mooted;
      deal_.scalar(metrics.payments) = proceeding.payments;
      deal_.scalar(metrics.legal_cost) = proceeding.legal_cost;
      if (proceeding.outcome >= 0) deal_.scalar(metrics.outcome[outcome]) = 1;
    } else {
      const auto& metrics = at.review[i];
      deal_.scalar(metrics.opened) = opened;
      deal_.scalar(metrics.opening_years) = opened_years;
      deal_.scalar(metrics.mooted) = mooted;
      if (proceeding.outcome >= 0) deal_.scalar(metrics.outcome[outcome]) = 1;
    }
  }
}

}  // namespace models::detail
