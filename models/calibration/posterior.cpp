#include "models/calibration/posterior.hpp"

#include <algorithm>

#include "models/calibration/calibration_file.hpp"
#include "sim/kernel/error.hpp"

namespace models {

std::string apply_posterior(Scenario& scenario, const std::filesystem::path& file) {
  const CalibrationFileContents contents = read_calibration_file(file);
  if (!contents.finished || contents.posterior_weights.empty()) {
    return file.string() +
           " is a calibration that has not finished: its population is not yet the posterior "
           "(continue it with dealsim calibrate --resume)";
  }
  auto table = std::make_shared<JointDraws>();
  table->columns = contents.inputs.size();
  table->rows = contents.posterior_values;
  table->source = std::filesystem::absolute(file).lexically_normal().string();
  double total = 0;
  for (const double weight : contents.posterior_weights) {
    if (!(weight >= 0))
      throw sim::IoError(file.string() + ": a posterior weight is not a number >= 0");
    total += weight;
    table->cumulative.push_back(total);
  }
  if (!(total > 0)) throw sim::IoError(file.string() + ": the posterior's weights sum to 0");
  for (std::size_t column = 0; column < contents.inputs.size(); ++column) {
    const std::string& path = contents.inputs[column];
    const auto found = std::find_if(scenario.parameters.begin(), scenario.parameters.end(),
                                    [&](const Parameter& p) { return p.path == path; });
    if (found == scenario.parameters.end()) {
      return file.string() + " fits " + path + ", which " + scenario.path +
             " does not draw per replication (no such number input)";
    }
    double mean = 0;
    for (std::size_t row = 0; row < contents.posterior_weights.size(); ++row)
      mean += contents.posterior_weights[row] * table->rows[row * table->columns + column];
    found->form = Parameter::Form::Joint;
    found->a = static_cast<double>(column);
    found->c = mean / total;
    found->note = "drawn from the posterior in " + table->source;
  }
  scenario.joint = std::move(table);
  return "";
}

}  // namespace models
