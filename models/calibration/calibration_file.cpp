#include "models/calibration/calibration_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "models/source_revision.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

constexpr std::size_t kPriorDraws = 4000;  // draws per input kept to plot the prior

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// The smallest value whose cumulative weight reaches q (weights need not sum to 1).
double weighted_quantile(std::vector<std::pair<double, double>> weighted, double q) {
  std::sort(weighted.begin(), weighted.end());
  double total = 0;
  for (const auto& item : weighted)
    total += item.second;
  double cumulative = 0;
  for (const auto& item : weighted) {
    cumulative += item.second;
    if (cumulative >= q * total) return item.first;
  }
  return weighted.empty() ? std::nan("") : weighted.back().first;
}

// Mean, 5 %, 50 % and 95 % of a column under weights.
std::vector<double> weighted_summary(const Eigen::MatrixXd& matrix, Eigen::Index column,
                                     const std::vector<double>& weights) {
  std::vector<std::pair<double, double>> weighted;
  double sum = 0, total = 0;
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) {
    const double w = weights[static_cast<std::size_t>(i)];
    weighted.emplace_back(matrix(i, column), w);
    sum += w * matrix(i, column);
    total += w;
  }
  return {sum / total, weighted_quantile(weighted, 0.05), weighted_quantile(weighted, 0.5),
          weighted_quantile(weighted, 0.95)};
}

void write_attributes(sim::Hdf5Writer& writer, const CalibrationSpec& spec,
                      const CalibrationState& state, const CalibrationFileInfo& info) {
  writer.set_attribute("/", "dealsim_version", info.version);
  writer.set_attribute("/", "source_revision", std::string(source_revision()));
  writer.set_attribute("/", "kind", std::string("calibration"));
  writer.set_attribute("/", "calibration_name", spec.name);
  writer.set_attribute("/", "description", spec.description);
  writer.set_attribute("/", "calibration", spec.text);
  writer.set_attribute("/", "calibration_path", spec.path);
  writer.set_attribute("/", "calibration_hash", calibration_hash(spec));
  writer.set_attribute("/", "scenario", spec.scenario_text);
  writer.set_attribute("/", "scenario_path", spec.scenario_path);
  writer.set_attribute("/", "seed", static_cast<std::int64_t>(spec.seed));
  writer.set_attribute("/", "method", std::string("abc_smc"));
  writer.set_attribute("/", "replications_per_candidate",
                       static_cast<std::int64_t>(spec.replications));
  writer.set_attribute("/", "particles", static_cast<std::int64_t>(spec.method.particles));
  writer.set_attribute("/", "kept", static_cast<std::int64_t>(spec.method.kept()));
  writer.set_attribute("/", "alpha", spec.method.alpha);
  writer.set_attribute("/", "min_acceptance", spec.method.min_acceptance);
  writer.set_attribute("/", "max_generations",
                       static_cast<std::int64_t>(spec.method.max_generations));
  writer.set_attribute("/", "generations", static_cast<std::int64_t>(state.smc.generation()));
  writer.set_attribute("/", "finished", std::int64_t{state.smc.finished() ? 1 : 0});
  writer.set_attribute("/", "complete", std::int64_t{state.smc.finished() ? 1 : 0});
  writer.set_attribute("/", "shard_index", static_cast<std::int64_t>(info.shard_index));
  writer.set_attribute("/", "shard_count", static_cast<std::int64_t>(info.shard_count));
  writer.set_attribute("/", "command_line", info.command_line);
  writer.set_attribute("/", "created", sim::utc_timestamp());
}

void write_axes(sim::Hdf5Writer& writer, const CalibrationSpec& spec) {
  std::vector<std::string> inputs, units, priors, targets;
  for (const auto& input : spec.inputs) {
    inputs.push_back(input.path);
    units.push_back(input.unit);
    priors.push_back(describe_prior(input.prior));
  }
  writer.write("input", inputs);
  writer.make_dimension("input", "input");
  writer.write("input_unit", units);
  writer.attach_dimension("input_unit", "input", 0);
  writer.write("input_prior", priors);
  writer.attach_dimension("input_prior", "input", 0);
  for (const auto& target : spec.targets)
    targets.push_back(target.name);
  writer.write("target", targets);
  writer.make_dimension("target", "target");
}

