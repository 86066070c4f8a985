#!/usr/bin/env bash
# Builds Release and runs the project's benchmarks, printing the figures that the issues set bars
# for. Each comparison is measured in the same run, so ratios hold on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench --mpi
scripts/build.sh >/dev/null

echo "== engine: hold model, 5 million events, one thread (median of 5 alternating rounds)"
hold=$(build/tests/dealsim_bench_hold 5000000 1000 10000 1000000)
echo "$hold"

echo "== engine against SimPy: the same hold model, N=1000, 1 million events (median of 3)"
simpy=$(for _ in 1 2 3; do /usr/bin/python3 tests/bench/simpy_hold.py 1000000 1000; done | sort -g | sed -n 2p)
dealsim=$(echo "$hold" | awk '/^hold N=1000:/ {print $4}')
awk -v d="$dealsim" -v s="$simpy" \
  'BEGIN {printf "hold N=1000: dealsim %.2e ev/s, SimPy %.2e ev/s, dealsim/SimPy %.1f\n", d, s, d / s}'

echo "== random engines: the cost of opening a stream and drawing normals from it"
build/tests/dealsim_bench_engines

# Five rounds each: a 2-thread run is about half a second, and one run of three disturbed by
# the shared machine moved the median of three by a few per cent. The ratios are medians of each
# round's own ratio (its runs a second apart), not ratios of medians: the machine drifts by
# several per cent within minutes, and medians taken separately can pair a fast window's
# 1-thread runs with a slow window's 2-thread runs.
echo "== end to end: the baseline scenario with HDF5 output, 10,000 replications (median of 5 alternating runs)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {  # run THREADS REPS [CORE] -> the --timing line, pinned to CORE if given. A new file
  # each time: replacing the previous one would add the deletion of a 100 MB file to the time.
  rm -f "$out/b.h5"
  local pin=()
  [[ -n ${3:-} ]] && pin=(taskset -c "$3")
  "${pin[@]}" build/dealsim run scenarios/baseline.yaml --reps "$2" --threads "$1" --out "$out/b.h5" \
    --quiet --timing | grep '^timing:'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
quotient() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", a / b}'; }  # NUM DEN, 4 decimals
one=() two=() share=() ratio=()
for _ in 1 2 3 4 5; do
  line=$(run 1 10000)
  one+=("$(echo "$line" | awk '{print $(NF-1)}')")
  share+=("$(echo "$line" | sed 's/.*(\(.*\) %).*/\1/')")
  two+=("$(run 2 10000 | awk '{print $(NF-1)}')")
  ratio+=("$(quotient "${two[-1]}" "${one[-1]}")")
done
r1=$(median "${one[@]}") r2=$(median "${two[@]}") s1=$(median "${share[@]}") q=$(median "${ratio[@]}")
echo "baseline 10,000 replications, 1 thread: ${r1} replications/s (bar: 10,000)"
echo "baseline 10,000 replications, HDF5 writing: ${s1} % of the 1-thread run (bar: below 15 %)"
awk -v b="$r2" -v q="$q" -v all="${ratio[*]}" \
  'BEGIN {printf "baseline 10,000 replications, 2 threads: %s replications/s, %.2f times 1 thread (bar: 1.9; each round: %s)\n", b, q, all}'

# What the machine allows: two independent 1-thread runs at once, their combined rate against
# one alone, run in the same round. On a shared virtual machine the two cores need not be
# equal; this is the ceiling for the 2-thread ratio above.
pair=() alone=() of_one=()
for _ in 1 2 3; do
  alone+=("$(run 1 10000 | awk '{print $(NF-1)}')")
  rm -f "$out/p1.h5" "$out/p2.h5"
  build/dealsim run scenarios/baseline.yaml --reps 10000 --threads 1 --out "$out/p1.h5" --quiet --timing |
    awk '/^timing:/ {print $(NF-1)}' >"$out/p1.txt" &
  build/dealsim run scenarios/baseline.yaml --reps 10000 --threads 1 --out "$out/p2.h5" --quiet --timing |
    awk '/^timing:/ {print $(NF-1)}' >"$out/p2.txt"
  wait
  pair+=("$(($(cat "$out/p1.txt") + $(cat "$out/p2.txt")))")
  of_one+=("$(quotient "${pair[-1]}" "${alone[-1]}")")
