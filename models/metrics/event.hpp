// The events of a replication: what happened, when, to whom, for how much and why, recorded as
// codes while the simulation runs; the results file turns them into text labels once per
// distinct label.
#pragma once

#include <cstdint>
#include <string>

namespace models {

struct Scenario;
class MetricCatalog;

// Every kind of event, in no particular order: the results file numbers its kind labels in the
// order they first occur.
enum class EventKind : std::uint8_t {
  Milestone,               // a tranche's milestone occurred
  TranchePaid,             // a tranche was paid (amount: what was paid)
  TrancheLapsed,           // a tranche's deadline passed unmet
  TrancheDeadlineDelayed,  // its deadline moved once (on_deadline: delay)
  TrancheRenegotiated,     // paid at the deadline at a fraction (amount: the new amount)
  TrancheCancel,           // an outcome cancelled a pending tranche
  TrancheScale,            // an outcome scaled a pending tranche
  TrancheDelay,            // an outcome delayed a pending tranche
  CommitmentWaive,
  CommitmentScale,
  CommitmentExtend,
  Shortfall,  // a contract year ended below its minimum (amount: the shortfall)
  DisputeFiled,
  DisputeResolved,  // cause: the outcome drawn
  DisputeEnded,     // ended early by another outcome
  ReviewOpened,
  ReviewConcluded,
  ReviewEnded,
  Injunction,  // a rule suspended for the injunction's months
  InjunctionEnded,
  Damages,  // payments ordered by an outcome, named after their ledger kind
  Settlement,
  Fine,
  Payment,
  RevenueShareEnded,  // a share of a developer's revenue ended (its end event occurred)
};
inline constexpr std::size_t kEventKinds =
    static_cast<std::size_t>(EventKind::RevenueShareEnded) + 1;

// The label written for a kind, e.g. "tranche_paid".
const char* event_kind_name(EventKind kind);

// Why an event happened, as codes; text only when written (event_cause_text).
struct EventCause {
  enum class Form : std::uint8_t {
    Cause,       // a ledger cause of the catalog: "tranche:<investment>.<tranche>", an outcome
    CauseYear,   // a ledger cause and a contract year: "commitment:<id> year <n>"
    Proceeding,  // a dispute or review: "dispute:<id>", "review:<id>"
    Suspension,  // an outcome and the rule it suspends: "<outcome> suspends <rule>"
    Rule,        // a routing rule: "<rule>"
  };
  Form form = Form::Cause;
  std::uint32_t code = 0;   // the catalog cause; the proceeding's or the rule's index
  std::int32_t detail = 0;  // the year (1-based), the suspended rule, or 1 for a dispute

  static EventCause cause(std::uint32_t code) { return {Form::Cause, code, 0}; }
  static EventCause cause_year(std::uint32_t code, int year) {
    return {Form::CauseYear, code, year};
  }
  static EventCause proceeding(bool dispute, int index) {
    return {Form::Proceeding, static_cast<std::uint32_t>(index), dispute ? 1 : 0};
  }
  static EventCause suspension(std::uint32_t outcome, int rule) {
    return {Form::Suspension, outcome, rule};
  }
  static EventCause rule(int index) { return {Form::Rule, static_cast<std::uint32_t>(index), 0}; }

  // One number per distinct cause, for caching its label.
  std::uint64_t key() const {
    return (static_cast<std::uint64_t>(form) << 56) |
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(detail) & 0xFFFFFFu) << 32) |
           code;
  }
};

// The cause's label, e.g. "commitment:azure_250 year 3".
std::string event_cause_text(const EventCause& cause, const MetricCatalog& catalog,
                             const Scenario& scenario);

struct EventRecord {
  double time;  // days since the scenario's start
  EventKind kind;
  int party;      // the party it concerns most, -1 if none
  double amount;  // USD B, or 0
  EventCause cause;
};

}  // namespace models
