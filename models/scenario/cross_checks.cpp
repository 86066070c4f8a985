#include "models/scenario/cross_checks.hpp"

#include "models/scenario/added_rules.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

namespace models {

namespace {

// The ids of a collection (a map of entries at the root), in file order.
std::vector<std::string> ids(const InputValue& root, const char* key) {
  std::vector<std::string> result;
  if (const InputValue* map = root.valid_entry(key)) {
    for (const auto& entry : map->entries)
      result.push_back(entry.key);
  }
  return result;
}

}  // namespace

void CrossChecks::run(const InputValue& root, const std::vector<PendingReference>& references,
                      const std::vector<PendingDate>& dates) {
  check_references(root, references);
  check_horizon_dates(root, dates);
  check_proceedings(root);
  if (const InputValue* correlation = root.valid_entry("correlation"))
    check_correlation(*correlation);
  if (const InputValue* commitments = root.valid_entry("commitments"))
    check_commitments(*commitments);
  if (const InputValue* equity = root.valid_entry("equity")) check_stakes(*equity);
  if (const InputValue* investments = root.valid_entry("investments"))
    check_investments(*investments);
  if (const InputValue* shares = root.valid_entry("revenue_shares"))
    check_revenue_shares(root, *shares);
}

void CrossChecks::check_references(const InputValue& root,
                                   const std::vector<PendingReference>& references) {
  std::map<std::string, std::vector<std::string>> collections;
  for (const char* key : {"parties", "providers", "workloads", "routing", "commitments",
                          "investments", "disputes", "reviews"}) {
    collections[key] = ids(root, key);
  }
  // Rules that effects add may be referred to by later effects.
  for (const AddedRule& rule : find_added_rules(root))
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
    errors_.push_back(document_.at(reference.mark, reference.path, message));
  }
}

void CrossChecks::check_proceedings(const InputValue& root) {
  for (const char* section : {"disputes", "reviews"}) {
    const InputValue* proceedings = root.valid_entry(section);
    if (proceedings == nullptr) continue;
    for (const auto& [id, proceeding] : proceedings->entries) {
      const InputValue* outcomes = proceeding.valid_entry("outcomes");
      if (outcomes != nullptr) check_outcome_probabilities(*outcomes);
      const InputValue* timing =
          proceeding.valid_entry(std::string(section) == "disputes" ? "filing" : "opening");
      const InputValue* never = timing ? timing->valid_entry("never") : nullptr;
      if (never != nullptr && !never->flag && !timing->has("hazard_per_year") &&
          !timing->has("on_date") && !timing->has("trigger")) {
        error(*timing, proceeding.path,
              "never: false gives no timing; use never: true or a hazard, date or trigger");
      }
      if (outcomes != nullptr) check_tranche_effects(root, *outcomes);
    }
  }
}

void CrossChecks::check_horizon_dates(const InputValue& root,
                                      const std::vector<PendingDate>& dates) {
  const InputValue* start = root.valid_entry("start");
  // Results files store dates as nanoseconds since 1970 (what xarray decodes), which reach
  // from 1677 to 2262: a start within [1900, 2200] keeps the 50-year horizon inside.
  if (start && (start->date.year < 1900 || start->date.year > 2200)) {
    error(*start,
          "the year " + std::to_string(start->date.year) +
              " is outside 1900..2200, the range a results file can store with its horizon");
    return;
  }
  const InputValue* years = root.valid_entry("horizon_years");
  if (!start || !years) return;
  const sim::Date end = sim::add_years(start->date, static_cast<int>(years->whole()));
  for (const PendingDate& pending : dates) {
    if (pending.date > end) {
      errors_.push_back(document_.at(pending.mark, pending.path,
                                     "date " + sim::to_iso(pending.date) +
                                         " is after the horizon's end " + sim::to_iso(end) +
                                         " (start + horizon_years)"));
    }
  }
}

