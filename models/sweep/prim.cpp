#include "models/sweep/prim.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/error.hpp"

namespace models {

namespace {

class Boxes {
 public:
  Boxes(const Eigen::MatrixXd& inputs, const std::vector<bool>& hit) : inputs_(inputs), hit_(hit) {
    for (bool h : hit)
      total_hits_ += h ? 1 : 0;
  }

  bool inside(const PrimBox& box, Eigen::Index row) const {
    for (Eigen::Index j = 0; j < inputs_.cols(); ++j) {
      const double x = inputs_(row, j);
      if (x < box.lower(j) || x > box.upper(j)) return false;
    }
    return true;
  }

  // Fills the box's counts and shares.
  void measure(PrimBox& box) const {
    box.points = box.hits = 0;
    for (Eigen::Index row = 0; row < inputs_.rows(); ++row) {
      if (!inside(box, row)) continue;
      ++box.points;
      box.hits += hit_[static_cast<std::size_t>(row)] ? 1 : 0;
    }
    const auto n = static_cast<double>(inputs_.rows());
    box.support = static_cast<double>(box.points) / n;
    box.density =
        box.points > 0 ? static_cast<double>(box.hits) / static_cast<double>(box.points) : 0.0;
    box.coverage =
        total_hits_ > 0 ? static_cast<double>(box.hits) / static_cast<double>(total_hits_) : 0.0;
  }

  // Input j's values of the points in the box, sorted.
  std::vector<double> values_inside(const PrimBox& box, Eigen::Index j) const {
    std::vector<double> values;
    for (Eigen::Index row = 0; row < inputs_.rows(); ++row) {
      if (inside(box, row)) values.push_back(inputs_(row, j));
    }
    std::sort(values.begin(), values.end());
    return values;
  }

  // Input j's values of the points outside the box only along j, below (low) or above it,
  // nearest the box first.
  std::vector<double> values_beside(const PrimBox& box, Eigen::Index j, bool low) const {
    PrimBox widened = box;
    widened.lower(j) = -INFINITY;
    widened.upper(j) = INFINITY;
    std::vector<double> values;
    for (Eigen::Index row = 0; row < inputs_.rows(); ++row) {
      const double x = inputs_(row, j);
      if ((low ? x < box.lower(j) : x > box.upper(j)) && inside(widened, row)) values.push_back(x);
    }
    std::sort(values.begin(), values.end());
    if (low) std::reverse(values.begin(), values.end());
    return values;
  }

  std::size_t total_hits() const { return total_hits_; }

 private:
  const Eigen::MatrixXd& inputs_;
  const std::vector<bool>& hit_;
  std::size_t total_hits_ = 0;
};

// The densest box one peel away that keeps at least `floor` points; false when there is none.
bool peel(const Boxes& boxes, const PrimBox& box, double alpha, std::size_t floor, PrimBox& best) {
  bool found = false;
  for (Eigen::Index j = 0; j < box.lower.size(); ++j) {
    const std::vector<double> values = boxes.values_inside(box, j);
    const std::size_t m = values.size();
    // Peel the k lowest or highest points, ties with the new bound kept in; when the k-th equals
    // the extreme (a grid's level), the points at the extreme value instead.
    const std::size_t k = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::floor(alpha * static_cast<double>(m))));
    if (k >= m || values.front() == values.back()) continue;
    for (const bool low : {true, false}) {
      PrimBox candidate = box;
      if (low) {
        const double bound = values[k] > values.front()
                                 ? values[k]
                                 : *std::upper_bound(values.begin(), values.end(), values.front());
        candidate.lower(j) = bound;
      } else {
        const double bound =
            values[m - 1 - k] < values.back()
                ? values[m - 1 - k]
                : *std::prev(std::lower_bound(values.begin(), values.end(), values.back()));
        candidate.upper(j) = bound;
      }
      boxes.measure(candidate);
      if (candidate.points < floor || candidate.points == box.points) continue;
      if (!found || candidate.density > best.density) {
        best = candidate;
        found = true;
      }
    }
  }
  return found;
}

// Widens the box while some input end, moved out over the next share alpha of the points beside
// it, does not lower its density (the densest such move each time).
PrimBox paste(const Boxes& boxes, PrimBox box, double alpha) {
  for (;;) {
    bool found = false;
    PrimBox best;
    for (Eigen::Index j = 0; j < box.lower.size(); ++j) {
      for (const bool low : {true, false}) {
        const std::vector<double> beside = boxes.values_beside(box, j, low);
        if (beside.empty()) continue;
        const auto take = std::max<std::size_t>(
            1, static_cast<std::size_t>(std::ceil(alpha * static_cast<double>(box.points))));
        const double bound = beside[std::min(take, beside.size()) - 1];
        PrimBox candidate = box;
        (low ? candidate.lower(j) : candidate.upper(j)) = bound;
        boxes.measure(candidate);
        if (candidate.density < box.density || candidate.hits <= box.hits) continue;
        if (!found || candidate.density > best.density) {
          best = candidate;
          found = true;
        }
      }
    }
    if (!found) return box;
    box = best;
  }
}

}  // namespace

PrimResult prim(const Eigen::MatrixXd& inputs, const std::vector<bool>& hit,
                const PrimSettings& settings) {
  SIM_CHECK(inputs.rows() > 0 && static_cast<std::size_t>(inputs.rows()) == hit.size(),
            "PRIM needs one condition per point");
  const Boxes boxes(inputs, hit);
  PrimResult result;
  result.total_hits = boxes.total_hits();
  result.lowest = inputs.colwise().minCoeff().transpose();
  result.highest = inputs.colwise().maxCoeff().transpose();
  PrimBox box;
  box.lower = result.lowest;
  box.upper = result.highest;
  boxes.measure(box);
  result.trajectory.push_back(box);
  const auto floor = static_cast<std::size_t>(
      std::ceil(settings.min_support * static_cast<double>(inputs.rows())));
  PrimBox next;
  while (
      peel(boxes, result.trajectory.back(), settings.alpha, std::max<std::size_t>(floor, 1), next))
    result.trajectory.push_back(next);
  // The most coverage at the wanted density; else the densest box (the first, on ties).
  bool reached = false;
  for (std::size_t k = 0; k < result.trajectory.size(); ++k) {
    const PrimBox& candidate = result.trajectory[k];
    if (candidate.density >= settings.min_density &&
        (!reached || candidate.coverage > result.trajectory[result.chosen].coverage)) {
      result.chosen = k;
      reached = true;
    }
  }
  if (!reached) {
    for (std::size_t k = 0; k < result.trajectory.size(); ++k) {
      if (result.trajectory[k].density > result.trajectory[result.chosen].density)
        result.chosen = k;
    }
  }
  result.box = paste(boxes, result.trajectory[result.chosen], settings.alpha);
  return result;
}

}  // namespace models
