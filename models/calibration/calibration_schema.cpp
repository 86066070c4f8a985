// The calibration file's schema: every field with its meaning, default and range, in one place.
// It drives validation and the generated reference (scenarios/README.md).
#include "models/scenario/schema.hpp"

namespace models::schema {

namespace {

Field field(std::string key, Kind kind, std::string meaning, std::string unit,
            std::string default_value, bool required,
            double minimum = -std::numeric_limits<double>::infinity(),
            double maximum = std::numeric_limits<double>::infinity()) {
  Field f;
  f.key = std::move(key);
  f.kind = kind;
  f.meaning = std::move(meaning);
  f.unit = std::move(unit);
  f.default_value = std::move(default_value);
  f.required = required;
  f.minimum = minimum;
  f.maximum = maximum;
  return f;
}

Field nested(std::string key, Kind kind, const Object& object, std::string meaning, bool required) {
  Field f = field(std::move(key), kind, std::move(meaning), "", "", required);
  f.object = &object;
  return f;
}

Field choice(std::string key, std::string meaning, std::string default_value,
             std::vector<std::string> choices) {
  Field f =
      field(std::move(key), Kind::Choice, std::move(meaning), "", std::move(default_value), false);
  f.choices = std::move(choices);
  return f;
}

const Object& free_input() {
  static const Object object{
      "calibration input",
      "An input the calibration fits. The map key is the field's path in the scenario, e.g. "
      "`workloads.stateless_api.growth`: a number that the scenario draws per replication (not "
      "an integer, a date, a list item or a setting read once, such as `discount_rate`). The "
      "prior's whole support must lie within the field's range; normal and lognormal priors are "
      "truncated to it.",
      {[] {
         Field f = field("prior", Kind::Number,
                         "The prior: a distribution (`uniform`, `triangular`, `pert`, `normal`, "
                         "`lognormal`, `beta`, `loguniform`), in the field's unit.",
                         "as the field", "", true);
         f.distribution = true;
         return f;
       }(),
       field("note", Kind::Text, "Why this prior.", "", "\"\"", false)},
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
      {field("metric", Kind::Text, "A scalar metric, named as in a results file.", "", "", false),
       field("series", Kind::Text, "A series, named as in a results file.", "", "", false),
       field("label", Kind::Text,
             "The series row (a provider, class, ...); absent: the sum over every row.", "", "",
             false),
       field("at", Kind::Date, "The series step that contains this date.", "", "", false),
       field("from", Kind::Date, "First date of the period (the steps that start within it).", "",
             "", false),
       field("to", Kind::Date, "Last date of the period.", "", "", false),
       choice("reduce", "How the period's steps combine.", "sum", {"sum", "mean"}),
       choice("statistic", "Across a candidate's replications.", "mean",
              {"mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"}),
       field("value", Kind::Number, "The reported figure, in the statistic's unit.",
             "as the statistic", "", true),
       field("sd", Kind::Number, "Its uncertainty as a standard deviation (> 0).",
             "as the statistic", "", false),
       field("interval", Kind::NumberList, "Its uncertainty as a 95 % interval [low, high].",
             "as the statistic", "", false),
       field("source", Kind::Text, "Who reported the figure, and when.", "", "", true)},
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
      {choice("name", "The method.", "abc_smc", {"abc_smc"}),
       field("particles", Kind::Integer, "Candidates per first generation; population size.", "",
             "200", false, 4, 1000000),
       field("alpha", Kind::Number, "Fraction of the population kept at each generation.", "",
             "0.5", false, 0.05, 0.95),
       field("min_acceptance", Kind::Number,
             "Stop when fewer new candidates than this fraction fall within the tolerance.", "",
             "0.05", false, 1e-6, 1),
       field("max_generations", Kind::Integer, "At most this many generations.", "", "20", false, 1,
             10000)},
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
      {field("name", Kind::Text, "Calibration name (default: the file name without .yaml).", "", "",
             false),
       field("description", Kind::Text, "What the calibration fits, and to what.", "", "\"\"",
             false),
       field("scenario", Kind::Text, "The base scenario (relative to this file).", "", "", true),
       field("seed", Kind::Integer, "Master seed (default: the scenario's).", "", "", false, 0,
             9e15),
       field("replications", Kind::Integer, "Replications per candidate.", "", "20", false, 1, 1e6),
       nested("inputs", Kind::MapOf, free_input(), "The inputs to fit, by scenario path.", true),
       nested("targets", Kind::MapOf, target(), "The reported figures, by a name of yours.", true),
       nested("method", Kind::Object, method(), "The method and its budget.", false)},
      {}};
  return object;
}

}  // namespace models::schema
