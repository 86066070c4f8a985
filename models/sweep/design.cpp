#include "models/sweep/design.hpp"

#include "models/scenario/yaml_document.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "sim/kernel/random_stream.hpp"

namespace models {

Eigen::MatrixXd grid_design(const std::vector<SweepParameter>& parameters) {
  Eigen::Index rows = 1;
  for (const auto& parameter : parameters)
    rows *= static_cast<Eigen::Index>(parameter.values.size());
  const auto columns = static_cast<Eigen::Index>(parameters.size());
  Eigen::MatrixXd points(rows, columns);
  for (Eigen::Index row = 0; row < rows; ++row) {
    Eigen::Index rest = row;
    for (Eigen::Index column = columns - 1; column >= 0; --column) {
      const auto& values = parameters[static_cast<std::size_t>(column)].values;
      const auto count = static_cast<Eigen::Index>(values.size());
      points(row, column) = values[static_cast<std::size_t>(rest % count)];
      rest /= count;
    }
  }
  return points;
}

Eigen::MatrixXd latin_hypercube_design(const std::vector<SweepParameter>& parameters,
                                       std::size_t points, std::uint64_t seed) {
  Eigen::MatrixXd result(static_cast<Eigen::Index>(points),
                         static_cast<Eigen::Index>(parameters.size()));
  const sim::RandomStreams streams(seed, 0);
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    // Each parameter has its own stream: adding a parameter does not change the others' points.
    sim::RandomStream stream = streams.stream("latin_hypercube/" + parameters[j].path);
    std::vector<std::size_t> strata(points);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = points; i > 1; --i) {  // Fisher-Yates with the stream's own draws
      const auto k = static_cast<std::size_t>(stream.uniform01() * static_cast<double>(i));
      std::swap(strata[i - 1], strata[std::min(k, i - 1)]);
    }
    for (std::size_t i = 0; i < points; ++i) {
      const double u =
          (static_cast<double>(strata[i]) + stream.uniform01()) / static_cast<double>(points);
      result(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          parameters[j].quantile(u);
    }
  }
  return result;
}

Eigen::MatrixXd sobol_design(const std::vector<SweepParameter>& parameters,
                             std::size_t base_points) {
  const std::size_t d = parameters.size();
  const auto n = static_cast<Eigen::Index>(base_points);
  boost::random::sobol engine(static_cast<unsigned>(2 * d));
  const double scale = std::ldexp(1.0, -64);
  engine.discard(2 * d);  // the first point of the sequence is all zeros
  Eigen::MatrixXd unit(n, static_cast<Eigen::Index>(2 * d));
  for (Eigen::Index i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 2 * d; ++k)
      unit(i, static_cast<Eigen::Index>(k)) = static_cast<double>(engine()) * scale;
  }
  Eigen::MatrixXd points(n * static_cast<Eigen::Index>(d + 2), static_cast<Eigen::Index>(d));
  for (std::size_t j = 0; j < d; ++j) {
    const auto column = static_cast<Eigen::Index>(j);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double a = parameters[j].quantile(unit(i, column));
      const double b = parameters[j].quantile(unit(i, column + static_cast<Eigen::Index>(d)));
      points(i, column) = a;
      points(n + i, column) = b;
      for (std::size_t block = 0; block < d; ++block) {
        points(n * static_cast<Eigen::Index>(2 + block) + i, column) = block == j ? b : a;
      }
    }
  }
  return points;
}

double morris_delta(std::size_t levels) {
  return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

Eigen::MatrixXd morris_design(const std::vector<SweepParameter>& parameters,
                              std::size_t trajectories, std::size_t levels, std::uint64_t seed) {
  const std::size_t d = parameters.size();
  const double delta = morris_delta(levels), step = 1.0 / static_cast<double>(levels - 1);
  // Starting levels are those from which a move of delta up stays on the grid.
  const std::size_t starts = levels - static_cast<std::size_t>(std::lround(delta / step));
  sim::RandomStream stream = sim::RandomStreams(seed, 0).stream("morris");
  Eigen::MatrixXd unit(static_cast<Eigen::Index>(trajectories * (d + 1)),
                       static_cast<Eigen::Index>(d));
  std::vector<std::size_t> order(d);
  std::vector<double> point(d), direction(d);
  for (std::size_t t = 0; t < trajectories; ++t) {
    // A base on the lower levels; an input that moves down starts delta above it.
    for (std::size_t j = 0; j < d; ++j) {
      const auto level = std::min(
          starts - 1, static_cast<std::size_t>(stream.uniform01() * static_cast<double>(starts)));
      direction[j] = stream.uniform01() < 0.5 ? 1.0 : -1.0;
      point[j] = static_cast<double>(level) * step + (direction[j] < 0 ? delta : 0.0);
    }
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = d; i > 1; --i) {
      const auto k = static_cast<std::size_t>(stream.uniform01() * static_cast<double>(i));
      std::swap(order[i - 1], order[std::min(k, i - 1)]);
    }
    const auto first = static_cast<Eigen::Index>(t * (d + 1));
    for (std::size_t j = 0; j < d; ++j)
      unit(first, static_cast<Eigen::Index>(j)) = point[j];
    for (std::size_t k = 0; k < d; ++k) {
      point[order[k]] += direction[order[k]] * delta;
      for (std::size_t j = 0; j < d; ++j)
        unit(first + static_cast<Eigen::Index>(k + 1), static_cast<Eigen::Index>(j)) = point[j];
    }
  }
  Eigen::MatrixXd points(unit.rows(), unit.cols());
  for (Eigen::Index r = 0; r < unit.rows(); ++r) {
    for (std::size_t j = 0; j < d; ++j) {
      const auto c = static_cast<Eigen::Index>(j);
      points(r, c) = parameters[j].quantile(std::clamp(unit(r, c), 0.0, 1.0));
    }
  }
  return points;
}

