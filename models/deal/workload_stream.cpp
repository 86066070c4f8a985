#include "models/deal/workload_stream.hpp"

#include <algorithm>
#include <cmath>

namespace models {

namespace {
constexpr double kMonth = 1.0 / 12.0;
}

WorkloadStream::WorkloadStream(const WorkloadSpec& spec, const ParameterValues& values,
                               sim::RandomStream customer_stream)
    : level_(values[spec.initial]),
      growth_(values[spec.growth]),
      volatility_(values[spec.volatility]),
      ceiling_(values[spec.ceiling]),
      stateless_fraction_(values[spec.stateless_fraction]),
      start_time_(spec.start_time),
      has_customers_(spec.customers.present),
      customer_stream_(std::move(customer_stream)) {
  if (!has_customers_) return;
  arrivals_per_month_ = values[spec.customers.arrivals_per_year] * kMonth;
  size_log_median_ = std::log(std::max(values[spec.customers.size_median], 1e-300));
  size_log_sd_ = values[spec.customers.size_log_sd];
  churn_rate_per_month_ = values[spec.customers.churn_per_year] * kMonth;
  for (int i = 0; i < spec.customers.initial_count; ++i)
    add_customer();
}

// A customer leaves at each month's check with probability 1 - e^-rate, independently: the
// number of checks it survives is geometric, drawn once on arrival as floor(E / rate) with E
// unit-exponential (P(survives >= k) = e^(-k rate)), instead of one draw per month.
void WorkloadStream::add_customer() {
  const double size = customer_stream_.lognormal(size_log_median_, size_log_sd_);
  const double checks = churn_rate_per_month_ > 0
                            ? std::floor(customer_stream_.exponential(1.0) / churn_rate_per_month_)
                            : 1e18;
  customers_.push_back({size, static_cast<std::int64_t>(std::min(checks, 1e18))});
  customer_total_ += size;
}

void WorkloadStream::advance_month(double shock) {
  // Logistic adoption: the drift fades as demand approaches the ceiling.
  const double total = level_ + customer_total_;
  const double drift = std::isfinite(ceiling_) ? growth_ * (1.0 - total / ceiling_) : growth_;
  const double factor = std::exp((drift - 0.5 * volatility_ * volatility_) * kMonth +
                                 volatility_ * std::sqrt(kMonth) * shock);
  level_ *= factor;
  if (!has_customers_) return;
  customer_total_ = 0;
  std::size_t kept = 0;
  for (Customer customer : customers_) {
    if (customer.survives == 0) continue;
    customer.size *= factor;
    --customer.survives;
    customers_[kept++] = customer;
    customer_total_ += customer.size;
  }
  customers_.resize(kept);
  const auto arrivals = customer_stream_.poisson(arrivals_per_month_);
  for (std::int64_t i = 0; i < arrivals; ++i)
    add_customer();
}

}  // namespace models
