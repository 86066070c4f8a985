// The summary group of a results file: each metric's mean, spread, percentiles and, for 0/1
// indicators, Wilson intervals, computed by reading the streamed columns back.
#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>

#include "models/metrics/results_file.hpp"
#include "models/metrics/timed.hpp"
#include "sim/io/column_spill.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

void ResultsFile::write_summary(unsigned threads) {
  {
    Timed timed(write_seconds_);
    writer_->close_streams();
    writer_->create_group("summary");
  }
  write_summary_columns(summarize_scalars(threads));
}

// Each metric's column is read from the spill and written as its dataset (timed as writing),
// and summarised (sorting for percentiles is statistics). HDF5 is serial, so this thread writes
// every column while the other threads, each reading its own copy of the columns from the spill,
// summarise them: the summary is the serial tail of a run. With one thread, it does both.
std::vector<sim::SampleSummary> ResultsFile::summarize_scalars(unsigned threads) {
  sim::Hdf5Writer& writer = *writer_;
  const auto& scalars = catalog_.scalars();
  std::vector<sim::SampleSummary> summaries(scalars.size());
  const unsigned helpers = threads - 1;
  std::vector<std::thread> workers;
  std::vector<std::exception_ptr> failures(helpers);
  for (unsigned t = 0; t < helpers; ++t) {
    workers.emplace_back([&, t] {
      try {
        std::vector<double> column;
        for (std::size_t m = t; m < scalars.size(); m += helpers) {
          scalar_spill_->read_column(m, column);
          summaries[m] = sim::summarize_in_place(column);
        }
      } catch (...) {
        failures[t] = std::current_exception();
      }
    });
  }
  std::vector<double> column;
  try {
    for (std::size_t m = 0; m < scalars.size(); ++m) {
      {
        Timed timed(write_seconds_);
        scalar_spill_->read_column(m, column);
        writer.write_column(scalars[m].name, column,
                            {{"units", scalars[m].unit}, {"description", scalars[m].description}});
      }
      if (helpers == 0) summaries[m] = sim::summarize_in_place(column);
    }
  } catch (...) {
    for (std::thread& worker : workers)
      worker.join();
    throw;
  }
  for (std::thread& worker : workers)
    worker.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  return summaries;
}

void ResultsFile::write_summary_columns(const std::vector<sim::SampleSummary>& summaries) {
  sim::Hdf5Writer& writer = *writer_;
  const auto& scalars = catalog_.scalars();
  std::vector<std::string> names;
  std::vector<double> mean, sd, se, p5, p25, p50, p75, p95, used, wilson_low, wilson_high;
  for (std::size_t m = 0; m < scalars.size(); ++m) {
    const MetricInfo& metric = scalars[m];
    const sim::SampleSummary& summary = summaries[m];
    names.push_back(metric.name);
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
  writer.write("summary/metric", names);
  writer.make_dimension("summary/metric", "metric");
  const std::pair<const char*, std::vector<double>*> columns[] = {{"mean", &mean},
                                                                  {"sd", &sd},
                                                                  {"se", &se},
                                                                  {"p5", &p5},
                                                                  {"p25", &p25},
                                                                  {"p50", &p50},
                                                                  {"p75", &p75},
                                                                  {"p95", &p95},
                                                                  {"count", &used},
                                                                  {"wilson_low", &wilson_low},
                                                                  {"wilson_high", &wilson_high}};
  for (const auto& [name, values] : columns) {
    writer.write(std::string("summary/") + name, *values);
    writer.attach_dimension(std::string("summary/") + name, "summary/metric", 0);
  }
  write_summary_labels();
}

// Each metric's unit, meaning, kind (probability or value) and whether it is a headline metric.
void ResultsFile::write_summary_labels() {
  sim::Hdf5Writer& writer = *writer_;
  std::vector<std::string> units, descriptions, kinds;
  std::vector<std::int64_t> headline;
  for (const MetricInfo& metric : catalog_.scalars()) {
    units.push_back(metric.unit);
    descriptions.push_back(metric.description);
    kinds.push_back(metric.probability ? "probability" : "value");
    headline.push_back(metric.headline ? 1 : 0);
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
