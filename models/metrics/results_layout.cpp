// A results file's coordinates and the dimension scales its series and metrics refer to: the
// fixed ones with the file, the replication coordinate and what refers to it at the end.
#include <cstdint>
#include <string>
#include <vector>

#include "models/metrics/results_file.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/date.hpp"

namespace models {

// The replication coordinate for `replications`: those planned, written with the file, or those
// a run cut short completed, at its end. Of fixed size (8 bytes a replication): netCDF readers
// treat a growable one as an unlimited dimension and then scan every variable to size it, which
// made opening slow.
void ResultsFile::write_replication_coordinate(std::size_t replications) {
  std::vector<std::int64_t> replication(replications);
  for (std::size_t i = 0; i < replications; ++i)
    replication[i] = static_cast<std::int64_t>(i);
  writer_->write("replication", replication);
  writer_->make_dimension("replication", "replication");
}

// Each metric's dataset along the replication coordinate (written first: they refer to it),
// with its unit and description: all but the values.
void ResultsFile::create_metric_columns(std::size_t replications) {
  sim::Hdf5Writer& writer = *writer_;
  write_replication_coordinate(replications);
  const std::unique_ptr<sim::Hdf5Writer::ColumnDimension> dimension =
      writer.begin_column_dimension("replication");
  metric_columns_.clear();
  for (const MetricInfo& metric : catalog_.scalars()) {
    metric_columns_.push_back(writer.create_column(
        metric.name, replications, {{"units", metric.unit}, {"description", metric.description}},
        dimension.get()));
  }
  writer.finish_column_dimension(*dimension);
  columns_made_for_ = replications;
}

// The coordinates that do not depend on the number of replications, and what refers to them,
// are written with the file: in a run of more than one thread, concurrently with the first
// replications rather than in the serial end.
void ResultsFile::write_fixed_coordinates() {
  sim::Hdf5Writer& writer = *writer_;
  std::vector<double> month(static_cast<std::size_t>(scenario_.months));
  for (int m = 0; m < scenario_.months; ++m)
    month[static_cast<std::size_t>(m)] = scenario_.timeline.month_boundary(m);
  writer.write("month", month);
  writer.make_dimension("month", "month");
  writer.set_attribute("/month", "units", "days since " + sim::to_iso(scenario_.start));
  writer.set_attribute("/month", "calendar", std::string("proleptic_gregorian"));
  writer.set_attribute("/month", "description", std::string("Start of each simulated month."));
  std::vector<std::int64_t> year(static_cast<std::size_t>(scenario_.horizon_years));
  for (std::size_t y = 0; y < year.size(); ++y)
    year[y] = static_cast<std::int64_t>(y + 1);
  writer.write("year", year);
  writer.make_dimension("year", "year");
  writer.set_attribute("/year", "description",
                       std::string("Scenario year (1 = the first 12 months)."));
  const std::size_t contract_years = catalog_.series()[catalog_.contract_year_shortfall].steps;
  std::vector<std::int64_t> contract_year(contract_years);
  for (std::size_t y = 0; y < contract_years; ++y)
    contract_year[y] = static_cast<std::int64_t>(y + 1);
  writer.write("contract_year", contract_year);
  writer.make_dimension("contract_year", "contract_year");
  auto axis = [&](const std::string& name, const std::vector<std::string>& labels) {
    writer.write(name, labels);
    writer.make_dimension(name, name);
  };
  // The catalog's series already carry the ids as their axis labels.
  const auto& all_series = catalog_.series();
  axis("provider", all_series[catalog_.monthly_spend].labels);
  axis("class", all_series[catalog_.monthly_demand].labels);
  axis("commitment", all_series[catalog_.monthly_commitment_progress].labels);
  axis("cause", all_series[catalog_.yearly_unserved_by_cause].labels);
}

// Units, meaning and the dimensions other than `replication` of the streamed series.
void ResultsFile::write_series_attributes() {
  for (std::size_t s = 0; s < catalog_.series().size(); ++s) {
    if (series_streams_[s] != kNoStream) write_series_attributes(catalog_.series()[s], false);
  }
}

void ResultsFile::write_series_attributes(const SeriesInfo& series, bool with_replication) {
  sim::Hdf5Writer& writer = *writer_;
  writer.set_attribute("/" + series.name, "units", series.unit);
  writer.set_attribute("/" + series.name, "description", series.description);
  if (with_replication) writer.attach_dimension(series.name, "replication", 0);
  unsigned next = 1;
  if (!series.axis.empty()) writer.attach_dimension(series.name, series.axis, next++);
  writer.attach_dimension(series.name, series.step, next);
}

// The metric columns came with their units, description and dimension (write_metric_columns):
// what remains is the series' `replication` dimension.
void ResultsFile::write_metric_attributes() {
  sim::Hdf5Writer& writer = *writer_;
  for (std::size_t s = 0; s < catalog_.series().size(); ++s) {
    const SeriesInfo& series = catalog_.series()[s];
    if (series_streams_[s] != kNoStream) {
      writer.attach_dimension(series.name, "replication", 0);
      continue;
    }
    // A series with an empty axis, streamed as nothing, is written now that its extent is known.
    // (Built in an array: GCC 12 warns falsely on a push_back after a one-element vector.)
    std::size_t extents[3] = {count_, 0, 0};
    std::size_t rank = 1;
    if (!series.axis.empty()) extents[rank++] = series.labels.size();
    extents[rank++] = series.steps;
    writer.write_array(series.name, {}, std::vector<std::size_t>(extents, extents + rank));
    write_series_attributes(series, true);
  }
}

}  // namespace models
