#include "models/metrics/result_block.hpp"

#include "sim/kernel/error.hpp"

namespace models {

void ResultBlock::reset(const MetricCatalog& catalog, std::size_t first, std::size_t capacity) {
  SIM_CHECK(capacity >= 1, "a block of no replications");
  first_ = first;
  rows_ = 0;
  capacity_ = capacity;
  const std::size_t series = catalog.series().size();
  sizes_.resize(series);
  starts_.resize(series);
  for (std::size_t s = 0; s < series; ++s) {
    sizes_[s] = catalog.series()[s].size();
    starts_[s] = capacity * catalog.series_offset(s);
  }
  series_.resize(capacity * catalog.series_values());
  scalars_.resize(padded_column_stride(capacity) * catalog.scalars().size());
  events_.clear();
  event_ends_.resize(capacity);
  ledger_.clear();
  ledger_ends_.resize(capacity);
}

void ResultBlock::add(const ReplicationResult& result) {
  SIM_CHECK(rows_ < capacity_, "a block of " << capacity_ << " replications is full");
  const std::size_t stride = padded_column_stride(capacity_);
  SIM_CHECK(result.scalars.size() * stride == scalars_.size() &&
                result.series.size() * capacity_ == series_.size(),
            "a result of " << result.scalars.size() << " metrics and " << result.series.size()
                           << " series values, not the catalog's");
  for (std::size_t m = 0; m < result.scalars.size(); ++m)
    scalars_[m * stride + rows_] = result.scalars[m];
  // Rounded to float32 (to nearest), as the file stores them.
  const double* in = result.series.data();
  for (std::size_t s = 0; s < sizes_.size(); ++s) {
    float* out = series_.data() + starts_[s] + rows_ * sizes_[s];
    for (std::size_t i = 0; i < sizes_[s]; ++i)
      out[i] = static_cast<float>(in[i]);
    in += sizes_[s];
  }
  events_.insert(events_.end(), result.events.begin(), result.events.end());
  event_ends_[rows_] = events_.size();
  ledger_.insert(ledger_.end(), result.ledger.begin(), result.ledger.end());
  ledger_ends_[rows_] = ledger_.size();
  ++rows_;
}

}  // namespace models
