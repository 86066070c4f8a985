#include "models/scenario/cross_checks.hpp"

#include "models/scenario/added_rules.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "models/scenario/scalar.hpp"
#include "models/scenario/validator.hpp"

namespace models {

namespace {
using scalar::child;
using scalar::plain;
std::optional<double> parse_number(const YAML::Node& node) {
  return scalar::number(node);
}
}  // namespace

void CrossChecks::run(const std::vector<PendingReference>& references,
                      const std::vector<PendingDate>& dates) {
  check_references(references);
  check_semantics(document_.root(), dates);
}

std::vector<std::string> CrossChecks::ids(const char* key) const {
  std::vector<std::string> result;
  const YAML::Node map = document_.root()[key];
  if (map.IsDefined() && map.IsMap()) {
    for (const auto& item : map)
      result.push_back(scalar::key_of(item.first));
  }
  return result;
}

void CrossChecks::check_references(const std::vector<PendingReference>& references) {
  std::map<std::string, std::vector<std::string>> collections;
  for (const char* key : {"parties", "providers", "workloads", "routing", "commitments",
                          "investments", "disputes", "reviews"}) {
    collections[key] = ids(key);
  }
  // Rules that effects add may be referred to by later effects.
  for (const AddedRule& rule : find_added_rules(document_.root()))
    collections["routing"].push_back(rule.id);
  collections["shock_names"] = collections["workloads"];
  collections["shock_names"].push_back("valuation");
  // Sets, so that checking n references costs n look-ups, not n scans (20,000 references took
  // a second when each scanned its collection).
  std::map<std::string, std::unordered_set<std::string>> defined;
  for (const auto& [name, known] : collections)
    defined[name].insert(known.begin(), known.end());
  for (const PendingReference& reference : references) {
    if (defined[reference.collection].count(reference.value)) continue;
    const auto& known = collections[reference.collection];
    std::string message = "'" + reference.value + "' is not defined in " +
                          (reference.collection == "shock_names" ? "workloads (or 'valuation')"
                                                                 : reference.collection);
    const std::string nearest = nearest_name(reference.value, known);
    if (!nearest.empty()) {
      message += "; did you mean '" + nearest + "'?";
    } else {
      message += known.empty() ? " (none are defined)" : "; defined: " + list_text(known);
    }
    error(reference.node, reference.path, message);
  }
}

void CrossChecks::check_semantics(const YAML::Node& root, const std::vector<PendingDate>& dates) {
  check_horizon_dates(root, dates);
  for (const char* section : {"disputes", "reviews"}) {
    const YAML::Node map = root[section];
    if (!map.IsDefined() || !map.IsMap()) continue;
    for (const auto& item : map) {
      const std::string path = join_path(section, scalar::key_of(item.first));
      const YAML::Node outcomes = child(item.second, "outcomes");
      check_outcome_probabilities(outcomes, join_path(path, "outcomes"));
      const YAML::Node timing =
          child(item.second, std::string(section) == "disputes" ? "filing" : "opening");
      if (timing.IsMap() && child(timing, "never").IsScalar() &&
          child(timing, "never").Scalar() == "false" &&
          !child(timing, "hazard_per_year").IsDefined() && !child(timing, "on_date").IsDefined() &&
          !child(timing, "trigger").IsDefined()) {
        error(timing, path,
              "never: false gives no timing; use never: true or a hazard, date or trigger");
      }
      check_tranche_effects(outcomes, join_path(path, "outcomes"));
    }
  }
  check_correlation(child(root, "correlation"));
  check_commitments(child(root, "commitments"));
  check_stakes(child(root, "equity"));
  check_investments(child(root, "investments"));
}

void CrossChecks::check_horizon_dates(const YAML::Node& root,
                                      const std::vector<PendingDate>& dates) {
  const auto start = child(root, "start").IsScalar()
                         ? sim::parse_iso_date(child(root, "start").Scalar())
                         : std::nullopt;
  // Results files store dates as nanoseconds since 1970 (what xarray decodes), which reach
  // from 1677 to 2262: a start within [1900, 2200] keeps the 50-year horizon inside.
  if (start && (start->year < 1900 || start->year > 2200)) {
    error(child(root, "start"), "start",
          "the year " + std::to_string(start->year) +
              " is outside 1900..2200, the range a results file can store with its horizon");
    return;
  }
  const auto years = parse_number(plain(child(root, "horizon_years")));
  if (!start || !years || *years < 1 || *years > 50) return;
  const sim::Date end = sim::add_years(*start, static_cast<int>(*years));
  for (const PendingDate& pending : dates) {
    if (pending.date > end) {
      error(pending.node, pending.path,
            "date " + sim::to_iso(pending.date) + " is after the horizon's end " +
                sim::to_iso(end) + " (start + horizon_years)");
    }
  }
}

void CrossChecks::check_outcome_probabilities(const YAML::Node& outcomes, const std::string& path) {
  if (!outcomes.IsDefined() || !outcomes.IsMap() || outcomes.size() == 0) {
    if (outcomes.IsDefined() && outcomes.IsMap())
      error(outcomes, path, "expected at least one outcome");
    return;
  }
  double total = 0;
  for (const auto& item : outcomes) {
    const YAML::Node probability = child(item.second, "probability");
    if (!probability.IsDefined()) return;  // reported already
    try {
      total += mean_of_number(probability);
    } catch (const std::exception&) {
      return;  // malformed: reported already
    }
  }
  if (std::abs(total - 1.0) > 1e-6) {
    error(outcomes, path, "outcome probabilities sum to " + format_number(total) + ", expected 1");
  }
}

void CrossChecks::check_tranche_effects(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) {
    const YAML::Node change = child(node, "tranche");
    if (change.IsDefined() && change.IsMap() && child(change, "investment").IsScalar() &&
        child(change, "tranche").IsScalar()) {
      const YAML::Node tranches =
          child(child(child(document_.root(), "investments"), child(change, "investment").Scalar()),
                "tranches");
      if (tranches.IsDefined() && tranches.IsMap() &&
          !tranches[child(change, "tranche").Scalar()].IsDefined()) {
        std::vector<std::string> known;
        for (const auto& item : tranches)
          known.push_back(scalar::key_of(item.first));
        error(child(change, "tranche"), join_path(path, "tranche.tranche"),
              "'" + child(change, "tranche").Scalar() + "' is not a tranche of investment '" +
                  child(change, "investment").Scalar() + "'; defined: " + list_text(known));
      }
    }
    for (const auto& item : node)
      check_tranche_effects(item.second, join_path(path, scalar::key_of(item.first)));
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_tranche_effects(node[i], path + "[" + std::to_string(i) + "]");
    }
  }
}

