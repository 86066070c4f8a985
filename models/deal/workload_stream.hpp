// Monthly demand of one workload class: a log-normal level with drift, volatility and an optional
// logistic ceiling, plus enterprise customers who arrive, follow the class's shocks and churn.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/kernel/fixed_draws.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

class WorkloadStream {
 public:
  // Draws the initial customers from `customer_stream`. `months`: how many times advance_month
  // will be called (departures later than that are not tracked).
  WorkloadStream(const WorkloadSpec& spec, const ParameterValues& values,
                 sim::RandomStream customer_stream, int months);

  // Demand of the current month, USD B at reference prices; zero before the class starts.
  double demand(double now) const { return now >= start_time_ ? level_ + customer_total_ : 0.0; }
  // Advances one month with standard normal shock `shock` (already correlated).
  void advance_month(double shock);
  double stateless_fraction() const { return stateless_fraction_; }
  // Enterprise customers present this month.
  std::int64_t customers() const { return customer_count_; }

 private:
  void add_customer();
  void rescale();

  double level_, growth_, volatility_, ceiling_, stateless_fraction_, start_time_;
  bool has_customers_;
  double size_log_median_ = 0, size_log_sd_ = 0;
  sim::FixedPoisson arrivals_{0.0};  // customers arriving in a month
  // Checks a customer survives; none when the monthly churn probability (1 - e^(-rate / 12)) is
  // so small that a customer never leaves.
  std::optional<sim::FixedGeometric> survival_;

  // Every customer's size moves by the same monthly factor, so customers are not stored one by
  // one: a customer of size s joining when the product of factors so far is F contributes s / F
  // to `scaled_total_`, and the customers' demand is growth_product_ * scaled_total_. Its month
  // of departure is known on arrival, so its s / F is kept in that month's bucket and removed
  // then. A month's work is then its arrivals, not every customer.
  std::int64_t advances_ = 0;  // advance_month calls so far
  double growth_product_ = 1;  // product of the monthly factors so far (rescaled when extreme)
  double scaled_total_ = 0;    // sum of s / F over present customers
  std::int64_t customer_count_ = 0;
  std::vector<double> leaving_scaled_;       // by advance number: sum of s / F departing then
  std::vector<std::int64_t> leaving_count_;  // by advance number: customers departing then
  double customer_total_ = 0;                // USD B/month
  sim::RandomStream customer_stream_;
};

}  // namespace models
