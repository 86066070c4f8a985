#include "models/scenario/input_value.hpp"

#include <stdexcept>

namespace models {

const InputValue* InputValue::find(std::string_view key) const {
  for (const auto& [name, value] : entries) {
    if (name == key) return &value;
  }
  return nullptr;
}

const InputValue* InputValue::valid_entry(std::string_view key) const {
  const InputValue* value = find(key);
  return value != nullptr && value->valid ? value : nullptr;
}

const InputValue& InputValue::at(std::string_view key) const {
  if (const InputValue* value = find(key)) return *value;
  throw std::logic_error((path.empty() ? "" : path + ".") + std::string(key) +
                         ": a field that validation guarantees is missing");
}

const std::vector<InputEntry>& InputValue::entries_of(std::string_view key) const {
  static const std::vector<InputEntry> none;
  const InputValue* value = find(key);
  return value ? value->entries : none;
}

const std::vector<InputValue>& InputValue::items_of(std::string_view key) const {
  static const std::vector<InputValue> none;
  const InputValue* value = find(key);
  return value ? value->items : none;
}

}  // namespace models
