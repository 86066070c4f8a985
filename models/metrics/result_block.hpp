// Consecutive replications' results packed as a results file stores them, by the thread that
// ran them: each series' rows together and rounded to float32, each metric's values together,
// the events and ledger entries in order with where each replication's end.
//
// A thread packs its own results while they are still in its cache; the thread writing the file
// then writes whole chunks straight from the block (sim::Hdf5Writer::append), instead of
// reading every result of every other thread value by value.
#pragma once

#include <cstddef>
#include <vector>

#include "models/metrics/metrics.hpp"

namespace models {

// Doubles from one column's rows to the next's in a block stored column by column that is
// filled a row at a time (a value in each column): a cache line more than the rows, so that a
// row falls into every cache set rather than a few. Rows a multiple of 4 KiB apart put a row
// into one set of the L1 cache; 512 bytes apart, 201 columns shared 8 of its 64 sets.
constexpr std::size_t padded_column_stride(std::size_t rows) {
  return rows + 8;
}

class ResultBlock {
 public:
  // Empties the block for replications first, first + 1, ... (at most `capacity`) of a scenario
  // with `catalog`. Storage is kept from one use to the next.
  void reset(const MetricCatalog& catalog, std::size_t first, std::size_t capacity);
  // Adds the next replication (index first() + rows()). REQUIRES: rows() < capacity, and a
  // result with the catalog's scalars and series.
  void add(const ReplicationResult& result);

  std::size_t first() const { return first_; }
  std::size_t rows() const { return rows_; }
  // Series `s` (catalog order): rows() rows of catalog.series()[s].size() values.
  const float* series_rows(std::size_t s) const { return series_.data() + starts_[s]; }
  // Metric `m` (catalog order) of the block's replication first() + row.
  double scalar(std::size_t m, std::size_t row) const {
    return scalars_[m * padded_column_stride(capacity_) + row];
  }
  // Replication first() + row's events: [event_end(row - 1), event_end(row)) of events().
  const std::vector<EventRecord>& events() const { return events_; }
  std::size_t events_begin(std::size_t row) const { return row == 0 ? 0 : event_ends_[row - 1]; }
  std::size_t events_end(std::size_t row) const { return event_ends_[row]; }
  // The same for the ledger entries (empty unless the replications kept them).
  const std::vector<LedgerEntry>& ledger() const { return ledger_; }
  std::size_t ledger_begin(std::size_t row) const { return row == 0 ? 0 : ledger_ends_[row - 1]; }
  std::size_t ledger_end(std::size_t row) const { return ledger_ends_[row]; }

 private:
  std::size_t first_ = 0, rows_ = 0, capacity_ = 0;
  std::vector<std::size_t> sizes_;   // values per row of each series
  std::vector<std::size_t> starts_;  // where each series' rows start in series_
  std::vector<float> series_;        // capacity_ rows of each series, series after series
  std::vector<double> scalars_;      // metric m's rows from m * padded_column_stride(capacity_)
  std::vector<EventRecord> events_;
  std::vector<std::size_t> event_ends_;
  std::vector<LedgerEntry> ledger_;
  std::vector<std::size_t> ledger_ends_;
};

}  // namespace models
