#include "models/metrics/event.hpp"

#include "models/metrics/metrics.hpp"

namespace models {

const char* event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::Milestone:
      return "milestone";
    case EventKind::TranchePaid:
      return "tranche_paid";
    case EventKind::TrancheLapsed:
      return "tranche_lapsed";
    case EventKind::TrancheDeadlineDelayed:
      return "tranche_deadline_delayed";
    case EventKind::TrancheRenegotiated:
      return "tranche_renegotiated";
    case EventKind::TrancheCancel:
      return "tranche_cancel";
    case EventKind::TrancheScale:
      return "tranche_scale";
    case EventKind::TrancheDelay:
      return "tranche_delay";
    case EventKind::CommitmentWaive:
      return "commitment_waive";
    case EventKind::CommitmentScale:
      return "commitment_scale";
    case EventKind::CommitmentExtend:
      return "commitment_extend";
    case EventKind::Shortfall:
      return "shortfall";
    case EventKind::DisputeFiled:
      return "dispute_filed";
    case EventKind::DisputeResolved:
      return "dispute_resolved";
    case EventKind::DisputeEnded:
      return "dispute_ended";
    case EventKind::ReviewOpened:
      return "review_opened";
    case EventKind::ReviewConcluded:
      return "review_concluded";
    case EventKind::ReviewEnded:
      return "review_ended";
    case EventKind::Injunction:
      return "injunction";
    case EventKind::InjunctionEnded:
      return "injunction_ended";
    case EventKind::Damages:
      return "damages";
    case EventKind::Settlement:
      return "settlement";
    case EventKind::Fine:
      return "fine";
    case EventKind::Payment:
      return "payment";
    case EventKind::RevenueShareEnded:
      return "revenue_share_ended";
  }
  return "unknown";
}

std::string event_cause_text(const EventCause& cause, const MetricCatalog& catalog,
                             const Scenario& scenario) {
  const auto& rules = scenario.rules;
  switch (cause.form) {
    case EventCause::Form::Cause:
      return catalog.causes()[cause.code];
    case EventCause::Form::CauseYear:
      return catalog.causes()[cause.code] + " year " + std::to_string(cause.detail);
    case EventCause::Form::Proceeding:
      return cause.detail != 0 ? "dispute:" + scenario.disputes[cause.code].id
                               : "review:" + scenario.reviews[cause.code].id;
    case EventCause::Form::Suspension:
      return catalog.causes()[cause.code] + " suspends " +
             rules[static_cast<std::size_t>(cause.detail)].id;
    case EventCause::Form::Rule:
      return rules[cause.code].id;
  }
  return "unknown";
}

}  // namespace models
