// Disputes and regulatory reviews: filed or opened (by hazard, date or spend trigger), pending
// with legal costs, resolved by drawing an outcome whose effects then apply.
#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::pay_legal_costs(double now) {
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

void Replication::check_triggers(double now) {
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
        if (timing.trigger_workload < 0 || static_cast<std::size_t>(timing.trigger_workload) == w) {
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

void Replication::init_proceedings(bool dispute) {
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

void Replication::open(bool dispute, std::size_t i) {
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

void Replication::resolve(bool dispute, std::size_t i) {
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

void Replication::end_proceeding(bool dispute, int index, const std::string& cause) {
  ProceedingState& state = states(dispute)[static_cast<std::size_t>(index)];
  if (state.status != ProceedingState::Status::Pending &&
      state.status != ProceedingState::Status::Armed)
    return;
  simulation_.cancel(state.resolution);
  simulation_.cancel(state.opening);
  state.status = ProceedingState::Status::Mooted;
  event(dispute ? "dispute_ended" : "review_ended", -1, 0, cause);
}

}  // namespace models::detail
