// The schema of disputes and regulatory reviews: when they start, their outcomes and the effects
// of each outcome (see schema_definition.cpp for the rest of the scenario).
#include "models/scenario/schema_parts.hpp"

namespace models::schema::parts {

namespace {

// Effects of outcomes.
const Object& injunction() {
  static const Object object{"injunction effect",
                             "Suspends a routing rule for a period, then restores it.",
                             {reference("rule", "The rule suspended.", "routing"),
                              number("months", "How long.", "months", "", 0, 240)},
                             {}};
  return object;
}
const Object& rule_reference() {
  static const Object object{"rule change effect",
                             "Suspends or restores a routing rule.",
                             {reference("rule", "The rule.", "routing")},
                             {}};
  return object;
}
const Object& add_rule() {
  static const Object object{
      "add_rule effect",
      "Adds a routing rule, e.g. the stateless fraction of stateful traffic must go to Azure.",
      {text("id", "Id of the new rule (may be referred to by later effects).", "", true),
       reference("class", "The workload class.", "workloads"),
       text_list("providers", "Permitted providers, most preferred first.", "providers", true),
       number("share", "Share of the class's demand.", "fraction", "1.0", 0, 1),
       boolean("stateless_share", "Use the class's stateless_fraction as the share.", "false"),
       choice("position", "Where the rule goes: before all others, or after.", {"first", "last"},
              "first")},
      {}};
  return object;
}
const Object& payment() {
  static const Object object{
      "payment effect",
      "A one-off payment: damages, a settlement, a fine.",
      {reference("from", "Payer.", "parties"), reference("to", "Payee.", "parties"),
       number("amount", "Amount.", "USD B", "", 0, 100000),
       choice("kind", "What it is, for the ledger.", {"damages", "settlement", "fine", "other"},
              "other")},
      {}};
  return object;
}
const Object& revenue_share() {
  static const Object object{
      "revenue_share effect",
      "A share of a provider's monthly revenue (optionally from one class) paid to a party.",
      {reference("from", "Payer.", "parties"), reference("to", "Payee.", "parties"),
       reference("provider", "Whose revenue.", "providers"),
       reference("class", "Only revenue from this class (default: all).", "workloads", false),
       number("fraction", "Share of revenue.", "fraction", "", 0, 1),
       number("months", "How long (.inf: to the horizon).", "months", ".inf", 0, kInfinity)},
      {}};
  return object;
}
const Object& commitment_change() {
  static const Object object{
      "commitment effect",
      "Amends a spend commitment: waive the rest, scale the remaining minimums, or extend the "
      "term (the remaining minimums spread over more years).",
      {reference("id", "The commitment.", "commitments"),
       choice("action", "What to do.", {"waive", "scale", "extend"}, ""),
       number("factor", "For scale: multiplier of remaining minimums.", "ratio", "1.0", 0, 10),
       integer("years", "For extend: added contract years.", "years", "0", 0, 30)},
      {}};
  return object;
}
const Object& tranche_change() {
  static const Object object{
      "tranche effect",
      "Delays, cancels or rescales an unpaid tranche.",
      {reference("investment", "The investment agreement.", "investments"),
       text("tranche", "The tranche id.", "", true),
       choice("action", "What to do.", {"delay", "cancel", "scale"}, ""),
       number("months", "For delay: how long the tranche cannot be paid.", "months", "0", 0, 240),
       number("factor", "For scale: multiplier of the amount.", "ratio", "1.0", 0, 10)},
      {}};
  return object;
}
const Object& end_dispute() {
  static const Object object{"end_dispute effect",
                             "Ends a pending dispute without an outcome (mooted).",
                             {reference("dispute", "The dispute.", "disputes")},
                             {}};
  return object;
}
const Object& end_review() {
  static const Object object{"end_review effect",
                             "Closes an open regulatory review.",
                             {reference("review", "The review.", "reviews")},
                             {}};
  return object;
}

const Object& effect() {
  static const Object object{
      "effect",
      "One effect of an outcome: a mapping with exactly one of these keys.",
      {nested("injunction", Kind::Object, injunction(), "Suspend a rule for a period.", false),
       nested("suspend_rule", Kind::Object, rule_reference(), "Suspend a rule.", false),
       nested("restore_rule", Kind::Object, rule_reference(), "Restore a suspended rule.", false),
       nested("add_rule", Kind::Object, add_rule(), "Add a routing rule.", false),
       nested("payment", Kind::Object, payment(), "A one-off payment.", false),
       nested("revenue_share", Kind::Object, revenue_share(), "A revenue share.", false),
       nested("commitment", Kind::Object, commitment_change(), "Amend a commitment.", false),
       nested("tranche", Kind::Object, tranche_change(), "Amend a tranche.", false),
       nested("end_dispute", Kind::Object, end_dispute(), "End a dispute.", false),
       nested("end_review", Kind::Object, end_review(), "End a review.", false)},
      {{"injunction", "suspend_rule", "restore_rule", "add_rule", "payment", "revenue_share",
        "commitment", "tranche", "end_dispute", "end_review"}}};
  return object;
}

const Object& outcome() {
  static const Object object{
      "outcome",
      "A possible outcome with its probability and effects. The probabilities of a dispute's "
      "or review's outcomes must sum to 1.",
      {number("probability", "Probability of this outcome.", "fraction", "", 0, 1),
       nested("effects", Kind::ListOf, effect(), "What happens.", false, "[]")},
      {}};
  return object;
}

const Object& trigger() {
  static const Object object{
      "trigger",
      "Files when monthly spend with a provider (optionally in one class) first exceeds a level.",
      {reference("provider", "The provider.", "providers"),
       reference("class", "Only this class (default: all).", "workloads", false),
       number("above", "Monthly spend level.", "USD B/month", "", 0, 100000)},
      {}};
  return object;
}

const Object& filing() {
  static const Object object{
      "filing",
      "When a claim is filed: a hazard, a date, a trigger, or never.",
      {number("hazard_per_year", "Filing hazard rate.", "1/year", "", 0, 100),
       date("on_date", "Filed on this date.", false, true),
       nested("trigger", Kind::Object, trigger(), "Filed when a spend level is crossed.", false),
       boolean("never", "Never filed (set never: true).", "false"),
       date("earliest", "The hazard or trigger runs from this date.", false, true)},
      {{"hazard_per_year", "on_date", "trigger", "never"}}};
  return object;
}

}  // namespace

const Object& dispute() {
  static const Object object{
      "dispute",
      "A legal claim: filed (or not), pending for a random duration with legal costs, then "
      "resolved by one outcome.",
      {reference("claimant", "Who sues.", "parties"),
       text_list("respondents", "Who is sued.", "parties", true),
       reference("clause", "The routing rule in question (for reports).", "routing", false),
       number("file_probability", "Probability that the claimant files at all.", "fraction", "1.0",
              0, 1),
       nested("filing", Kind::Object, filing(), "When it is filed.", true),
       number("duration_months", "Time from filing to resolution.", "months", "", 0.01, 240),
       number_map("legal_cost_per_month",
                  "Legal cost of each party while pending (party id: amount).", "parties",
                  "USD B/month", 0, 100),
       nested("outcomes", Kind::MapOf, outcome(), "Outcomes by id.", true)},
      {}};
  return object;
}

const Object& review() {
  static const Object object{
      "regulatory review",
      "A review (e.g. an FTC or EC inquiry): opens at a random time, lasts a random duration, "
      "then ends with one outcome (no action, conditions, structural remedy, ...).",
      {reference("regulator", "Who reviews.", "parties"),
       text_list("subjects", "Parties under review.", "parties", false),
       nested("opening", Kind::Object, filing(), "When the review opens.", true),
       number("open_probability", "Probability that the review opens at all.", "fraction", "1.0", 0,
              1),
       number("duration_months", "Time from opening to outcome.", "months", "", 0.01, 240),
       nested("outcomes", Kind::MapOf, outcome(), "Outcomes by id.", true)},
      {}};
  return object;
}

}  // namespace models::schema::parts
