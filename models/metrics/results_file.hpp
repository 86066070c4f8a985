// Writes the results of a run to HDF5 as replications finish, in netCDF-4 style: dimension
// scales `replication`, `month`, `year`, `contract_year`, `provider`, `class`, `commitment`, so
// that xarray.open_dataset(path, engine="h5netcdf") opens it with named dimensions and
// coordinates. The format is documented in output/README.md.
//
// Replications are appended in index order and buffered in blocks, so memory does not grow with
// the number of replications: series are streamed into their datasets, and metrics into a
// temporary file from which finish() writes each metric's dataset and computes the summary.
// Everything goes to a temporary file renamed over the destination by finish(): a crash leaves
// the previous file or none.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/metrics/metrics.hpp"
#include "models/metrics/result_block.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/mc/statistics.hpp"

namespace sim {
class ColumnReadAhead;
class ColumnSpill;
class Hdf5Writer;
}  // namespace sim

namespace models {

struct RunInfo {
  std::string version;
  std::string scenario_path;
  std::string command_line;
  std::uint64_t seed = 0;
  std::uint64_t replications_requested = 0;
  unsigned threads = 1;
  bool complete = true;
  std::string stopping_rule;  // e.g. "npv.microsoft:0.01", or ""
  std::string posterior;      // the calibration file inputs were drawn from (run --posterior)
};

class ResultsFile {
 public:
  // The most replications a series chunk holds (128 KiB of float32 decides, up to this).
  static constexpr std::size_t kBlock = 1024;
  // Replications per write of the metrics' values to the spill, from which each metric's column
  // is read back at the end a block at a time (the last, partial block from memory; the end of
  // a run reads every column once, or twice with helper threads). Larger blocks mean fewer
  // reads, but the block is memory the process touches for the first time, which costs about
  // 6 us a page on the virtual machines dealsim is measured on even when populated, against
  // about 1.5 us a read. At 10,000 replications 2,048 rows (3.3 MB, 4 reads a column) cost
  // about 5 ms less than 4,096 (6.6 MB, 2 reads) and were 2 to 3 % faster on 2 threads.
  static constexpr std::size_t kScalarBlock = 2048;
  // Doubles from one metric's rows to the next's in the block being filled. Rows 8 or 32 KiB
  // apart (unpadded) put a row into one cache set, and filling the block with 10,000
  // replications took 14 to 28 ms instead of 2 (1.5 to 3 % of a 1-thread run of the baseline).
  static constexpr std::size_t kScalarStride = padded_column_stride(kScalarBlock);
  // Replications a ResultBlock should hold for append(): a series of up to 512 values per
  // replication (the baseline's largest have 480) is chunked by 64 replications or more, so
  // blocks of 64 that start at multiples of 64 are written as whole chunks, without a copy.
  static constexpr std::size_t kAppendRows = 64;

  // Creates the temporary file. Throws sim::IoError when it cannot. `replace`: finish() may
  // replace an existing file (--force); otherwise it refuses one that appeared meanwhile.
  // `planned`: the replications the run will append if it is not interrupted (0: not known,
  // as with a precision target). With it, each metric's dataset, its attributes and the
  // replication coordinate are made here, leaving finish() only their values to write: in a
  // run of more than one thread the file is made while the first replications run, and the
  // end of a run is serial. (An interrupted run, whose replications are fewer, has them made
  // again at the end.)
  ResultsFile(const std::filesystem::path& path, const Scenario& scenario,
              const MetricCatalog& catalog, bool with_ledger, bool replace = false,
              std::size_t planned = 0);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // Appends the block's replications, which must be the next ones (from replications()).
  // Throws sim::IoError.
  void append(const ResultBlock& block);
  std::size_t replications() const { return count_; }
  // Flushes, writes coordinates, the summary and the attributes, and renames the file into place.
  void finish(const RunInfo& info);
  // Seconds spent inside HDF5 calls so far.
  double write_seconds() const { return write_seconds_; }

