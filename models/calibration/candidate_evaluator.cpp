#include "models/calibration/candidate_evaluator.hpp"

#include <algorithm>
#include <cmath>

#include "models/experiment/experiment.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

CandidateEvaluator::CandidateEvaluator(const CalibrationSpec& spec)
    : spec_(spec), base_(parse_scenario(spec.scenario_text, spec.scenario_path)) {
  base_.seed = spec.seed;
  for (const FreeInput& input : spec.inputs) {
    const auto found = std::find_if(base_.parameters.begin(), base_.parameters.end(),
                                    [&](const Parameter& p) { return p.path == input.path; });
    SIM_CHECK(found != base_.parameters.end(),
              "calibration: input " << input.path << " is not a parameter of the scenario");
    const auto id = static_cast<ParameterId>(found - base_.parameters.begin());
    base_.parameters[id].form = Parameter::Form::Fixed;
    base_.parameters[id].a = input.prior.mean();
    inputs_.push_back(id);
  }
  catalog_ = std::make_unique<MetricCatalog>(base_);
  for (const Target& target : spec.targets)
    resolved_.push_back(resolve_target(target, *catalog_));
}

bool CandidateEvaluator::evaluate(const Eigen::Ref<const Eigen::RowVectorXd>& values,
                                  unsigned threads, const std::atomic<bool>* interrupt,
                                  std::vector<double>& statistics) const {
  Scenario scenario = base_;
  for (std::size_t j = 0; j < inputs_.size(); ++j)
    scenario.parameters[inputs_[j]].a = values(static_cast<Eigen::Index>(j));
  ExperimentPlan plan;
  plan.replications = spec_.replications;
  plan.threads = threads;
  plan.interrupt = interrupt;
  // samples[k][r]: target k's value in replication r.
  std::vector<std::vector<double>> samples(spec_.targets.size());
  const ExperimentOutcome outcome = run_experiment(
      scenario, *catalog_, plan, [&](std::uint64_t, ReplicationResult&& replication) {
        for (std::size_t k = 0; k < samples.size(); ++k)
          samples[k].push_back(target_value(spec_.targets[k], resolved_[k], replication));
      });
  if (outcome.replications != spec_.replications) return false;
  statistics.clear();
  for (std::size_t k = 0; k < samples.size(); ++k) {
    std::vector<double>& sample = samples[k];
    sample.erase(
        std::remove_if(sample.begin(), sample.end(), [](double v) { return std::isnan(v); }),
        sample.end());
    if (sample.empty()) {
      statistics.push_back(std::nan(""));
    } else if (spec_.targets[k].percentile < 0) {
      double sum = 0;
      for (const double v : sample)
        sum += v;
      statistics.push_back(sum / static_cast<double>(sample.size()));
    } else {
      std::sort(sample.begin(), sample.end());
      statistics.push_back(sim::percentile_of_sorted(sample, spec_.targets[k].percentile));
    }
  }
  return true;
}

}  // namespace models
