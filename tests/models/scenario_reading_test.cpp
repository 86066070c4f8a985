// Reading a scenario once into typed values (validator.cpp), the checks on them, and the builder
// that resolves them (effects resolve themselves from their entries).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <variant>

#include "models/scenario/effect.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/schema.hpp"
#include "models/scenario/validator.hpp"
#include "models/scenario/yaml_document.hpp"
#include "test_support.hpp"

using models::CheckedScenario;
using models::InputValue;
using models::Parameter;
using models::Provenance;
using models::YamlDocument;

namespace {

CheckedScenario read(const std::string& text, YamlDocument& document) {
  document = YamlDocument::parse(text, "reading.yaml");
  return models::read_scenario(document);
}

std::size_t count_paths(const models::Scenario& scenario, const std::string& suffix) {
  return static_cast<std::size_t>(std::count_if(
      scenario.parameters.begin(), scenario.parameters.end(), [&](const Parameter& p) {
        return p.path.size() >= suffix.size() &&
               p.path.compare(p.path.size() - suffix.size(), suffix.size(), suffix) == 0;
      }));
}

}  // namespace

TEST_CASE("scenario reading: each value is typed once, with its path, place and provenance",
          "[scenario][reading]") {
  YamlDocument document;
  const CheckedScenario checked = read(std::string(test_support::kMinimal) + R"(
  agents:
    payer: dev
    initial: 1.0
    growth: {dist: lognormal, median: 0.3, log_sd: 0.2, low: 0.1, high: 0.9, assumed: "a guess"}
routing:
  r: {class: api, providers: [main, second]}
)",
                                       document);
  REQUIRE(checked.problems.empty());
  const InputValue& root = checked.input;

  const InputValue& price = root.at("providers").at("main").at("price");
  CHECK(price.path == "providers.main.price");
  CHECK(price.number.a == 1.2);
  CHECK(price.number.path == "providers.main.price");
  CHECK(price.mark.line == 9);  // 0-based: line 10 of the text

  const InputValue& growth = root.at("workloads").at("agents").at("growth");
  CHECK(growth.marked);
  CHECK(growth.number.form == Parameter::Form::Lognormal);
  CHECK(growth.number.a == 0.3);
  CHECK(growth.number.b == 0.2);
  CHECK(growth.number.low == 0.1);
  CHECK(growth.number.high == 0.9);
  CHECK(growth.number.provenance == Provenance::Assumed);
  CHECK(growth.number.note == "a guess");

  // Defaults are typed values too, with no place in the file, and are written into the document.
  const InputValue& horizon = root.at("horizon_years");
  CHECK(horizon.whole() == 2);
  const InputValue& rate = root.at("discount_rate");
  CHECK(rate.number.a == 0.08);
  CHECK(rate.mark.is_null());
  CHECK(document.root()["discount_rate"].Scalar() == "0.08");

  CHECK(root.at("start").date == sim::Date{2026, 1, 1});
  const InputValue& providers = root.at("routing").at("r").at("providers");
  REQUIRE(providers.items.size() == 2);
  CHECK(providers.items[1].text == "second");
  CHECK(providers.items[1].path == "routing.r.providers[1]");
  CHECK(root.at("routing").at("r").at("share").number.a == 1.0);
}

TEST_CASE("scenario reading: a value that fails its check is kept, marked invalid, reported once",
          "[scenario][reading]") {
  YamlDocument document;
  const CheckedScenario checked = read(std::string(test_support::kMinimal) + R"(
routing:
  r: {class: api, providers: [main], share: 1.5}
commitments:
  c: {payer: dev, provider: main, amount: 10, start: 2026-01-01, term_years: 2,
      schedule: per_year, minimums: [4, x, 6]}
)",
                                       document);
  const InputValue& share = checked.input.at("routing").at("r").at("share");
  CHECK_FALSE(share.valid);
  CHECK(checked.input.at("routing").at("r").valid_entry("share") == nullptr);
  // Items keep their places: the second minimum is present and invalid, the third is read.
  const InputValue& minimums = checked.input.at("commitments").at("c").at("minimums");
  REQUIRE(minimums.items.size() == 3);
  CHECK_FALSE(minimums.items[1].valid);
  CHECK(minimums.items[2].number.a == 6);
  // One error each, with its place; the cross check still sees 3 minimums for 2 years.
  std::vector<std::string> messages;
  for (const auto& problem : checked.problems)
    messages.push_back(problem.to_string());
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].find("reading.yaml:16:45: routing.r.share: value 1.5 is out of range") == 0);
  CHECK(messages[1].find("commitments.c.minimums[1]: found 'x', expected a number") !=
        std::string::npos);
  CHECK(messages[2].find("needs one minimum per contract year: expected 2, found 3") !=
        std::string::npos);
}

