#include "models/results_file.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

#include "sim/date.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/statistics.hpp"

namespace models {

namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string provenance_name(Provenance provenance) {
  switch (provenance) {
    case Provenance::Sourced:
      return "sourced";
    case Provenance::Assumed:
      return "assumed";
    case Provenance::Unmarked:
      return "unmarked";
  }
  return "unmarked";
}

void write_axis(sim::Hdf5Writer& writer, const std::string& name,
                const std::vector<std::string>& labels) {
  writer.write(name, labels);
  writer.make_dimension(name, name);
}

}  // namespace

void write_results_file(const std::filesystem::path& path, const Scenario& scenario,
                        const MetricCatalog& catalog, const std::vector<ReplicationResult>& results,
                        const RunInfo& info) {
  sim::Hdf5Writer writer(path);
  const std::size_t count = results.size();

  writer.set_attribute("/", "dealsim_version", info.version);
  writer.set_attribute("/", "scenario_name", scenario.name);
  writer.set_attribute("/", "scenario", scenario.resolved_yaml);
  writer.set_attribute("/", "scenario_path", info.scenario_path);
  writer.set_attribute("/", "command_line", info.command_line);
  writer.set_attribute("/", "seed", static_cast<std::int64_t>(info.seed));
  writer.set_attribute("/", "replications", static_cast<std::int64_t>(count));
  writer.set_attribute("/", "replications_requested",
                       static_cast<std::int64_t>(info.replications_requested));
  writer.set_attribute("/", "threads", static_cast<std::int64_t>(info.threads));
  writer.set_attribute("/", "start", sim::to_iso(scenario.start));
  writer.set_attribute("/", "horizon_end",
                       sim::to_iso(sim::add_years(scenario.start, scenario.horizon_years)));
  writer.set_attribute("/", "created", utc_now());
  writer.set_attribute("/", "complete", std::int64_t{info.complete ? 1 : 0});
  writer.set_attribute("/", "money_unit", std::string("USD billions"));

  // Coordinates.
  std::vector<std::int64_t> replication(count);
  for (std::size_t i = 0; i < count; ++i)
    replication[i] = static_cast<std::int64_t>(i);
  writer.write("replication", replication);
  writer.make_dimension("replication", "replication");
  std::vector<double> month(static_cast<std::size_t>(scenario.months));
  for (int m = 0; m < scenario.months; ++m)
    month[static_cast<std::size_t>(m)] = scenario.timeline.month_boundary(m);
  writer.write("month", month);
  writer.make_dimension("month", "month");
  writer.set_attribute("/month", "units", "days since " + sim::to_iso(scenario.start));
  writer.set_attribute("/month", "calendar", std::string("proleptic_gregorian"));
  writer.set_attribute("/month", "description", std::string("Start of each simulated month."));
  std::vector<std::int64_t> year(static_cast<std::size_t>(scenario.horizon_years));
  for (std::size_t y = 0; y < year.size(); ++y)
    year[y] = static_cast<std::int64_t>(y + 1);
  writer.write("year", year);
  writer.make_dimension("year", "year");
  writer.set_attribute("/year", "description",
                       std::string("Scenario year (1 = the first 12 months)."));
  const std::size_t contract_years = catalog.series()[catalog.contract_year_shortfall].steps;
  std::vector<std::int64_t> contract_year(contract_years);
  for (std::size_t y = 0; y < contract_years; ++y)
    contract_year[y] = static_cast<std::int64_t>(y + 1);
  writer.write("contract_year", contract_year);
  writer.make_dimension("contract_year", "contract_year");
  std::vector<std::string> providers, workloads, commitments;
  for (const auto& provider : scenario.providers)
    providers.push_back(provider.id);
  for (const auto& workload : scenario.workloads)
    workloads.push_back(workload.id);
  for (const auto& commitment : scenario.commitments)
    commitments.push_back(commitment.id);
  write_axis(writer, "provider", providers);
  write_axis(writer, "class", workloads);
  write_axis(writer, "commitment", commitments);

  // Scalars: one dataset each along `replication`.
  std::vector<double> column(count);
  const auto& scalars = catalog.scalars();
  for (std::size_t s = 0; s < scalars.size(); ++s) {
    for (std::size_t i = 0; i < count; ++i)
      column[i] = results[i].scalars[s];
    writer.write(scalars[s].name, column);
    writer.set_attribute("/" + scalars[s].name, "units", scalars[s].unit);
    writer.set_attribute("/" + scalars[s].name, "description", scalars[s].description);
    writer.attach_dimension(scalars[s].name, "replication", 0);
  }

  // Series: [replication, axis, step] or [replication, step].
  const auto& series = catalog.series();
  for (std::size_t s = 0; s < series.size(); ++s) {
    const SeriesInfo& info_s = series[s];
    std::vector<double> block(count * info_s.size());
    for (std::size_t i = 0; i < count; ++i) {
      std::copy_n(results[i].series.begin() + static_cast<std::ptrdiff_t>(catalog.series_offset(s)),
                  info_s.size(), block.begin() + static_cast<std::ptrdiff_t>(i * info_s.size()));
    }
    const bool has_axis = !info_s.axis.empty();
    if (has_axis) {
      writer.write_array(info_s.name, block, {count, info_s.labels.size(), info_s.steps});
    } else {
      writer.write_array(info_s.name, block, {count, info_s.steps});
    }
    writer.set_attribute("/" + info_s.name, "units", info_s.unit);
    writer.set_attribute("/" + info_s.name, "description", info_s.description);
    writer.attach_dimension(info_s.name, "replication", 0);
    unsigned axis = 1;
    if (has_axis) writer.attach_dimension(info_s.name, info_s.axis, axis++);
    writer.attach_dimension(info_s.name, info_s.step, axis);
  }

  // Events: one table, replication-major.
  std::vector<std::int64_t> event_replication;
  std::vector<double> event_time, event_amount;
  std::vector<std::string> event_date, event_kind, event_party, event_cause;
  for (std::size_t i = 0; i < count; ++i) {
    for (const EventRecord& record : results[i].events) {
      event_replication.push_back(static_cast<std::int64_t>(i));
      event_time.push_back(record.time);
      event_date.push_back(sim::to_iso(scenario.timeline.date_at(record.time)));
      event_kind.push_back(record.kind);
      event_party.push_back(
          record.party >= 0 ? scenario.parties[static_cast<std::size_t>(record.party)].id : "");
      event_amount.push_back(record.amount);
      event_cause.push_back(record.cause);
    }
  }
  writer.create_group("events");
  std::vector<std::int64_t> event_index(event_time.size());
  for (std::size_t e = 0; e < event_index.size(); ++e)
    event_index[e] = static_cast<std::int64_t>(e);
  writer.write("events/event", event_index);
  writer.make_dimension("events/event", "event");
  writer.write("events/replication", event_replication);
  writer.write("events/time", event_time);
  writer.set_attribute("/events/time", "units", std::string("days from the scenario start"));
  writer.write("events/date", event_date);
  writer.write("events/kind", event_kind);
  writer.write("events/party", event_party);
  writer.write("events/amount", event_amount);
  writer.set_attribute("/events/amount", "units", std::string("USD B"));
  writer.write("events/cause", event_cause);
  for (const char* name : {"replication", "time", "date", "kind", "party", "amount", "cause"}) {
    writer.attach_dimension(std::string("events/") + name, "events/event", 0);
  }

  // Summary of each scalar metric.
  writer.create_group("summary");
  std::vector<std::string> names;
  std::vector<double> mean, sd, se, p5, p25, p50, p75, p95, used, wilson_low, wilson_high;
  for (std::size_t s = 0; s < scalars.size(); ++s) {
    for (std::size_t i = 0; i < count; ++i)
      column[i] = results[i].scalars[s];
    const sim::SampleSummary summary = sim::summarize(column);
    names.push_back(scalars[s].name);
    mean.push_back(summary.mean);
    sd.push_back(summary.standard_deviation);
    se.push_back(summary.standard_error);
    p5.push_back(summary.p5);
    p25.push_back(summary.p25);
    p50.push_back(summary.p50);
    p75.push_back(summary.p75);
    p95.push_back(summary.p95);
    used.push_back(static_cast<double>(summary.count));
    if (scalars[s].probability && summary.count > 0) {
      const sim::Interval interval = sim::wilson_interval(
          summary.mean * static_cast<double>(summary.count), static_cast<double>(summary.count));
      wilson_low.push_back(interval.low);
      wilson_high.push_back(interval.high);
    } else {
      wilson_low.push_back(std::nan(""));
      wilson_high.push_back(std::nan(""));
    }
  }
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

  // Which inputs are assumptions.
  writer.create_group("parameters");
  std::vector<std::string> parameter_paths, provenance, notes, forms;
  std::vector<double> parameter_means;
  for (const Parameter& parameter : scenario.parameters) {
    parameter_paths.push_back(parameter.path);
    provenance.push_back(provenance_name(parameter.provenance));
    notes.push_back(parameter.note);
    forms.push_back(parameter.is_random() ? "distribution" : "fixed");
    parameter_means.push_back(parameter.mean());
  }
  writer.write("parameters/path", parameter_paths);
  writer.make_dimension("parameters/path", "parameter");
  writer.write("parameters/provenance", provenance);
  writer.write("parameters/note", notes);
  writer.write("parameters/form", forms);
  writer.write("parameters/mean", parameter_means);
  for (const char* name : {"provenance", "note", "form", "mean"}) {
    writer.attach_dimension(std::string("parameters/") + name, "parameters/path", 0);
  }

  writer.commit();
}

}  // namespace models
