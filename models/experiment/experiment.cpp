#include "models/experiment/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <future>
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

// `from` into `to`'s storage.
void copy_for_delivery(const ReplicationResult& from, ReplicationResult& to) {
  to.scalars.assign(from.scalars.begin(), from.scalars.end());
  to.series.assign(from.series.begin(), from.series.end());
  to.events.assign(from.events.begin(), from.events.end());
  to.ledger.assign(from.ledger.begin(), from.ledger.end());
}

// plan.prepare_calling_thread, run once by the calling thread (as the first batch starts), and
// a wait for it that the consumer of results calls first on whichever thread it runs.
class CallerPreparation {
 public:
  explicit CallerPreparation(const ExperimentPlan& plan)
      : prepare_(plan.prepare_calling_thread), ready_(done_.get_future().share()) {
    if (!prepare_) done_.set_value();
  }
  // For sim::ReplicationRunOptions::on_caller_start: empty without a preparation.
  std::function<void()> hook() {
    if (!prepare_) return {};
    return [this] {
      if (started_) return;
      started_ = true;
      try {
        prepare_();
      } catch (...) {
        done_.set_exception(std::current_exception());  // rethrown to consumers that wait
        throw;
      }
      done_.set_value();
    };
  }
  // Returns once the preparation is done; rethrows its exception.
  void wait() const { ready_.get(); }

 private:
  std::function<void()> prepare_;
  bool started_ = false;  // touched by the calling thread only
  std::promise<void> done_;
  std::shared_future<void> ready_;
};

// Runs `plan`'s replications in batches: one batch of them all without a target; with one,
// batches until it is met. `batch` runs the replications given and returns how many completed;
// `on_caller_start` is each batch's (the preparation's hook).
void run_batches(const ExperimentPlan& plan, ExperimentOutcome& outcome,
                 const std::function<void()>& on_caller_start,
                 const std::function<std::size_t(const sim::ReplicationRunOptions&)>& batch) {
  const std::optional<PrecisionTarget>& until = plan.until;
  const std::uint64_t target = until ? until->max_replications : plan.replications;
  std::uint64_t& done = outcome.replications;
  while (done < target && !(plan.interrupt != nullptr && *plan.interrupt)) {
    sim::ReplicationRunOptions run;
    run.first = done;
    run.count = until ? std::min(until->batch, target - done) : target;
    run.threads = plan.threads;
    run.interrupt = plan.interrupt;
    run.on_helper_start = plan.prepare_helper_thread;
    run.on_caller_start = on_caller_start;
    if (plan.on_progress) {
      run.on_progress = [&, base = done](std::size_t count) { plan.on_progress(base + count); };
    }
    done += batch(run);
    if (until && outcome.precision.met(until->relative)) {
      outcome.target_met = true;
      break;
    }
  }
}

// Whether each helper thread works on its own copy of the scenario (see experiment.hpp).
bool helpers_own_copies(const ExperimentPlan& plan) {
  const std::uint64_t target = plan.until ? plan.until->max_replications : plan.replications;
  return plan.threads > 1 && target >= plan.helper_copies_from;
}

}  // namespace

