// The constructors of schema fields, one per kind (see schema_parts.hpp).
#include "models/scenario/schema_parts.hpp"

namespace models::schema::parts {

namespace {

// What every field has: its key, kind and meaning.
Field field_of(std::string key, Kind kind, std::string meaning) {
  Field field;
  field.key = std::move(key);
  field.kind = kind;
  field.meaning = std::move(meaning);
  return field;
}

}  // namespace

Field number(std::string key, std::string meaning, std::string unit, std::string default_value,
             double minimum, double maximum, bool distribution) {
  Field field = field_of(std::move(key), Kind::Number, std::move(meaning));
  field.unit = std::move(unit);
  field.default_value = std::move(default_value);
  field.required = field.default_value.empty();
  field.minimum = minimum;
  field.maximum = maximum;
  field.distribution = distribution;
  return field;
}

Field integer(std::string key, std::string meaning, std::string unit, std::string default_value,
              double minimum, double maximum) {
  Field field = number(std::move(key), std::move(meaning), std::move(unit),
                       std::move(default_value), minimum, maximum, false);
  field.kind = Kind::Integer;
  return field;
}

Field text(std::string key, std::string meaning, std::string default_value, bool required) {
  Field field = field_of(std::move(key), Kind::Text, std::move(meaning));
  field.default_value = std::move(default_value);
  field.required = required;
  return field;
}

Field date(std::string key, std::string meaning, bool required, bool within_horizon) {
  Field field = field_of(std::move(key), Kind::Date, std::move(meaning));
  field.unit = "YYYY-MM-DD";
  field.required = required;
  field.within_horizon = within_horizon;
  return field;
}

Field boolean(std::string key, std::string meaning, std::string default_value) {
  Field field = field_of(std::move(key), Kind::Boolean, std::move(meaning));
  field.default_value = std::move(default_value);
  return field;
}

Field choice(std::string key, std::string meaning, std::vector<std::string> choices,
             std::string default_value) {
  Field field = field_of(std::move(key), Kind::Choice, std::move(meaning));
  field.choices = std::move(choices);
  field.default_value = std::move(default_value);
  field.required = field.default_value.empty();
  return field;
}

Field reference(std::string key, std::string meaning, std::string collection, bool required) {
  Field field = field_of(std::move(key), Kind::Reference, std::move(meaning));
  field.collection = std::move(collection);
  field.required = required;
  return field;
}

Field text_list(std::string key, std::string meaning, std::string collection, bool required,
                std::vector<std::string> choices) {
  Field field = field_of(std::move(key), Kind::TextList, std::move(meaning));
  field.collection = std::move(collection);
  field.required = required;
  field.choices = std::move(choices);
  if (!required) field.default_value = "[]";
  return field;
}

Field number_map(std::string key, std::string meaning, std::string collection, std::string unit,
                 double minimum, double maximum) {
  Field field = field_of(std::move(key), Kind::MapOf, std::move(meaning));
  field.collection = std::move(collection);
  field.unit = std::move(unit);
  field.minimum = minimum;
  field.maximum = maximum;
  field.default_value = "{}";
  return field;
}

Field nested(std::string key, Kind kind, const Object& object, std::string meaning, bool required,
             std::string default_value) {
  Field field = field_of(std::move(key), kind, std::move(meaning));
  field.object = &object;
  field.required = required;
  field.default_value = std::move(default_value);
  return field;
}

}  // namespace models::schema::parts
