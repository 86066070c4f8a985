// The metrics of a replication, written at its end by each part and the coordinator; the ledger
// is checked first.
#include <cmath>

#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::finish() {
  ledger_.check_balance();
  check_compute_revenue();
  write_flow_metrics();
  write_capacity_metrics();
  commitments_.write_metrics();
  tranches_.write_metrics();
  disputes_.write_metrics();
  reviews_.write_metrics();
  developer_shares_.write_metrics();
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

// Billings, cost and gross profit by provider and class, each provider's share; demand,
// unserved demand, revenue and lost revenue by class.
void Replication::write_flow_metrics() {
  const auto& at = catalog_.at;
  const std::size_t provider_count = scenario_.providers.size(),
                    workload_count = scenario_.workloads.size();
  double total_spend = 0;
  for (std::size_t p = 0; p < provider_count; ++p) {
    double provider_total = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      const double amount = spend_by_provider_class_[p * workload_count + w];
      deal_.scalar(at.billings_by_provider_class[p][w]) = amount;
      provider_total += amount;
    }
    deal_.scalar(at.billings_by_provider[p]) = provider_total;
    deal_.scalar(at.cost_by_provider[p]) = cost_totals_[p];
    deal_.scalar(at.gross_profit_by_provider[p]) = provider_total - cost_totals_[p];
    total_spend += provider_total;
  }
  for (std::size_t p = 0; p < provider_count; ++p) {
    deal_.scalar(at.share_by_provider[p]) =
        total_spend > 0 ? deal_.scalar(at.billings_by_provider[p]) / total_spend : kNaN;
  }
  double unserved = 0, revenue = 0, lost_revenue = 0;
  for (std::size_t w = 0; w < workload_count; ++w) {
    deal_.scalar(at.demand_by_class[w]) = demand_totals_[w];
    deal_.scalar(at.unserved_by_class[w]) = unserved_totals_[w];
    deal_.scalar(at.revenue_by_class[w]) = revenue_totals_[w];
    deal_.scalar(at.lost_revenue_by_class[w]) = lost_revenue_totals_[w];
    unserved += unserved_totals_[w];
    revenue += revenue_totals_[w];
    lost_revenue += lost_revenue_totals_[w];
  }
  deal_.scalar(at.unserved_total) = unserved;
  deal_.scalar(at.revenue_total) = revenue;
  deal_.scalar(at.lost_revenue_total) = lost_revenue;
}

// Utilisation and how often capacity bound, by provider; unserved demand by cause.
void Replication::write_capacity_metrics() {
  const auto& at = catalog_.at;
  for (std::size_t p = 0; p < scenario_.providers.size(); ++p) {
    const double months = utilisation_months_[p];
    deal_.scalar(at.utilisation[p]) = months > 0 ? utilisation_sum_[p] / months : kNaN;
    deal_.scalar(at.months_at_capacity[p]) =
        bound_months_[p] / static_cast<double>(scenario_.months);
  }
  double capacity = 0, total = 0;
  for (std::size_t w = 0; w < scenario_.workloads.size(); ++w) {
    deal_.scalar(at.unserved_capacity_by_class[w]) = unserved_capacity_totals_[w];
    capacity += unserved_capacity_totals_[w];
    total += unserved_totals_[w];
  }
  deal_.scalar(at.unserved_capacity_total) = capacity;
  deal_.scalar(at.unserved_no_provider_total) = total - capacity;
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
