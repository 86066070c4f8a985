#include "models/deal/ledger.hpp"

#include <cmath>

#include "sim/kernel/error.hpp"

namespace models {

const char* flow_kind_name(FlowKind kind) {
  switch (kind) {
    case FlowKind::ComputeSpend:
      return "compute_spend";
    case FlowKind::Penalty:
      return "penalty";
    case FlowKind::Tranche:
      return "tranche";
    case FlowKind::Damages:
      return "damages";
    case FlowKind::Settlement:
      return "settlement";
    case FlowKind::Fine:
      return "fine";
    case FlowKind::RevenueShare:
      return "revenue_share";
    case FlowKind::LegalCost:
      return "legal_cost";
    case FlowKind::Payment:
      return "payment";
    case FlowKind::ComputeCost:
      return "compute_cost";
    case FlowKind::Revenue:
      return "revenue";
  }
  return "unknown";
}

Ledger::Ledger(std::size_t parties, bool keep_entries)
    : keep_entries_(keep_entries),
      inflow_(parties, 0.0),
      outflow_(parties, 0.0),
      discounted_net_(parties, 0.0),
      inflow_by_kind_(parties * kKinds, 0.0) {}

void Ledger::record(double time, int payer, int payee, double amount, FlowKind kind,
                    std::uint32_t cause) {
  SIM_CHECK(std::isfinite(amount) && amount >= 0,
            "ledger amount " << amount << " is negative or not finite (cause " << cause << ")");
  SIM_CHECK(payer != payee, "a flow from party " << payer << " to itself");
  SIM_CHECK(payer >= 0 && payee >= 0 && static_cast<std::size_t>(payer) < inflow_.size() &&
                static_cast<std::size_t>(payee) < inflow_.size(),
            "ledger party out of range: " << payer << " -> " << payee);
  if (amount == 0) return;
  if (time != discounted_time_) {
    discounted_time_ = time;
    discount_ = std::pow(1.0 + discount_rate_, -time / 365.25);
  }
  const double discount = discount_;
  outflow_[static_cast<std::size_t>(payer)] += amount;
  inflow_[static_cast<std::size_t>(payee)] += amount;
  discounted_net_[static_cast<std::size_t>(payer)] -= amount * discount;
  discounted_net_[static_cast<std::size_t>(payee)] += amount * discount;
  inflow_by_kind_[static_cast<std::size_t>(payee) * kKinds + static_cast<std::size_t>(kind)] +=
      amount;
  if (keep_entries_) entries_.push_back({time, payer, payee, amount, kind, cause});
}

void Ledger::check_balance() const {
  double net_sum = 0, scale = 0;
  for (std::size_t p = 0; p < inflow_.size(); ++p) {
    net_sum += inflow_[p] - outflow_[p];
    scale += inflow_[p];
  }
  SIM_CHECK(std::abs(net_sum) <= 1e-9 * std::max(1.0, scale),
            "ledger does not balance: net flows sum to " << net_sum);
  if (!keep_entries_) return;
  std::vector<double> in(inflow_.size(), 0.0), out(inflow_.size(), 0.0);
  for (const LedgerEntry& entry : entries_) {
    out[static_cast<std::size_t>(entry.payer)] += entry.amount;
    in[static_cast<std::size_t>(entry.payee)] += entry.amount;
  }
  for (std::size_t p = 0; p < inflow_.size(); ++p) {
    SIM_CHECK(std::abs(in[p] - inflow_[p]) <= 1e-9 * std::max(1.0, inflow_[p]) &&
                  std::abs(out[p] - outflow_[p]) <= 1e-9 * std::max(1.0, outflow_[p]),
              "ledger totals of party " << p << " disagree with its entries");
  }
}

}  // namespace models