void CrossChecks::check_outcome_probabilities(const InputValue& outcomes) {
  if (outcomes.entries.empty()) {
    error(outcomes, "expected at least one outcome");
    return;
  }
  double total = 0;
  for (const auto& [id, outcome] : outcomes.entries) {
    const InputValue* probability = outcome.valid_entry("probability");
    if (probability == nullptr) return;  // reported already
    total += probability->number.mean();
  }
  if (std::abs(total - 1.0) > 1e-6) {
    error(outcomes, "outcome probabilities sum to " + format_number(total) + ", expected 1");
  }
}

// A tranche effect names an investment and one of its tranches.
void CrossChecks::check_tranche_effects(const InputValue& root, const InputValue& outcomes) {
  const InputValue* investments = root.valid_entry("investments");
  for (const auto& [id, outcome] : outcomes.entries) {
    for (const InputValue& effect : outcome.items_of("effects")) {
      const InputValue* change = effect.valid_entry("tranche");
      const InputValue* investment_id = change ? change->valid_entry("investment") : nullptr;
      const InputValue* tranche_id = change ? change->valid_entry("tranche") : nullptr;
      const InputValue* investment =
          investments && investment_id ? investments->valid_entry(investment_id->text) : nullptr;
      const InputValue* tranches = investment ? investment->valid_entry("tranches") : nullptr;
      if (tranches == nullptr || tranche_id == nullptr || tranches->has(tranche_id->text)) continue;
      std::vector<std::string> known;
      for (const auto& entry : tranches->entries)
        known.push_back(entry.key);
      error(*tranche_id, "'" + tranche_id->text + "' is not a tranche of investment '" +
                             investment_id->text + "'; defined: " + list_text(known));
    }
  }
}

void CrossChecks::check_correlation(const InputValue& correlation) {
  const InputValue* names = correlation.valid_entry("names");
  const InputValue* matrix = correlation.valid_entry("matrix");
  if (!names || !matrix) return;
  const std::size_t n = names->items.size();
  std::set<std::string> unique;
  for (const InputValue& name : names->items) {
    if (name.valid && !unique.insert(name.text).second) {
      error(name, "correlation.names", "'" + name.text + "' is listed twice");
    }
  }
  const std::vector<InputValue>& rows = matrix->items;
  if (rows.size() != n) {
    error(*matrix, "expected " + std::to_string(n) + " rows (one per name), found " +
                       std::to_string(rows.size()));
    return;
  }
  Eigen::MatrixXd values(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!rows[i].valid || rows[i].items.size() != n) {
      error(rows[i], "expected a row of " + std::to_string(n) + " numbers");
      return;
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (!rows[i].items[j].valid) return;  // reported already
      values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          rows[i].items[j].number.a;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (values(ii, ii) != 1.0) {
      error(rows[i].items[i],
            "a correlation matrix has 1 on its diagonal, found " + format_number(values(ii, ii)));
    }
    for (std::size_t j = 0; j < i; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      if (values(ii, jj) != values(jj, ii)) {
        error(rows[i].items[j], "the matrix is not symmetric: " + format_number(values(ii, jj)) +
                                    " here, " + format_number(values(jj, ii)) + " at [" +
                                    std::to_string(j) + "][" + std::to_string(i) + "]");
      }
    }
  }
  if (Eigen::LLT<Eigen::MatrixXd>(values).info() != Eigen::Success) {
    error(*matrix, "the matrix is not positive definite, so it is not a valid correlation matrix");
  }
}

void CrossChecks::check_commitments(const InputValue& commitments) {
  for (const auto& [id, commitment] : commitments.entries) {
    const InputValue* schedule_value = commitment.valid_entry("schedule");
    const InputValue* minimums_value = commitment.valid_entry("minimums");
    const InputValue* term = commitment.valid_entry("term_years");
    if (!schedule_value || !minimums_value || !term) continue;
    const std::string& schedule = schedule_value->text;
    const std::vector<InputValue>& minimums = minimums_value->items;
    if (schedule == "even" && !minimums.empty()) {
      error(*minimums_value,
            "schedule even spreads the amount evenly; give minimums only with per_year or "
            "cumulative");
    } else if (schedule != "even" && minimums.size() != static_cast<std::size_t>(term->whole())) {
      error(minimums.empty() ? commitment : *minimums_value, minimums_value->path,
            "schedule " + schedule + " needs one minimum per contract year: expected " +
                std::to_string(term->whole()) + ", found " + std::to_string(minimums.size()));
    } else {
      if (schedule == "cumulative") {
        double previous = 0;
        for (const InputValue& minimum : minimums) {
          if (!minimum.valid) continue;
          if (minimum.number.a < previous) error(minimum, "cumulative minimums must not decrease");
          previous = minimum.number.a;
        }
      }
      if (schedule != "even") check_amount_against_minimums(commitment, schedule, minimums);
    }
  }
}

