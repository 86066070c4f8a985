// What the parts of one replication share (internal to models/deal/): the scenario and its
// drawn values, the random streams, the simulation's clock and calendar, the ledger, and the
// result that each part writes its metrics and events into. The coordinator (replication.hpp)
// owns all of these; each part holds a reference to one DealContext.
#pragma once

#include <algorithm>
#include <limits>

#include "models/deal/hazard_clock.hpp"
#include "models/deal/ledger.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/simulation.hpp"

namespace models::detail {

inline constexpr double kDaysPerMonth = 365.25 / 12.0;
inline constexpr double kDaysPerYear = 365.25;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Event priorities at equal times: commitments are assessed before the month's spend is booked
// at a contract-year boundary (they count the spend booked before it), and occurrences
// (payments, filings, resolutions) come after the month's routing.
inline constexpr int kAssessPriority = -1;
inline constexpr int kMonthPriority = 0;
inline constexpr int kOccurrencePriority = 1;

// A series' block in a replication's result, for what writes it every month: the block's place
// is looked up once, not at each write. Valid while the result's series vector is not resized
// (it is sized once, when the replication is built).
struct SeriesView {
  double* data = nullptr;
  std::size_t steps = 0;
  double& operator()(std::size_t row, std::size_t step) const { return data[row * steps + step]; }
};

struct DealContext {
  const Scenario& scenario;
  const MetricCatalog& catalog;
  const ParameterValues& values;
  const sim::RandomStreams& streams;
  sim::Simulation& simulation;
  Ledger& ledger;
  ReplicationResult& result;

  double now() const { return simulation.now(); }

  void event(EventKind kind, int party, double amount, EventCause cause) {
    result.events.push_back({simulation.now(), kind, party, amount, cause});
  }
  double& scalar(std::size_t index) { return result.scalars[index]; }
  double& series(std::size_t series, std::size_t row, std::size_t step) {
    return result
        .series[catalog.series_offset(series) + row * catalog.series()[series].steps + step];
  }
  SeriesView view(std::size_t series) {
    return {result.series.data() + catalog.series_offset(series), catalog.series()[series].steps};
  }
  int provider_party(int provider) const {
    return scenario.providers[static_cast<std::size_t>(provider)].party;
  }
  // The scenario year (0-based) of a time, the last year for times at the horizon.
  int scenario_year(double time) const {
    const int year = static_cast<int>(scenario.timeline.month_index_at(time) / 12);
    return std::min(year, scenario.horizon_years - 1);
  }

  HazardClock clock(const TimingSpec& timing, sim::RandomStream& stream) const {
    return HazardClock(values[timing.rate], timing.has_growth ? values[timing.growth] : 0.0,
                       timing.earliest_time, stream);
  }
  // Runs a hazard over the month [from, to) from its earliest time; the occurrence time or < 0.
  static double run_clock(HazardClock& clock, const TimingSpec& timing, double from, double to) {
    return clock.run(std::max(from, timing.earliest_time), to);
  }
};

// Whether a hazard's conditions hold now (no injunction in force, no dispute pending, spend
// above a level, ...): answered by the coordinator, which sees every part.
class ConditionCheck {
 public:
  virtual bool hold(const ConditionsSpec& conditions) const = 0;

 protected:
  ~ConditionCheck() = default;
};

}  // namespace models::detail
