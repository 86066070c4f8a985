// The end of a results file: each metric's column read back from the spill and written as its
// dataset, and the summary group (each metric's mean, spread, percentiles and, for 0/1
// indicators, Wilson intervals) computed from the same columns while the rest is written.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <optional>

#include "models/metrics/results_file.hpp"
#include "models/metrics/timed.hpp"
#include "sim/io/column_read_ahead.hpp"
#include "sim/io/column_spill.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/mc/background_loop.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

// With helper threads they summarise every column, each reading its own copy from the spill,
// while this thread writes the columns and the rest of the file (HDF5 is serial), and then takes
// the columns still left; the summary is the serial tail of a run, so both cores share it.
// Before each column they summarise, the helpers also read the columns this thread is about to
// write (within a budget of memory), so that it does the writing only: summarising is work
// that waits, this thread's writing is the work the end of the run waits for.
// Without helpers this thread summarises each column as it writes it, reading it once.
// The helpers start first: the spill is complete once finish has left it its last, partial
// block (in memory), and writing the last events and closing the streams is HDF5 work for this
// thread. What does not depend on the summaries (the run's attributes, the summary's labels) is
// written before it, and with helpers the metadata written so far is flushed too: after the
// summaries only their values and the file's closing remain, the part of the end no helper can
// share.
void ResultsFile::write_metrics_and_summary(const RunInfo& info) {
  const auto& scalars = catalog_.scalars();
  std::vector<sim::SampleSummary> summaries(scalars.size());
  const unsigned helpers = std::max(1u, info.threads) - 1;
  // 1 MiB holds 13 columns of 10,000 replications; 3 columns let a helper summarising a column
  // (longer than writing one) keep the writer supplied.
  std::optional<sim::ColumnReadAhead> read_ahead;
  if (helpers > 0) read_ahead.emplace(*scalar_spill_, std::size_t{1} << 20, 3);
  sim::BackgroundLoop summarising(helpers == 0 ? 0 : scalars.size(), helpers, [&](std::size_t m) {
    while (read_ahead->read_next()) {
    }
    std::vector<double> column;
    scalar_spill_->read_column(m, column);
    summaries[m] = sim::summarize_in_place(column);
  });
  {
    Timed timed(write_seconds_);
    flush_events();
    writer_->close_streams();
    // Made with the file for the replications planned, unless the run was cut short.
    if (columns_made_for_ != count_) {
      if (columns_made_for_) {
        for (const std::size_t column : metric_columns_)
          writer_->remove_column(column);
        writer_->remove("replication");
      }
      create_metric_columns(count_);
    }
  }
  write_metric_columns(helpers == 0 ? &summaries : nullptr, read_ahead ? &*read_ahead : nullptr);
  {
    Timed timed(write_seconds_);
    write_metric_attributes();
    write_tables();
    write_run_attributes(info);
    if (helpers > 0) writer_->flush_metadata();
  }
  summarising.finish();
  write_summary_columns(summaries);
}

// Each metric's column is read from the spill (or taken from `read_ahead`) and written into its
// dataset (create_metric_columns; timed as writing); with `summaries`, also summarised (sorting
// for percentiles is statistics, not writing).
void ResultsFile::write_metric_columns(std::vector<sim::SampleSummary>* summaries,
                                       sim::ColumnReadAhead* read_ahead) {
  std::vector<double> column;
  for (std::size_t m = 0; m < metric_columns_.size(); ++m) {
    {
      Timed timed(write_seconds_);
      if (read_ahead != nullptr)
        read_ahead->take(m, column);
      else
        scalar_spill_->read_column(m, column);
      writer_->fill_column(metric_columns_[m], column);
    }
    if (summaries != nullptr) (*summaries)[m] = sim::summarize_in_place(column);
  }
}

namespace {
// The summary's value columns, in the order of summary_columns_.
const char* const kSummaryColumns[] = {"mean", "sd",  "se",    "p5",         "p25",        "p50",
                                       "p75",  "p95", "count", "wilson_low", "wilson_high"};
}  // namespace

void ResultsFile::write_summary_columns(const std::vector<sim::SampleSummary>& summaries) {
  const auto& scalars = catalog_.scalars();
  std::vector<double> mean, sd, se, p5, p25, p50, p75, p95, used, wilson_low, wilson_high;
  for (std::size_t m = 0; m < scalars.size(); ++m) {
    const MetricInfo& metric = scalars[m];
    const sim::SampleSummary& summary = summaries[m];
    mean.push_back(summary.mean);
    sd.push_back(summary.standard_deviation);
    se.push_back(summary.standard_error);
    p5.push_back(summary.p5);
    p25.push_back(summary.p25);
    p50.push_back(summary.p50);
    p75.push_back(summary.p75);
    p95.push_back(summary.p95);
    used.push_back(static_cast<double>(summary.count));
    if (metric.probability && summary.count > 0) {
      const sim::Interval interval = sim::wilson_interval(
          summary.mean * static_cast<double>(summary.count), static_cast<double>(summary.count));
      wilson_low.push_back(interval.low);
      wilson_high.push_back(interval.high);
    } else {
      wilson_low.push_back(std::nan(""));
      wilson_high.push_back(std::nan(""));
    }
  }
  Timed timed(write_seconds_);
  const std::vector<double>* columns[] = {&mean, &sd,  &se,   &p5,         &p25,        &p50,
                                          &p75,  &p95, &used, &wilson_low, &wilson_high};
  static_assert(std::size(columns) == std::size(kSummaryColumns));
  for (std::size_t c = 0; c < summary_columns_.size(); ++c)
    writer_->fill_column(summary_columns_[c], *columns[c]);
}

// The summary's metric coordinate, and each metric's unit, meaning, kind (probability or value)
// and whether it is a headline metric.
void ResultsFile::write_summary_labels() {
  sim::Hdf5Writer& writer = *writer_;
  std::vector<std::string> names, units, descriptions, kinds;
  std::vector<std::int64_t> headline;
  for (const MetricInfo& metric : catalog_.scalars()) {
    names.push_back(metric.name);
    units.push_back(metric.unit);
    descriptions.push_back(metric.description);
    kinds.push_back(metric.probability ? "probability" : "value");
    headline.push_back(metric.headline ? 1 : 0);
  }
  writer.write("summary/metric", names);
  writer.make_dimension("summary/metric", "metric");
  // The value columns are made now, with the file, and only filled at the end of the run (the
  // serial part of it): they have a value per metric, however many replications run.
  {
    const std::unique_ptr<sim::Hdf5Writer::ColumnDimension> dimension =
        writer.begin_column_dimension("summary/metric");
    summary_columns_.clear();
    for (const char* column : kSummaryColumns) {
      summary_columns_.push_back(writer.create_column(std::string("summary/") + column,
                                                      names.size(), {}, dimension.get()));
    }
    writer.finish_column_dimension(*dimension);
  }
  writer.write("summary/units", units);
  writer.write("summary/description", descriptions);
  writer.write("summary/kind", kinds);
  writer.write("summary/headline", headline);
  for (const char* column :
       {"summary/units", "summary/description", "summary/kind", "summary/headline"})
    writer.attach_dimension(column, "summary/metric", 0);
}

}  // namespace models
