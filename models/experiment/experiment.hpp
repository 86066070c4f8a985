// One run pipeline, used by `dealsim run`, by every sweep point and by MPI workers: runs a
// scenario's replications on threads, in batches, hands each result to a sink in replication
// order, and stops at a replication count, at a precision target or when interrupted.
//
// Results do not depend on the thread count or the batch size: replication i always uses the
// streams of (seed, i), and the sink sees results in index order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

#include "models/deal/deal_replication.hpp"
#include "models/metrics/metrics.hpp"
#include "models/metrics/result_block.hpp"
#include "models/scenario/scenario.hpp"

namespace models {

// Stop once the 95 % confidence half-width of a metric's mean is below `relative` times the
// mean's magnitude, checked after each batch; or at `max_replications`.
struct PrecisionTarget {
  std::size_t metric = 0;  // scalar index in the catalog
  double relative = 0;     // in (0, 1)
  std::uint64_t batch = 1000;
  std::uint64_t max_replications = 1'000'000;
};

// Welford's running mean and variance of one metric over the replications given, in index
// order; NaN values (an undefined metric in that replication) are skipped.
class RunningPrecision {
 public:
  void add(double value);
  std::uint64_t count() const { return count_; }
  double mean() const { return mean_; }
  // 95 % confidence half-width of the mean; infinite below two values.
  double half_width() const;
  // Whether the half-width is below `relative` times the mean, or 0 (a metric that has not varied
  // is known exactly, even with mean 0).
  bool met(double relative) const;

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0, squares_ = 0;
};

struct ExperimentPlan {
  std::uint64_t replications = 0;        // without a target: exactly this many
  std::optional<PrecisionTarget> until;  // with one: batches until it is met
  unsigned threads = 1;
  const std::atomic<bool>* interrupt = nullptr;  // when it becomes true, no batch starts
  ReplicationOptions replication;
  std::function<void(std::uint64_t done)> on_progress;  // serialised, from worker threads
  // Run first on each thread started for the replications (sim::ReplicationRunOptions).
  std::function<void()> prepare_helper_thread;
  // Run once, on the calling thread, after the helper threads have started and before its first
  // replication (sim::ReplicationRunOptions::on_caller_start); nothing reaches the sink before
  // it returns. `dealsim run` makes its results file there: on its own core, while
  // the helpers run the first replications (on a thread of its own, it competed with both
  // workers for the two cores, and the blocks waiting for it were memory touched for the first
  // time). An exception from it stops the run and is rethrown.
  std::function<void()> prepare_calling_thread;
  // From this many replications (the count, or the target's maximum), each helper thread runs
  // its replications on its own copy of the scenario and catalog, in result storage of its own
  // (see run_experiment). The copies are exact: results are the same either way.
  std::uint64_t helper_copies_from = 1000;
};

struct ExperimentOutcome {
  std::uint64_t replications = 0;  // run and delivered: indices 0 .. replications - 1
  bool target_met = false;
  RunningPrecision precision;  // of the target's metric; empty without a target
};

// Receives each result in replication order, one at a time (it may write a file).
using ReplicationSink = std::function<void(std::uint64_t index, ReplicationResult&& result)>;

// Runs replications 0, 1, ... of `scenario` under `plan`. An exception thrown by a replication
// or by the sink stops the run and is rethrown.
//
// The first worker (the calling thread) runs on `scenario` and `catalog` and consumes every
// result. In a run of at least `plan.helper_copies_from` replications, each other worker keeps
// what it writes and reads in a replication on its own thread, because memory shared with the
// calling thread moves between the cores' caches:
// - it first copies the scenario and catalog (a few tenths of a millisecond). A replication reads
//   them throughout, and the calling thread, which made them, reuses the memory between their
//   blocks for its own replications' buffers, so a helper reading the originals misses its cache
//   whenever the calling thread has just written a neighbouring byte: about 2 % of a helper's
//   replication on the baseline at 2 threads (78.8 against 77.5 us, without output);
// - it builds each result in storage of its own and delivers a copy. Building it in storage the
//   calling thread has just read would wait on the cache for each line written.
// Short runs (a sweep's points) skip both.
ExperimentOutcome run_experiment(const Scenario& scenario, const MetricCatalog& catalog,
                                 const ExperimentPlan& plan, const ReplicationSink& sink);

// Receives consecutive replications' results, packed, in replication order, one block at a
// time (it may write a file).
using BlockSink = std::function<void(const ResultBlock& block)>;

// The same run, its results packed into blocks of up to `block_rows` consecutive replications
// (fewer near the end: sim::run_replication_blocks) by the thread that ran them, in storage of
// that thread's own; helpers use their own copies as above. The sink runs on the calling thread
// (it may write HDF5). This is how `dealsim run` writes its file: the writing thread reads
// another thread's results once, a block at a time, mostly as whole chunks of the file, instead
// of a helper copying each result for it and the writing thread then reading it value by value
// (2 threads: 2.6 % faster on the baseline, 1 thread 0.8 %).
ExperimentOutcome run_experiment(const Scenario& scenario, const MetricCatalog& catalog,
                                 const ExperimentPlan& plan, std::size_t block_rows,
                                 const BlockSink& sink);

}  // namespace models