void write_targets(sim::Hdf5Writer& writer, const CalibrationSpec& spec) {
  std::vector<std::string> definition, statistic, unit, source;
  std::vector<double> reported, sd;
  for (const auto& target : spec.targets) {
    definition.push_back(
        target.metric.empty()
            ? target.series + (target.label.empty() ? " (every row)" : "[" + target.label + "]") +
                  (target.reduce_sum ? ", sum " : ", mean ") + target.period
            : target.metric);
    statistic.push_back(target.statistic);
    unit.push_back(target.unit);
    source.push_back(target.source);
    reported.push_back(target.value);
    sd.push_back(target.sd);
  }
  const std::pair<const char*, const std::vector<std::string>*> texts[] = {
      {"target_definition", &definition},
      {"target_statistic", &statistic},
      {"target_unit", &unit},
      {"target_source", &source}};
  for (const auto& [name, values] : texts) {
    writer.write(name, *values);
    writer.attach_dimension(name, "target", 0);
  }
  writer.write("target_reported", reported);
  writer.attach_dimension("target_reported", "target", 0);
  writer.write("target_sd", sd);
  writer.attach_dimension("target_sd", "target", 0);
}

void write_summary_columns(sim::Hdf5Writer& writer, const std::string& prefix,
                           const std::string& axis, const std::vector<std::vector<double>>& rows,
                           const std::string& what) {
  const char* const names[] = {"mean", "p5", "p50", "p95"};
  for (std::size_t s = 0; s < 4; ++s) {
    std::vector<double> column;
    for (const auto& row : rows)
      column.push_back(row[s]);
    const std::string path = prefix + "_" + names[s];
    writer.write(path, column);
    writer.attach_dimension(path, axis, 0);
    writer.set_attribute("/" + path, "description", std::string(names[s]) + " of " + what);
  }
}

// Draws from each prior, from their own stream (nothing else depends on these draws), and their
// summaries.
void write_prior_draws(sim::Hdf5Writer& writer, const CalibrationSpec& spec) {
  const std::size_t d = spec.inputs.size();
  std::vector<std::vector<double>> prior_rows;
  const std::vector<double> uniform(kPriorDraws, 1.0);
  Eigen::MatrixXd prior(static_cast<Eigen::Index>(kPriorDraws), static_cast<Eigen::Index>(d));
  for (std::size_t j = 0; j < d; ++j) {
    sim::RandomStream stream =
        sim::RandomStreams(spec.seed, 0).stream("calibration/prior_draws/" + spec.inputs[j].path);
    for (std::size_t i = 0; i < kPriorDraws; ++i)
      prior(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          spec.inputs[j].prior.draw(stream);
    prior_rows.push_back(weighted_summary(prior, static_cast<Eigen::Index>(j), uniform));
  }
  write_summary_columns(writer, "prior", "input", prior_rows, "the input's prior (from its draws)");
  std::vector<double> prior_values(prior.size());
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      prior_values.data(), prior.rows(), prior.cols()) = prior;
  std::vector<std::int64_t> draws(kPriorDraws);
  std::iota(draws.begin(), draws.end(), 0);
  writer.write("draw", draws);
  writer.make_dimension("draw", "draw");
  writer.write_array("prior_draws", prior_values, {kPriorDraws, d});
  writer.attach_dimension("prior_draws", "draw", 0);
  writer.attach_dimension("prior_draws", "input", 1);
}