ExperimentOutcome run_experiment(const Scenario& scenario, const MetricCatalog& catalog,
                                 const ExperimentPlan& plan, const ReplicationSink& sink) {
  ExperimentOutcome outcome;
  const std::optional<PrecisionTarget>& until = plan.until;
  CallerPreparation preparation(plan);
  // Enough look-ahead that no worker waits on a slow replication in ordinary runs, bounded so
  // that memory is too.
  sim::OrderedDelivery<ReplicationResult> delivery(
      0, 64 * std::size_t{plan.threads}, [&](std::size_t index, ReplicationResult&& result) {
        preparation.wait();
        if (until) outcome.precision.add(result.scalars[until->metric]);
        sink(index, std::move(result));
      });
  // Each worker builds its next result in the storage of one of its own that the sink has
  // finished with.
  std::vector<ReplicationResult> spares(plan.threads);
  // Worker w > 0 reads helpers[w].model, made by its first replication, and builds each result
  // in helpers[w].result, which never leaves its thread, delivering a copy (see experiment.hpp).
  const bool helpers_copy = helpers_own_copies(plan);
  struct Helper {
    std::unique_ptr<const HelperModel> model;
    ReplicationResult result;
  };
  std::vector<Helper> helpers(plan.threads);
  // The first worker (this thread) consumes; the others deposit (see OrderedDelivery).
  using Consume = sim::OrderedDelivery<ReplicationResult>::Consume;
  run_batches(plan, outcome, preparation.hook(), [&](const sim::ReplicationRunOptions& run) {
    const std::size_t done = sim::run_replications(run, [&](std::size_t index, unsigned worker) {
      ReplicationResult& spare = spares[worker];
      if (worker != 0 && helpers_copy) {
        Helper& helper = helpers[worker];
        if (!helper.model) helper.model = std::make_unique<const HelperModel>(scenario, catalog);
        helper.result = run_replication(helper.model->scenario, helper.model->catalog, index,
                                        plan.replication, std::move(helper.result));
        copy_for_delivery(helper.result, spare);
        spare = delivery.deliver(index, std::move(spare), Consume::No, worker);
        return;
      }
      spare = delivery.deliver(
          index, run_replication(scenario, catalog, index, plan.replication, std::move(spare)),
          worker == 0 ? Consume::Yes : Consume::No, worker);
    });
    delivery.flush();
    return done;
  });
  return outcome;
}

ExperimentOutcome run_experiment(const Scenario& scenario, const MetricCatalog& catalog,
                                 const ExperimentPlan& plan, std::size_t block_rows,
                                 const BlockSink& sink) {
  ExperimentOutcome outcome;
  const std::optional<PrecisionTarget>& until = plan.until;
  // Blocks in flight: each thread's own, those deposited ahead of one still running, and those
  // the helpers deposit while the calling thread prepares (plan.prepare_calling_thread: dealsim
  // run's file takes about as long to make as 2 to 3 blocks of the baseline take to run). Should
  // they fill the look-ahead, a helper that consumes them waits for the preparation. A block of
  // the baseline is 0.6 MB.
  CallerPreparation preparation(plan);
  sim::OrderedDelivery<ResultBlock> delivery(
      0, 2 * std::size_t{plan.threads} + 8, [&](std::size_t, ResultBlock&& block) {
        preparation.wait();
        for (std::size_t row = 0; until && row < block.rows(); ++row)
          outcome.precision.add(block.scalar(until->metric, row));
        sink(block);
      });
  // Worker w builds each result in workers[w].result and packs it into workers[w].block, both
  // of its own; helpers read their own copy of the scenario when helpers_own_copies.
  const bool own_copies = helpers_own_copies(plan);
  struct Worker {
    std::unique_ptr<const HelperModel> model;
    ReplicationResult result;
    ResultBlock block;
  };
  std::vector<Worker> workers(plan.threads);
  using Consume = sim::OrderedDelivery<ResultBlock>::Consume;
  run_batches(plan, outcome, preparation.hook(), [&](const sim::ReplicationRunOptions& run) {
    // Blocks are numbered across batches: every block of earlier batches was consumed.
    const std::size_t numbered = delivery.next();
    const std::size_t done = sim::run_replication_blocks(
        run, block_rows, [&](const sim::ReplicationBlock& claimed, unsigned w) {
          Worker& worker = workers[w];
          const Scenario* own_scenario = &scenario;
          const MetricCatalog* own_catalog = &catalog;
          if (w != 0 && own_copies) {
            if (!worker.model)
              worker.model = std::make_unique<const HelperModel>(scenario, catalog);
            own_scenario = &worker.model->scenario;
            own_catalog = &worker.model->catalog;
          }
          worker.block.reset(*own_catalog, claimed.first, block_rows);
          for (std::size_t i = 0; i < claimed.count; ++i) {
            worker.result = run_replication(*own_scenario, *own_catalog, claimed.first + i,
                                            plan.replication, std::move(worker.result));
            worker.block.add(worker.result);
          }
          // The first worker (this thread) consumes; the others deposit (see OrderedDelivery).
          worker.block = delivery.deliver(numbered + claimed.sequence, std::move(worker.block),
                                          w == 0 ? Consume::Yes : Consume::No, w);
        });
    delivery.flush();
    return done;
  });
  return outcome;
}

}  // namespace models
