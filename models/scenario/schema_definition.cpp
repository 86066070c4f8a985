// The scenario schema: its root and the deal's objects (parties, providers, workloads, routing,
// commitments, investments, equity); disputes and reviews are in schema_proceedings.cpp. Every
// scenario field is defined once; validation, defaults and the generated reference read it.
#include <limits>

#include "models/scenario/schema.hpp"
#include "models/scenario/schema_parts.hpp"

namespace models::schema {

namespace {

using namespace parts;

// ---- objects, innermost first ----

const Object& party() {
  static const Object object{
      "party",
      "Anyone who pays or is paid: model developers, cloud providers, investors, customers, "
      "courts, regulators. The map key is the party's id.",
      {text("name", "Display name.", "", true),
       text_list("roles", "What the party does in the deal.", "", false,
                 {"developer", "provider", "investor", "customer", "court", "regulator"})},
      {}};
  return object;
}

const Object& ramp_point() {
  static const Object object{
      "capacity ramp point",
      "Capacity reached on a date; capacity grows linearly from the previous point.",
      {date("date", "When the level is reached (may lie after the horizon: it shapes the ramp).",
            true, false),
       number("level", "Capacity on that date, in the capacity's unit.", "unit of `unit`", "", 0,
              kInfinity)},
      {}};
  return object;
}

const Object& capacity() {
  static const Object object{
      "capacity",
      "How much compute a provider can serve each month, ramping on a schedule.",
      {choice("unit", "Unit of `initial` and ramp levels.", {"usd", "gigawatts"}, "usd"),
       number("initial", "Capacity at the scenario start (.inf for unconstrained).",
              "USD B/month or GW", "", 0, kInfinity),
       number("usd_per_gigawatt_month",
              "Compute a gigawatt delivers per month, at reference prices (for unit gigawatts).",
              "USD B per GW-month", "1.0", 0, kInfinity),
       nested("ramp", Kind::ListOf, ramp_point(), "Later capacity levels, in date order.", false,
              "[]")},
      {}};
  return object;
}

const Object& provider() {
  static const Object object{
      "provider",
      "A cloud that serves compute. Demand is measured in USD at reference prices; a provider "
      "bills `price` times the reference value it serves.",
      {reference("party", "The party that receives this provider's revenue.", "parties"),
       number("price", "Price index: what the provider bills per USD of reference compute.",
              "ratio", "1.0", 0.01, 10),
       number("unit_cost",
              "What serving one USD of reference compute costs the provider (chips, power, data "
              "centres, depreciation): gross profit = billings - unit_cost * reference compute "
              "served. 0 counts billings as profit.",
              "USD per USD of reference compute", "0", 0, 10),
       nested("capacity", Kind::Object, capacity(), "Capacity and its ramp.", true)},
      {}};
  return object;
}

const Object& customers() {
  static const Object object{
      "enterprise customers",
      "Enterprise customers who arrive (Poisson), each with a log-normal contract size that "
      "follows the class's shocks, and who churn at a constant rate.",
      {number("arrivals_per_year", "Mean number of new customers per year.", "1/year", "0", 0,
              10000),
       number("size_median", "Median monthly demand of a new customer.", "USD B/month", "0.01", 0,
              100),
       number("size_log_sd", "Standard deviation of log contract size.", "", "1.0", 0, 5),
       number("churn_per_year", "Rate at which a customer leaves.", "1/year", "0.1", 0, 50),
       integer("initial_count", "Customers present at the start, drawn like new arrivals.", "", "0",
               0, 100000)},
      {}};
  return object;
}

const Object& workload() {
  static const Object object{
      "workload",
      "A class of demand for model compute (stateless API calls, stateful agent sessions, "
      "training, first-party products, government, ...). The map key names the class. Demand "
      "evolves monthly: level *= exp((drift - volatility^2/2)/12 + volatility*sqrt(1/12)*Z), "
      "with drift = growth * (1 - level/ceiling).",
      {reference("payer", "The party that buys this compute.", "parties"),
       number("initial", "Demand in the first month.", "USD B/month", "", 0, 1000),
       number("growth", "Drift of demand.", "1/year", "0", -1, 5),
       number("volatility", "Volatility of demand.", "1/sqrt(year)", "0", 0, 3),
       number("ceiling", "Logistic adoption ceiling (.inf for none).", "USD B/month", ".inf", 1e-9,
              kInfinity),
       date("start", "Demand is zero before this date (default: the scenario start).", false, true),
       number("revenue_per_unit",
              "Revenue the payer earns per USD of reference compute served for this class (what "
              "its customers pay for the compute's output); unserved demand loses it. 0: none.",
              "USD per USD of reference compute", "0", 0, 1000),
       number("revenue_growth",
              "Growth of revenue_per_unit: it is revenue_per_unit * exp(revenue_growth * t), t in "
              "years from the start (efficiency gains, price changes).",
              "1/year", "0", -2, 2),
       number("stateless_fraction",
              "Fraction of this class's compute that consists of underlying stateless model "
              "calls (what the legal dispute is about).",
              "fraction", "0", 0, 1),
       nested("customers", Kind::Object, customers(), "Enterprise customers (optional).", false)},
      {}};
  return object;
}

const Object& correlation() {
  static const Object object{
      "correlation",
      "Correlation of the monthly shocks of workload classes and the valuation, applied through "
      "its Cholesky factor. Shocks not named are independent.",
      {text_list("names", "Workload classes, or `valuation`, in matrix order.", "shock_names",
                 true),
       [] {
         Field field;
         field.key = "matrix";
         field.kind = Kind::NumberMatrix;
         field.meaning = "Symmetric, unit diagonal, positive definite.";
         field.required = true;
         field.minimum = -1;
         field.maximum = 1;
         return field;
       }()},
      {}};
  return object;
}

const Object& routing_rule() {
  static const Object object{
      "routing rule",
      "Which providers may serve a share of a class, in preference order. Rules claim their "
      "share of the class's demand in document order (each limited to what earlier rules "
      "left); capacity is then shared by priority or pro rata (the scenario's `allocation`), "
      "first on each rule's permitted providers, then on its `spill` providers. Demand no "
      "active rule covers (no permitted provider), or that no provider had capacity for, is "
      "recorded as unserved with its cause. Outcomes can suspend, restore and add rules.",
      {reference("class", "The workload class this rule governs.", "workloads"),
       text_list("providers", "Permitted providers, most preferred first.", "providers", true),
       choice("kind", "What the clause is, for reports.",
              {"permitted", "exclusive", "exclusive_distribution", "government_channel"},
              "permitted"),
       number("share", "Share of the class's demand this rule governs.", "fraction", "1.0", 0, 1),
       boolean("stateless_share",
               "If true, the share is the class's stateless_fraction instead of `share`.", "false"),
       choice("prefer", "How to order the providers: as listed, or cheapest price first.",
              {"listed", "cheapest"}, "listed"),
       integer("priority",
               "Rank for capacity (allocation: priority): lower is served first, equal ranks "
               "share pro rata. 0: the rule's position in the file.",
               "", "0", 0, 1000),
       text_list("spill",
                 "Providers this rule's demand may go to, in order, once every rule has been "
                 "placed on its permitted providers (flexible work: training, batch).",
                 "providers", false),
       boolean("active", "Whether the rule is in force at the start.", "true")},
      {}};
  return object;
}

const Object& commitment() {
  static const Object object{
      "spend commitment",
      "A multi-year commitment to spend with a provider, checked at each contract-year end "
      "(anniversaries of `start`).",
      {reference("payer", "Who committed to spend.", "parties"),
       reference("provider", "Where the spend must go.", "providers"),
       number("amount",
              "Total committed. With per_year or cumulative minimums it must equal their total "
              "(the sum, or the last cumulative value), which is the obligation.",
              "USD B", "", 0, 100000),
       date("start", "Start of the first contract year (may precede the scenario start).", true,
            true),
       integer("term_years", "Number of contract years.", "years", "", 1, 30),
       choice("schedule",
              "even: amount/term each year; per_year: `minimums` per contract year; "
              "cumulative: `minimums` are cumulative amounts due by each year end.",
              {"even", "per_year", "cumulative"}, "even"),
       [] {
         Field field;
         field.key = "minimums";
         field.kind = Kind::NumberList;
         field.meaning = "Minimums per contract year (per_year) or cumulative (cumulative).";
         field.unit = "USD B";
         field.default_value = "[]";
         field.minimum = 0;
         return field;
       }(),
       number("prior_spend",
              "Spend already made, before the scenario start, in the contract year that "
              "contains the start.",
              "USD B", "0", 0, 100000),
       choice("shortfall",
              "What happens to a shortfall: take_or_pay pays penalty_fraction of it; "
              "carry_forward adds it to the next year's minimum (paid as take-or-pay after the "
              "last year); waiver records it only.",
              {"take_or_pay", "carry_forward", "waiver"}, "take_or_pay"),
       number("penalty_fraction", "Fraction of a shortfall paid as penalty.", "fraction", "1.0", 0,
              1),
       text_list("classes", "Workload classes whose spend counts (default: all).", "workloads",
                 false)},
      {}};
  return object;
}

const Object& spend_condition() {
  static const Object object{
      "spend condition",
      "Cumulative spend with a provider since the scenario start above an amount.",
      {reference("provider", "The provider.", "providers"),
       number("amount", "Threshold.", "USD B", "", 0, 100000)},
      {}};
  return object;
}

const Object& conditions() {
  static const Object object{
      "conditions",
      "State that must hold (checked monthly) for a hazard to run.",
      {boolean("no_injunction", "No injunction in force.", "false"),
       boolean("no_dispute_pending", "No dispute filed and unresolved.", "false"),
       boolean("no_review_pending", "No regulatory review open.", "false"),
       nested("min_cumulative_spend", Kind::Object, spend_condition(),
              "Cumulative spend above a threshold.", false)},
      {}};
  return object;
}

}  // namespace

const Object& parts::milestone() {
  static const Object object{
      "milestone",
      "A milestone reached at a random time: hazard rate h(t) = hazard_per_year * "
      "exp(hazard_growth_per_year * t), t in years from `earliest` (or the start), running "
      "only while the conditions hold.",
      {number("hazard_per_year", "Initial hazard rate.", "1/year", "", 0, 100),
       number("hazard_growth_per_year", "Exponential growth of the hazard.", "1/year", "0", -5, 5),
       date("earliest", "The hazard runs from this date.", false, true),
       nested("conditions", Kind::Object, conditions(), "Conditions for the hazard to run.",
              false)},
      {}};
  return object;
}

namespace {

const Object& tranche() {
  static const Object object{
      "tranche",
      "A payment under an investment agreement: on a date, or when a milestone occurs; with an "
      "optional deadline after which it lapses, is delayed, or is renegotiated.",
      {number("amount", "Amount paid.", "USD B", "", 0, 100000),
       date("on_date", "Paid on this date (at signing, or scheduled).", false, true),
       nested("milestone", Kind::Object, milestone(), "Paid when the milestone occurs.", false),
       date("deadline", "If the milestone has not occurred by then, `on_deadline` applies.", false,
            false),
       choice("on_deadline",
              "lapse: never paid; delay: the deadline moves by delay_months once; "
              "renegotiate: renegotiate_fraction of the amount is paid at the deadline.",
              {"lapse", "delay", "renegotiate"}, "lapse"),
       number("delay_months", "Deadline extension for on_deadline: delay.", "months", "12", 0, 240),
       number("renegotiate_fraction", "Fraction paid for on_deadline: renegotiate.", "fraction",
              "0.5", 0, 1),
       boolean("equity", "Paid in for equity at the current valuation (dilutes others).", "true")},
      {{"on_date", "milestone"}}};
  return object;
}

const Object& investment() {
  static const Object object{
      "investment agreement",
      "An investor's tranches paid to a recipient.",
      {reference("investor", "Who pays.", "parties"),
       reference("recipient", "Who receives.", "parties"),
       nested("tranches", Kind::MapOf, tranche(), "The tranches, by id.", true)},
      {}};
  return object;
}

const Object& equity() {
  static const Object object{
      "equity",
      "Stakes in one company and its valuation, a monthly geometric Brownian motion. Equity "
      "tranches paid to the company dilute the other holders at the current valuation.",
      {reference("company", "The company whose stakes are tracked.", "parties"),
       number("valuation",
              "Valuation at the start, after every tranche dated before the start (post-money "
              "of those).",
              "USD B", "", 0.001, 1e6),
       number("drift", "Drift of the valuation.", "1/year", "0.1", -1, 2),
       number("volatility", "Volatility of the valuation.", "1/sqrt(year)", "0.3", 0, 3),
       number_map("stakes",
                  "Stake of each party at the start, after every tranche dated before the start "
                  "(such a tranche is a cash flow in the ledger but does not dilute again; later "
                  "tranches dilute every holder at the day's valuation). Party id: fraction, e.g. "
                  "microsoft: 0.2645.",
                  "parties", "fraction", 0, 1)},
      {}};
  return object;
}

const Object& root() {
  static const Object object{
      "scenario",
      "A scenario file. Money is in USD billions, rates per year, dates ISO (YYYY-MM-DD). Any "
      "number may be written as {value: x, sourced: \"note\"} or {value: x, assumed: \"note\"}; "
      "numbers marked `dist` below may also be a distribution drawn once per replication.",
      {text("name", "Scenario name (default: the file name without .yaml).", ""),
       text("description", "What question the scenario answers.", "\"\""),
       date("start", "First day of the simulation; its year from 1900 to 2200.", true, false),
       integer("horizon_years", "Length of the simulation.", "years", "8", 1, 50),
       integer("seed", "Master seed of the random streams.", "", "20260318", 0, 9.0e15),
       integer("replications", "Default number of replications.", "", "1000", 1, 1.0e8),
       number("discount_rate", "Discount rate for present values.", "1/year", "0.08", 0, 1, false),
       choice("allocation",
              "How a provider's capacity is shared when rules ask for more: priority (by each "
              "rule's `priority`, equal ranks pro rata) or pro_rata (all rules in proportion to "
              "what they ask).",
              {"priority", "pro_rata"}, "priority"),
       nested("parties", Kind::MapOf, party(), "The parties, by id.", true),
       nested("providers", Kind::MapOf, provider(), "Cloud providers, by id.", true),
       nested("workloads", Kind::MapOf, workload(), "Workload classes, by id.", true),
       nested("correlation", Kind::Object, correlation(), "Shock correlations (optional).", false),
       nested("routing", Kind::MapOf, routing_rule(), "Routing rules, by id, in order.", true),
       nested("commitments", Kind::MapOf, commitment(), "Spend commitments, by id.", false, "{}"),
       nested("investments", Kind::MapOf, investment(), "Investment agreements, by id.", false,
              "{}"),
       nested("revenue_shares", Kind::MapOf, revenue_share(),
              "Shares of a developer's revenue paid to another party, by id.", false, "{}"),
       nested("equity", Kind::Object, equity(), "Stakes and valuation (optional).", false),
       nested("disputes", Kind::MapOf, dispute(), "Legal disputes, by id.", false, "{}"),
       nested("reviews", Kind::MapOf, review(), "Regulatory reviews, by id.", false, "{}")},
      {}};
  return object;
}

}  // namespace

const Object& scenario() {
  return root();
}

const std::vector<DistributionForm>& distribution_forms() {
  static const std::vector<DistributionForm> forms = {
      {"fixed", {"value"}, "always `value`"},
      {"uniform", {"low", "high"}, "uniform on [low, high)"},
      {"triangular", {"low", "mode", "high"}, "triangular"},
      {"pert", {"low", "mode", "high"}, "Beta-PERT (shape 4)"},
      {"normal",
       {"mean", "sd"},
       "normal; on a bounded field also give `low` and `high` to truncate"},
      {"lognormal", {"median", "log_sd"}, "exp(N(log(median), log_sd)); `low`/`high` truncate"},
      {"beta", {"alpha", "beta"}, "beta on [low, high] (default [0, 1])"},
      {"loguniform",
       {"low", "high"},
       "log-uniform on [low, high), 0 < low: log(value) uniform, for inputs uncertain by orders "
       "of magnitude"},
  };
  return forms;
}

}  // namespace models::schema
