"""Sweeps end to end: determinism across threads, shards and resumption; bad inputs."""
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import yaml

SWEEP = "scenarios/sweeps/growth_vs_stateless_share.yaml"


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def datasets(path):
    """Every dataset's values, by name (attributes such as the creation time differ)."""
    out = {}
    with h5py.File(path) as f:
        f.visititems(lambda name, item: out.__setitem__(name, item[()]) if isinstance(item, h5py.Dataset) else None)
    return out


def assert_same_datasets(a, b):
    left, right = datasets(a), datasets(b)
    assert left.keys() == right.keys()
    for name in left:
        assert np.array_equal(left[name], right[name], equal_nan=left[name].dtype.kind == "f"), name


def small_sweep(root, tmp_path, replications=20):
    """The grid sweep with fewer replications, for fast tests."""
    text = (root / SWEEP).read_text().replace("replications: 200", f"replications: {replications}")
    text = text.replace("scenario: ../microsoft_prevails.yaml", f"scenario: {root / 'scenarios/microsoft_prevails.yaml'}")
    path = tmp_path / "sweep.yaml"
    path.write_text(text)
    return path


def test_threads_shards_and_merge_give_identical_files(dealsim, root, tmp_path):
    sweep = small_sweep(root, tmp_path)
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    assert run(dealsim, "sweep", str(sweep), "--threads", "1", "--out", str(one), "--quiet").returncode == 0
    assert run(dealsim, "sweep", str(sweep), "--threads", "2", "--out", str(two), "--quiet").returncode == 0
    assert_same_datasets(one, two)
    shards = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.h5"
        result = run(dealsim, "sweep", str(sweep), "--shard", f"{k}/3", "--out", str(out), "--quiet")
        assert result.returncode == 0, result.stderr
        shards.append(str(out))
    with h5py.File(shards[0]) as f:
        assert f.attrs["shard_index"] == 1 and f.attrs["shard_count"] == 3
        assert list(f["point"][()]) == list(range(0, 48, 3))
    merged = tmp_path / "merged.h5"
    result = run(dealsim, "merge", str(merged), *reversed(shards))
    assert result.returncode == 0, result.stderr
    assert_same_datasets(one, merged)
    with h5py.File(merged) as f:
        assert f["summary/mean"].shape == (48, 4)
        assert f["point_values"].shape == (48, 2)
        assert f.attrs["complete"] == 1


def test_bad_shard_sets_are_refused(dealsim, root, tmp_path):
    sweep = small_sweep(root, tmp_path, replications=5)
    files = {}
    for k in (1, 2):
        files[k] = tmp_path / f"s{k}.h5"
        assert run(dealsim, "sweep", str(sweep), "--shard", f"{k}/2", "--out", str(files[k]), "--quiet").returncode == 0
    other = tmp_path / "other.yaml"
    other.write_text(sweep.read_text().replace("replications: 5", "replications: 6"))
    foreign = tmp_path / "foreign.h5"
    assert run(dealsim, "sweep", str(other), "--shard", "2/2", "--out", str(foreign), "--quiet").returncode == 0
    missing = run(dealsim, "merge", str(tmp_path / "m.h5"), str(files[1]))
    assert missing.returncode == 2 and "missing shard 2 of 2" in missing.stderr
    twice = run(dealsim, "merge", str(tmp_path / "m.h5"), str(files[1]), str(files[1]), str(files[2]))
    assert twice.returncode == 2 and "given twice (overlap)" in twice.stderr
    mixed = run(dealsim, "merge", str(tmp_path / "m.h5"), str(files[1]), str(foreign))
    assert mixed.returncode == 2 and "belongs to another sweep" in mixed.stderr
    assert not (tmp_path / "m.h5").exists()
    bad = run(dealsim, "sweep", str(sweep), "--shard", "3/2")
    assert bad.returncode == 2 and "expected K/N with 1 <= K <= N" in bad.stderr


