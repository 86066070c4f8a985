// The money ledger: every flow of money with its time, payer, payee, amount and cause.
//
// Nothing is created or lost: each entry moves an amount from one party to another, so the
// parties' net flows always sum to zero; check_balance() verifies that the running per-party
// totals agree with the entries.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace models {

enum class FlowKind : std::uint8_t {
  ComputeSpend,
  Penalty,
  Tranche,
  Damages,
  Settlement,
  Fine,
  RevenueShare,
  LegalCost,
  Payment,
  ComputeCost,  // a provider's cost of serving compute, paid to suppliers (the external party)
  Revenue       // a developer's revenue from served demand, paid by its customers (external)
};
const char* flow_kind_name(FlowKind kind);

// The present-value factor (1 + rate)^-t of a flow t days from the start (365.25-day years),
// computed as e^(-t log_per_day) with log_per_day = log(1 + rate) / 365.25. The one formula for
// the ledger and for tables made in advance (Scenario::month_discounts), which are then equal to
// the last bit.
inline double discount_log_per_day(double rate) {
  return std::log1p(rate) / 365.25;
}
inline double discount_factor(double log_per_day, double time) {
  return std::exp(-time * log_per_day);
}

struct LedgerEntry {
  double time;  // days from the scenario start (negative for flows before it)
  int payer;
  int payee;
  double amount;  // USD B, >= 0
  FlowKind kind;
  std::uint32_t cause;  // index into the model's cause names
};

class Ledger {
 public:
  // `parties` counts every party that can pay or be paid.
  Ledger(std::size_t parties, bool keep_entries);

  // REQUIRES: amount finite and >= 0, payer != payee, both valid. Zero amounts are not recorded.
  void record(double time, int payer, int payee, double amount, FlowKind kind, std::uint32_t cause);
  // Whether entries are kept (--ledger). Without them only totals are kept, so flows of one kind
  // between the same two parties at the same time may be booked as one (same totals).
  bool keeps_entries() const { return keep_entries_; }

  double inflow(int party) const { return inflow_[static_cast<std::size_t>(party)]; }
  double outflow(int party) const { return outflow_[static_cast<std::size_t>(party)]; }
  double net(int party) const { return inflow(party) - outflow(party); }
  // Present value at time 0 of the party's net flows at `rate` per year (365.25-day years).
  double present_value(int party) const { return discounted_net_[static_cast<std::size_t>(party)]; }
  void set_discount_rate(double rate) {
    log_growth_per_day_ = discount_log_per_day(rate);
    discounted_time_ = 0;
    discount_ = 1;
  }
  // Gives the factor of flows at `time`, made in advance. REQUIRES: factor ==
  // discount_factor(discount_log_per_day(rate), time) for the rate set.
  void prime_discount(double time, double factor) {
    discounted_time_ = time;
    discount_ = factor;
  }
  double inflow_by_kind(int party, FlowKind kind) const {
    return inflow_by_kind_[static_cast<std::size_t>(party) * kKinds +
                           static_cast<std::size_t>(kind)];
  }
  static constexpr std::size_t kKinds = 11;

  const std::vector<LedgerEntry>& entries() const { return entries_; }

  // Throws sim::SimulationError if the per-party totals do not sum to zero, or (when entries are
  // kept) disagree with a recomputation from the entries.
  void check_balance() const;

 private:
  // Throws sim::SimulationError naming what is wrong with a flow (out of line: record is hot).
  [[noreturn]] void reject(int payer, int payee, double amount, std::uint32_t cause) const;
  bool keep_entries_;
  double log_growth_per_day_ = 0;  // log(1 + rate) / 365.25: (1 + rate)^-t = e^(-t this)
  // Flows come in monthly batches at one time: the discount factor of the last time is kept.
  double discounted_time_ = 0, discount_ = 1;
  std::vector<double> inflow_, outflow_, discounted_net_;
  std::vector<double> inflow_by_kind_;  // [party][kind]
  std::vector<LedgerEntry> entries_;
};

// Inline: a replication books thousands of flows.
inline void Ledger::record(double time, int payer, int payee, double amount, FlowKind kind,
                           std::uint32_t cause) {
  const bool valid = std::isfinite(amount) && amount >= 0 && payer != payee && payer >= 0 &&
                     payee >= 0 && static_cast<std::size_t>(payer) < inflow_.size() &&
                     static_cast<std::size_t>(payee) < inflow_.size();
  if (!valid) reject(payer, payee, amount, cause);
  if (amount == 0) return;
  if (time != discounted_time_) {
    discounted_time_ = time;
    discount_ = discount_factor(log_growth_per_day_, time);
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

}  // namespace models
