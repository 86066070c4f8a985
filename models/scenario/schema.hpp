// The scenario schema: every field's meaning, unit, default and valid range, in one place.
//
// The same definition drives validation (Validator), the defaults filled into a scenario before
// it is built, and the generated reference (`dealsim schema`, scenarios/README.md).
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace models::schema {

enum class Kind {
  Number,        // a real number; with `distribution`, also a distribution or a marked value
  Integer,       // a whole number
  Text,          // a string
  Date,          // ISO YYYY-MM-DD
  Boolean,       // true / false
  Choice,        // one of `choices`
  Object,        // a mapping with the fields of `object`
  MapOf,         // a mapping from user-chosen ids to `object`s (document order is kept)
  ListOf,        // a sequence of `object`s
  TextList,      // a sequence of strings (with `collection`: ids of that collection)
  NumberList,    // a sequence of numbers within [minimum, maximum]
  NumberMatrix,  // a square sequence of sequences of numbers
  Reference,     // the id of an entry of `collection`
};

struct Object;

struct Field {
  std::string key;
  Kind kind = Kind::Number;
  std::string meaning;
  std::string unit;           // "" for none
  std::string default_value;  // YAML text filled in when absent; "" when there is no default
  bool required = false;
  double minimum = -std::numeric_limits<double>::infinity();
  double maximum = std::numeric_limits<double>::infinity();
  bool distribution = false;    // a Number that may be a distribution drawn once per replication
  bool within_horizon = false;  // a Date that must not lie after the horizon's end
  std::vector<std::string> choices;
  std::string collection;  // for Reference and TextList: "parties", "providers", ...
  const Object* object = nullptr;
};

struct Object {
  std::string name;  // for the reference, e.g. "dispute"
  std::string meaning;
  std::vector<Field> fields;
  // Groups of keys of which exactly one must be present (e.g. how a tranche is triggered).
  std::vector<std::vector<std::string>> exactly_one_of;

  const Field* find(const std::string& key) const;
  // Whether `key` is one of the alternatives of an exactly_one_of group (then never required on
  // its own).
  bool is_alternative(const std::string& key) const;
  std::vector<std::string> keys() const;
};

// The root object of a scenario file.
const Object& scenario();
// The root object of a sweep file.
const Object& sweep();
// The root object of a calibration file (models/calibration/calibration_schema.cpp).
const Object& calibration();

// The distributions a Number with `distribution` may take, and their parameters.
struct DistributionForm {
  std::string name;
  std::vector<std::string> parameters;
  std::string meaning;
};
const std::vector<DistributionForm>& distribution_forms();

// The reference in Markdown: one table per object, every field with its type, unit, default,
// range and meaning; scenarios first, then sweep files.
std::string reference_markdown();

}  // namespace models::schema
