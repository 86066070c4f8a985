#include "models/metrics/results_file.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>

#include "models/metrics/timed.hpp"
#include "models/source_revision.hpp"
#include "sim/io/column_spill.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/date.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

namespace {

using Element = sim::Hdf5Writer::ElementType;

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

// Event and ledger columns: codes first (int64), then values (float64).
const char* const kEventCodes[4] = {"replication", "kind", "party", "cause"};
const char* const kEventValues[2] = {"time", "amount"};
const char* const kLedgerCodes[5] = {"replication", "payer", "payee", "kind", "cause"};
const char* const kLedgerValues[2] = {"time", "amount"};

}  // namespace

ResultsFile::ResultsFile(const std::filesystem::path& path, const Scenario& scenario,
                         const MetricCatalog& catalog, bool with_ledger, bool replace,
                         std::size_t planned)
    : scenario_(scenario),
      catalog_(catalog),
      with_ledger_(with_ledger),
      scenario_text_(scenario.resolved_yaml()) {
  Timed timed(write_seconds_);
  writer_ = std::make_unique<sim::Hdf5Writer>(
      path, replace ? sim::Hdf5Writer::Mode::Replace : sim::Hdf5Writer::Mode::Create);
  event_index_stream_ = writer_->create_stream("events/event", Element::Int64, {}, 8192);
  if (with_ledger_)
    entry_index_stream_ = writer_->create_stream("ledger/entry", Element::Int64, {}, 16384);
  scalar_spill_ = std::make_unique<sim::ColumnSpill>(
      path.has_parent_path() ? path.parent_path() : ".", catalog.scalars().size());
  for (const SeriesInfo& series : catalog.series()) {
    std::vector<std::size_t> inner;
    if (!series.axis.empty()) inner.push_back(series.labels.size());
    inner.push_back(series.steps);
    // About 128 KiB of float32 per chunk (fewer, larger writes; a notebook reading one
    // replication still reads little), a divisor of the block.
    std::size_t rows = kBlock;
    while (rows > 1 && rows * series.size() * sizeof(float) > 131072)
      rows /= 2;
    // An empty axis (no commitments, say) has nothing to stream: written empty at the end.
    series_streams_.push_back(
        series.size() == 0 ? kNoStream
                           : writer_->create_stream(series.name, Element::Float32, inner, rows));
  }
  for (int c = 0; c < 4; ++c) {
    event_streams_[c] =
        writer_->create_stream(std::string("events/") + kEventCodes[c], Element::Int64, {}, 8192);
  }
  for (int c = 0; c < 2; ++c) {
    event_streams_[4 + c] = writer_->create_stream(std::string("events/") + kEventValues[c],
                                                   Element::Float64, {}, 8192);
  }
  event_codes_.assign(4, {});
  event_values_.assign(2, {});
  if (with_ledger_) {
    for (int c = 0; c < 5; ++c) {
      ledger_streams_[c] = writer_->create_stream(std::string("ledger/") + kLedgerCodes[c],
                                                  Element::Int64, {}, 16384);
    }
    for (int c = 0; c < 2; ++c) {
      ledger_streams_[5 + c] = writer_->create_stream(std::string("ledger/") + kLedgerValues[c],
                                                      Element::Float64, {}, 16384);
    }
    ledger_codes_.assign(5, {});
    ledger_values_.assign(2, {});
  }
  scalar_block_.assign(catalog.scalars().size() * kScalarStride, 0.0);
  event_kind_codes_.fill(-1);
  write_fixed_coordinates();
  write_series_attributes();
  // What does not depend on the replications' results.
  writer_->create_group("summary");
  write_summary_labels();
  write_parameters();
  if (planned > 0) create_metric_columns(planned);
}

ResultsFile::~ResultsFile() = default;

// Looks up before inserting: emplace would allocate a node for every event, found or not.
std::int64_t ResultsFile::Labels::code(const std::string& label) {
  if (const auto found = codes_.find(label); found != codes_.end()) return found->second;
  const auto code = static_cast<std::int64_t>(labels_.size());
  codes_.emplace(label, code);
  labels_.push_back(label);
  return code;
}

// Labels are numbered in the order they first occur; each distinct kind and cause is turned into
// text once.
std::int64_t ResultsFile::event_kind_code(EventKind kind) {
  std::int64_t& code = event_kind_codes_[static_cast<std::size_t>(kind)];
  if (code < 0) code = event_kinds_.code(event_kind_name(kind));
  return code;
}

std::int64_t ResultsFile::event_cause_code(const EventCause& cause) {
  const std::uint64_t key = cause.key();
  if (const auto found = event_cause_codes_.find(key); found != event_cause_codes_.end())
    return found->second;
  const std::int64_t code = event_causes_.code(event_cause_text(cause, catalog_, scenario_));
  event_cause_codes_.emplace(key, code);
  return code;
}

