// The pieces the schema's files share (internal to models/scenario/): one constructor per kind
// of field, and the objects one file defines and another uses.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "models/scenario/schema.hpp"

namespace models::schema::parts {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A number field; required when it has no default; `distribution`: may be a distribution.
Field number(std::string key, std::string meaning, std::string unit, std::string default_value,
             double minimum, double maximum, bool distribution = true);
Field integer(std::string key, std::string meaning, std::string unit, std::string default_value,
              double minimum, double maximum);
Field text(std::string key, std::string meaning, std::string default_value, bool required = false);
// `within_horizon`: must not lie after the horizon's end.
Field date(std::string key, std::string meaning, bool required, bool within_horizon);
Field boolean(std::string key, std::string meaning, std::string default_value);
Field choice(std::string key, std::string meaning, std::vector<std::string> choices,
             std::string default_value);
// The id of an entry of `collection` (parties, providers, ...).
Field reference(std::string key, std::string meaning, std::string collection, bool required = true);
Field text_list(std::string key, std::string meaning, std::string collection, bool required,
                std::vector<std::string> choices = {});
// A map from the ids of `collection` to numbers in [minimum, maximum] (default: empty), e.g.
// stakes by party.
Field number_map(std::string key, std::string meaning, std::string collection, std::string unit,
                 double minimum, double maximum);
// A field holding an object, a map of objects or a list of objects.
Field nested(std::string key, Kind kind, const Object& object, std::string meaning, bool required,
             std::string default_value = "");

// Defined in schema_definition.cpp.
const Object& milestone();
// Defined in schema_revenue.cpp.
const Object& revenue_share();
// Defined in schema_proceedings.cpp.
const Object& dispute();
const Object& review();

}  // namespace models::schema::parts