void CrossChecks::check_correlation(const YAML::Node& correlation) {
  if (!correlation.IsDefined() || !correlation.IsMap()) return;
  const YAML::Node names = child(correlation, "names"), matrix = child(correlation, "matrix");
  if (!names.IsSequence() || !matrix.IsSequence()) return;
  const std::size_t n = names.size();
  std::set<std::string> unique;
  for (const auto& name : names) {
    if (name.IsScalar() && !unique.insert(name.Scalar()).second) {
      error(name, "correlation.names", "'" + name.Scalar() + "' is listed twice");
    }
  }
  if (matrix.size() != n) {
    error(matrix, "correlation.matrix",
          "expected " + std::to_string(n) + " rows (one per name), found " +
              std::to_string(matrix.size()));
    return;
  }
  Eigen::MatrixXd values(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!matrix[i].IsSequence() || matrix[i].size() != n) {
      error(matrix[i], "correlation.matrix[" + std::to_string(i) + "]",
            "expected a row of " + std::to_string(n) + " numbers");
      return;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const auto value = parse_number(matrix[i][j]);
      if (!value) return;  // reported already
      values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = *value;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (values(ii, ii) != 1.0) {
      error(matrix[i][i],
            "correlation.matrix[" + std::to_string(i) + "][" + std::to_string(i) + "]",
            "a correlation matrix has 1 on its diagonal, found " + format_number(values(ii, ii)));
    }
    for (std::size_t j = 0; j < i; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      if (values(ii, jj) != values(jj, ii)) {
        error(matrix[i][j],
              "correlation.matrix[" + std::to_string(i) + "][" + std::to_string(j) + "]",
              "the matrix is not symmetric: " + format_number(values(ii, jj)) + " here, " +
                  format_number(values(jj, ii)) + " at [" + std::to_string(j) + "][" +
                  std::to_string(i) + "]");
      }
    }
  }
  if (Eigen::LLT<Eigen::MatrixXd>(values).info() != Eigen::Success) {
    error(matrix, "correlation.matrix",
          "the matrix is not positive definite, so it is not a valid correlation matrix");
  }
}

