#include "models/sweep/sweep_file.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

#include "models/scenario/input_hash.hpp"
#include "models/source_revision.hpp"
#include "models/sweep/design.hpp"
#include "models/sweep/sensitivity_file.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

const char* const kStatistics[] = {"mean", "sd", "se", "p5", "p25", "p50", "p75", "p95", "count"};

double statistic(const sim::SampleSummary& summary, std::size_t which) {
  switch (which) {
    case 0:
      return summary.mean;
    case 1:
      return summary.standard_deviation;
    case 2:
      return summary.standard_error;
    case 3:
      return summary.p5;
    case 4:
      return summary.p25;
    case 5:
      return summary.p50;
    case 6:
      return summary.p75;
    case 7:
      return summary.p95;
    default:
      return static_cast<double>(summary.count);
  }
}

void set_statistic(sim::SampleSummary& summary, std::size_t which, double value) {
  switch (which) {
    case 0:
      summary.mean = value;
      break;
    case 1:
      summary.standard_deviation = value;
      break;
    case 2:
      summary.standard_error = value;
      break;
    case 3:
      summary.p5 = value;
      break;
    case 4:
      summary.p25 = value;
      break;
    case 5:
      summary.p50 = value;
      break;
    case 6:
      summary.p75 = value;
      break;
    case 7:
      summary.p95 = value;
      break;
    default:
      summary.count = static_cast<std::size_t>(value);
  }
}

}  // namespace

std::string sweep_hash(const SweepSpec& spec) {
  return input_hash(spec.text, spec.scenario_text, spec.seed);
}

namespace {

void write_attributes(sim::Hdf5Writer& writer, const SweepSpec& spec, const SweepFileInfo& info,
                      std::size_t present) {
  writer.set_attribute("/", "dealsim_version", info.version);
  writer.set_attribute("/", "source_revision", std::string(source_revision()));
  writer.set_attribute("/", "kind", std::string("sweep"));
  writer.set_attribute("/", "sweep_name", spec.name);
  writer.set_attribute("/", "sweep", spec.text);
  writer.set_attribute("/", "sweep_path", spec.path);
  writer.set_attribute("/", "sweep_hash", sweep_hash(spec));
  writer.set_attribute("/", "scenario", spec.scenario_text);
  writer.set_attribute("/", "scenario_path", spec.scenario_path);
  writer.set_attribute("/", "seed", static_cast<std::int64_t>(spec.seed));
  writer.set_attribute("/", "design", std::string(design_name(spec.design)));
  writer.set_attribute("/", "common_random_numbers",
                       std::int64_t{spec.common_random_numbers ? 1 : 0});
  writer.set_attribute("/", "points_total", static_cast<std::int64_t>(spec.points.rows()));
  writer.set_attribute("/", "points", static_cast<std::int64_t>(present));
  writer.set_attribute("/", "shard_index", static_cast<std::int64_t>(info.shard_index));
  writer.set_attribute("/", "shard_count", static_cast<std::int64_t>(info.shard_count));
  writer.set_attribute("/", "complete", std::int64_t{info.complete ? 1 : 0});
  writer.set_attribute("/", "command_line", info.command_line);
  writer.set_attribute("/", "created", sim::utc_timestamp());
}

// The point, parameter and metric axes, each point's parameter values and replications.
void write_points(sim::Hdf5Writer& writer, const SweepSpec& spec,
                  const std::vector<const PointResult*>& present) {
  const std::size_t p = present.size(), d = spec.parameters.size();
  std::vector<std::int64_t> points(p), replications(p);
  std::vector<double> values(p * d);
  for (std::size_t i = 0; i < p; ++i) {
    points[i] = static_cast<std::int64_t>(present[i]->point);
    replications[i] = static_cast<std::int64_t>(present[i]->replications);
    for (std::size_t j = 0; j < d; ++j) {
      values[i * d + j] =
          spec.points(static_cast<Eigen::Index>(present[i]->point), static_cast<Eigen::Index>(j));
    }
  }
  std::vector<std::string> parameters, metrics = spec.metrics;
  for (const auto& parameter : spec.parameters)
    parameters.push_back(parameter.path);
  writer.write("point", points);
  writer.make_dimension("point", "point");
  writer.write("parameter", parameters);
  writer.make_dimension("parameter", "parameter");
  writer.write("metric", metrics);
  writer.make_dimension("metric", "metric");
  if (spec.metric_units.size() == spec.metrics.size()) {
    writer.write("metric_unit", spec.metric_units);
    writer.attach_dimension("metric_unit", "metric", 0);
    writer.write("metric_description", spec.metric_descriptions);
    writer.attach_dimension("metric_description", "metric", 0);
  }
  writer.write_array("point_values", values, {p, d});
  writer.set_attribute("/point_values", "description",
                       std::string("Each point's parameter values."));
  writer.attach_dimension("point_values", "point", 0);
  writer.attach_dimension("point_values", "parameter", 1);
  writer.write("replications", replications);
  writer.attach_dimension("replications", "point", 0);
}

// summary/<statistic> [point, metric]; with keep_replications, replication_values
// [point, metric, replication].
void write_point_results(sim::Hdf5Writer& writer, const SweepSpec& spec,
                         const std::vector<const PointResult*>& present) {
  const std::size_t p = present.size(), m = spec.metrics.size();
  for (std::size_t s = 0; s < std::size(kStatistics); ++s) {
    std::vector<double> table(p * m);
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t k = 0; k < m; ++k)
        table[i * m + k] = statistic(present[i]->summaries[k], s);
    }
    const std::string name = std::string("summary/") + kStatistics[s];
    writer.write_array(name, table, {p, m});
    writer.attach_dimension(name, "point", 0);
    writer.attach_dimension(name, "metric", 1);
  }
  if (!spec.keep_replications || p == 0) return;
  const std::size_t r = present[0]->replications;
  std::vector<std::int64_t> replication(r);
  for (std::size_t i = 0; i < r; ++i)
    replication[i] = static_cast<std::int64_t>(i);
  writer.write("replication", replication);
  writer.make_dimension("replication", "replication");
  std::vector<double> all;
  all.reserve(p * m * r);
  for (const PointResult* result : present)
    all.insert(all.end(), result->values.begin(), result->values.end());
  writer.write_array("replication_values", all, {p, m, r});
  writer.attach_dimension("replication_values", "point", 0);
  writer.attach_dimension("replication_values", "metric", 1);
  writer.attach_dimension("replication_values", "replication", 2);
}

}  // namespace

