#include "models/deal/workload_stream.hpp"

#include <algorithm>
#include <cmath>

namespace models {

namespace {
constexpr double kMonth = 1.0 / 12.0;
// Below this monthly churn probability a customer stays for any horizon dealsim runs (the chance
// of leaving within 1,000 years is under 1e-11), and the geometric count would overflow.
constexpr double kNeverLeaves = 1e-15;
}  // namespace

WorkloadStream::WorkloadStream(const WorkloadSpec& spec, const ParameterValues& values,
                               sim::RandomStream customer_stream, int months)
    : level_(values[spec.initial]),
      growth_(values[spec.growth]),
      volatility_(values[spec.volatility]),
      ceiling_(values[spec.ceiling]),
      stateless_fraction_(values[spec.stateless_fraction]),
      start_time_(spec.start_time),
      has_customers_(spec.customers.present),
      customer_stream_(std::move(customer_stream)) {
  if (!has_customers_) return;
  arrivals_ = sim::FixedPoisson(values[spec.customers.arrivals_per_year] * kMonth);
  size_log_median_ = std::log(std::max(values[spec.customers.size_median], 1e-300));
  size_log_sd_ = values[spec.customers.size_log_sd];
  const double churn_probability = -std::expm1(-values[spec.customers.churn_per_year] * kMonth);
  if (churn_probability >= kNeverLeaves) survival_.emplace(churn_probability);
  leaving_scaled_.assign(static_cast<std::size_t>(std::max(months, 0)) + 2, 0.0);
  leaving_count_.assign(leaving_scaled_.size(), 0);
  for (int i = 0; i < spec.customers.initial_count; ++i)
    add_customer();
  customer_total_ = growth_product_ * scaled_total_;
}

// A customer leaves at each month's check with probability p, independently: the number of
// checks it survives is geometric, drawn once on arrival, instead of one draw per month. One
// arriving after advance a that survives k checks is present through advance a + k and leaves
// at advance a + k + 1.
void WorkloadStream::add_customer() {
  const double size = customer_stream_.lognormal(size_log_median_, size_log_sd_);
  const double scaled = size / growth_product_;
  scaled_total_ += scaled;
  ++customer_count_;
  if (!survival_) return;
  const std::int64_t survives = (*survival_)(customer_stream_);
  const auto leaves =
      static_cast<std::uint64_t>(advances_) + static_cast<std::uint64_t>(survives) + 1;
  if (leaves >= leaving_scaled_.size()) return;  // after the last month
  leaving_scaled_[leaves] += scaled;
  ++leaving_count_[leaves];
}

// Keeps the product of factors within a range where s / F neither overflows nor underflows
// (decades of steep growth or decline); rare, and exact up to rounding.
void WorkloadStream::rescale() {
  for (double& scaled : leaving_scaled_)
    scaled *= growth_product_;
  scaled_total_ *= growth_product_;
  growth_product_ = 1;
}

void WorkloadStream::advance_month(double shock) {
  // Logistic adoption: the drift fades as demand approaches the ceiling.
  const double total = level_ + customer_total_;
  const double drift = std::isfinite(ceiling_) ? growth_ * (1.0 - total / ceiling_) : growth_;
  const double factor = std::exp((drift - 0.5 * volatility_ * volatility_) * kMonth +
                                 volatility_ * std::sqrt(kMonth) * shock);
  level_ *= factor;
  if (!has_customers_) return;
  ++advances_;
  const auto now = static_cast<std::size_t>(advances_);
  if (now < leaving_scaled_.size() && leaving_count_[now] > 0) {
    customer_count_ -= leaving_count_[now];
    scaled_total_ = customer_count_ > 0 ? std::max(scaled_total_ - leaving_scaled_[now], 0.0) : 0.0;
  }
  growth_product_ *= factor;
  if (growth_product_ > 1e150 || growth_product_ < 1e-150) rescale();
  const auto arrivals = arrivals_(customer_stream_);
  for (std::int64_t i = 0; i < arrivals; ++i)
    add_customer();
  customer_total_ = growth_product_ * scaled_total_;
}

}  // namespace models
