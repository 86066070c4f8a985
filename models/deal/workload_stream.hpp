// Monthly demand of one workload class: a log-normal level with drift, volatility and an optional
// logistic ceiling, plus enterprise customers who arrive, follow the class's shocks and churn.
#pragma once

#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

class WorkloadStream {
 public:
  // Draws the initial customers from `customer_stream`.
  WorkloadStream(const WorkloadSpec& spec, const ParameterValues& values,
                 sim::RandomStream customer_stream);

  // Demand of the current month, USD B at reference prices; zero before the class starts.
  double demand(double now) const { return now >= start_time_ ? level_ + customer_total_ : 0.0; }
  // Advances one month with standard normal shock `shock` (already correlated).
  void advance_month(double shock);
  double stateless_fraction() const { return stateless_fraction_; }

 private:
  void add_customer();

  double level_, growth_, volatility_, ceiling_, stateless_fraction_, start_time_;
  bool has_customers_;
  double arrivals_per_month_ = 0, size_log_median_ = 0, size_log_sd_ = 0;
  double churn_rate_per_month_ = 0;  // -log(1 - monthly churn probability)
  struct Customer {
    double size;            // USD B/month
    std::int64_t survives;  // monthly churn checks it survives before it leaves
  };
  std::vector<Customer> customers_;
  double customer_total_ = 0;
  sim::RandomStream customer_stream_;
};

}  // namespace models
