#include "models/deal/equity_book.hpp"

#include <cmath>

namespace models {

EquityBook::EquityBook(const EquitySpec& spec, std::size_t parties, const ParameterValues& values)
    : present_(spec.present), company_(spec.company), stakes_(parties, 0.0) {
  if (!present_) return;
  valuation_ = values[spec.valuation];
  drift_ = values[spec.drift];
  volatility_ = values[spec.volatility];
  for (const auto& [party, fraction] : spec.stakes)
    stakes_[static_cast<std::size_t>(party)] = values[fraction];
}

void EquityBook::advance_month(double shock) {
  if (!present_) return;
  const double dt = 1.0 / 12.0;
  valuation_ *= std::exp((drift_ - 0.5 * volatility_ * volatility_) * dt +
                         volatility_ * std::sqrt(dt) * shock);
}

void EquityBook::invest(int investor, double amount) {
  if (!present_ || amount <= 0) return;
  const double post_money = valuation_ + amount;
  for (double& stake : stakes_)
    stake *= valuation_ / post_money;
  stakes_[static_cast<std::size_t>(investor)] += amount / post_money;
  valuation_ = post_money;
}

}  // namespace models