// The kept population, its summaries, and the priors' draws.
void write_posterior(sim::Hdf5Writer& writer, const CalibrationSpec& spec,
                     const CalibrationState& state) {
  const Population& population = state.smc.population();
  const auto n = static_cast<std::size_t>(population.values.rows());
  const std::size_t d = spec.inputs.size(), k = spec.targets.size();
  std::vector<std::int64_t> particles(n), born(n);
  std::iota(particles.begin(), particles.end(), 0);
  for (std::size_t i = 0; i < n; ++i)
    born[i] = static_cast<std::int64_t>(population.generation[i]);
  writer.write("particle", particles);
  writer.make_dimension("particle", "particle");
  const double total = std::accumulate(population.weights.begin(), population.weights.end(), 0.0);
  std::vector<double> weights, values, statistics;
  for (std::size_t i = 0; i < n; ++i) {
    weights.push_back(population.weights[i] / total);
    for (std::size_t j = 0; j < d; ++j)
      values.push_back(
          population.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
    for (std::size_t t = 0; t < k; ++t)
      statistics.push_back(
          population.statistics(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)));
  }
  writer.write_array("posterior_values", values, {n, d});
  writer.attach_dimension("posterior_values", "particle", 0);
  writer.attach_dimension("posterior_values", "input", 1);
  writer.write("posterior_weight", weights);
  writer.attach_dimension("posterior_weight", "particle", 0);
  writer.write("posterior_distance", population.distances);
  writer.attach_dimension("posterior_distance", "particle", 0);
  writer.write("posterior_generation", born);
  writer.attach_dimension("posterior_generation", "particle", 0);
  writer.write_array("posterior_statistics", statistics, {n, k});
  writer.attach_dimension("posterior_statistics", "particle", 0);
  writer.attach_dimension("posterior_statistics", "target", 1);
  std::vector<std::vector<double>> input_rows, target_rows;
  for (std::size_t j = 0; j < d; ++j)
    input_rows.push_back(
        weighted_summary(population.values, static_cast<Eigen::Index>(j), population.weights));
  for (std::size_t t = 0; t < k; ++t)
    target_rows.push_back(
        weighted_summary(population.statistics, static_cast<Eigen::Index>(t), population.weights));
  write_summary_columns(writer, "posterior", "input", input_rows, "the input's posterior");
  write_summary_columns(writer, "simulated", "target", target_rows,
                        "the target's statistic over the posterior's particles");
  write_prior_draws(writer, spec);
}

void write_generations(sim::Hdf5Writer& writer, const CalibrationSpec& spec,
                       const CalibrationState& state) {
  const auto& records = state.smc.records();
  std::vector<std::int64_t> generations, candidates, replications;
  std::vector<double> tolerance, acceptance, effective;
  for (std::size_t g = 0; g < records.size(); ++g) {
    generations.push_back(static_cast<std::int64_t>(g));
    candidates.push_back(records[g].candidates.rows());
    replications.push_back(records[g].candidates.rows() *
                           static_cast<std::int64_t>(spec.replications));
    tolerance.push_back(records[g].tolerance);
    acceptance.push_back(records[g].acceptance);
    effective.push_back(records[g].effective_size);
  }
  writer.write("generation", generations);
  writer.make_dimension("generation", "generation");
  const std::pair<const char*, const std::vector<double>*> columns[] = {
      {"generation_tolerance", &tolerance},
      {"generation_acceptance", &acceptance},
      {"generation_effective_size", &effective}};
  for (const auto& [name, values] : columns) {
    writer.write(name, *values);
    writer.attach_dimension(name, "generation", 0);
  }
  writer.write("generation_candidates", candidates);
  writer.attach_dimension("generation_candidates", "generation", 0);
  writer.write("generation_replications", replications);
  writer.attach_dimension("generation_replications", "generation", 0);
}

void write_candidates(sim::Hdf5Writer& writer, const CalibrationSpec& spec,
                      const CalibrationState& state) {
  const std::vector<StoredCandidate> stored = state.stored();
  const std::size_t d = spec.inputs.size(), k = spec.targets.size();
  std::vector<std::int64_t> rows(stored.size()), generation, index;
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<double> values, statistics;
  for (const auto& candidate : stored) {
    generation.push_back(static_cast<std::int64_t>(candidate.generation));
    index.push_back(static_cast<std::int64_t>(candidate.index));
    values.insert(values.end(), candidate.values.begin(), candidate.values.end());
    statistics.insert(statistics.end(), candidate.statistics.begin(), candidate.statistics.end());
  }
  writer.write("candidate", rows);
  writer.make_dimension("candidate", "candidate");
  writer.write("candidate_generation", generation);
  writer.attach_dimension("candidate_generation", "candidate", 0);
  writer.write("candidate_index", index);
  writer.attach_dimension("candidate_index", "candidate", 0);
  writer.write_array("candidate_values", values, {stored.size(), d});
  writer.attach_dimension("candidate_values", "candidate", 0);
  writer.attach_dimension("candidate_values", "input", 1);
  writer.write_array("candidate_statistics", statistics, {stored.size(), k});
  writer.attach_dimension("candidate_statistics", "candidate", 0);
  writer.attach_dimension("candidate_statistics", "target", 1);
}

}  // namespace