def test_resume_after_a_kill_gives_the_uninterrupted_file(dealsim, root, tmp_path):
    # Long enough (about 10 s here, with points copied from the built base) that the kill lands
    # after the first checkpoint (2 s) and well before the end, even on a faster machine.
    sweep = small_sweep(root, tmp_path, replications=3000)
    full, resumed = tmp_path / "full.h5", tmp_path / "resumed.h5"
    assert run(dealsim, "sweep", str(sweep), "--out", str(full), "--quiet").returncode == 0
    # kill -9: no chance to write anything; the last checkpoint (every 2 s) is what remains.
    process = subprocess.Popen([dealsim, "sweep", str(sweep), "--out", str(resumed), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not resumed.exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL
    with h5py.File(resumed) as f:
        assert f.attrs["complete"] == 0
        assert 0 < f.attrs["points"] < 48
    refused = run(dealsim, "sweep", str(sweep), "--out", str(resumed))
    assert refused.returncode == 2 and "--resume" in refused.stderr
    result = run(dealsim, "sweep", str(sweep), "--out", str(resumed), "--resume", "--quiet")
    assert result.returncode == 0, result.stderr
    assert_same_datasets(full, resumed)


def test_an_interrupted_sweep_says_so_and_resumes(dealsim, root, tmp_path):
    # Long enough (seconds, as in the kill test above) that the interrupt lands mid-sweep on a
    # fast machine: a fixed sleep before it once outlasted a whole shorter sweep.
    sweep = small_sweep(root, tmp_path, replications=3000)
    out = tmp_path / "interrupted.h5"
    process = subprocess.Popen([dealsim, "sweep", str(sweep), "--out", str(out), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not out.exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "(incomplete)" in stdout
    assert run(dealsim, "sweep", str(sweep), "--out", str(out), "--resume", "--quiet").returncode == 0
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1 and f.attrs["points"] == 48


def test_common_random_numbers_make_point_differences_smooth(dealsim, root, tmp_path):
    sweep = small_sweep(root, tmp_path, replications=30)
    crn, independent = tmp_path / "crn.h5", tmp_path / "independent.h5"
    assert run(dealsim, "sweep", str(sweep), "--out", str(crn), "--quiet").returncode == 0
    assert run(dealsim, "sweep", str(sweep), "--out", str(independent), "--quiet",
               "--no-common-random-numbers").returncode == 0
    with h5py.File(crn) as a, h5py.File(independent) as b:
        metrics = [m.decode() if isinstance(m, bytes) else m for m in a["metric"][()]]
        k = metrics.index("share.azure")
        # Along the stateless-fraction axis (fastest), neighbouring points differ by the parameter's
        # effect only on common random numbers; independently drawn points add noise.
        rough = lambda f: np.abs(np.diff(f["summary/mean"][:, k].reshape(6, 8), axis=1)).mean()
        assert rough(a) < rough(b)
        assert a.attrs["common_random_numbers"] == 1 and b.attrs["common_random_numbers"] == 0


def test_mpi_with_three_ranks_gives_the_single_process_file(dealsim, root, tmp_path):
    import os
    import shutil
    # scripts/test.sh installs Open MPI, so this check always runs there.
    assert shutil.which("mpirun"), "Open MPI is not installed: run scripts/setup.sh --mpi (scripts/test.sh does)"
    sweep = small_sweep(root, tmp_path, replications=15)
    single, distributed = tmp_path / "single.h5", tmp_path / "mpi.h5"
    assert run(dealsim, "sweep", str(sweep), "--out", str(single), "--quiet").returncode == 0
    command = ["mpirun", "--oversubscribe", "-np", "3"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    # Open MPI's own allocations are not ours to leak-check under the sanitizer build.
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0", OMPI_MCA_btl="self,vader")
    result = subprocess.run(command + [dealsim, "sweep", str(sweep), "--out", str(distributed), "--quiet",
                                       "--timing"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "on 3 ranks" in result.stdout
    assert result.stdout.count("48 of 48 points") == 1  # only rank 0 reports
    assert_same_datasets(single, distributed)


def test_table_and_latin_hypercube_designs_with_kept_replications_and_precision(dealsim, root, tmp_path):
    base = root / "scenarios/baseline.yaml"
    (tmp_path / "points.csv").write_text("workloads.stateless_api.growth,routing.frontier_on_aws.share\n"
                                         "0.2,0.5\n0.4,0.9\n0.3,0.7\n")
    table = tmp_path / "table.yaml"
    table.write_text(f"scenario: {base}\nreplications: 12\nkeep_replications: true\n"
                     "design: {kind: table, file: points.csv}\nmetrics: [npv_cash_flow.microsoft, share.aws]\n")
    out = tmp_path / "table.h5"
    result = run(dealsim, "sweep", str(table), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(out) as f:
        np.testing.assert_array_equal(f["point_values"][()], [[0.2, 0.5], [0.4, 0.9], [0.3, 0.7]])
        values = f["replication_values"][()]
        assert values.shape == (3, 2, 12)
        # The summary is of the kept values.
        np.testing.assert_allclose(f["summary/mean"][()], values.mean(axis=2), rtol=1e-12)
    # Point 0 equals a run with the same values set: the sweep adds nothing to the model.
    single = tmp_path / "single.h5"
    assert run(dealsim, "run", str(base), "--reps", "12", "--set", "workloads.stateless_api.growth=0.2",
               "--set", "routing.frontier_on_aws.share=0.5", "--out", str(single), "--quiet").returncode == 0
    with h5py.File(single) as f:
        np.testing.assert_array_equal(f["npv_cash_flow.microsoft"][()], values[0, 0])

    lhs = tmp_path / "lhs.yaml"
    lhs.write_text(f"scenario: {base}\nuntil: {{metric: npv_cash_flow.microsoft, relative: 0.08, batch: 10, max_replications: 200}}\n"
                   "design: {kind: latin_hypercube, points: 6, seed: 3}\n"
                   "parameters:\n  workloads.training.growth: {uniform: {low: 0.15, high: 0.45}}\n"
                   "  providers.aws.price: {triangular: {low: 0.45, mode: 0.6, high: 0.8}}\n"
                   "metrics: [npv_cash_flow.microsoft]\n")
    out = tmp_path / "lhs.h5"
    result = run(dealsim, "sweep", str(lhs), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(out) as f:
        growth = f["point_values"][:, 0]
        # One point per sixth of the range.
        assert sorted(np.floor((growth - 0.15) / 0.3 * 6).astype(int)) == list(range(6))
        replications = f["replications"][()]
        assert all(r % 10 == 0 and 10 <= r <= 200 for r in replications)
        reached = 1.96 * f["summary/se"][:, 0] < 0.08 * np.abs(f["summary/mean"][:, 0])
        assert all(reached | (replications == 200))


def test_damaged_shards_and_checkpoints_are_refused_not_trusted(dealsim, root, tmp_path):
    sweep = small_sweep(root, tmp_path, replications=5)
    files = {k: tmp_path / f"s{k}.h5" for k in (1, 2)}
    for k, path in files.items():
        assert run(dealsim, "sweep", str(sweep), "--shard", f"{k}/2", "--out", str(path), "--quiet").returncode == 0
    damaged = {
        "point out of range": lambda f: f["point"].__setitem__(0, 10_000),
        "point repeated": lambda f: f["point"].__setitem__(1, f["point"][0]),
        "metric list doubled": lambda f: (f.__delitem__("metric"),
                                          f.create_dataset("metric", data=["a", "b"] * 4)),
        "counts that do not add up": lambda f: f.attrs.__setitem__("points_total", 3),
    }
    for what, damage in damaged.items():
        bad = tmp_path / "bad.h5"
        shutil.copy(files[2], bad)
        with h5py.File(bad, "r+") as f:
            damage(f)
        merged = run(dealsim, "merge", str(tmp_path / "m.h5"), str(files[1]), str(bad))
        assert merged.returncode in (2, 3), (what, merged.stderr)
        assert merged.stderr.count("\n") == 1 and "dealsim merge:" in merged.stderr, (what, merged.stderr)
        assert not (tmp_path / "m.h5").exists()
        resumed = run(dealsim, "sweep", str(sweep), "--shard", "2/2", "--resume", "--out", str(bad), "--quiet")
        assert resumed.returncode in (2, 3), (what, resumed.stderr)
        assert "--resume" in resumed.stderr, (what, resumed.stderr)


def test_the_shipped_sobol_sweep_gives_indices_that_hold_up(dealsim, root, tmp_path):
    # What issue-level users rely on: every index and interval in [0, 1], no first order above its
    # total by more than its half-width, no interval wider than 0.2, the convergence check passed;
    # and every input the tornado sweep ranks in its top 6 for these metrics is in the sweep.
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as package
    out = tmp_path / "sobol.h5"
    subprocess.run([dealsim, "sweep", str(root / "scenarios/sweeps/sobol.yaml"), "--out", str(out), "--quiet"],
                   check=True, capture_output=True)
    sweep = package.open_sweep(out)
    tornado_inputs = set(yaml.safe_load((root / "scenarios/sweeps/tornado.yaml").read_text())["parameters"])
    assert tornado_inputs <= set(sweep.parameters)
    for metric in sweep.metrics:
        table = sweep.sobol(metric)
        values = table[["first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high"]]
        assert ((values >= 0) & (values <= 1)).all().all(), metric
        half = (table.first_order_high - table.first_order_low) / 2
        assert (table.first_order <= table.total + half).all(), metric
        assert table.attrs["converged"] is True, metric
        assert sweep.sobol_warnings(metric) == [], metric
    # The largest total for Microsoft's NPV is a demand or routing input, not an inert one.
    npv = sweep.sobol("npv_cash_flow.microsoft")
    assert npv.total.idxmax() in ("routing.frontier_on_aws.share", "workloads.stateful_agents.growth")
    assert npv.loc["commitments.azure_250.penalty_fraction", "total_high"] < 0.01


def test_a_small_sobol_sweep_is_flagged_as_too_imprecise(dealsim, root, tmp_path):
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as package
    text = (root / "scenarios/sweeps/sobol.yaml").read_text().replace("points: 512", "points: 16")
    text = text.replace("replications: 20", "replications: 4")
    text = text.replace("scenario: ../baseline.yaml", f"scenario: {root / 'scenarios/baseline.yaml'}")
    path = tmp_path / "small.yaml"
    path.write_text(text)
    out = tmp_path / "small.h5"
    subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"], check=True, capture_output=True)
    warnings = package.open_sweep(out).sobol_warnings("npv_cash_flow.microsoft")
    assert any("wider than 0.2; run more base points" in w for w in warnings)


def _quick_copy(root, tmp_path, name, **replacements):
    text = (root / f"scenarios/sweeps/{name}.yaml").read_text()
    text = text.replace("scenario: ../baseline.yaml", f"scenario: {root / 'scenarios/baseline.yaml'}")
    for old, new in replacements.items():
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_summary_of_a_sweep_file_prints_its_points_and_tornado(dealsim, root, tmp_path):
    path = _quick_copy(root, tmp_path, "tornado", **{"replications: 300": "replications: 10"})
    out = tmp_path / "tornado.h5"
    swept = subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"],
                           capture_output=True, text=True)
    assert swept.returncode == 0, swept.stderr
    # sweep ends with the points and the tornado tables, widest swing first.
    assert "tornado: npv_cash_flow.microsoft (USD B), one input at a time" in swept.stdout
    assert "points: each point's inputs and the mean of each metric" in swept.stdout
    summary = subprocess.run([dealsim, "summary", str(out)], capture_output=True, text=True)
    assert summary.returncode == 0, summary.stderr
    assert "tornado: one_at_a_time design, 19 of 19 points, 190 replications" in summary.stdout
    assert "[1] workloads.stateless_api.growth" in summary.stdout
    with h5py.File(out) as f:
        swing = f["tornado/swing"][0]
        parameters = [p.decode() for p in f["parameter"][()]]
    widest = parameters[int(np.argmax(swing))]
    block = summary.stdout.split("tornado: npv_cash_flow.microsoft")[1]
    assert block.splitlines()[2].split()[0] == widest
    csv = subprocess.run([dealsim, "summary", str(out), "--csv"], capture_output=True, text=True)
    lines = csv.stdout.strip().splitlines()
    assert lines[0].split(",")[:2] == ["point", "workloads.stateless_api.growth"]
    assert len(lines) == 20
    first = lines[1].split(",")
    assert first[0] == "0" and float(first[1]) == 0.35  # read back exactly (%.17g, as every CSV)


def test_summary_of_an_imprecise_sobol_sweep_warns(dealsim, root, tmp_path):
    path = _quick_copy(root, tmp_path, "sobol", **{"points: 512": "points: 16", "replications: 20": "replications: 4"})
    out = tmp_path / "sobol.h5"
    subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"], check=True, capture_output=True)
    summary = subprocess.run([dealsim, "summary", str(out)], capture_output=True, text=True)
    assert summary.returncode == 0, summary.stderr
    assert "Sobol indices: npv_cash_flow.microsoft (USD B)" in summary.stdout
    assert "is wider than 0.2; run more base points" in summary.stdout
    assert f"the first 20 of 176; dealsim summary {out} --all for every point" in summary.stdout


def test_the_shipped_morris_sweep_screens_the_inputs(dealsim, root, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as package
    out = tmp_path / "morris.h5"
    swept = subprocess.run([dealsim, "sweep", str(root / "scenarios/sweeps/morris.yaml"), "--out", str(out),
                            "--quiet"], capture_output=True, text=True)
    assert swept.returncode == 0, swept.stderr
    assert "Morris elementary effects: npv_cash_flow.microsoft (USD B)" in swept.stdout
    sweep = package.open_sweep(out)
    assert len(sweep.points) == 20 * (len(sweep.parameters) + 1)
    table = sweep.morris("npv_cash_flow.microsoft")
    assert list(table.mu_star) == sorted(table.mu_star, reverse=True)
    assert ((table.mu_star_low <= table.mu_star) & (table.mu_star <= table.mu_star_high)).all()
    assert (table.mu.abs() <= table.mu_star + 1e-9).all()
    # The screening agrees with the one-at-a-time tornado about what matters for Microsoft's NPV:
    # demand growth and the AWS routing share first, the Amazon tranche's hazard not at all.
    assert set(table.index[:3]) == {"workloads.stateful_agents.growth", "routing.frontier_on_aws.share",
                                    "workloads.stateless_api.growth"}
    assert table.loc["investments.amazon_openai.tranches.milestone.milestone.hazard_per_year", "mu_star"] == 0
    ax = package.plots.morris(sweep, "value.amazon")
    assert "USD B" in ax.get_xlabel()


def test_discover_finds_the_same_box_in_the_cli_and_the_loader(dealsim, root, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as package
    path = _quick_copy(root, tmp_path, "morris", **{"replications: 40": "replications: 10"})
    out = tmp_path / "morris.h5"
    subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"], check=True, capture_output=True)
    where = "shortfall_any.azure_250 > 0.3"
    text = subprocess.run([dealsim, "discover", str(out), "--where", where], capture_output=True, text=True)
    assert text.returncode == 0, text.stderr
    assert "coverage/density trade-off" in text.stdout and "<- chosen" in text.stdout
    csv = subprocess.run([dealsim, "discover", str(out), "--where", where, "--csv"], capture_output=True, text=True)
    import io
    import pandas as pd
    table = pd.read_csv(io.StringIO(csv.stdout), float_precision="round_trip")
    found = package.open_sweep(out).discover(where)
    steps = table[table.step != "pasted"]
    assert len(steps) == len(found.trajectory)
    np.testing.assert_array_equal(steps.points.to_numpy(), found.trajectory.points.to_numpy())
    np.testing.assert_array_equal(steps.density.to_numpy(), found.trajectory.density.to_numpy())
    assert int(steps[steps.chosen == 1].step.item()) == found.chosen
    pasted = table[table.step == "pasted"].iloc[0]
    for name, row in found.box.iterrows():
        assert pasted[f"{name}.low"] == row.low and pasted[f"{name}.high"] == row.high
    assert found.density >= 0.8 or found.chosen == int(found.trajectory.density.idxmax())
    # What the box says in words: each restricted input with the range swept.
    for name, row in found.restricted().iterrows():
        assert name in text.stdout
    ax = package.plots.prim_tradeoff(found)
    assert ax.get_xlabel().startswith("coverage")


def test_discover_refuses_bad_conditions_with_exit_2(dealsim, root, tmp_path):
    path = _quick_copy(root, tmp_path, "tornado", **{"replications: 300": "replications: 4"})
    out = tmp_path / "t.h5"
    subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"], check=True, capture_output=True)
    for where, message in (("shortfall_any.azure_250 >> 0.5", "is not a number"),
                           ("shortfall_any.azure_250 0.5", "no comparison"),
                           ("> 0.5", "no metric before '>'"),
                           ("shortfall_any.azure_25 > 0.5", "did you mean 'shortfall_any.azure_250'?"),
                           ("shortfall_any.azure_250 = 0.5", "'=' is not a comparison")):
        result = subprocess.run([dealsim, "discover", str(out), "--where", where], capture_output=True, text=True)
        assert result.returncode == 2, where
        assert message in result.stderr, (where, result.stderr)
        assert result.stdout == ""
    results_file = tmp_path / "r.h5"
    subprocess.run([dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "4", "--out",
                    str(results_file), "--quiet"], check=True)
    wrong = subprocess.run([dealsim, "discover", str(results_file), "--where", "share.aws > 0.1"],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "is not a sweep file" in wrong.stderr
