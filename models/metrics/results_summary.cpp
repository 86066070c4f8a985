// The summary group of a results file: each metric's mean, spread, percentiles and, for 0/1
// indicators, Wilson intervals, computed by reading the streamed columns back.
#include <algorithm>
#include <cmath>
#include <thread>

#include "models/metrics/results_file.hpp"
#include "models/metrics/timed.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

void ResultsFile::write_summary(unsigned threads) {
  // Reading back and writing are timed as writing; sorting for percentiles is statistics.
  sim::Hdf5Writer& writer = *writer_;
  {
    Timed timed(write_seconds_);
    writer.close_streams();
    writer.create_group("summary");
  }
  const auto& scalars = catalog_.scalars();
  // Columns are read a group at a time (HDF5 is serial) and summarised in parallel, since the
  // summary is the serial tail of a run. Memory stays a few columns.
  std::vector<sim::SampleSummary> summaries(scalars.size());
  const std::size_t group = 4 * static_cast<std::size_t>(threads);
  for (std::size_t first = 0; first < scalars.size(); first += group) {
    const std::size_t last = std::min(scalars.size(), first + group);
    std::vector<std::vector<double>> columns;
    {
      Timed timed(write_seconds_);
      for (std::size_t m = first; m < last; ++m)
        columns.push_back(writer.read(scalars[m].name));
    }
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (std::size_t m = first + t; m < last; m += threads)
          summaries[m] = sim::summarize(std::move(columns[m - first]));
      });
    }
    for (std::size_t m = first; m < last; m += threads)
      summaries[m] = sim::summarize(std::move(columns[m - first]));
    for (std::thread& worker : workers)
      worker.join();
  }
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
  std::vector<std::string> units, kinds;
  for (const MetricInfo& metric : scalars) {
    units.push_back(metric.unit);
    kinds.push_back(metric.probability ? "probability" : "value");
  }
  writer.write("summary/units", units);
  writer.write("summary/kind", kinds);
  writer.attach_dimension("summary/units", "summary/metric", 0);
  writer.attach_dimension("summary/kind", "summary/metric", 0);
}

}  // namespace models