done
p2=$(median "${pair[@]}") q2=$(median "${of_one[@]}")
awk -v b="$p2" -v q="$q2" -v all="${of_one[*]}" \
  'BEGIN {printf "two independent 1-thread runs at once: %s replications/s together, %.2f times one alone (the machine'"'"'s ceiling for the ratio above; each round: %s)\n", b, q, all}'

# Each core alone (a 1-thread run pinned to it), alternated with 2-thread runs: on a shared
# virtual machine one core can be a fifth or more slower than the other for minutes, and an
# unpinned 1-thread run lands on either, so the ratio above swings with the machine. 2 threads
# can do at most the sum of the two cores; twice the share of that sum they reach is the ratio
# the bar means (2 threads against 1) on two equal cores.
if command -v taskset >/dev/null 2>&1 && (($(nproc) >= 2)); then
  core0=() core1=() both=() of_sum=()
  for _ in 1 2 3 4 5; do
    core0+=("$(run 1 10000 0 | awk '{print $(NF-1)}')")
    both+=("$(run 2 10000 | awk '{print $(NF-1)}')")
    core1+=("$(run 1 10000 1 | awk '{print $(NF-1)}')")
    of_sum+=("$(quotient "${both[-1]}" "$((core0[-1] + core1[-1]))")")
  done
  c0=$(median "${core0[@]}") c1=$(median "${core1[@]}") b2=$(median "${both[@]}")
  f=$(median "${of_sum[@]}")
  awk -v a="$c0" -v b="$c1" -v c="$b2" -v f="$f" -v all="${of_sum[*]}" \
    'BEGIN {printf "each core alone: core 0 %s, core 1 %s replications/s; 2 threads %s replications/s, %.3f of their sum: %.2f times 1 thread on equal cores (bar: 1.9; each round'"'"'s share: %s)\n", a, b, c, f, 2 * f, all}'
fi

rss() {  # peak resident memory in KiB of a 1-thread run of N replications
  rm -f "$out/m.h5"
  /usr/bin/time -f '%M' build/dealsim run scenarios/baseline.yaml --reps "$1" --threads 1 --out "$out/m.h5" \
    --quiet 2>&1 >/dev/null | tail -n 1
}
m10=$(rss 10000) m100=$(rss 100000)
awk -v a="$m10" -v b="$m100" \
  'BEGIN {printf "peak memory: 10,000 replications %.0f MiB, 100,000 replications %.0f MiB, ratio %.2f (bar: 1.25)\n", a / 1024, b / 1024, b / a}'

echo "== profile of the 1-thread baseline run: the 5 functions with the largest share"
if perf record -q -F 1999 -o "$out/perf.data" -- build/dealsim run scenarios/baseline.yaml --reps 10000 \
  --threads 1 --out "$out/p.h5" --force --quiet >/dev/null 2>&1; then
  echo "(share of CPU samples, perf, 10,000 replications)"
  perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null >"$out/report.txt" || true
  grep -E '^ +[0-9.]+%' "$out/report.txt" | sed -n 1,5p | sed -E 's/\[\.\] //; s/ +/ /g; s/ +- -.*$//'
else
  # Where perf may not sample (containers), instruction counts: slower, but repeatable.
  echo "(share of instructions, callgrind, 1,000 replications: perf could not sample here)"
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" build/dealsim run \
    scenarios/baseline.yaml --reps 1000 --threads 1 --out "$out/p.h5" --force --quiet >/dev/null 2>&1
  callgrind_annotate "$out/callgrind.out" >"$out/report.txt" 2>/dev/null || true
  grep -E '^ *[0-9,]+ \( *[0-9.]+%\)' "$out/report.txt" | sed -n 2,6p | sed -E 's/ \[[^]]*\]$//'
fi