std::int64_t ResultsFile::event_party_code(int party) {
  const auto slot = static_cast<std::size_t>(party + 1);
  if (party_codes_.size() <= slot) party_codes_.resize(slot + 1, -1);
  if (party_codes_[slot] < 0) {
    party_codes_[slot] = event_parties_.code(
        party >= 0 ? scenario_.parties[static_cast<std::size_t>(party)].id : "");
  }
  return party_codes_[slot];
}

void ResultsFile::append(const ResultBlock& block) {
  Timed timed(write_seconds_);
  SIM_CHECK(block.first() == count_,
            "a block from replication " << block.first() << " appended after " << count_);
  // A block's series go straight into their chunks, whole chunks written from the block.
  for (std::size_t s = 0; s < series_streams_.size(); ++s) {
    if (series_streams_[s] != kNoStream)
      writer_->append(series_streams_[s], block.series_rows(s), block.rows());
  }
  const std::size_t metrics = catalog_.scalars().size();
  for (std::size_t row = 0; row < block.rows(); ++row) {
    const auto replication = static_cast<std::int64_t>(count_);
    for (std::size_t m = 0; m < metrics; ++m)
      scalar_block_[m * kScalarStride + scalar_rows_] = block.scalar(m, row);
    for (std::size_t e = block.events_begin(row); e < block.events_end(row); ++e) {
      const EventRecord& event = block.events()[e];
      event_codes_[0].push_back(replication);
      event_codes_[1].push_back(event_kind_code(event.kind));
      event_codes_[2].push_back(event_party_code(event.party));
      event_codes_[3].push_back(event_cause_code(event.cause));
      event_values_[0].push_back(event.time);
      event_values_[1].push_back(event.amount);
    }
    if (with_ledger_) {
      for (std::size_t e = block.ledger_begin(row); e < block.ledger_end(row); ++e) {
        const LedgerEntry& entry = block.ledger()[e];
        ledger_codes_[0].push_back(replication);
        ledger_codes_[1].push_back(entry.payer);
        ledger_codes_[2].push_back(entry.payee);
        ledger_codes_[3].push_back(static_cast<std::int64_t>(entry.kind));
        ledger_codes_[4].push_back(entry.cause);
        ledger_values_[0].push_back(entry.time);
        ledger_values_[1].push_back(entry.amount);
      }
    }
    ++count_;
    // (Timed with the append.)
    if (++scalar_rows_ == kScalarBlock) flush_scalars();
  }
  flush_events();
}

void ResultsFile::flush_scalars() {
  scalar_spill_->append_block(scalar_block_.data(), scalar_rows_, kScalarStride);
  scalar_rows_ = 0;
}

void ResultsFile::flush_events() {
  auto append_index = [&](std::size_t stream, std::size_t first, std::size_t rows) {
    std::vector<std::int64_t> index(rows);
    for (std::size_t i = 0; i < rows; ++i)
      index[i] = static_cast<std::int64_t>(first + i);
    writer_->append(stream, index.data(), rows);
  };
  const std::size_t events = event_values_[0].size();
  for (int c = 0; c < 4; ++c)
    writer_->append(event_streams_[c], event_codes_[static_cast<std::size_t>(c)].data(), events);
  for (int c = 0; c < 2; ++c) {
    writer_->append(event_streams_[4 + c], event_values_[static_cast<std::size_t>(c)].data(),
                    events);
  }
  append_index(event_index_stream_, event_count_, events);
  event_count_ += events;
  for (auto& column : event_codes_)
    column.clear();
  for (auto& column : event_values_)
    column.clear();
  if (with_ledger_) {
    const std::size_t entries = ledger_values_[0].size();
    for (int c = 0; c < 5; ++c) {
      writer_->append(ledger_streams_[c], ledger_codes_[static_cast<std::size_t>(c)].data(),
                      entries);
    }
    for (int c = 0; c < 2; ++c) {
      writer_->append(ledger_streams_[5 + c], ledger_values_[static_cast<std::size_t>(c)].data(),
                      entries);
    }
    append_index(entry_index_stream_, ledger_count_, entries);
    ledger_count_ += entries;
    for (auto& column : ledger_codes_)
      column.clear();
    for (auto& column : ledger_values_)
      column.clear();
  }
}

void ResultsFile::finish(const RunInfo& info) {
  // The last metric values stay in their block, read from there with the spill's columns.
  scalar_spill_->keep_tail(scalar_block_.data(), scalar_rows_, kScalarStride);
  scalar_rows_ = 0;
  write_metrics_and_summary(info);  // (flushes the events)
  Timed timed(write_seconds_);
  writer_->commit();
}

