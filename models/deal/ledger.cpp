#include "models/deal/ledger.hpp"

#include <cmath>
#include <cstdlib>

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

void Ledger::reject(int payer, int payee, double amount, std::uint32_t cause) const {
  SIM_CHECK(std::isfinite(amount) && amount >= 0,
            "ledger amount " << amount << " is negative or not finite (cause " << cause << ")");
  SIM_CHECK(payer != payee, "a flow from party " << payer << " to itself");
  SIM_CHECK(false, "ledger party out of range: " << payer << " -> " << payee);
  std::abort();
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
