// `dealsim export FILE.h5 --csv DIR`: a results file's per-replication numbers as CSV files for
// tools that do not read HDF5. The column convention is in output/README.md ("CSV export").
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "models/cli/commands.hpp"
#include "models/cli/sweep_summary.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

namespace {

namespace fs = std::filesystem;

// A CSV file written to a temporary name and renamed when complete, so that an interrupted
// export leaves no half file under the final name.
class CsvFile {
 public:
  explicit CsvFile(fs::path path) : path_(std::move(path)), partial_(path_.string() + ".partial") {
    file_ = std::fopen(partial_.c_str(), "w");
    if (file_ == nullptr) throw sim::IoError(path_.string() + ": cannot be written");
  }
  ~CsvFile() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::error_code ignored;
      fs::remove(partial_, ignored);
    }
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  std::FILE* get() const { return file_; }
  void commit() {
    const bool failed = std::ferror(file_) != 0;
    std::fclose(file_);
    file_ = nullptr;
    if (failed) throw sim::IoError(path_.string() + ": writing failed (disk full?)");
    fs::rename(partial_, path_);
  }

 private:
  fs::path path_, partial_;
  std::FILE* file_ = nullptr;
};

// A text field quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// A number that reads back as the same double; empty for NaN (no value).
void number(std::FILE* out, double value) {
  if (!std::isnan(value)) std::fprintf(out, "%.17g", value);
}

// A series value: series are stored as 32-bit floats, and 9 digits read back as the same float
// (17 would show digits the file never held).
void single(std::FILE* out, double value) {
  if (!std::isnan(value)) std::fprintf(out, "%.9g", static_cast<double>(static_cast<float>(value)));
}

// metrics.csv: one row per replication, one column per metric; columns.csv: each metric's unit
// and meaning.
void export_metrics(const sim::Hdf5Reader& reader, const fs::path& folder) {
  const auto metrics = reader.strings("summary/metric");
  const auto units = reader.strings("summary/units");
  const auto descriptions = reader.exists("summary/description")
                                ? reader.strings("summary/description")
                                : std::vector<std::string>(metrics.size());
  std::vector<std::vector<double>> columns;
  for (const auto& metric : metrics)
    columns.push_back(reader.doubles(metric));
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  CsvFile table(folder / "metrics.csv");
  std::fprintf(table.get(), "replication");
  for (const auto& metric : metrics)
    std::fprintf(table.get(), ",%s", field(metric).c_str());
  std::fprintf(table.get(), "\n");
  for (std::size_t r = 0; r < rows; ++r) {
    std::fprintf(table.get(), "%zu", r);
    for (const auto& column : columns) {
      std::fputc(',', table.get());
      number(table.get(), r < column.size() ? column[r] : NAN);
    }
    std::fputc('\n', table.get());
  }
  table.commit();
  CsvFile dictionary(folder / "columns.csv");
  std::fprintf(dictionary.get(), "column,unit,description\n");
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::fprintf(dictionary.get(), "%s,%s,%s\n", field(metrics[m]).c_str(),
                 field(m < units.size() ? units[m] : "").c_str(),
                 field(m < descriptions.size() ? descriptions[m] : "").c_str());
  }
  dictionary.commit();
}

// The label of each step of a series' last dimension: the month's first day (ISO), or the year
// or contract year (1 = the first).
std::vector<std::string> step_labels(const sim::Hdf5Reader& reader, const std::string& dimension,
                                     std::size_t steps) {
  std::vector<std::string> labels(steps);
  const std::vector<double> coordinate =
      reader.exists(dimension) ? reader.doubles(dimension) : std::vector<double>{};
  const auto start = sim::parse_iso_date(reader.string_attribute("/", "start").value_or(""));
  for (std::size_t s = 0; s < steps; ++s) {
    if (s >= coordinate.size()) {
      labels[s] = std::to_string(s);
    } else if (dimension == "month" && start) {
      labels[s] = sim::to_iso(
          sim::civil_from_days(sim::days_from_civil(*start) + std::llround(coordinate[s])));
    } else {
      labels[s] = std::to_string(std::llround(coordinate[s]));
    }
  }
  return labels;
}

// series.csv, long form: series, label (the provider, class or commitment; "" for a series of
// one row), replication, period (the dimension: month, year or contract_year), step (its label),
// value.
void export_series(const sim::Hdf5Reader& reader, const fs::path& folder) {
  const std::set<std::string> metrics = [&] {
    const auto names = reader.strings("summary/metric");
    return std::set<std::string>(names.begin(), names.end());
  }();
  CsvFile table(folder / "series.csv");
  std::fprintf(table.get(), "series,label,replication,period,step,value\n");
  for (const std::string& name : reader.datasets("/")) {
    if (metrics.count(name)) continue;
    const std::vector<std::string> dimensions = reader.dimension_names(name);
    if (dimensions.size() < 2 || dimensions.front() != "replication") continue;
    const std::vector<std::size_t> extents = reader.shape(name);
    const std::size_t replications = extents.front(), steps = extents.back();
    const std::size_t rows = dimensions.size() == 3 ? extents[1] : 1;
    std::vector<std::string> labels(rows);
    if (dimensions.size() == 3 && reader.exists(dimensions[1]))
      labels = reader.strings(dimensions[1]);
    if (labels.size() != rows) labels.assign(rows, "");
    const auto periods = step_labels(reader, dimensions.back(), steps);
    const std::vector<double> values = reader.doubles(name);
    for (std::size_t r = 0; r < replications; ++r) {
      for (std::size_t l = 0; l < rows; ++l) {
        for (std::size_t s = 0; s < steps; ++s) {
          std::fprintf(table.get(), "%s,%s,%zu,%s,%s,", name.c_str(), field(labels[l]).c_str(), r,
                       dimensions.back().c_str(), periods[s].c_str());
          single(table.get(), values[(r * rows + l) * steps + s]);
          std::fputc('\n', table.get());
        }
      }
    }
  }
  table.commit();
}

}  // namespace

int export_command(const std::string& file, const std::string& folder_text, bool force) {
  if (folder_text.empty()) {
    std::cerr << "dealsim export: give the folder to write into: --csv DIR\n";
    return kBadInput;
  }
  const fs::path folder(folder_text);
  try {
    const sim::Hdf5Reader reader(file);
    if (is_sweep_file(file) || !reader.exists("summary/metric")) {
      std::cerr << "dealsim export: " << file
                << " is not a results file of dealsim run (for a sweep file: dealsim summary "
                << file << " --csv)\n";
      return kBadInput;
    }
    for (const char* name : {"metrics.csv", "series.csv", "columns.csv"}) {
      if (fs::exists(folder / name) && !force) {
        std::cerr << "dealsim export: " << (folder / name).string()
                  << " exists; use --force to overwrite it\n";
        return kBadInput;
      }
    }
    std::error_code made;
    fs::create_directories(folder, made);
    if (!fs::is_directory(folder)) {
      std::cerr << "dealsim export: cannot make the folder " << folder.string() << "\n";
      return kIoFailure;
    }
    export_metrics(reader, folder);
    export_series(reader, folder);
    std::printf(
        "%s -> %s: metrics.csv (a row per replication), series.csv (long form), "
        "columns.csv (units and meanings)\n",
        file.c_str(), folder.string().c_str());
    return kSuccess;
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim export: " << error.what() << "\n";
    return kIoFailure;
  } catch (const fs::filesystem_error& error) {
    std::cerr << "dealsim export: " << error.what() << "\n";
    return kIoFailure;
  }
}

}  // namespace cli
