// Builds disputes and reviews: their filing or opening (hazard, date or trigger, with
// conditions), their outcomes, and each outcome's effects, which resolve themselves from their
// entries (effect.hpp): nothing here names an effect.
#include "models/scenario/scenario_builder.hpp"

#include <stdexcept>

namespace models::building {

// The fields of an effect's entry for its `resolve`: references through the builder's indices,
// numbers through the parameters registered for the entry.
class EntryFields final : public EffectFields {
 public:
  EntryFields(const Builder& builder, const InputValue& entry) : builder_(builder), entry_(entry) {}

  int index(std::string_view key) const override { return builder_.lookup(entry_.find(key)); }
  int index_in(std::string_view collection, std::string_view key) const override {
    return builder_.collections_.find(collection)->second.at(entry_.at(key).text);
  }
  ParameterId parameter(std::string_view key) const override {
    return builder_.parameter_of_path_.at(entry_.at(key).path);
  }
  int whole(std::string_view key) const override {
    return static_cast<int>(entry_.at(key).whole());
  }
  std::string_view text(std::string_view key) const override {
    const InputValue* value = entry_.find(key);
    return value ? std::string_view(value->text) : std::string_view();
  }
  int tranche(std::string_view investment_key, std::string_view tranche_key) const override {
    const InvestmentSpec& investment =
        builder_.scenario_.investments.at(static_cast<std::size_t>(index(investment_key)));
    const std::string& id = entry_.at(tranche_key).text;
    for (std::size_t i = 0; i < investment.tranches.size(); ++i) {
      if (investment.tranches[i].id == id) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  const Builder& builder_;
  const InputValue& entry_;
};

namespace {

// The alternative of Effect whose key (and action, where it has one) the entry names.
template <std::size_t I = 0>
Effect resolve_effect(std::string_view key, std::string_view action, const EffectFields& fields,
                      const std::string& path) {
  if constexpr (I == std::variant_size_v<Effect>) {
    throw std::logic_error(path + ": an effect of no known kind passed validation");
  } else {
    using Alternative = std::variant_alternative_t<I, Effect>;
    if (Alternative::key == key && (Alternative::action.empty() || Alternative::action == action))
      return Alternative::resolve(fields);
    return resolve_effect<I + 1>(key, action, fields, path);
  }
}

}  // namespace

Effect Builder::build_effect(const InputValue& effect) {
  if (effect.entries.size() != 1)
    throw std::logic_error(effect.path + ": an effect needs exactly one kind");
  const auto& [key, entry] = effect.entries.front();
  for (const auto& field : entry.entries) {
    if (field.value.kind == schema::Kind::Number) parameter(field.value);
    if (field.value.kind == schema::Kind::Integer) whole(field.value);
  }
  const EntryFields fields(*this, entry);
  return resolve_effect(key, fields.text("action"), fields, effect.path);
}

TimingSpec Builder::build_timing(const InputValue& timing) {
  TimingSpec spec;
  if (const InputValue* rate = timing.find("hazard_per_year")) {
    spec.kind = TimingSpec::Kind::Hazard;
    spec.rate = parameter(*rate);
    if (const InputValue* growth = timing.find("hazard_growth_per_year")) {
      spec.has_growth = true;
      spec.growth = parameter(*growth);
    }
  } else if (const InputValue* on_date = timing.find("on_date")) {
    spec.kind = TimingSpec::Kind::OnDate;
    spec.on_time = time_of(*on_date);
  } else if (const InputValue* trigger = timing.find("trigger")) {
    spec.kind = TimingSpec::Kind::Trigger;
    spec.trigger_provider = lookup(*trigger, "provider");
    spec.trigger_workload = lookup(*trigger, "class");
    spec.trigger_above = parameter(trigger->at("above"));
  }
  if (const InputValue* earliest = timing.find("earliest"))
    spec.earliest_time = std::max(0.0, time_of(*earliest));
  if (const InputValue* conditions = timing.find("conditions")) {
    spec.conditions.no_injunction = conditions->at("no_injunction").flag;
    spec.conditions.no_dispute_pending = conditions->at("no_dispute_pending").flag;
    spec.conditions.no_review_pending = conditions->at("no_review_pending").flag;
    if (const InputValue* spend = conditions->find("min_cumulative_spend")) {
      spec.conditions.spend_provider = lookup(*spend, "provider");
      spec.conditions.spend_amount = parameter(spend->at("amount"));
    }
  }
  return spec;
}

ProceedingSpec Builder::build_proceeding(const std::string& id, const InputValue& proceeding,
                                         bool dispute) {
  ProceedingSpec spec;
  spec.id = id;
  if (dispute) {
    spec.initiator = lookup(proceeding, "claimant");
    spec.counterparties = lookup_all(proceeding.find("respondents"));
    spec.clause_rule = lookup(proceeding, "clause");
    spec.start_probability = parameter(proceeding.at("file_probability"));
    spec.timing = build_timing(proceeding.at("filing"));
    for (const auto& [party, cost] : proceeding.entries_of("legal_cost_per_month"))
      spec.legal_cost_per_month.emplace_back(collections_["parties"].at(party), parameter(cost));
  } else {
    spec.initiator = lookup(proceeding, "regulator");
    spec.counterparties = lookup_all(proceeding.find("subjects"));
    spec.start_probability = parameter(proceeding.at("open_probability"));
    spec.timing = build_timing(proceeding.at("opening"));
  }
  spec.duration_months = parameter(proceeding.at("duration_months"));
  for (const auto& [outcome_id, outcome] : proceeding.entries_of("outcomes")) {
    OutcomeSpec outcome_spec;
    outcome_spec.id = outcome_id;
    outcome_spec.probability = parameter(outcome.at("probability"));
    for (const InputValue& effect : outcome.items_of("effects"))
      outcome_spec.effects.push_back(build_effect(effect));
    spec.outcomes.push_back(outcome_spec);
  }
  return spec;
}

}  // namespace models::building
