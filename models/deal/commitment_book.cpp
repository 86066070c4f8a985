#include "models/deal/commitment_book.hpp"

#include <algorithm>
#include <cmath>

namespace models::detail {

CommitmentBook::CommitmentBook(DealContext& deal)
    : deal_(deal), progress_(deal.view(deal.catalog.monthly_commitment_progress)) {
  trackers_.reserve(deal.scenario.commitments.size());
  for (const auto& commitment : deal.scenario.commitments)
    trackers_.emplace_back(commitment, deal.scenario, deal.values);
  // Years never assessed (before the start, after the horizon) stay NaN, not 0.
  const MetricCatalog& catalog = deal.catalog;
  for (std::size_t s : {catalog.contract_year_spend, catalog.contract_year_shortfall,
                        catalog.contract_year_penalty}) {
    const auto begin =
        deal.result.series.begin() + static_cast<std::ptrdiff_t>(catalog.series_offset(s));
    std::fill(begin, begin + static_cast<std::ptrdiff_t>(catalog.series()[s].size()), kNaN);
  }
}

void CommitmentBook::schedule() {
  for (std::size_t c = 0; c < trackers_.size(); ++c) {
    int first = 0;
    while (first < trackers_[c].term_years() && trackers_[c].year_end(first) <= 0)
      ++first;
    deal_.simulation.repeat(
        [this, c](int year) {
          if (year >= trackers_[c].term_years()) return HUGE_VAL;
          const double end = trackers_[c].year_end(year);
          return end <= deal_.scenario.horizon_time ? end : HUGE_VAL;
        },
        [this, c](int year) { assess(c, year); }, kAssessPriority, first);
  }
}

void CommitmentBook::counting(int payer, int provider, int workload,
                              std::vector<std::uint32_t>& into) const {
  for (std::size_t c = 0; c < trackers_.size(); ++c) {
    if (trackers_[c].counts(payer, provider, workload))
      into.push_back(static_cast<std::uint32_t>(c));
  }
}

void CommitmentBook::record_month(std::size_t month) {
  for (std::size_t c = 0; c < trackers_.size(); ++c)
    progress_(c, month) = trackers_[c].cumulative_spend();
}

CommitmentTracker& CommitmentBook::changed(int index, EventKind kind, EventCause cause) {
  CommitmentTracker& commitment = trackers_[static_cast<std::size_t>(index)];
  deal_.event(kind, commitment.payer(), 0, cause);
  return commitment;
}

void CommitmentBook::assess(std::size_t c, int year) {
  const MetricCatalog& catalog = deal_.catalog;
  const Assessment assessment = trackers_[c].assess(year);
  const auto y = static_cast<std::size_t>(year);
  if (y < catalog.series()[catalog.contract_year_shortfall].steps) {
    deal_.series(catalog.contract_year_spend, c, y) = assessment.spend;
    deal_.series(catalog.contract_year_shortfall, c, y) = assessment.shortfall;
    deal_.series(catalog.contract_year_penalty, c, y) = assessment.penalty;
  }
  const MetricCatalog::CommitmentMetrics& metrics = catalog.at.commitment[c];
  // A carried amount is still owed: it counts where it is last due, not in every year it passed.
  deal_.scalar(metrics.shortfall) += assessment.shortfall - assessment.carried;
  deal_.scalar(metrics.carried) = std::max(deal_.scalar(metrics.carried), assessment.carried);
  deal_.scalar(metrics.penalty) += assessment.penalty;
  if (assessment.shortfall > 0) deal_.scalar(metrics.shortfall_any) = 1;
  const CommitmentSpec& spec = deal_.scenario.commitments[c];
  const std::uint32_t cause = catalog.commitment_cause(static_cast<int>(c));
  if (assessment.penalty > 0) {
    deal_.ledger.record(deal_.now(), spec.payer, deal_.provider_party(spec.provider),
                        assessment.penalty, FlowKind::Penalty, cause);
  }
  if (assessment.shortfall > 0) {
    deal_.event(EventKind::Shortfall, spec.payer, assessment.shortfall,
                EventCause::cause_year(cause, year + 1));
  }
}

void CommitmentBook::write_metrics() {
  for (std::size_t c = 0; c < trackers_.size(); ++c)
    deal_.scalar(deal_.catalog.at.commitment[c].counted_spend) = trackers_[c].cumulative_spend();
}

}  // namespace models::detail