 private:
  // A whole block of metric values into the spill (the last, partial one stays in memory:
  // ColumnSpill::keep_tail); the events and ledger entries of the replications appended so far
  // into their streams, after each append(), so that little is left for the end of a run (a
  // chunk of 8,192 events filled there is compressed in serial time).
  void flush_scalars();
  void flush_events();
  // Parts of finish(), the next four in results_summary.cpp.
  void write_metrics_and_summary(const RunInfo& info);
  void write_metric_columns(std::vector<sim::SampleSummary>* summaries,
                            sim::ColumnReadAhead* read_ahead);
  void write_summary_columns(const std::vector<sim::SampleSummary>& summaries);
  void write_summary_labels();
  void write_run_attributes(const RunInfo& info);
  // Coordinates and dimension scales, in results_layout.cpp: the fixed ones and the series'
  // attributes from the constructor, the replication coordinate and what refers to it from
  // finish().
  void write_fixed_coordinates();
  void write_series_attributes();
  void write_series_attributes(const SeriesInfo& series, bool with_replication);
  void write_replication_coordinate(std::size_t replications);
  // The metric datasets, made for `replications` (write_metric_columns fills them).
  void create_metric_columns(std::size_t replications);
  void write_metric_attributes();
  // Parts of finish().
  void write_tables();
  void write_parameters();

  const Scenario& scenario_;
  const MetricCatalog& catalog_;
  bool with_ledger_;
  std::string scenario_text_;  // the resolved scenario, emitted here (see Scenario)
  std::unique_ptr<sim::Hdf5Writer> writer_;
  std::size_t count_ = 0;
  std::size_t event_count_ = 0, ledger_count_ = 0;
  // The metric datasets, in catalog order, and how many replications they were made for (none
  // made yet: empty).
  std::optional<std::size_t> columns_made_for_;
  std::vector<std::size_t> metric_columns_;  // sim::Hdf5Writer::Column handles
  // The summary's columns (kSummaryColumns), made with the file and filled by finish().
  std::vector<std::size_t> summary_columns_;
  double write_seconds_ = 0;

  // Text columns of the events and ledger tables are stored as codes into label tables written
  // at the end: variable-length strings cost HDF5 a heap object each, which dominated writing.
  class Labels {
   public:
    std::int64_t code(const std::string& label);
    const std::vector<std::string>& labels() const { return labels_; }

   private:
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::int64_t> codes_;
  };

  // Streams (handles into writer_); kNoStream for a series with an empty axis.
  static constexpr std::size_t kNoStream = static_cast<std::size_t>(-1);
  std::vector<std::size_t> series_streams_;
  // The metrics' columns until finish() writes each as one dataset (see sim::ColumnSpill).
  std::unique_ptr<sim::ColumnSpill> scalar_spill_;
  std::size_t event_streams_[6] = {}, ledger_streams_[7] = {};
  // The indices of the event and ledger tables, streamed so that nothing grows in memory.
  std::size_t event_index_stream_ = 0, entry_index_stream_ = 0;

  // The block being filled, columnar.
  // Metric m's rows at [m * kScalarStride, m * kScalarStride + scalar_rows_).
  std::vector<double> scalar_block_;
  std::size_t scalar_rows_ = 0;
  std::vector<std::vector<std::int64_t>> event_codes_;   // replication, kind, party, cause
  std::vector<std::vector<double>> event_values_;        // time, amount
  std::vector<std::vector<std::int64_t>> ledger_codes_;  // replication, payer, payee, kind, cause
  std::vector<std::vector<double>> ledger_values_;       // time, amount
  Labels event_kinds_, event_parties_, event_causes_, ledger_kinds_;
  // event_parties_'s code of each party (index + 1; 0: no party), found on its first event so
  // that codes keep their order of first appearance; -1 until then.
  std::vector<std::int64_t> party_codes_;
  std::int64_t event_party_code(int party);
  std::int64_t event_kind_code(EventKind kind);
  std::int64_t event_cause_code(const EventCause& cause);
  std::array<std::int64_t, kEventKinds> event_kind_codes_;  // -1: not yet labelled
  std::unordered_map<std::uint64_t, std::int64_t> event_cause_codes_;
};

}  // namespace models