namespace {

// The schema entry of an effect kind: the `effect` object's field `key`.
const models::schema::Object& effect_entry(const std::string& key) {
  const auto* disputes = models::schema::scenario().find("disputes");
  const auto* outcomes = disputes->object->find("outcomes");
  const auto* effects = outcomes->object->find("effects");
  const auto* entry = effects->object->find(key);
  REQUIRE(entry != nullptr);
  return *entry->object;
}

template <std::size_t I = 0>
void check_effects_against_schema(std::vector<std::string>& keys) {
  if constexpr (I < std::variant_size_v<models::Effect>) {
    using Alternative = std::variant_alternative_t<I, models::Effect>;
    const std::string key(Alternative::key), action(Alternative::action);
    INFO("effect " << key << " " << action);
    const models::schema::Object& entry = effect_entry(key);
    if (!action.empty()) {
      const auto* actions = entry.find("action");
      REQUIRE(actions != nullptr);
      CHECK(std::count(actions->choices.begin(), actions->choices.end(), action) == 1);
    }
    keys.push_back(key + "/" + action);
    check_effects_against_schema<I + 1>(keys);
  }
}

}  // namespace

TEST_CASE("effects: each alternative names an entry of the schema, and no two the same",
          "[scenario][effects]") {
  std::vector<std::string> keys;
  check_effects_against_schema(keys);
  std::sort(keys.begin(), keys.end());
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  // Every entry of the schema's effect object is some alternative's key.
  const auto* effects = models::schema::scenario()
                            .find("disputes")
                            ->object->find("outcomes")
                            ->object->find("effects");
  for (const auto& field : effects->object->fields) {
    INFO("schema entry " << field.key);
    CHECK(std::any_of(keys.begin(), keys.end(),
                      [&](const std::string& k) { return k.rfind(field.key + "/", 0) == 0; }));
  }
}

TEST_CASE("effects: each number of an effect's entry is one parameter, used or not",
          "[scenario][effects]") {
  const models::Scenario scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
routing:
  r: {class: api, providers: [main]}
commitments:
  c: {payer: dev, provider: main, amount: 10, start: 2026-01-01, term_years: 2}
disputes:
  d:
    claimant: dev
    respondents: [cloud]
    filing: {on_date: 2026-06-01}
    duration_months: 3
    outcomes:
      o:
        probability: 1
        effects:
          - commitment: {id: c, action: waive, years: {value: 1, assumed: "unused"}}
          - add_rule: {id: added, class: api, providers: [second], share: 0.25}
)");
  // The waiver does not use its factor or years, yet both are parameters (the marked whole
  // number with its provenance), so results files list the same inputs whatever the action.
  CHECK(count_paths(scenario, "effects[0].commitment.factor") == 1);
  CHECK(count_paths(scenario, "effects[0].commitment.years") == 1);
  // The added rule's share is registered once, when the rule is built, not again by the effect.
  CHECK(count_paths(scenario, "effects[1].add_rule.share") == 1);
  const auto& effects = scenario.disputes.at(0).outcomes.at(0).effects;
  REQUIRE(effects.size() == 2);
  CHECK(std::get<models::effect::WaiveCommitment>(effects[0]).commitment == 0);
  const auto& added = std::get<models::effect::AddRule>(effects[1]);
  CHECK(added.rule == 1);
  CHECK(added.first);
  CHECK(scenario.rules.at(1).id == "added");
  CHECK(scenario.parameters[scenario.rules.at(1).share].a == 0.25);
}