std::string describe_prior(const Parameter& prior) {
  const std::string a = number_text(prior.a), b = number_text(prior.b), c = number_text(prior.c);
  std::string text;
  switch (prior.form) {
    case Parameter::Form::Fixed:
      return a;
    case Parameter::Form::Joint:
      return "joint (column " + a + ")";
    case Parameter::Form::Uniform:
      text = "uniform(" + a + ", " + b + ")";
      break;
    case Parameter::Form::LogUniform:
      text = "loguniform(" + a + ", " + b + ")";
      break;
    case Parameter::Form::Triangular:
      text = "triangular(" + a + ", " + b + ", " + c + ")";
      break;
    case Parameter::Form::Pert:
      text = "pert(" + a + ", " + b + ", " + c + ")";
      break;
    case Parameter::Form::Normal:
      text = "normal(mean " + a + ", sd " + b + ")";
      break;
    case Parameter::Form::Lognormal:
      text = "lognormal(median " + a + ", log sd " + b + ")";
      break;
    case Parameter::Form::Beta:
      text = "beta(" + a + ", " + b + ") on [" + number_text(prior.low) + ", " +
             number_text(prior.high) + "]";
      return text;
  }
  if (std::isfinite(prior.low) || std::isfinite(prior.high))
    text += " within [" + number_text(prior.low) + ", " + number_text(prior.high) + "]";
  return text;
}

void write_calibration_file(const std::filesystem::path& path, const CalibrationSpec& spec,
                            const CalibrationState& state, const CalibrationFileInfo& info,
                            bool replace) {
  sim::Hdf5Writer writer(path,
                         replace ? sim::Hdf5Writer::Mode::Replace : sim::Hdf5Writer::Mode::Create);
  write_attributes(writer, spec, state, info);
  write_axes(writer, spec);
  write_targets(writer, spec);
  write_generations(writer, spec, state);
  if (state.smc.generation() > 0) write_posterior(writer, spec, state);
  write_candidates(writer, spec, state);
  writer.commit();
}

bool is_calibration_file(const std::filesystem::path& path) {
  try {
    const sim::Hdf5Reader reader(path);
    return reader.string_attribute("/", "kind").value_or("") == "calibration";
  } catch (const sim::IoError&) {
    return false;
  }
}

CalibrationFileContents read_calibration_file(const std::filesystem::path& path) {
  const sim::Hdf5Reader reader(path);
  const std::string name = path.string();
  auto text = [&](const char* attribute) {
    const auto value = reader.string_attribute("/", attribute);
    if (!value)
      throw sim::IoError(name + ": not a calibration file (no attribute '" + attribute + "')");
    return *value;
  };
  if (text("kind") != "calibration") throw sim::IoError(name + ": not a calibration file");
  CalibrationFileContents contents;
  contents.hash = text("calibration_hash");
  contents.calibration_text = text("calibration");
  contents.calibration_path = text("calibration_path");
  contents.scenario_text = text("scenario");
  contents.scenario_path = text("scenario_path");
  contents.seed = static_cast<std::uint64_t>(reader.integer_attribute("/", "seed").value_or(0));
  contents.finished = reader.integer_attribute("/", "finished").value_or(0) == 1;
  contents.inputs = reader.strings("input");
  const std::size_t d = contents.inputs.size(), k = reader.strings("target").size();
  const auto generation = reader.doubles("candidate_generation");
  const auto index = reader.doubles("candidate_index");
  const auto values = reader.doubles("candidate_values");
  const auto statistics = reader.doubles("candidate_statistics");
  const std::size_t rows = generation.size();
  if (index.size() != rows || values.size() != rows * d || statistics.size() != rows * k)
    throw sim::IoError(name + ": the candidate datasets disagree in size (a damaged file)");
  for (std::size_t r = 0; r < rows; ++r) {
    if (!(generation[r] >= 0 && index[r] >= 0 && generation[r] < 1e9 && index[r] < 1e12))
      throw sim::IoError(name + ": candidate " + std::to_string(r) + " has an impossible index");
    contents.candidates.push_back(
        {static_cast<std::uint64_t>(generation[r]), static_cast<std::uint64_t>(index[r]),
         std::vector<double>(values.begin() + static_cast<long>(r * d),
                             values.begin() + static_cast<long>((r + 1) * d)),
         std::vector<double>(statistics.begin() + static_cast<long>(r * k),
                             statistics.begin() + static_cast<long>((r + 1) * k))});
  }
  if (reader.exists("posterior_values")) {
    contents.posterior_values = reader.doubles("posterior_values");
    contents.posterior_weights = reader.doubles("posterior_weight");
    if (contents.posterior_values.size() != contents.posterior_weights.size() * d)
      throw sim::IoError(name + ": the posterior datasets disagree in size (a damaged file)");
  }
  return contents;
}

}  // namespace models
