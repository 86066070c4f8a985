// Scenario discovery: the Patient Rule Induction Method (Friedman and Fisher 1999) on a sweep's
// points. Given each point's inputs and whether it meets a condition (e.g. the Azure shortfall
// probability above 0.5), PRIM finds a box (a range per input) where the condition is dense.
//
// Peeling: starting from the box of every point, each step removes the share `alpha` of the
// points in the box at the low or high end of one input (at least the points at that end's
// value: on a grid, one level), whichever leaves the densest box, until the box would hold fewer
// than `min_support` of the points. Each step's box is a point on the
// coverage/density trade-off:
//   coverage  the share of the points meeting the condition that the box holds;
//   density   the share of the box's points that meet it;
//   support   the share of all points the box holds.
// The chosen box is the one with the most coverage among those with density at least
// `min_density` (the densest when none reaches it); pasting then widens it again, one input end
// at a time by the share `alpha`, while that does not lower its density.
// Deterministic: ties go to the first input, and to the low end before the high.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace models {

struct PrimSettings {
  double alpha = 0.05;        // share of the box's points peeled or pasted per step
  double min_support = 0.05;  // peeling stops before the box holds less than this share
  double min_density = 0.8;   // the chosen box's density, when the trajectory reaches it
};

struct PrimBox {
  Eigen::VectorXd lower, upper;  // per input; a point is inside when within both (inclusive)
  std::size_t points = 0, hits = 0;
  double coverage = 0, density = 0, support = 0;
};

struct PrimResult {
  std::vector<PrimBox> trajectory;  // the peeling steps, from the box of every point
  std::size_t chosen = 0;           // index of the box chosen on the trajectory
  PrimBox box;                      // that box after pasting
  Eigen::VectorXd lowest, highest;  // each input's range over all points
  std::size_t total_hits = 0;       // points meeting the condition
};

// `inputs`: one row per point, one column per input; `hit`: whether each point meets the
// condition. REQUIRES: inputs.rows() == hit.size() > 0.
PrimResult prim(const Eigen::MatrixXd& inputs, const std::vector<bool>& hit,
                const PrimSettings& settings);

}  // namespace models
