// A scenario file read once against its schema: every value typed, with its place in the file.
//
// Loading reads the YAML tree once (validator.cpp, guided by the schema), checking each value as
// it converts it: numbers become Parameters (plain, marked or a distribution), whole numbers,
// dates, flags and text are read, defaults are filled in. Checks across fields (cross_checks.cpp)
// and the builder (scenario_builder.cpp) work on these values only; neither looks at YAML.
// Internal to models/scenario/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/mark.h>

#include "models/scenario/parameter.hpp"
#include "models/scenario/schema.hpp"
#include "sim/kernel/date.hpp"

namespace models {

struct InputEntry;

struct InputValue {
  schema::Kind kind = schema::Kind::Object;
  const schema::Field* field = nullptr;  // its schema field (null for the root and list items)
  std::string path;                      // YAML path, e.g. "providers.azure.capacity.ramp[0].level"
  YAML::Mark mark = YAML::Mark::null_mark();  // where it was written (null for defaults)
  // False when the value is present but failed its check (reported): checks across fields skip
  // it, and building never sees one.
  bool valid = true;

  // Number: the value or distribution, with provenance; Integer: number.a holds the whole number
  // (marked: provenance too); NumberList and NumberMatrix items: number.a.
  Parameter number;
  bool marked = false;  // Number or Integer written as {value: x, sourced|assumed: note}
  std::string text;     // Text, Choice, Reference; a Date as written
  sim::Date date{};     // Date
  bool flag = false;    // Boolean
  // Object: its fields in schema order; MapOf: its entries by id, in file order.
  std::vector<InputEntry> entries;
  // ListOf, TextList, NumberList; NumberMatrix: its rows (each a NumberList).
  std::vector<InputValue> items;

  // The entry `key`, present (valid or not), or null.
  const InputValue* find(std::string_view key) const;
  // The entry `key` when present and valid, or null.
  const InputValue* valid_entry(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The entry `key`; its absence is a broken contract between validation and building
  // (std::logic_error naming the path).
  const InputValue& at(std::string_view key) const;
  long long whole() const { return static_cast<long long>(number.a); }
  // The entries or items of field `key`, empty when it is absent.
  const std::vector<InputEntry>& entries_of(std::string_view key) const;
  const std::vector<InputValue>& items_of(std::string_view key) const;
};

// A field of an object or an entry of a map: its key (an id for maps) and its value. A struct, not
// a std::pair: a pair of a type that holds vectors of such pairs cannot be instantiated.
struct InputEntry {
  std::string key;
  InputValue value;
};

}  // namespace models
