#include "models/deal/revenue_share_book.hpp"

#include <cmath>

namespace models::detail {

RevenueShareBook::RevenueShareBook(DealContext& deal) : deal_(deal) {}

void RevenueShareBook::schedule() {
  const auto& shares = deal_.scenario.revenue_shares;
  states_.resize(shares.size());
  for (std::size_t s = 0; s < shares.size(); ++s) {
    if (!shares[s].ends) continue;
    sim::RandomStream stream = deal_.streams.stream(shares[s].end_stream);
    states_[s].clock = deal_.clock(shares[s].end, stream);
  }
}

void RevenueShareBook::pay(double now, const std::vector<double>& revenue_by_workload) {
  const auto& shares = deal_.scenario.revenue_shares;
  for (std::size_t s = 0; s < shares.size(); ++s) {
    if (!std::isnan(states_[s].end_time)) continue;  // ended
    double revenue = 0;
    for (std::size_t w = 0; w < revenue_by_workload.size(); ++w) {
      if (shares[s].counts_workload[w]) revenue += revenue_by_workload[w];
    }
    const double amount = deal_.values[shares[s].fraction] * revenue;
    deal_.ledger.record(now, shares[s].from, shares[s].to, amount, FlowKind::RevenueShare,
                        deal_.catalog.revenue_share_cause(static_cast<int>(s)));
    states_[s].paid += amount;
  }
}

void RevenueShareBook::run_hazards(double from, double to, const ConditionCheck& conditions) {
  const auto& shares = deal_.scenario.revenue_shares;
  for (std::size_t s = 0; s < shares.size(); ++s) {
    State& state = states_[s];
    if (!state.clock || state.end_drawn || !conditions.hold(shares[s].end.conditions)) continue;
    const double time = DealContext::run_clock(*state.clock, shares[s].end, from, to);
    if (time < 0) continue;
    state.end_drawn = true;
    deal_.simulation.schedule_at(
        time,
        [this, s] {
          states_[s].end_time = deal_.now();
          deal_.event(EventKind::RevenueShareEnded, deal_.scenario.revenue_shares[s].to,
                      states_[s].paid,
                      EventCause::cause(deal_.catalog.revenue_share_cause(static_cast<int>(s))));
        },
        kOccurrencePriority);
  }
}

void RevenueShareBook::write_metrics() {
  for (std::size_t s = 0; s < states_.size(); ++s) {
    const auto& metrics = deal_.catalog.at.revenue_share[s];
    deal_.scalar(metrics.paid) = states_[s].paid;
    const double end_time = states_[s].end_time;
    deal_.scalar(metrics.ended) = std::isnan(end_time) ? 0 : 1;
    deal_.scalar(metrics.end_years) = end_time / kDaysPerYear;  // NaN if it did not end
  }
}

}  // namespace models::detail
