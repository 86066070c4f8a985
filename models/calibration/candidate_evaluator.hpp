// Runs one calibration candidate: the base scenario with the free inputs fixed at the
// candidate's values, `replications` replications with the calibration's seed (replication i of
// every candidate uses the streams of (seed, i): common random numbers), and each target's
// statistic over them.
#pragma once

#include <Eigen/Core>
#include <atomic>
#include <memory>
#include <vector>

#include "models/calibration/calibration_spec.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"

namespace models {

class CandidateEvaluator {
 public:
  // Builds the base scenario from the spec's stored text (so that a resumed or merged run uses
  // exactly the scenario the calibration started with).
  explicit CandidateEvaluator(const CalibrationSpec& spec);

  // The targets' statistics for `values` (one per free input), in target order, computed on
  // `threads` threads. Returns false (and nothing) when `interrupt` became true first.
  bool evaluate(const Eigen::Ref<const Eigen::RowVectorXd>& values, unsigned threads,
                const std::atomic<bool>* interrupt, std::vector<double>& statistics) const;

 private:
  const CalibrationSpec& spec_;
  Scenario base_;  // free inputs fixed (at their prior means), so every candidate's catalog agrees
  std::vector<ParameterId> inputs_;
  std::unique_ptr<MetricCatalog> catalog_;
  std::vector<ResolvedTarget> resolved_;
};

}  // namespace models
