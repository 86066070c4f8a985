// The sweep file's schema: every field with its meaning, default and range, in one place. It
// drives validation and the generated reference (scenarios/README.md).
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

const Object& range() {
  static const Object object{
      "sweep range",
      "Evenly spaced values from low to high (both included).",
      {field("low", Kind::Number, "First value.", "as the field", "", true),
       field("high", Kind::Number, "Last value.", "as the field", "", true),
       field("steps", Kind::Integer, "Number of values.", "", "", true, 2, 10000)},
      {}};
  return object;
}

const Object& uniform() {
  static const Object object{
      "sweep uniform",
      "A continuous parameter, uniform on [low, high] (sampling designs and one at a time).",
      {field("low", Kind::Number, "Lower bound.", "as the field", "", true),
       field("high", Kind::Number, "Upper bound.", "as the field", "", true)},
      {}};
  return object;
}

const Object& triangular() {
  static const Object object{
      "sweep triangular",
      "A continuous parameter with a triangular distribution (sampling designs).",
      {field("low", Kind::Number, "Lower bound.", "as the field", "", true),
       field("mode", Kind::Number, "Most likely value.", "as the field", "", true),
       field("high", Kind::Number, "Upper bound.", "as the field", "", true)},
      {}};
  return object;
}

const Object& parameter() {
  static const Object object{
      "sweep parameter",
      "How one scenario field varies. The map key is the field's path in the scenario, e.g. "
      "`workloads.stateless_api.growth`. Grids take `values` or `range`; Latin hypercube and "
      "Sobol designs take `uniform`, `triangular` or `values`; one at a time takes any (low and "
      "high are the extremes).",
      {[] {
         Field f =
             field("values", Kind::NumberList, "The values to take.", "as the field", "", false);
         return f;
       }(),
       nested("range", Kind::Object, range(), "Evenly spaced values.", false),
       nested("uniform", Kind::Object, uniform(), "Uniform on [low, high].", false),
       nested("triangular", Kind::Object, triangular(), "Triangular on [low, high].", false),
       field("base", Kind::Number,
             "Value held while others vary one at a time (default: the middle value, the midpoint, "
             "or the mode).",
             "as the field", "", false)},
      {{"values", "range", "uniform", "triangular"}}};
  return object;
}

const Object& design() {
  static const Object object{
      "sweep design",
      "Which points to run. grid: every combination of values (first parameter slowest); "
      "latin_hypercube: `points` points, one per stratum of each parameter, seeded; sobol: "
      "Saltelli's sampling from a Sobol sequence, `points` x (parameters + 2) points, giving "
      "first-order and total Sobol indices with bootstrap intervals; one_at_a_time: the base "
      "point, then each parameter at its low and high (the tornado chart); table: the rows of a "
      "CSV file whose header names the parameters; morris: `points` trajectories of (parameters "
      "+ 1) points, each moving every input once (elementary effects: mu*, mu and sigma, for "
      "screening many inputs cheaply).",
      {[] {
         Field f = field("kind", Kind::Choice, "The design.", "", "", true);
         f.choices = {"grid", "latin_hypercube", "sobol", "one_at_a_time", "table", "morris"};
         return f;
       }(),
       field("points", Kind::Integer,
             "latin_hypercube: number of points; sobol: base sample size N; morris: number of "
             "trajectories r.",
             "", "64", false, 2, 1000000),
       field("levels", Kind::Integer,
             "morris: levels of the grid each input moves on (even; the step is levels / (2 "
             "(levels - 1)) of its quantile range).",
             "", "4", false, 2, 20),
       field("seed", Kind::Integer,
             "Seed of the Latin hypercube's permutations and of the Morris trajectories.", "", "1",
             false, 0, 9e15),
       field("bootstrap", Kind::Integer,
             "sobol, morris: bootstrap resamples for the intervals of the indices or effects.", "",
             "500", false, 10, 100000),
       field("file", Kind::Text, "table: CSV file (relative to the sweep file).", "", "", false)},
      {}};
  return object;
}

const Object& precision() {
  static const Object object{
      "sweep precision",
      "Per point, add replications in batches until the 95 % half-width of the metric's mean is "
      "below `relative` times the mean (as `run --until`), or `max_replications`.",
      {field("metric", Kind::Text, "The metric.", "", "", true),
       field("relative", Kind::Number, "Target half-width over the mean.", "fraction", "", true,
             1e-9, 1),
       field("max_replications", Kind::Integer, "At most this many per point.", "", "100000", false,
             1, 1e8),
       field("batch", Kind::Integer, "Replications per batch.", "", "200", false, 1, 1e7)},
      {}};
  return object;
}

}  // namespace

const Object& sweep() {
  static const Object object{
      "sweep",
      "A sweep file: the base scenario, the parameters to vary by scenario path, the design, "
      "replications per point and the metrics to keep. Every point runs the base scenario with "
      "its parameters set (as `run --set`); with common random numbers (the default) "
      "replication i of every point uses the same random streams, so differences between points "
      "are not noise.",
      {field("name", Kind::Text, "Sweep name (default: the file name without .yaml).", "", "",
             false),
       field("description", Kind::Text, "What question the sweep answers.", "", "\"\"", false),
       field("scenario", Kind::Text, "The base scenario (relative to the sweep file).", "", "",
             true),
       field("replications", Kind::Integer, "Replications per point (without `until`).", "", "200",
             false, 1, 1e8),
       nested("until", Kind::Object, precision(), "A precision target per point instead.", false),
       field("seed", Kind::Integer, "Master seed (default: the scenario's).", "", "", false, 0,
             9e15),
       field("common_random_numbers", Kind::Boolean,
             "Replication i of every point uses the same streams; false gives each point its own.",
             "", "true", false),
       field("keep_replications", Kind::Boolean,
             "Also keep every replication's value of each metric.", "", "false", false),
       nested("design", Kind::Object, design(), "Which points to run.", true),
       nested("parameters", Kind::MapOf, parameter(),
              "The parameters, by scenario path (none for table).", false),
       [] {
         Field f = field("metrics", Kind::TextList,
                         "Metrics kept per point (names as in a results file).", "", "", true);
         return f;
       }()},
      {}};
  return object;
}

}  // namespace models::schema
