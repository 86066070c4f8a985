#include "models/cli/sweep_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "models/cli/commands.hpp"
#include "models/sweep/sobol.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

namespace {

// What the tables need of a sweep file, sizes checked.
struct SweepTables {
  std::string file, name, design, scenario_path;
  bool complete = false;
  std::size_t points_total = 0;
  std::vector<std::string> parameters, metrics, units;
  std::vector<double> point, values, replications, means;  // values [p][d], means [p][m]
  bool has_sobol = false, has_tornado = false, has_morris = false;
  // [m][d] tables
  std::vector<double> first, first_low, first_high, total, total_low, total_high, converged;
  std::vector<double> low, high, swing, base, parameter_low, parameter_high;
  std::vector<double> mu_star, mu_star_low, mu_star_high, mu, sigma;
};

std::vector<double> sized(const sim::Hdf5Reader& reader, const std::filesystem::path& file,
                          const std::string& path, std::size_t size) {
  std::vector<double> values = reader.doubles(path);
  if (values.size() != size) {
    throw sim::IoError(file.string() + ": '" + path + "' holds " + std::to_string(values.size()) +
                       " values where " + std::to_string(size) +
                       " were expected; the file is damaged");
  }
  return values;
}

SweepTables read_tables(const std::filesystem::path& file) {
  const sim::Hdf5Reader reader(file);
  SweepTables t;
  t.file = file.string();
  t.name = reader.string_attribute("/", "sweep_name").value_or("?");
  t.design = reader.string_attribute("/", "design").value_or("?");
  t.scenario_path = reader.string_attribute("/", "scenario_path").value_or("?");
  t.complete = reader.integer_attribute("/", "complete").value_or(0) == 1;
  t.points_total = static_cast<std::size_t>(
      std::max<std::int64_t>(0, reader.integer_attribute("/", "points_total").value_or(0)));
  t.parameters = reader.strings("parameter");
  t.metrics = reader.strings("metric");
  const std::size_t d = t.parameters.size(), m = t.metrics.size();
  t.units = reader.exists("metric_unit") ? reader.strings("metric_unit")
                                         : std::vector<std::string>(m, "");
  if (t.units.size() != m) t.units.assign(m, "");
  t.point = reader.doubles("point");
  const std::size_t p = t.point.size();
  t.values = sized(reader, file, "point_values", p * d);
  t.replications = sized(reader, file, "replications", p);
  t.means = sized(reader, file, "summary/mean", p * m);
  t.has_sobol = reader.exists("sobol/first_order");
  if (t.has_sobol) {
    t.first = sized(reader, file, "sobol/first_order", m * d);
    t.first_low = sized(reader, file, "sobol/first_order_low", m * d);
    t.first_high = sized(reader, file, "sobol/first_order_high", m * d);
    t.total = sized(reader, file, "sobol/total", m * d);
    t.total_low = sized(reader, file, "sobol/total_low", m * d);
    t.total_high = sized(reader, file, "sobol/total_high", m * d);
    t.converged = reader.exists("sobol/converged") ? sized(reader, file, "sobol/converged", m)
                                                   : std::vector<double>(m, NAN);
  }
  t.has_morris = reader.exists("morris/mu_star");
  if (t.has_morris) {
    t.mu_star = sized(reader, file, "morris/mu_star", m * d);
    t.mu_star_low = sized(reader, file, "morris/mu_star_low", m * d);
    t.mu_star_high = sized(reader, file, "morris/mu_star_high", m * d);
    t.mu = sized(reader, file, "morris/mu", m * d);
    t.sigma = sized(reader, file, "morris/sigma", m * d);
  }
  t.has_tornado = reader.exists("tornado/swing");
  if (t.has_tornado) {
    t.low = sized(reader, file, "tornado/low", m * d);
    t.high = sized(reader, file, "tornado/high", m * d);
    t.swing = sized(reader, file, "tornado/swing", m * d);
    t.base = sized(reader, file, "tornado/base", m);
    t.parameter_low = sized(reader, file, "tornado/parameter_low", d);
    t.parameter_high = sized(reader, file, "tornado/parameter_high", d);
  }
  return t;
}

std::string metric_label(const SweepTables& t, std::size_t k) {
  return t.units[k].empty() ? t.metrics[k] : t.metrics[k] + " (" + t.units[k] + ")";
}

// Parameters of metric k in descending order of `key`.
std::vector<std::size_t> ranked(const std::vector<double>& key, std::size_t k, std::size_t d) {
  std::vector<std::size_t> order(d);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key[k * d + a] > key[k * d + b]; });
  return order;
}

std::size_t name_width(const std::vector<std::string>& names, std::size_t floor) {
  std::size_t width = floor;
  for (const auto& name : names)
    width = std::max(width, name.size());
  return width;
}