double design_size(const SweepSpec& spec) {
  const auto d = static_cast<double>(spec.parameters.size());
  switch (spec.design) {
    case DesignKind::Grid: {
      double points = 1;
      for (const auto& parameter : spec.parameters)
        points *= static_cast<double>(parameter.values.size());
      return points;
    }
    case DesignKind::LatinHypercube:
      return static_cast<double>(spec.design_points);
    case DesignKind::Sobol:
      return static_cast<double>(spec.design_points) * (d + 2);
    case DesignKind::OneAtATime:
      return 2 * d + 1;
    case DesignKind::Morris:
      return static_cast<double>(spec.design_points) * (d + 1);
    case DesignKind::Table:
      break;
  }
  return static_cast<double>(spec.points.rows());
}

Eigen::MatrixXd one_at_a_time_design(const std::vector<SweepParameter>& parameters) {
  const auto d = static_cast<Eigen::Index>(parameters.size());
  Eigen::MatrixXd points(2 * d + 1, d);
  for (Eigen::Index j = 0; j < d; ++j)
    points.col(j).setConstant(parameters[static_cast<std::size_t>(j)].base);
  for (Eigen::Index j = 0; j < d; ++j) {
    const auto& parameter = parameters[static_cast<std::size_t>(j)];
    points(1 + 2 * j, j) = parameter.low;
    points(2 + 2 * j, j) = parameter.high;
  }
  return points;
}

namespace {

// Problems of a CSV table, each at its line (0: the file as a whole).
struct TableProblems {
  const std::string& file;
  std::vector<Diagnostic>& problems;
  void add(int line, const std::string& message) const {
    Diagnostic diagnostic;
    diagnostic.file = file;
    diagnostic.line = line;
    diagnostic.column = 1;
    diagnostic.message = message;
    problems.push_back(diagnostic);
  }
};

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream text(line);
  std::string cell;
  while (std::getline(text, cell, ',')) {
    cell.erase(0, cell.find_first_not_of(" \t\r"));
    cell.erase(cell.find_last_not_of(" \t\r") + 1);
    cells.push_back(cell);
  }
  return cells;
}

// The table's rows of numbers, one value per header column; false when it must stop early.
bool read_table_rows(std::istream& stream, const std::vector<std::string>& header,
                     const TableProblems& problem, std::vector<std::vector<double>>& rows) {
  std::string line;
  int number = 1;
  while (std::getline(stream, line)) {
    ++number;
    if (static_cast<double>(rows.size()) >= kMaxSweepPoints) {
      problem.add(number, "more than " + std::to_string(static_cast<long>(kMaxSweepPoints)) +
                              " points, the limit for a sweep");
      return false;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto cells = split_cells(line);
    if (cells.size() != header.size()) {
      problem.add(number, "expected " + std::to_string(header.size()) +
                              " values (one per parameter), found " + std::to_string(cells.size()));
      continue;
    }
    std::vector<double> row;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      char* end = nullptr;
      const double value = std::strtod(cells[c].c_str(), &end);
      if (cells[c].empty() || *end != '\0' || !std::isfinite(value)) {
        problem.add(number,
                    "column '" + header[c] + "': found '" + cells[c] + "', expected a number");
      }
      row.push_back(value);
    }
    rows.push_back(row);
  }
  if (rows.empty() && problem.problems.empty()) problem.add(number, "the table has no rows");
  return true;
}

}  // namespace

Eigen::MatrixXd table_design(const std::string& file, std::vector<SweepParameter>& parameters,
                             std::vector<Diagnostic>& problems) {
  const TableProblems problem{file, problems};
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    problem.add(0, "cannot read the table: not a regular file");
    return {};
  }
  if (std::filesystem::file_size(file, error) > kMaxFileBytes) {
    problem.add(0, "the table is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    return {};
  }
  std::ifstream stream(file);
  std::string line;
  if (!stream) {
    problem.add(0, "cannot read the table");
    return {};
  }
  if (!std::getline(stream, line)) {
    problem.add(1, "the table is empty; expected a header naming the parameters");
    return {};
  }
  const auto header = split_cells(line);
  parameters.clear();
  for (const auto& path : header) {
    SweepParameter parameter;
    parameter.path = path;
    parameters.push_back(parameter);
  }
  std::vector<std::vector<double>> rows;
  if (!read_table_rows(stream, header, problem, rows)) return {};
  Eigen::MatrixXd points(static_cast<Eigen::Index>(rows.size()),
                         static_cast<Eigen::Index>(header.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < header.size(); ++c) {
      points(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
      parameters[c].values.push_back(rows[r][c]);
    }
  }
  for (auto& parameter : parameters) {
    if (parameter.values.empty()) continue;
    parameter.low = *std::min_element(parameter.values.begin(), parameter.values.end());
    parameter.high = *std::max_element(parameter.values.begin(), parameter.values.end());
  }
  return points;
}

}  // namespace models
