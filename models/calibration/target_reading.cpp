// Reading a calibration file's targets against the base scenario's metrics and series: each
// one's statistic, uncertainty and steps, with located errors. Internal to models/calibration/.
#include "models/calibration/target_reading.hpp"

#include <algorithm>
#include <cmath>

#include "models/metrics/metrics.hpp"
#include "models/scenario/scalar.hpp"
#include "sim/kernel/date.hpp"

namespace models {

namespace {

using calibration_fields::number;
using calibration_fields::text;

class TargetReader {
 public:
  TargetReader(const YamlDocument& document, const Scenario& scenario,
               const std::string& scenario_path, std::vector<Diagnostic>& problems)
      : document_(document),
        scenario_(scenario),
        scenario_path_(scenario_path),
        problems_(problems) {}

  std::vector<Target> read(const YAML::Node& targets) {
    std::vector<Target> result;
    if (targets.size() == 0) error(targets, "targets", "expected at least one target");
    const MetricCatalog catalog(scenario_);
    for (const auto& item : targets) {
      Target target;
      target.name = text(item.first);
      const std::string where = "targets." + target.name;
      const YAML::Node node = item.second;
      const std::size_t before = problems_.size();
      read_statistic(node, where, target);
      read_uncertainty(node, where, target);
      if (node["metric"].IsDefined()) {
        read_metric_target(catalog, node, where, target);
      } else {
        read_series_target(catalog, node, where, target);
      }
      if (problems_.size() == before) result.push_back(std::move(target));
    }
    return result;
  }

  void read_statistic(const YAML::Node& node, const std::string& where, Target& target) {
    target.statistic = text(node["statistic"]);
    target.percentile =
        target.statistic == "mean" ? -1 : std::stod(target.statistic.substr(1)) / 100.0;
    target.value = number(node["value"]);
    target.source = text(node["source"]);
    if (target.source.empty()) error(node["source"], where + ".source", "name the figure's source");
  }

  void read_uncertainty(const YAML::Node& node, const std::string& where, Target& target) {
    if (node["sd"].IsDefined()) {
      target.sd = number(node["sd"]);
      if (!(target.sd > 0) || !std::isfinite(target.sd)) {
        error(node["sd"], where + ".sd",
              "the uncertainty must be a positive, finite standard deviation");
      }
      return;
    }
    const YAML::Node interval = node["interval"];
    if (interval.size() != 2) {
      error(interval, where + ".interval", "expected [low, high], two numbers");
      return;
    }
    const double low = number(interval[0]), high = number(interval[1]);
    if (!(low < high) || !std::isfinite(high - low)) {
      error(interval, where + ".interval",
            "expected low < high: a 95 % interval of positive width");
      return;
    }
    target.sd = (high - low) / (2 * 1.959963984540054);
  }

  void read_metric_target(const MetricCatalog& catalog, const YAML::Node& node,
                          const std::string& where, Target& target) {
    target.metric = text(node["metric"]);
    std::vector<std::string> names;
    for (const auto& metric : catalog.scalars())
      names.push_back(metric.name);
    const auto found = std::find(names.begin(), names.end(), target.metric);
    if (found == names.end()) {
      const std::string nearest = nearest_name(target.metric, names);
      error(node["metric"], where + ".metric",
            "no metric named '" + target.metric + "' in " + scenario_path_ +
                (nearest.empty() ? "" : "; did you mean '" + nearest + "'?"));
      return;
    }
    target.unit = catalog.scalars()[static_cast<std::size_t>(found - names.begin())].unit;
    for (const char* key : {"label", "at", "from", "to"}) {
      if (node[key].IsDefined()) {
        error(node[key], where + "." + key,
              "a metric covers the whole run; `" + std::string(key) + "` is for series targets");
      }
    }
  }

  void read_series_target(const MetricCatalog& catalog, const YAML::Node& node,
                          const std::string& where, Target& target) {
    target.series = text(node["series"]);
    const SeriesInfo* series = nullptr;
    std::vector<std::string> names;
    for (const auto& info : catalog.series()) {
      names.push_back(info.name);
      if (info.name == target.series) series = &info;
    }
    if (series == nullptr || series->step == "contract_year") {
      const std::string nearest = nearest_name(target.series, names);
      error(node["series"], where + ".series",
            series ? "'" + target.series +
                         "' counts contract years, which differ by commitment; "
                         "use a monthly or yearly series"
                   : "no series named '" + target.series + "'" +
                         (nearest.empty() ? "" : "; did you mean '" + nearest + "'?"));
      return;
    }
    target.unit = series->unit;
    if (node["label"].IsDefined()) {
      target.label = text(node["label"]);
      if (std::find(series->labels.begin(), series->labels.end(), target.label) ==
          series->labels.end()) {
        const std::string nearest = nearest_name(target.label, series->labels);
        error(node["label"], where + ".label",
              "'" + target.series + "' has no row '" + target.label + "'" +
                  (nearest.empty() ? "" : "; did you mean '" + nearest + "'?"));
      }
    }
    target.reduce_sum = text(node["reduce"]) == "sum";
    read_steps(*series, node, where, target);
  }

  // The step (month or scenario year) that contains `date`, or -1 outside the run.
  long step_of(const SeriesInfo& series, const sim::Date& date) const {
    const sim::Date& start = scenario_.timeline.start();
    if (date < start) return -1;
    const long month = scenario_.timeline.month_index_at(scenario_.timeline.time_of(date));
    const long step = series.step == "year" ? month / 12 : month;
    return step < static_cast<long>(series.steps) ? step : -1;
  }

  void read_steps(const SeriesInfo& series, const YAML::Node& node, const std::string& where,
                  Target& target) {
    const bool at = node["at"].IsDefined(), from = node["from"].IsDefined(),
               to = node["to"].IsDefined();
    if (at == (from || to) || from != to) {
      error(node, where, "a series target needs `at: DATE`, or `from: DATE` and `to: DATE`");
      return;
    }
    auto date_step = [&](const char* key) {
      const sim::Date date = sim::parse_iso_date_or_throw(text(node[key]));
      const long step = step_of(series, date);
      if (step < 0) {
        error(node[key], where + "." + key,
              text(node[key]) + " is outside the run (" + sim::to_iso(scenario_.timeline.start()) +
                  ", " + std::to_string(scenario_.horizon_years) + " years)");
      }
      return step;
    };
    const long first = date_step(at ? "at" : "from"), last = at ? first : date_step("to");
    if (first < 0 || last < 0) return;
    if (last < first) {
      error(node["to"], where + ".to", "`to` is before `from`");
      return;
    }
    target.first_step = static_cast<std::size_t>(first);
    target.last_step = static_cast<std::size_t>(last);
    const int months = series.step == "year" ? 12 : 1;
    const sim::Date& start = scenario_.timeline.start();
    target.period =
        "from " + sim::to_iso(sim::add_months(start, static_cast<int>(first) * months)) +
        " up to " + sim::to_iso(sim::add_months(start, static_cast<int>(last + 1) * months));
  }

 private:
  void error(const YAML::Node& node, const std::string& where, const std::string& message) {
    problems_.push_back(document_.at(node, where, message));
  }

  const YamlDocument& document_;
  const Scenario& scenario_;
  const std::string& scenario_path_;
  std::vector<Diagnostic>& problems_;
};

}  // namespace

std::vector<Target> read_targets(const YamlDocument& document, const YAML::Node& targets,
                                 const Scenario& scenario, const std::string& scenario_path,
                                 std::vector<Diagnostic>& problems) {
  return TargetReader(document, scenario, scenario_path, problems).read(targets);
}

}  // namespace models