// The first `shown` points: aligned columns, or CSV with numbers that read back exactly.
void print_point_rows(const SweepTables& t, std::size_t shown, bool csv) {
  const std::size_t d = t.parameters.size(), m = t.metrics.size();
  auto number = [csv](double value) { std::printf(csv ? ",%.17g" : " %12.5g", value); };
  for (std::size_t i = 0; i < shown; ++i) {
    std::printf(csv ? "%.0f" : "%8.0f", t.point[i]);
    for (std::size_t j = 0; j < d; ++j)
      number(t.values[i * d + j]);
    std::printf(csv ? ",%.0f" : " %12.0f", t.replications[i]);
    for (std::size_t k = 0; k < m; ++k)
      number(t.means[i * m + k]);
    std::printf("\n");
  }
}

void print_points(const SweepTables& t, bool all_points) {
  const std::size_t p = t.point.size(), m = t.metrics.size();
  const std::size_t shown = all_points ? p : std::min<std::size_t>(p, 20);
  std::printf("points: each point's inputs and the mean of each metric over its replications%s\n",
              shown < p
                  ? (" (the first " + std::to_string(shown) + " of " + with_thousands(p) +
                     "; dealsim summary " + t.file + " --all for every point, --csv for a table)")
                        .c_str()
                  : "");
  std::vector<std::string> headers = {"point"};
  for (const auto& parameter : t.parameters)
    headers.push_back(parameter);
  headers.push_back("replications");
  for (std::size_t k = 0; k < m; ++k)
    headers.push_back(metric_label(t, k));
  // One header per line (they are long), numbered; columns then carry the numbers.
  for (std::size_t c = 1; c < headers.size(); ++c)
    std::printf("  [%zu] %s\n", c, headers[c].c_str());
  std::printf("%8s", "point");
  for (std::size_t c = 1; c < headers.size(); ++c)
    std::printf(" %12s", ("[" + std::to_string(c) + "]").c_str());
  std::printf("\n");
  print_point_rows(t, shown, false);
}

void print_tornado(const SweepTables& t) {
  const std::size_t d = t.parameters.size(), m = t.metrics.size();
  const int width = static_cast<int>(name_width(t.parameters, 9));
  for (std::size_t k = 0; k < m; ++k) {
    std::printf("\ntornado: %s, one input at a time (others at base); base %.5g\n",
                metric_label(t, k).c_str(), t.base[k]);
    std::printf("  %-*s %-24s %-24s %12s\n", width, "parameter", "input low -> metric",
                "input high -> metric", "swing");
    for (std::size_t j : ranked(t.swing, k, d)) {
      std::printf("  %-*s %10.4g -> %-10.5g %10.4g -> %-10.5g %12.5g\n", width,
                  t.parameters[j].c_str(), t.parameter_low[j], t.low[k * d + j],
                  t.parameter_high[j], t.high[k * d + j], t.swing[k * d + j]);
    }
  }
}

// The reasons metric k's indices are unfit to rank inputs by (none: they can be read as they
// are); the same rules as the Python loader's Sweep.sobol_warnings.
std::vector<std::string> sobol_warnings(const SweepTables& t, std::size_t k) {
  const std::size_t d = t.parameters.size();
  std::vector<std::string> warnings;
  char line[512];
  for (std::size_t j = 0; j < d; ++j) {
    const std::size_t at = k * d + j;
    const std::pair<const char*, std::pair<double, double>> intervals[] = {
        {"first order", {t.first_low[at], t.first_high[at]}},
        {"total", {t.total_low[at], t.total_high[at]}}};
    for (const auto& [kind, interval] : intervals) {
      if (interval.second - interval.first > models::kWideInterval) {
        std::snprintf(line, sizeof line,
                      "%s: the %s interval [%.3f, %.3f] is wider than %g; run more base points",
                      t.parameters[j].c_str(), kind, interval.first, interval.second,
                      models::kWideInterval);
        warnings.emplace_back(line);
      }
    }
    const double half = (t.first_high[at] - t.first_low[at]) / 2;
    if (t.first[at] > t.total[at] + half) {
      std::snprintf(line, sizeof line,
                    "%s: first order %.3f exceeds the total %.3f by more than its half-width %.3f",
                    t.parameters[j].c_str(), t.first[at], t.total[at], half);
      warnings.emplace_back(line);
    }
  }
  if (t.converged[k] == 0) {
    warnings.emplace_back(
        "the indices on the first half of the base points differ from those on all of them by "
        "more than the intervals' widths; run more base points");
  }
  return warnings;
}