void write_sweep_file(const std::filesystem::path& path, const SweepSpec& spec,
                      const std::vector<std::optional<PointResult>>& results,
                      const SweepFileInfo& info, bool replace) {
  std::vector<const PointResult*> present;
  for (const auto& result : results) {
    if (result) present.push_back(&*result);
  }
  std::sort(present.begin(), present.end(),
            [](const PointResult* a, const PointResult* b) { return a->point < b->point; });
  sim::Hdf5Writer writer(path,
                         replace ? sim::Hdf5Writer::Mode::Replace : sim::Hdf5Writer::Mode::Create);
  write_attributes(writer, spec, info, present.size());
  write_points(writer, spec, present);
  write_point_results(writer, spec, present);
  write_sensitivity(writer, spec, present);
  writer.commit();
}

namespace {

// Reads a sweep file's parts, each checked before it is used; errors name the file.
class SweepFileReader {
 public:
  explicit SweepFileReader(const std::filesystem::path& path) : path_(path), reader_(path) {}

  // The attributes: which sweep, whether complete, how many points, which shard.
  void read_header(SweepFileContents& contents) const {
    if (reader_.string_attribute("/", "kind").value_or("") != "sweep") {
      throw sim::IoError(path_.string() + ": not a sweep file (written by dealsim sweep)");
    }
    contents.hash = reader_.string_attribute("/", "sweep_hash").value_or("");
    contents.complete = reader_.integer_attribute("/", "complete").value_or(0) == 1;
    contents.points_total = count_attribute("points_total");
    contents.shard_index = count_attribute("shard_index");
    contents.shard_count = count_attribute("shard_count");
    if (contents.shard_index > contents.shard_count ||
        (contents.shard_count > 0 && contents.shard_index == 0)) {
      throw damaged("shard " + std::to_string(contents.shard_index) + " of " +
                    std::to_string(contents.shard_count));
    }
    contents.metrics = reader_.strings("metric");
  }