void CrossChecks::check_commitments(const YAML::Node& commitments) {
  if (!commitments.IsDefined() || !commitments.IsMap()) return;
  for (const auto& item : commitments) {
    const std::string path = join_path("commitments", scalar::key_of(item.first));
    const YAML::Node commitment = item.second;
    if (!commitment.IsMap() || !child(commitment, "schedule").IsScalar()) continue;
    const std::string schedule = child(commitment, "schedule").Scalar();
    const YAML::Node minimums = child(commitment, "minimums");
    const auto term = parse_number(plain(child(commitment, "term_years")));
    if (!minimums.IsSequence() || !term) continue;
    if (schedule == "even" && minimums.size() != 0) {
      error(minimums, join_path(path, "minimums"),
            "schedule even spreads the amount evenly; give minimums only with per_year or "
            "cumulative");
    } else if (schedule != "even" && minimums.size() != static_cast<std::size_t>(*term)) {
      error(minimums.size() ? minimums : commitment, join_path(path, "minimums"),
            "schedule " + schedule + " needs one minimum per contract year: expected " +
                format_number(*term) + ", found " + std::to_string(minimums.size()));
    } else if (schedule == "cumulative") {
      double previous = 0;
      for (std::size_t i = 0; i < minimums.size(); ++i) {
        const auto value = parse_number(minimums[i]);
        if (value && *value < previous) {
          error(minimums[i], join_path(path, "minimums") + "[" + std::to_string(i) + "]",
                "cumulative minimums must not decrease");
        }
        if (value) previous = *value;
      }
    }
  }
}

void CrossChecks::check_stakes(const YAML::Node& equity) {
  if (!equity.IsDefined() || !equity.IsMap() || !child(equity, "stakes").IsMap()) return;
  double total = 0;
  for (const auto& item : child(equity, "stakes")) {
    try {
      total += mean_of_number(item.second);
    } catch (const std::exception&) {
      return;
    }
  }
  if (total > 1.0 + 1e-9) {
    error(child(equity, "stakes"), "equity.stakes",
          "stakes sum to " + format_number(total) + ", more than 1");
  }
}

void CrossChecks::check_investments(const YAML::Node& investments) {
  if (!investments.IsDefined() || !investments.IsMap()) return;
  for (const auto& item : investments) {
    const YAML::Node tranches = child(item.second, "tranches");
    if (!tranches.IsDefined() || !tranches.IsMap()) continue;
    for (const auto& tranche : tranches) {
      const std::string path =
          join_path(join_path(join_path("investments", scalar::key_of(item.first)), "tranches"),
                    scalar::key_of(tranche.first));
      const YAML::Node deadline = child(tranche.second, "deadline");
      if (deadline.IsDefined() && !child(tranche.second, "milestone").IsDefined()) {
        error(deadline, join_path(path, "deadline"),
              "a deadline applies only to a milestone tranche");
      }
    }
  }
}

}  // namespace models
