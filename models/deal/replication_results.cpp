// The metrics of a replication, written at its end by each part and the coordinator; the ledger
// is checked first.
#include <cmath>

#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::finish() {
  ledger_.check_balance();
  check_compute_revenue();
  write_flow_metrics();
  commitments_.write_metrics();
  tranches_.write_metrics();
  disputes_.write_metrics();
  reviews_.write_metrics();
  write_party_metrics();
  for (std::size_t k = 0; k < catalog_.drawn_parameters.size(); ++k) {
    deal_.scalar(catalog_.at.inputs[k]) = values_[catalog_.drawn_parameters[k]];
  }
  if (!ledger_.entries().empty()) result_.ledger = ledger_.entries();
}

// Each provider party's compute revenue must equal what its providers served times price.
void Replication::check_compute_revenue() const {
  for (std::size_t party = 0; party < served_value_by_party_.size(); ++party) {
    const double booked = ledger_.inflow_by_kind(static_cast<int>(party), FlowKind::ComputeSpend);
    SIM_CHECK(std::abs(booked - served_value_by_party_[party]) <= 1e-9 * std::max(1.0, booked),
              "compute revenue of party " << party << " (" << booked
                                          << ") differs from served demand times price ("
                                          << served_value_by_party_[party] << ")");
  }
}

// Spend by provider and class, each provider's share, demand and unserved demand by class.
void Replication::write_flow_metrics() {
  const auto& at = catalog_.at;
  const std::size_t provider_count = scenario_.providers.size(),
                    workload_count = scenario_.workloads.size();
  double total_spend = 0;
  for (std::size_t p = 0; p < provider_count; ++p) {
    double provider_total = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      const double amount = spend_by_provider_class_[p * workload_count + w];
      deal_.scalar(at.spend_by_provider_class[p][w]) = amount;
      provider_total += amount;
    }
    deal_.scalar(at.spend_by_provider[p]) = provider_total;
    total_spend += provider_total;
  }
  for (std::size_t p = 0; p < provider_count; ++p) {
    deal_.scalar(at.share_by_provider[p]) =
        total_spend > 0 ? deal_.scalar(at.spend_by_provider[p]) / total_spend : kNaN;
  }
  double unserved = 0;
  for (std::size_t w = 0; w < workload_count; ++w) {
    deal_.scalar(at.demand_by_class[w]) = demand_totals_[w];
    deal_.scalar(at.unserved_by_class[w]) = unserved_totals_[w];
    unserved += unserved_totals_[w];
  }
  deal_.scalar(at.unserved_total) = unserved;
}

// Each party's net cash, NPV, stake value and value (NPV plus the stake discounted from the
// horizon); the company's final valuation.
void Replication::write_party_metrics() {
  const auto& at = catalog_.at;
  const double horizon_discount =
      std::pow(1.0 + scenario_.discount_rate, -scenario_.horizon_time / kDaysPerYear);
  for (std::size_t party = 0; party < scenario_.parties.size(); ++party) {
    const auto index = static_cast<int>(party);
    const auto& metrics = at.party[party];
    deal_.scalar(metrics.net_cash) = ledger_.net(index);
    deal_.scalar(metrics.npv) = ledger_.present_value(index);
    deal_.scalar(metrics.stake_value) = equity_.stake_value(index);
    deal_.scalar(metrics.value) =
        ledger_.present_value(index) + equity_.stake_value(index) * horizon_discount;
  }
  deal_.scalar(at.valuation) = equity_.present() ? equity_.valuation() : kNaN;
}

}  // namespace models::detail
