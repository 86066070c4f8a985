#include "models/scenario/parameter.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/error.hpp"

namespace models {

double Parameter::mean() const {
  switch (form) {
    case Form::Fixed:
      return a;
    case Form::Uniform:
      return (a + b) / 2;
    case Form::Triangular:
      return (a + b + c) / 3;
    case Form::Pert:
      return (a + 4 * b + c) / 6;
    case Form::Normal:
      return a;
    case Form::Lognormal:
      return a * std::exp(b * b / 2);
    case Form::Beta:
      return low + (high - low) * a / (a + b);
    case Form::LogUniform:
      return (b - a) / std::log(b / a);
    case Form::Joint:
      return c;
  }
  return a;
}

double Parameter::draw(sim::RandomStream& stream) const {
  switch (form) {
    case Form::Fixed:
      return a;
    case Form::Joint:
      SIM_CHECK(false, "parameter " << path << " is drawn jointly, with its table");
      return a;
    case Form::Uniform:
      return stream.uniform(a, b);
    case Form::Triangular:
      return stream.triangular(a, b, c);
    case Form::Pert: {
      // Beta-PERT with shape 4: alpha = 1 + 4 (mode - low) / (high - low).
      const double alpha = 1 + 4 * (b - a) / (c - a), beta = 1 + 4 * (c - b) / (c - a);
      return a + (c - a) * stream.beta(alpha, beta);
    }
    case Form::Beta:
      return low + (high - low) * stream.beta(a, b);
    case Form::LogUniform:
      return std::exp(stream.uniform(std::log(a), std::log(b)));
    case Form::Normal:
    case Form::Lognormal:
      for (int attempt = 0; attempt < 100000; ++attempt) {
        const double value =
            form == Form::Normal ? stream.normal(a, b) : stream.lognormal(std::log(a), b);
        if (value >= low && value <= high) return value;
      }
      SIM_CHECK(false, "parameter " << path << ": truncation interval [" << low << ", " << high
                                    << "] is practically never reached");
  }
  return a;
}

ParameterValues::ParameterValues(const std::vector<Parameter>& parameters,
                                 std::uint64_t master_seed, std::uint64_t replication,
                                 const JointDraws* joint) {
  values_.reserve(parameters.size());
  const sim::RandomStreams streams(master_seed, replication);
  const double* row = nullptr;
  if (joint != nullptr) {
    sim::RandomStream stream = streams.stream("posterior");
    const double u = stream.uniform01() * joint->cumulative.back();
    const auto index = std::min<std::size_t>(
        static_cast<std::size_t>(
            std::upper_bound(joint->cumulative.begin(), joint->cumulative.end(), u) -
            joint->cumulative.begin()),
        joint->cumulative.size() - 1);
    row = joint->rows.data() + index * joint->columns;
  }
  values_.reserve(parameters.size());
  for (const Parameter& parameter : parameters) {
    if (parameter.form == Parameter::Form::Joint) {
      SIM_CHECK(row != nullptr, "parameter " << parameter.path << " needs its joint table");
      values_.push_back(row[static_cast<std::size_t>(parameter.a)]);
    } else if (parameter.is_random()) {
      sim::RandomStream stream = streams.stream(parameter.stream_key);
      values_.push_back(parameter.draw(stream));
    } else {
      values_.push_back(parameter.a);
    }
  }
}

}  // namespace models
