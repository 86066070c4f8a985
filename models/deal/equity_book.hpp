// Stakes in one company and its valuation: a monthly geometric Brownian motion, diluted by
// equity investment at the current valuation.
#pragma once

#include <vector>

#include "models/scenario/scenario.hpp"

namespace models {

class EquityBook {
 public:
  EquityBook(const EquitySpec& spec, std::size_t parties, const ParameterValues& values);

  bool present() const { return present_; }
  int company() const { return company_; }
  double valuation() const { return valuation_; }  // USD B, post-money
  double stake(int party) const { return stakes_[static_cast<std::size_t>(party)]; }
  double stake_value(int party) const { return stake(party) * valuation_; }

  // One month of the valuation's GBM with standard normal shock `shock`.
  void advance_month(double shock);
  // `investor` pays `amount` into the company for new shares at the current valuation: existing
  // stakes scale by V / (V + amount), the investor gains amount / (V + amount).
  void invest(int investor, double amount);

 private:
  bool present_;
  int company_;
  double valuation_ = 0, drift_ = 0, volatility_ = 0;
  std::vector<double> stakes_;
};

}  // namespace models