if [[ -n "${DEALSIM_BENCH_BASE:-}" ]]; then
  # A model change against an earlier commit: each binary runs its own commit's baseline.yaml (the
  # baseline is part of what changed). Set DEALSIM_BENCH_BASE=<commit> to include it.
  echo "== the baseline against commit ${DEALSIM_BENCH_BASE}: 10,000 replications, 1 thread (median of 5 alternating runs)"
  base="$out/base"
  git worktree add --force --detach "$base" "$DEALSIM_BENCH_BASE" >/dev/null 2>&1
  cmake -S "$base" -B "$base/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$base/build" --target dealsim --parallel "$(nproc)" >/dev/null
  rate() {  # rate BINARY SCENARIO -> replications/s
    "$1" run "$2" --reps 10000 --threads 1 --out "$out/c.h5" --force --quiet --timing | awk '/^timing:/ {print $(NF-1)}'
  }
  old=() new=()
  for _ in 1 2 3 4 5; do
    old+=("$(rate "$base/build/dealsim" "$base/scenarios/baseline.yaml")")
    new+=("$(rate build/dealsim scenarios/baseline.yaml)")
  done
  git worktree remove --force "$base"
  median5() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
  o=$(median5 "${old[@]}") n=$(median5 "${new[@]}")
  awk -v o="$o" -v n="$n" -v c="$DEALSIM_BENCH_BASE" \
    'BEGIN {printf "baseline, 1 thread: %s replications/s, at %s %s: ratio %.2f (bar for #10: 0.80)\n", n, c, o, n / o}'
fi

echo "== sweeps against a plain run: the shipped Sobol sweep at 20 replications per point (5,632 points),"
echo "   and at 200 (its first 32 base points: 352 points), 1 thread (median of 3)"
sed -e "s|scenario: ../baseline.yaml|scenario: $PWD/scenarios/baseline.yaml|" -e 's/^replications: .*/replications: 200/' \
  -e 's/^  points: .*/  points: 32/' scenarios/sweeps/sobol.yaml >"$out/sobol200.yaml"
# Each round runs the plain run again beside its sweeps, and the ratios are medians of each
# round's own: the plain run of the section above was minutes earlier, and the machine drifts.
sweep20=() sweep200=() ratio20=() ratio200=()
for _ in 1 2 3; do
  plain=$(run 1 10000 | awk '{print $(NF-1)}')
  sweep20+=("$(build/dealsim sweep scenarios/sweeps/sobol.yaml --out "$out/s.h5" --force --quiet --timing \
    --threads 1 | awk '/^timing:/ {print $(NF-1)}')")
  sweep200+=("$(build/dealsim sweep "$out/sobol200.yaml" --out "$out/s200.h5" --force --quiet --timing \
    --threads 1 | awk '/^timing:/ {print $(NF-1)}')")
  ratio20+=("$(quotient "${sweep20[-1]}" "$plain")")
  ratio200+=("$(quotient "${sweep200[-1]}" "$plain")")
done
a=$(median "${sweep20[@]}") b=$(median "${sweep200[@]}")
q20=$(median "${ratio20[@]}") q200=$(median "${ratio200[@]}")
awk -v s="$a" -v q="$q20" -v all="${ratio20[*]}" \
  'BEGIN {printf "Sobol sweep, 20 replications per point: %s replications/s, %.2f times a plain run (bar: 0.90; each round: %s)\n", s, q, all}'
awk -v s="$b" -v q="$q200" -v all="${ratio200[*]}" \
  'BEGIN {printf "Sobol sweep, 200 replications per point: %s replications/s, %.2f times a plain run (each round: %s)\n", s, q, all}'
# The indices of the shipped sweep (the file of its last run above), against the bars set for them:
# every estimate and interval bound in [0, 1], no first order above its total by more than its
# interval's half-width, the convergence check passed, no interval wider than 0.2.
PYTHONPATH=scripts /usr/bin/python3 - "$out/s.h5" <<'PY'
import sys
import dealsim
sweep = dealsim.open_sweep(sys.argv[1])
count = bounded = ordered = converged = 0
widest = 0.0
for metric in sweep.metrics:
    table = sweep.sobol(metric)
    for _, row in table.iterrows():
        values = [row.first_order, row.first_order_low, row.first_order_high, row.total, row.total_low, row.total_high]
        count += 1
        bounded += all(0 <= v <= 1 for v in values)
        ordered += row.first_order <= row.total + (row.first_order_high - row.first_order_low) / 2
        widest = max(widest, row.first_order_high - row.first_order_low, row.total_high - row.total_low)
    converged += bool(table.attrs["converged"])
metrics = len(sweep.metrics)
print(f"Sobol indices of the shipped sweep: {count} (input, metric) pairs; {bounded} in [0, 1], {ordered} with first order"
      f" <= total + half-width (bars: all {count}); converged {converged} of {metrics} metrics (bar: all);"
      f" widest 95 % interval {widest:.3f} (bar: 0.2)")