// With minimums, they are the obligation; the amount must say the same, so that no number in
// the file is silently ignored.
void CrossChecks::check_amount_against_minimums(const InputValue& commitment,
                                                const std::string& schedule,
                                                const std::vector<InputValue>& minimums) {
  const InputValue* amount = commitment.valid_entry("amount");
  if (amount == nullptr || minimums.empty()) return;
  double total = 0;
  for (const InputValue& minimum : minimums) {
    if (!minimum.valid) return;  // reported already
    total = schedule == "cumulative" ? minimum.number.a : total + minimum.number.a;
  }
  const std::string what =
      schedule == "cumulative" ? "whose last (cumulative) value is " : "which sum to ";
  if (amount->number.is_random()) {
    error(*amount, "with schedule " + schedule +
                       " the minimums set the obligation, so the amount cannot be a "
                       "distribution; give amount: " +
                       format_number(total) +
                       " (the minimums' total) and vary the minimums instead");
  } else if (std::abs(amount->number.a - total) > 1e-9 * std::max(1.0, std::abs(total))) {
    error(*amount, "amount " + format_number(amount->number.a) + " disagrees with the minimums, " +
                       what + format_number(total) + "; with schedule " + schedule +
                       " the minimums set the obligation: give amount: " + format_number(total) +
                       " or change the minimums");
  }
}

void CrossChecks::check_stakes(const InputValue& equity) {
  const InputValue* stakes = equity.valid_entry("stakes");
  if (stakes == nullptr) return;
  double total = 0;
  for (const auto& [party, stake] : stakes->entries) {
    if (!stake.valid) return;
    total += stake.number.mean();
  }
  if (total > 1.0 + 1e-9) {
    error(*stakes, "stakes sum to " + format_number(total) + ", more than 1");
  }
}

void CrossChecks::check_investments(const InputValue& investments) {
  for (const auto& [id, investment] : investments.entries) {
    const InputValue* tranches = investment.valid_entry("tranches");
    if (tranches == nullptr) continue;
    for (const auto& [tranche_id, tranche] : tranches->entries) {
      const InputValue* deadline = tranche.find("deadline");
      if (deadline != nullptr && !tranche.has("milestone")) {
        error(*deadline, "a deadline applies only to a milestone tranche");
      }
    }
  }
}

}  // namespace models

namespace models {

// A share goes from one party to another, on revenue of classes that party pays for.
void CrossChecks::check_revenue_shares(const InputValue& root, const InputValue& shares) {
  const InputValue* workloads = root.valid_entry("workloads");
  for (const auto& [id, share] : shares.entries) {
    const InputValue* from = share.valid_entry("from");
    const InputValue* to = share.valid_entry("to");
    if (from == nullptr) continue;
    if (to != nullptr && to->text == from->text) {
      error(*to, "a revenue share is paid to another party, not to '" + from->text + "' itself");
    }
    if (workloads == nullptr) continue;
    for (const InputValue& name : share.items_of("classes")) {
      const InputValue* workload = workloads->valid_entry(name.text);
      const InputValue* payer = workload ? workload->valid_entry("payer") : nullptr;
      if (payer != nullptr && payer->text != from->text) {
        error(name, "class '" + name.text + "' is paid for by '" + payer->text + "', not by '" +
                        from->text + "': its revenue is not theirs to share");
      }
    }
  }
}

}  // namespace models
