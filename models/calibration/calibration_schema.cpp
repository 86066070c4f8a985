// The calibration file's schema: every field with its meaning, default and range, in one place.
// It drives validation and the generated reference (scenarios/README.md).
#include "models/scenario/schema_parts.hpp"

namespace models::schema {

namespace {

using parts::choice;
using parts::date;
using parts::integer;
using parts::nested;
using parts::number;
using parts::text;

// Optional, without a default (parts' numbers without one are required).
Field optional(Field field) {
  field.required = false;
  return field;
}

const Object& free_input() {
  static const Object object{
      "calibration input",
      "An input the calibration fits. The map key is the field's path in the scenario, e.g. "
      "`workloads.stateless_api.growth`: a number that the scenario draws per replication (not "
      "an integer, a date, a list item or a setting read once, such as `discount_rate`). The "
      "prior's whole support must lie within the field's range; normal and lognormal priors are "
      "truncated to it.",
      {number("prior",
              "The prior: a distribution (`uniform`, `triangular`, `pert`, `normal`, `lognormal`, "
              "`beta`, `loguniform`), in the field's unit.",
              "as the field", "", -parts::kInfinity, parts::kInfinity),
       text("note", "Why this prior.", "\"\"")},
      {}};
  return object;
}

const Object& target() {
  static const Object object{
      "calibration target",
      "A reported figure the model should reproduce, and the model statistic compared with it. "
      "The statistic is a scalar `metric` (e.g. `share.azure`), or a `series` (e.g. "
      "`yearly_revenue_by_class`): one `label`'s row, or the sum of every row, at the step that "
      "contains date `at`, or reduced over the steps that start from `from` to `to`. Across a "
      "candidate's replications, `statistic` takes the mean or a percentile. The uncertainty is "
      "`sd` or a 95 % `interval` [low, high] (sd = (high - low) / 3.92).",
      {text("metric", "A scalar metric, named as in a results file.", ""),
       text("series", "A series, named as in a results file.", ""),
       text("label", "The series row (a provider, class, ...); absent: the sum over every row.",
            ""),
       date("at", "The series step that contains this date.", false, false),
       date("from", "First date of the period (the steps that start within it).", false, false),
       date("to", "Last date of the period.", false, false),
       choice("reduce", "How the period's steps combine.", {"sum", "mean"}, "sum"),
       choice("statistic", "Across a candidate's replications.",
              {"mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"}, "mean"),
       number("value", "The reported figure, in the statistic's unit.", "as the statistic", "",
              -parts::kInfinity, parts::kInfinity, false),
       optional(number("sd", "Its uncertainty as a standard deviation (> 0).", "as the statistic",
                       "", -parts::kInfinity, parts::kInfinity, false)),
       [] {
         Field f =
             optional(number("interval", "Its uncertainty as a 95 % interval [low, high].",
                             "as the statistic", "", -parts::kInfinity, parts::kInfinity, false));
         f.kind = Kind::NumberList;
         return f;
       }(),
       text("source", "Who reported the figure, and when.", "", true)},
      {{"metric", "series"}, {"sd", "interval"}}};
  return object;
}

const Object& method() {
  static const Object object{
      "calibration method",
      "The method and its budget. abc_smc: approximate Bayesian computation by sequential Monte "
      "Carlo (adaptive population Monte Carlo, Lenormand et al. 2013). The first generation "
      "draws `particles` candidates from the priors; each later one proposes particles - kept "
      "new candidates around the kept population (kept = floor(alpha * particles)), and the "
      "tolerance becomes the distance of the kept-th best. It stops when the share of new "
      "candidates within the previous tolerance falls to `min_acceptance`, or after "
      "`max_generations`.",
      {choice("name", "The method.", {"abc_smc"}, "abc_smc"),
       integer("particles", "Candidates per first generation; population size.", "", "200", 4,
               1000000),
       number("alpha", "Fraction of the population kept at each generation.", "", "0.5", 0.05, 0.95,
              false),
       number("min_acceptance",
              "Stop when fewer new candidates than this fraction fall within the tolerance.", "",
              "0.05", 1e-6, 1, false),
       integer("max_generations", "At most this many generations.", "", "20", 1, 10000)},
      {}};
  return object;
}

}  // namespace

const Object& calibration() {
  static const Object object{
      "calibration",
      "A calibration file: the base scenario, the inputs to fit by scenario path with their "
      "priors, the reported figures to reproduce, replications per candidate and the method. "
      "Every candidate runs the base scenario with its inputs set; with common random numbers, "
      "replication i of every candidate uses the same random streams.",
      {text("name", "Calibration name (default: the file name without .yaml).", ""),
       text("description", "What the calibration fits, and to what.", "\"\""),
       text("scenario", "The base scenario (relative to this file).", "", true),
       optional(integer("seed", "Master seed (default: the scenario's).", "", "", 0, 9e15)),
       integer("replications", "Replications per candidate.", "", "20", 1, 1e6),
       nested("inputs", Kind::MapOf, free_input(), "The inputs to fit, by scenario path.", true),
       nested("targets", Kind::MapOf, target(), "The reported figures, by a name of yours.", true),
       nested("method", Kind::Object, method(), "The method and its budget.", false)},
      {}};
  return object;
}

}  // namespace models::schema
