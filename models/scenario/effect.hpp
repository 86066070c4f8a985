// What an outcome of a dispute or a regulatory review does, as typed values: nothing compares
// strings while a replication runs. Each effect is a struct that names its entry in the scenario
// file (`key`, and `action` where one entry has several: commitment waive/scale/extend) and
// resolves itself from that entry's fields once, when the scenario is built (`resolve`: ids
// become indices, numbers ParameterIds). The replication applies an Effect with std::visit
// (EffectApplier in models/deal/replication_effects.cpp), so a new alternative does not compile
// until it is handled there. Adding one: its struct here (and in `Effect`), its entry in the
// schema (schema_proceedings.cpp), its application, a test.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "models/scenario/parameter.hpp"

namespace models {

// The fields of one effect's entry, as the builder resolves them for `resolve`.
class EffectFields {
 public:
  // The index, in its collection (routing rules, parties, providers, ...), of the id that field
  // `key` holds; -1 when the field is optional and absent.
  virtual int index(std::string_view key) const = 0;
  // The index in `collection` of the id that text field `key` holds (an id the effect declares).
  virtual int index_in(std::string_view collection, std::string_view key) const = 0;
  // The parameter that number field `key` was registered as.
  virtual ParameterId parameter(std::string_view key) const = 0;
  // Whole-number field `key`.
  virtual int whole(std::string_view key) const = 0;
  // Text or choice field `key` ("" when absent).
  virtual std::string_view text(std::string_view key) const = 0;
  // The index of the tranche whose id text field `tranche_key` holds, among the tranches of the
  // investment that field `investment_key` names.
  virtual int tranche(std::string_view investment_key, std::string_view tranche_key) const = 0;

 protected:
  ~EffectFields() = default;
};

namespace effect {

// Suspends routing rule `rule` for `months` months, then lifts the suspension.
struct Injunction {
  static constexpr std::string_view key = "injunction", action = "";
  int rule = -1;
  ParameterId months = 0;
  static Injunction resolve(const EffectFields& fields) {
    return {fields.index("rule"), fields.parameter("months")};
  }
};
// Suspends, restores or adds (first or last in order) a routing rule, from then on.
struct SuspendRule {
  static constexpr std::string_view key = "suspend_rule", action = "";
  int rule = -1;
  static SuspendRule resolve(const EffectFields& fields) { return {fields.index("rule")}; }
};
struct RestoreRule {
  static constexpr std::string_view key = "restore_rule", action = "";
  int rule = -1;
  static RestoreRule resolve(const EffectFields& fields) { return {fields.index("rule")}; }
};
struct AddRule {
  static constexpr std::string_view key = "add_rule", action = "";
  int rule = -1;  // a rule declared by the effect, indexed after the file's rules
  bool first = true;
  static AddRule resolve(const EffectFields& fields) {
    return {fields.index_in("routing", "id"), fields.text("position") == "first"};
  }
};

enum class PaymentKind { Damages, Settlement, Fine, Other };
// A one-off payment of `amount` (USD billions) from party `from` to party `to`.
struct Payment {
  static constexpr std::string_view key = "payment", action = "";
  int from = -1, to = -1;
  ParameterId amount = 0;
  PaymentKind kind = PaymentKind::Other;
  static Payment resolve(const EffectFields& fields) {
    const std::string_view kind = fields.text("kind");
    return {fields.index("from"), fields.index("to"), fields.parameter("amount"),
            kind == "damages"      ? PaymentKind::Damages
            : kind == "settlement" ? PaymentKind::Settlement
            : kind == "fine"       ? PaymentKind::Fine
                                   : PaymentKind::Other};
  }
};
// From then on, for `months` months, `fraction` of provider `provider`'s billings for class
// `workload` (-1: every class) passes from party `from` to party `to` each month.
struct RevenueShare {
  static constexpr std::string_view key = "revenue_share", action = "";
  int from = -1, to = -1, provider = -1, workload = -1;
  ParameterId fraction = 0, months = 0;
  static RevenueShare resolve(const EffectFields& fields) {
    return {fields.index("from"),  fields.index("to"),           fields.index("provider"),
            fields.index("class"), fields.parameter("fraction"), fields.parameter("months")};
  }
};

// A spend commitment waived, its minimums scaled by `factor`, or its term extended by `years`.
struct WaiveCommitment {
  static constexpr std::string_view key = "commitment", action = "waive";
  int commitment = -1;
  static WaiveCommitment resolve(const EffectFields& fields) { return {fields.index("id")}; }
};
struct ScaleCommitment {
  static constexpr std::string_view key = "commitment", action = "scale";
  int commitment = -1;
  ParameterId factor = 0;
  static ScaleCommitment resolve(const EffectFields& fields) {
    return {fields.index("id"), fields.parameter("factor")};
  }
};
struct ExtendCommitment {
  static constexpr std::string_view key = "commitment", action = "extend";
  int commitment = -1;
  int years = 0;
  static ExtendCommitment resolve(const EffectFields& fields) {
    return {fields.index("id"), fields.whole("years")};
  }
};

// A pending tranche cancelled, its amount scaled by `factor`, or its payment delayed `months`.
struct CancelTranche {
  static constexpr std::string_view key = "tranche", action = "cancel";
  int investment = -1, tranche = -1;
  static CancelTranche resolve(const EffectFields& fields) {
    return {fields.index("investment"), fields.tranche("investment", "tranche")};
  }
};
struct ScaleTranche {
  static constexpr std::string_view key = "tranche", action = "scale";
  int investment = -1, tranche = -1;
  ParameterId factor = 0;
  static ScaleTranche resolve(const EffectFields& fields) {
    return {fields.index("investment"), fields.tranche("investment", "tranche"),
            fields.parameter("factor")};
  }
};
struct DelayTranche {
  static constexpr std::string_view key = "tranche", action = "delay";
  int investment = -1, tranche = -1;
  ParameterId months = 0;
  static DelayTranche resolve(const EffectFields& fields) {
    return {fields.index("investment"), fields.tranche("investment", "tranche"),
            fields.parameter("months")};
  }
};

// Another proceeding ends without an outcome (e.g. a settlement ends a review).
struct EndDispute {
  static constexpr std::string_view key = "end_dispute", action = "";
  int dispute = -1;
  static EndDispute resolve(const EffectFields& fields) { return {fields.index("dispute")}; }
};
struct EndReview {
  static constexpr std::string_view key = "end_review", action = "";
  int review = -1;
  static EndReview resolve(const EffectFields& fields) { return {fields.index("review")}; }
};

}  // namespace effect

using Effect =
    std::variant<effect::Injunction, effect::SuspendRule, effect::RestoreRule, effect::AddRule,
                 effect::Payment, effect::RevenueShare, effect::WaiveCommitment,
                 effect::ScaleCommitment, effect::ExtendCommitment, effect::CancelTranche,
                 effect::ScaleTranche, effect::DelayTranche, effect::EndDispute, effect::EndReview>;

}  // namespace models