PY

echo "== sweeps under MPI: the grid sweep, 1 rank against 2 ranks, 1 thread each (median of 3)"
mpi=(mpirun --oversubscribe)
[[ $(id -u) -eq 0 ]] && mpi+=(--allow-run-as-root)
one_rank=() two_ranks=() ranks_ratio=()
for _ in 1 2 3; do
  one_rank+=("$("${mpi[@]}" -np 1 build/dealsim sweep scenarios/sweeps/growth_vs_stateless_share.yaml \
    --out "$out/m1.h5" --force --quiet --timing --threads 1 | awk '/^timing:/ {print $(NF-1)}')")
  two_ranks+=("$("${mpi[@]}" -np 2 build/dealsim sweep scenarios/sweeps/growth_vs_stateless_share.yaml \
    --out "$out/m2.h5" --force --quiet --timing --threads 1 | awk '/^timing:/ {print $(NF-1)}')")
  ranks_ratio+=("$(quotient "${two_ranks[-1]}" "${one_rank[-1]}")")
done
a=$(median "${one_rank[@]}") b=$(median "${two_ranks[@]}") q=$(median "${ranks_ratio[@]}")
awk -v a="$a" -v b="$b" -v q="$q" -v all="${ranks_ratio[*]}" \
  'BEGIN {printf "MPI: 1 rank %s replications/s, 2 ranks %s replications/s, ratio %.2f (bar: 1.8; each round: %s)\n", a, b, q, all}'

echo "== calibration: two ABC-SMC generations of the baseline calibration (600 candidates x 20 replications)"
echo "   against a Latin hypercube sweep of the same 8 inputs, 600 points x 20 replications, 2 threads (median of 3)"
sed -e "s|scenario: ../baseline.yaml|scenario: $PWD/scenarios/baseline.yaml|" \
  -e 's/max_generations: [0-9]*/max_generations: 2/' scenarios/calibration/baseline.yaml >"$out/calibration.yaml"
cat >"$out/calibration_sweep.yaml" <<SWEEP
name: calibration_sweep
scenario: $PWD/scenarios/baseline.yaml
replications: 20
design: {kind: latin_hypercube, points: 600, seed: 1}
parameters:
  workloads.stateless_api.initial: {uniform: {low: 0.5, high: 1.3}}
  workloads.first_party.initial: {uniform: {low: 0.6, high: 1.4}}
  workloads.stateless_api.growth: {uniform: {low: 0.25, high: 0.8}}
  workloads.first_party.growth: {uniform: {low: 0.25, high: 0.7}}
  workloads.stateful_agents.growth: {uniform: {low: 0.5, high: 1.4}}
  workloads.training.growth: {uniform: {low: 0.3, high: 0.7}}
  workloads.stateless_api.revenue_per_unit: {uniform: {low: 0.6, high: 1.1}}
  workloads.first_party.revenue_per_unit: {uniform: {low: 0.6, high: 1.1}}
metrics: [revenue.total, billings.azure, share.azure]
SWEEP
calibration_rates=() sweep_rates=() time_ratio=()
for _ in 1 2 3; do
  calibration_rates+=("$(build/dealsim calibrate "$out/calibration.yaml" --out "$out/c.h5" --force --quiet \
    --timing --threads 2 | awk '/^timing:/ {print $(NF-1)}')")
  sweep_rates+=("$(build/dealsim sweep "$out/calibration_sweep.yaml" --out "$out/cs.h5" --force --quiet \
    --timing --threads 2 | awk '/^timing:/ {print $(NF-1)}')")
  # Both run 600 x 20 replications, so the time ratio is the inverse ratio of the rates.
  time_ratio+=("$(quotient "${sweep_rates[-1]}" "${calibration_rates[-1]}")")
done
c=$(median "${calibration_rates[@]}") s=$(median "${sweep_rates[@]}") q=$(median "${time_ratio[@]}")
awk -v c="$c" -v s="$s" -v q="$q" -v all="${time_ratio[*]}" 'BEGIN {printf "calibration %s replications/s, sweep %s replications/s: calibration time / sweep time %.2f (bar: 1.15; each round: %s)\n", c, s, q, all}'
