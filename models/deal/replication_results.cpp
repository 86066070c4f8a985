// The metrics of a replication, written at its end; the ledger is checked first.
#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::finish() {
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
      scalar(at.spend_by_provider_class[p][w]) = amount;
      provider_total += amount;
    }
    scalar(at.spend_by_provider[p]) = provider_total;
    total_spend += provider_total;
  }
  for (std::size_t p = 0; p < provider_count; ++p) {
    scalar(at.share_by_provider[p]) =
        total_spend > 0 ? scalar(at.spend_by_provider[p]) / total_spend : kNaN;
  }
  double unserved = 0;
  for (std::size_t w = 0; w < workload_count; ++w) {
    scalar(at.demand_by_class[w]) = demand_totals_[w];
    scalar(at.unserved_by_class[w]) = unserved_totals_[w];
    unserved += unserved_totals_[w];
  }
  scalar(at.unserved_total) = unserved;
  for (std::size_t c = 0; c < commitments_.size(); ++c) {
    scalar(at.commitment[c].counted_spend) = commitments_[c].cumulative_spend();
  }
  for (std::size_t i = 0; i < tranches_.size(); ++i) {
    for (std::size_t t = 0; t < tranches_[i].size(); ++t) {
      const TrancheState& state = tranches_[i][t];
      const auto& metrics = at.tranche[i][t];
      const bool paid = state.status == TrancheState::Status::Paid;
      scalar(metrics.paid) = paid ? 1 : 0;
      scalar(metrics.years) = paid ? state.paid_time / kDaysPerYear : kNaN;
      scalar(metrics.amount) = paid ? state.paid_amount : 0;
    }
  }
  for (std::size_t d = 0; d < disputes_.size(); ++d) {
    const ProceedingState& state = disputes_[d];
    const auto& metrics = at.dispute[d];
    scalar(metrics.filed) = std::isnan(state.opened_time) ? 0 : 1;
    scalar(metrics.filing_years) = state.opened_time / kDaysPerYear;
    scalar(metrics.mooted) = state.status == ProceedingState::Status::Mooted ? 1 : 0;
    scalar(metrics.payments) = state.payments;
    scalar(metrics.legal_cost) = state.legal_cost;
    if (state.outcome >= 0) scalar(metrics.outcome[static_cast<std::size_t>(state.outcome)]) = 1;
  }
  for (std::size_t r = 0; r < reviews_.size(); ++r) {
    const ProceedingState& state = reviews_[r];
    const auto& metrics = at.review[r];
    scalar(metrics.opened) = std::isnan(state.opened_time) ? 0 : 1;
    scalar(metrics.opening_years) = state.opened_time / kDaysPerYear;
    scalar(metrics.mooted) = state.status == ProceedingState::Status::Mooted ? 1 : 0;
    if (state.outcome >= 0) scalar(metrics.outcome[static_cast<std::size_t>(state.outcome)]) = 1;
  }
  const double horizon_discount =
      std::pow(1.0 + scenario_.discount_rate, -scenario_.horizon_time / kDaysPerYear);
  for (std::size_t party = 0; party < scenario_.parties.size(); ++party) {
    const auto index = static_cast<int>(party);
    const auto& metrics = at.party[party];
    scalar(metrics.net_cash) = ledger_.net(index);
    scalar(metrics.npv) = ledger_.present_value(index);
    scalar(metrics.stake_value) = equity_.stake_value(index);
    scalar(metrics.value) =
        ledger_.present_value(index) + equity_.stake_value(index) * horizon_discount;
  }
  scalar(at.valuation) = equity_.present() ? equity_.valuation() : kNaN;
  for (std::size_t k = 0; k < catalog_.drawn_parameters.size(); ++k) {
    scalar(at.inputs[k]) = values_[catalog_.drawn_parameters[k]];
  }
  if (!ledger_.entries().empty()) result_.ledger = ledger_.entries();
}

}  // namespace models::detail