void ResultsFile::write_run_attributes(const RunInfo& info) {
  sim::Hdf5Writer& writer = *writer_;
  writer.set_attribute("/", "dealsim_version", info.version);
  writer.set_attribute("/", "source_revision", std::string(source_revision()));
  writer.set_attribute("/", "scenario_name", scenario_.name);
  writer.set_attribute("/", "scenario", scenario_text_);
  writer.set_attribute("/", "scenario_path", info.scenario_path);
  writer.set_attribute("/", "command_line", info.command_line);
  writer.set_attribute("/", "seed", static_cast<std::int64_t>(info.seed));
  writer.set_attribute("/", "replications", static_cast<std::int64_t>(count_));
  writer.set_attribute("/", "replications_requested",
                       static_cast<std::int64_t>(info.replications_requested));
  writer.set_attribute("/", "threads", static_cast<std::int64_t>(info.threads));
  writer.set_attribute("/", "stopping_rule", info.stopping_rule);
  writer.set_attribute("/", "posterior", info.posterior);
  writer.set_attribute("/", "start", sim::to_iso(scenario_.start));
  writer.set_attribute("/", "horizon_end",
                       sim::to_iso(sim::add_years(scenario_.start, scenario_.horizon_years)));
  writer.set_attribute("/", "created", sim::utc_timestamp());
  writer.set_attribute("/", "complete", std::int64_t{info.complete ? 1 : 0});
  writer.set_attribute("/", "money_unit", std::string("USD billions"));
}

// The events table and, with --ledger, the ledger: code columns with their label tables.
void ResultsFile::write_tables() {
  sim::Hdf5Writer& writer = *writer_;
  // A table of labels for a code column: `<name>_code` (a dimension scale) and `<name>_names`.
  auto label_table = [&](const std::string& group, const std::string& name,
                         const std::vector<std::string>& labels) {
    std::vector<std::int64_t> codes(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i)
      codes[i] = static_cast<std::int64_t>(i);
    const std::string code = group + "/" + name + "_code", names = group + "/" + name + "_names";
    writer.write(code, codes);
    writer.make_dimension(code, name + "_code");
    writer.write(names, labels);
    writer.attach_dimension(names, code, 0);
    writer.set_attribute("/" + group + "/" + name, "labels", name + "_names");
    writer.set_attribute("/" + group + "/" + name, "description",
                         "code: index into " + name + "_names (the Python loader decodes it)");
  };
  auto table = [&](const std::string& group, const std::string& dimension,
                   std::initializer_list<const char*> columns) {
    writer.make_dimension(group + "/" + dimension, dimension);
    for (const char* column : columns)
      writer.attach_dimension(group + "/" + column, group + "/" + dimension, 0);
    writer.set_attribute("/" + group + "/time", "units",
                         "days since " + sim::to_iso(scenario_.start));
    writer.set_attribute("/" + group + "/time", "calendar", std::string("proleptic_gregorian"));
    writer.set_attribute("/" + group + "/amount", "units", std::string("USD B"));
  };
  table("events", "event", {"replication", "kind", "party", "cause", "time", "amount"});
  label_table("events", "kind", event_kinds_.labels());
  label_table("events", "party", event_parties_.labels());
  label_table("events", "cause", event_causes_.labels());
  if (with_ledger_) {
    table("ledger", "entry", {"replication", "payer", "payee", "kind", "cause", "time", "amount"});
    label_table("ledger", "payer", catalog_.ledger_parties());
    label_table("ledger", "payee", catalog_.ledger_parties());
    std::vector<std::string> kinds;
    for (std::size_t k = 0; k < Ledger::kKinds; ++k)
      kinds.push_back(flow_kind_name(static_cast<FlowKind>(k)));
    label_table("ledger", "kind", kinds);
    label_table("ledger", "cause", catalog_.causes());
  }
}

// Every input's path, provenance, note, form and mean, along the `parameter` dimension.
void ResultsFile::write_parameters() {
  sim::Hdf5Writer& writer = *writer_;
  writer.create_group("parameters");
  std::vector<std::string> paths, provenance, notes, forms;
  std::vector<double> means;
  for (const Parameter& parameter : scenario_.parameters) {
    paths.push_back(parameter.path);
    provenance.push_back(provenance_name(parameter.provenance));
    notes.push_back(parameter.note);
    forms.push_back(parameter.is_random() ? "distribution" : "fixed");
    means.push_back(parameter.mean());
  }
  writer.write("parameters/path", paths);
  writer.make_dimension("parameters/path", "parameter");
  writer.write("parameters/provenance", provenance);
  writer.write("parameters/note", notes);
  writer.write("parameters/form", forms);
  writer.write("parameters/mean", means);
  for (const char* name : {"provenance", "note", "form", "mean"}) {
    writer.attach_dimension(std::string("parameters/") + name, "parameters/path", 0);
  }
}

}  // namespace models