void print_morris(const SweepTables& t) {
  const std::size_t d = t.parameters.size(), m = t.metrics.size();
  const int width = static_cast<int>(name_width(t.parameters, 9));
  for (std::size_t k = 0; k < m; ++k) {
    std::printf("\nMorris elementary effects: %s, per whole range of each input\n",
                metric_label(t, k).c_str());
    std::printf("  %-*s %32s %12s %12s\n", width, "parameter", "mu* [95 % interval]", "mu",
                "sigma");
    for (std::size_t j : ranked(t.mu_star, k, d)) {
      const std::size_t at = k * d + j;
      std::printf("  %-*s %10.4g [%9.4g, %9.4g] %12.4g %12.4g\n", width, t.parameters[j].c_str(),
                  t.mu_star[at], t.mu_star_low[at], t.mu_star_high[at], t.mu[at], t.sigma[at]);
    }
  }
  std::printf(
      "\nmu*: the mean absolute change in the metric when an input moves over its range (ranks "
      "the inputs); mu: the same with signs (its direction); sigma: how much that change varies "
      "with the other inputs (non-linearity or interactions). An input with mu* near 0 can be "
      "fixed.\n");
}

void print_sobol(const SweepTables& t) {
  const std::size_t d = t.parameters.size(), m = t.metrics.size();
  const int width = static_cast<int>(name_width(t.parameters, 9));
  for (std::size_t k = 0; k < m; ++k) {
    const char* check = std::isnan(t.converged[k]) ? ""
                        : t.converged[k] != 0      ? "; convergence check passed"
                                                   : "; convergence check FAILED";
    std::printf("\nSobol indices: %s, share of its variance over the sweep (0 to 1)%s\n",
                metric_label(t, k).c_str(), check);
    std::printf("  %-*s %26s %26s\n", width, "parameter", "first order [95 % interval]",
                "total [95 % interval]");
    for (std::size_t j : ranked(t.total, k, d)) {
      const std::size_t at = k * d + j;
      std::printf("  %-*s %6.3f [%6.3f, %6.3f]      %6.3f [%6.3f, %6.3f]\n", width,
                  t.parameters[j].c_str(), t.first[at], t.first_low[at], t.first_high[at],
                  t.total[at], t.total_low[at], t.total_high[at]);
    }
    for (const std::string& warning : sobol_warnings(t, k))
      std::printf("  warning: %s\n", warning.c_str());
  }
  std::printf(
      "\nfirst order: the share an input explains alone; total: with its interactions. Both are "
      "of the variance of the per-point mean (Janon et al. 2014 and Jansen 1999 estimators, "
      "clipped to [0, 1]); a total near 0 means the input can be fixed anywhere in its range.\n");
}

}  // namespace

bool is_sweep_file(const std::filesystem::path& file) {
  const sim::Hdf5Reader reader(file);
  return reader.string_attribute("/", "kind").value_or("") == "sweep";
}

void print_sweep_summary(const std::filesystem::path& file, bool all_points) {
  const SweepTables t = read_tables(file);
  double replications = 0;
  for (double r : t.replications)
    replications += r;
  std::printf("%s: %s design, %s of %s points, %s replications%s\nbase scenario: %s\n\n",
              t.name.c_str(), t.design.c_str(), with_thousands(t.point.size()).c_str(),
              with_thousands(t.points_total).c_str(),
              with_thousands(static_cast<std::uint64_t>(replications)).c_str(),
              t.complete ? "" : " (incomplete: resume it with dealsim sweep --resume)",
              t.scenario_path.c_str());
  print_points(t, all_points);
  if (t.has_tornado) print_tornado(t);
  if (t.has_sobol) print_sobol(t);
  if (t.has_morris) print_morris(t);
  if (!t.complete && (t.design == "sobol" || t.design == "one_at_a_time" || t.design == "morris"))
    std::printf("\n(the %s tables need every point; this file is incomplete)\n",
                t.design == "sobol"    ? "Sobol"
                : t.design == "morris" ? "Morris"
                                       : "tornado");
}

void print_sweep_csv(const std::filesystem::path& file) {
  const SweepTables t = read_tables(file);
  std::printf("point");
  for (const auto& parameter : t.parameters)
    std::printf(",%s", parameter.c_str());
  std::printf(",replications");
  for (const auto& metric : t.metrics)
    std::printf(",%s", metric.c_str());
  std::printf("\n");
  print_point_rows(t, t.point.size(), true);
}

void print_sweep_tables(const std::filesystem::path& file) {
  const SweepTables t = read_tables(file);
  print_points(t, false);
  if (t.has_tornado) print_tornado(t);
  if (t.has_sobol) print_sobol(t);
  if (t.has_morris) print_morris(t);
}

}  // namespace cli
