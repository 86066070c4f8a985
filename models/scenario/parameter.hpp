// A scenario number: fixed, or a distribution drawn once per replication; with its provenance.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/random_stream.hpp"

namespace models {

enum class Provenance { Unmarked, Sourced, Assumed };

struct Parameter {
  enum class Form { Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Beta, LogUniform, Joint };

  std::string path;           // YAML path; the draw comes from the random stream "parameter/<path>"
  std::string unit;           // its field's unit, as the scenario reference gives it ("" for none)
  sim::StreamKey stream_key;  // that stream's key (set when the scenario is built)
  Form form = Form::Fixed;
  // Fixed: a = value. Uniform: a, b = low, high. Triangular/Pert: a, b, c = low, mode, high.
  // Normal: a, b = mean, sd. Lognormal: a, b = median, log_sd. Beta: a, b = alpha, beta on
  // [low, high]. LogUniform: a, b = low, high (0 < low < high; the value's log is uniform).
  // Joint: drawn together with other inputs, one row of a weighted table per replication (a
  // calibration's posterior, see JointDraws): a = its column, c = the table's weighted mean.
  double a = 0, b = 0, c = 0;
  double low = -std::numeric_limits<double>::infinity();  // truncation (normal, lognormal)
  double high = std::numeric_limits<double>::infinity();  // or support (beta)
  Provenance provenance = Provenance::Unmarked;
  std::string note;

  bool is_random() const { return form != Form::Fixed; }
  double mean() const;
  // Draws a value. Truncated forms redraw until inside [low, high] (validation guarantees the
  // interval has positive probability).
  double draw(sim::RandomStream& stream) const;
};

// A weighted table of input values drawn jointly: each replication takes one row, with
// probability proportional to its weight, from its stream "posterior", so that the inputs keep
// their correlations. The Joint parameters read their columns.
struct JointDraws {
  std::size_t columns = 0;
  std::vector<double> rows;        // row-major, columns values per row
  std::vector<double> cumulative;  // cumulative weights, one per row (last > 0)
  std::string source;              // where the table came from (a calibration file)
};

// Index of a parameter in Scenario::parameters.
using ParameterId = std::uint32_t;

// The values of every parameter for one replication.
class ParameterValues {
 public:
  // Draws the random parameters of replication `replication` from their own named streams, so
  // that adding a parameter never shifts another's draw.
  // Joint parameters take their column of one row of `joint` (required when any is Joint).
  ParameterValues(const std::vector<Parameter>& parameters, std::uint64_t master_seed,
                  std::uint64_t replication, const JointDraws* joint = nullptr);
  double operator[](ParameterId id) const { return values_[id]; }

 private:
  std::vector<double> values_;
};

}  // namespace models
