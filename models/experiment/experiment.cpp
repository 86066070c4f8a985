#include "models/experiment/experiment.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "sim/mc/ordered_delivery.hpp"
#include "sim/mc/replication_runner.hpp"
#include "sim/mc/statistics.hpp"

namespace models {

void RunningPrecision::add(double value) {
  if (std::isnan(value)) return;
  ++count_;
  const double delta = value - mean_;
  mean_ += delta / static_cast<double>(count_);
  squares_ += delta * (value - mean_);
}

double RunningPrecision::half_width() const {
  if (count_ < 2) return std::numeric_limits<double>::infinity();
  const auto n = static_cast<double>(count_);
  return sim::kZ95 * std::sqrt(squares_ / (n - 1) / n);
}

bool RunningPrecision::met(double relative) const {
  // A metric that has not varied (half-width 0) is known exactly, even when its mean is 0.
  return count_ >= 2 && (half_width() < relative * std::abs(mean_) || half_width() == 0);
}

namespace {

// A helper thread's own copy of what every replication reads, made on that thread (so in its
// heap). The posterior table is copied too: the copy of a scenario would otherwise share it.
struct HelperModel {
  HelperModel(const Scenario& original, const MetricCatalog& original_catalog)
      : scenario(original), catalog(original_catalog) {
    if (scenario.joint) scenario.joint = std::make_shared<const JointDraws>(*scenario.joint);
  }
  Scenario scenario;
  MetricCatalog catalog;
};

// What the sink reads of `from`, into `to`'s storage: with `series_float32`, only the series
// rounded, here (see ReplicationOptions), straight into the storage delivered.
void copy_for_delivery(const ReplicationResult& from, ReplicationResult& to, bool series_float32) {
  to.scalars.assign(from.scalars.begin(), from.scalars.end());
  if (!series_float32) {
    to.series.assign(from.series.begin(), from.series.end());
    to.series_float32.clear();
  } else {
    to.series.clear();
    round_series(from.series, to.series_float32);
  }
  to.events.assign(from.events.begin(), from.events.end());
  to.ledger.assign(from.ledger.begin(), from.ledger.end());
}

}  // namespace

ExperimentOutcome run_experiment(const Scenario& scenario, const MetricCatalog& catalog,
                                 const ExperimentPlan& plan, const ReplicationSink& sink) {
  ExperimentOutcome outcome;
  const std::optional<PrecisionTarget>& until = plan.until;
  const std::uint64_t target = until ? until->max_replications : plan.replications;
  // Enough look-ahead that no worker waits on a slow replication in ordinary runs, bounded so
  // that memory is too.
  sim::OrderedDelivery<ReplicationResult> delivery(
      0, 64 * std::size_t{plan.threads}, [&](std::size_t index, ReplicationResult&& result) {
        if (until) outcome.precision.add(result.scalars[until->metric]);
        sink(index, std::move(result));
      });
  // Each worker builds its next result in the storage of one of its own that the sink has
  // finished with.
  std::vector<ReplicationResult> spares(plan.threads);
  // Worker w > 0 reads helpers[w].model, made by its first replication, and builds each result
  // in helpers[w].result, which never leaves its thread, delivering a copy (see experiment.hpp).
  const bool helpers_copy = plan.threads > 1 && target >= plan.helper_copies_from;
  struct Helper {
    std::unique_ptr<const HelperModel> model;
    ReplicationResult result;
  };
  std::vector<Helper> helpers(plan.threads);
  // A helper rounds its series as it copies them (copy_for_delivery), not in its replication.
  ReplicationOptions helper_options = plan.replication;
  helper_options.series_float32 = false;
  std::uint64_t& done = outcome.replications;
  // Without a target one batch runs everything; with one, batches run until it is met.
  while (done < target && !(plan.interrupt != nullptr && *plan.interrupt)) {
    sim::ReplicationRunOptions run;
    run.first = done;
    run.count = until ? std::min(until->batch, target - done) : target;
    run.threads = plan.threads;
    run.interrupt = plan.interrupt;
    run.on_helper_start = plan.prepare_helper_thread;
    if (plan.on_progress) {
      run.on_progress = [&, base = done](std::size_t count) { plan.on_progress(base + count); };
    }
    // The first worker (this thread) consumes; the others deposit (see OrderedDelivery).
    using Consume = sim::OrderedDelivery<ReplicationResult>::Consume;
    done += sim::run_replications(run, [&](std::size_t index, unsigned worker) {
      ReplicationResult& spare = spares[worker];
      if (worker != 0 && helpers_copy) {
        Helper& helper = helpers[worker];
        if (!helper.model) helper.model = std::make_unique<const HelperModel>(scenario, catalog);
        helper.result = run_replication(helper.model->scenario, helper.model->catalog, index,
                                        helper_options, std::move(helper.result));
        copy_for_delivery(helper.result, spare, plan.replication.series_float32);
        spare = delivery.deliver(index, std::move(spare), Consume::No, worker);
        return;
      }
      spare = delivery.deliver(
          index, run_replication(scenario, catalog, index, plan.replication, std::move(spare)),
          worker == 0 ? Consume::Yes : Consume::No, worker);
    });
    delivery.flush();
    if (until && outcome.precision.met(until->relative)) {
      outcome.target_met = true;
      break;
    }
  }
  return outcome;
}

}  // namespace models