  // summary/<statistic>, each [point, metric].
  std::vector<std::vector<double>> read_statistics(std::size_t points, std::size_t metrics) const {
    std::vector<std::vector<double>> statistics;
    for (const char* name : kStatistics) {
      statistics.push_back(reader_.doubles(std::string("summary/") + name));
      if (statistics.back().size() != points * metrics) {
        throw damaged(std::string("summary/") + name + " holds " +
                      std::to_string(statistics.back().size()) +
                      " values, not points x metrics = " + std::to_string(points * metrics));
      }
    }
    return statistics;
  }

  // Point indices in range and distinct, whole replication counts, summary counts within
  // them. Returns the number of kept values the points add up to.
  double check_points(const SweepFileContents& contents, const std::vector<double>& points,
                      const std::vector<double>& replications,
                      const std::vector<double>& counts) const {
    const std::size_t metrics = contents.metrics.size();
    std::vector<bool> seen(contents.points_total, false);
    double kept = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double point = points[i], count = replications[i];
      if (!(point >= 0) || point >= static_cast<double>(contents.points_total) ||
          std::floor(point) != point || seen[static_cast<std::size_t>(point)]) {
        throw damaged("point index " + std::to_string(point) + " is out of range or repeated");
      }
      seen[static_cast<std::size_t>(point)] = true;
      if (!(count >= 0) || count > 1e9 || std::floor(count) != count)
        throw damaged("replication count " + std::to_string(count));
      for (std::size_t k = 0; k < metrics; ++k) {
        const double used = counts[i * metrics + k];
        if (!(used >= 0) || used > count || std::floor(used) != used)
          throw damaged("summary/count " + std::to_string(used) + " at point " + std::to_string(i));
      }
      kept += count * static_cast<double>(metrics);
    }
    return kept;
  }

  std::vector<double> read_values(double kept) const {
    if (!reader_.exists("replication_values")) return {};
    std::vector<double> values = reader_.doubles("replication_values");
    if (static_cast<double>(values.size()) != kept) {
      throw damaged("replication_values holds " + std::to_string(values.size()) +
                    " values, not the points' metrics x replications");
    }
    return values;
  }

  std::vector<double> doubles(const std::string& name) const { return reader_.doubles(name); }

  sim::IoError damaged(const std::string& what) const {
    return sim::IoError(path_.string() + ": damaged or not written by dealsim sweep: " + what);
  }

 private:
  std::uint64_t count_attribute(const char* name) const {
    const std::int64_t value = reader_.integer_attribute("/", name).value_or(-1);
    if (value < 0 || static_cast<double>(value) > kMaxSweepPoints)
      throw damaged("attribute '" + std::string(name) + "' is " + std::to_string(value));
    return static_cast<std::uint64_t>(value);
  }

  const std::filesystem::path& path_;
  sim::Hdf5Reader reader_;
};

}  // namespace

SweepFileContents read_sweep_file(const std::filesystem::path& path, bool with_values) {
  const SweepFileReader reader(path);
  SweepFileContents contents;
  reader.read_header(contents);
  const std::size_t metrics = contents.metrics.size();
  const auto points = reader.doubles("point");
  const auto replications = reader.doubles("replications");
  const std::size_t p = points.size();
  if (replications.size() != p) {
    throw reader.damaged(std::to_string(p) + " points but " + std::to_string(replications.size()) +
                         " replication counts");
  }
  const auto statistics = reader.read_statistics(p, metrics);
  const double kept = reader.check_points(contents, points, replications, statistics.back());
  const std::vector<double> values = with_values ? reader.read_values(kept) : std::vector<double>{};
  std::size_t offset = 0;
  for (std::size_t i = 0; i < p; ++i) {
    PointResult result;
    result.point = static_cast<std::uint64_t>(points[i]);
    result.replications = static_cast<std::uint64_t>(replications[i]);
    result.summaries.resize(metrics);
    for (std::size_t k = 0; k < metrics; ++k) {
      for (std::size_t s = 0; s < statistics.size(); ++s)
        set_statistic(result.summaries[k], s, statistics[s][i * metrics + k]);
    }
    if (!values.empty()) {
      const std::size_t size = metrics * result.replications;
      result.values.assign(values.begin() + static_cast<std::ptrdiff_t>(offset),
                           values.begin() + static_cast<std::ptrdiff_t>(offset + size));
      offset += size;
    }
    contents.results.push_back(std::move(result));
  }
  return contents;
}

}  // namespace models
