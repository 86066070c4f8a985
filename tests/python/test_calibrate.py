"""Calibration end to end: a closed-form posterior, recovery of known inputs, bad files, and
determinism across threads, shards, MPI ranks and resumption."""
import os
import shutil
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

from test_sweep import assert_same_datasets, run

CALIBRATIONS = "tests/calibrations"


def weighted_mean_sd(values, weights):
    mean = float(np.sum(values * weights))
    return mean, float(np.sqrt(np.sum(weights * (values - mean) ** 2)))


def copy_calibration(root, tmp_path, name, **replacements):
    """A calibration file in tmp_path (with its scenario), some text replaced."""
    shutil.copy(root / CALIBRATIONS / "linear.yaml", tmp_path / "linear.yaml")
    text = (root / CALIBRATIONS / name).read_text()
    for old, new in replacements.items():
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text)
    return path


def test_normal_mean_with_normal_prior_matches_the_closed_form_posterior(dealsim, root, tmp_path):
    # Exact posterior (see the file): mean 2.4, sd 0.1789. ABC-SMC with 1,000 kept particles:
    # the weighted mean within 0.2 posterior sd (its Monte Carlo error is about 0.04 sd) and the
    # sd within 10 % (the final tolerance, about 0.09 reported sd, widens it by under 1 %).
    out = tmp_path / "normal.h5"
    result = run(dealsim, "calibrate", str(root / CALIBRATIONS / "normal_mean.yaml"), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(out) as f:
        assert f.attrs["kind"] == "calibration" and f.attrs["finished"] == 1
        values, weights = f["posterior_values"][:, 0], f["posterior_weight"][:]
        assert abs(weights.sum() - 1) < 1e-12
        assert list(f["input"].asstr()) == ["workloads.api.initial"]
        tolerance = f["generation_tolerance"][:]
        assert np.all(np.diff(tolerance) <= 0), "the tolerance never grows"
    mean, sd = weighted_mean_sd(values, weights)
    exact_mean, exact_sd = 2.4, 31.25 ** -0.5
    assert abs(mean - exact_mean) < 0.2 * exact_sd, mean
    assert abs(sd / exact_sd - 1) < 0.10, sd

    # Running with the posterior draws the input from it: billings are 24 x initial exactly.
    runs = tmp_path / "posterior_run.h5"
    result = run(dealsim, "run", str(root / CALIBRATIONS / "linear.yaml"), "--posterior", str(out),
                 "--reps", "4000", "--out", str(runs), "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(runs) as f:
        drawn = f["input.workloads.api.initial"][:]
        billings = f["billings.main"][:]
        assert f.attrs["posterior"] == str(out)
    assert np.allclose(billings, 24 * drawn, rtol=1e-6)
    assert abs(drawn.mean() - mean) < 3 * sd / np.sqrt(4000 / 2)
    assert set(np.unique(drawn)) <= set(values), "every draw is a particle"

    summary = run(dealsim, "summary", str(out))
    assert summary.returncode == 0, summary.stderr
    assert "workloads.api.initial [USD B/month]" in summary.stdout
    assert "normal(mean 2, sd 0.4) within [0, 10]" in summary.stdout
    assert "source: closed-form test" in summary.stdout
    csv = run(dealsim, "summary", str(out), "--csv")
    assert csv.stdout.startswith("input,unit,prior,prior_mean")

    # The loader, and xarray opening the file whole with its dimensions.
    import sys
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as loader
    calibration = loader.open_calibration(out)
    assert calibration.finished and calibration.inputs == ["workloads.api.initial"]
    assert abs(calibration.inputs_table.loc["workloads.api.initial", "posterior_mean"] - mean) < 1e-9
    assert calibration.fit.loc["billings", "reported"] == 60
    dataset = calibration.dataset()
    assert dataset["posterior_values"].dims == ("particle", "input")
    assert dataset.sizes["particle"] == 1000 and dataset.sizes["generation"] == len(tolerance)


def recovery(dealsim, root, tmp_path, fraction):
    path = copy_calibration(root, tmp_path, "recovery.yaml",
                            SD_FIRST=str(21.7653 * fraction), SD_SECOND=str(32.47 * fraction))
    out = tmp_path / f"recovery_{fraction}.h5"
    result = run(dealsim, "calibrate", str(path), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(out) as f:
        inputs = list(f["input"].asstr())
        return {name: (f["posterior_p5"][i], f["posterior_p95"][i]) for i, name in enumerate(inputs)}


def test_recovery_finds_the_inputs_that_made_the_targets_and_narrows_with_them(dealsim, root, tmp_path):
    truth = {"workloads.api.initial": 1.5, "workloads.api.growth": 0.4}
    wide = recovery(dealsim, root, tmp_path, 0.05)
    narrow = recovery(dealsim, root, tmp_path, 0.01)
    for name, true_value in truth.items():
        for intervals in (wide, narrow):
            low, high = intervals[name]
            assert low <= true_value <= high, (name, intervals[name])
        assert narrow[name][1] - narrow[name][0] < 0.5 * (wide[name][1] - wide[name][0]), name


@pytest.mark.parametrize("name, expected", [
    ("bad_paths.yaml", [
        "bad_paths.yaml:4:3: inputs.workloads.api.intial: 'workloads.api.intial' is not a field",
        "did you mean 'initial' at the same level?",
        "bad_paths.yaml:7:12: inputs.workloads.api.growth.prior: the distribution's support [-2, 1] is not within the field's range [-1, 5]",
        "bad_paths.yaml:8:3: inputs.discount_rate: 'discount_rate' is not a number that the scenario draws per replication",
        "bad_paths.yaml:11:12: inputs.workloads.api.initial.prior: a prior must be a distribution",
        "bad_paths.yaml:14:13: targets.unknown_metric.metric: no metric named 'billings.mian'",
        "did you mean 'billings.main'?",
        "bad_paths.yaml:21:9: targets.zero_sd.sd: the uncertainty must be a positive, finite standard deviation",
        "bad_paths.yaml:27:15: targets.reversed_interval.interval: expected low < high",
        "bad_paths.yaml:31:9: targets.outside_run.at: 2031-06-01 is outside the run",
        "8 errors in",
    ]),
    ("bad_budget.yaml", [
        "bad_budget.yaml:8:21: method.particles: value 0 is out of range, expected a whole number in [4, 1e+06]",
        "bad_budget.yaml:8:41: method.max_generations: value 0 is out of range",
    ]),
    ("empty.yaml", [
        "empty.yaml:3:9: inputs: expected at least one input to fit",
        "empty.yaml:4:10: targets: expected at least one target",
    ]),
])
def test_bad_calibration_files_are_refused_with_their_places_and_nothing_written(dealsim, root, tmp_path, name, expected):
    out = tmp_path / "never.h5"
    result = run(dealsim, "calibrate", str(root / CALIBRATIONS / "invalid" / name), "--out", str(out))
    assert result.returncode == 2
    for line in expected:
        assert line in result.stderr, (line, result.stderr)
    assert "nothing was run" in result.stderr
    assert not out.exists()


def small(root, tmp_path, particles=200, replications=2):
    return copy_calibration(root, tmp_path, "recovery.yaml", SD_FIRST="1.0", SD_SECOND="1.5",
                            **{"particles: 600": f"particles: {particles}",
                               "max_generations: 25": "max_generations: 4",
                               "replications: 1": f"replications: {replications}"})


def test_threads_shards_and_merges_give_identical_files(dealsim, root, tmp_path):
    path = small(root, tmp_path)
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    assert run(dealsim, "calibrate", str(path), "--out", str(one), "--threads", "1", "--quiet").returncode == 0
    assert run(dealsim, "calibrate", str(path), "--out", str(two), "--threads", "2", "--quiet").returncode == 0
    assert_same_datasets(one, two)
    # Shards: each round simulates one shard's share of a generation; merge; continue.
    shards = [tmp_path / f"shard{k}.h5" for k in (1, 2, 3)]
    merged = tmp_path / "merged.h5"
    for _ in range(6):
        for k, shard in enumerate(shards, start=1):
            if merged.exists():
                shutil.copy(merged, shard)
            options = ["--resume"] if merged.exists() else []
            result = run(dealsim, "calibrate", str(path), "--out", str(shard), "--shard", f"{k}/3", "--quiet", *options)
            assert result.returncode == 0, result.stderr
        result = run(dealsim, "merge", str(merged), *map(str, shards), "--force")
        assert result.returncode == 0, result.stderr
        if "(finished)" in result.stdout:
            break
    assert_same_datasets(one, merged)
    (tmp_path / "other").mkdir()
    other = copy_calibration(root, tmp_path / "other", "recovery.yaml", SD_FIRST="2.0", SD_SECOND="1.5")
    foreign = tmp_path / "foreign.h5"
    assert run(dealsim, "calibrate", str(other), "--out", str(foreign), "--shard", "1/3", "--quiet").returncode == 0
    refused = run(dealsim, "merge", str(tmp_path / "mixed.h5"), str(shards[0]), str(foreign))
    assert refused.returncode == 2 and "belongs to another calibration" in refused.stderr


def test_mpi_with_three_ranks_gives_the_single_process_file(dealsim, root, tmp_path):
    assert shutil.which("mpirun"), "Open MPI is not installed: run scripts/setup.sh --mpi (scripts/test.sh does)"
    path = small(root, tmp_path)
    single, distributed = tmp_path / "single.h5", tmp_path / "mpi.h5"
    assert run(dealsim, "calibrate", str(path), "--out", str(single), "--quiet").returncode == 0
    command = ["mpirun", "--oversubscribe", "-np", "3"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0", OMPI_MCA_btl="self,vader")
    result = subprocess.run(command + [dealsim, "calibrate", str(path), "--out", str(distributed), "--quiet"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert_same_datasets(single, distributed)


def test_resume_after_a_kill_or_an_interrupt_gives_the_uninterrupted_file(dealsim, root, tmp_path):
    # 3,000 replications per candidate: about 6 s here, so that the kill lands after the first
    # checkpoint (2 s, or the first generation's end) and the interrupt (at 2.5 s) before the end,
    # with room for a faster machine.
    path = small(root, tmp_path, particles=200, replications=3000)
    full, killed, interrupted = tmp_path / "full.h5", tmp_path / "killed.h5", tmp_path / "interrupted.h5"
    assert run(dealsim, "calibrate", str(path), "--out", str(full), "--quiet").returncode == 0
    process = subprocess.Popen([dealsim, "calibrate", str(path), "--out", str(killed), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not killed.exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL
    with h5py.File(killed) as f:
        assert f.attrs["finished"] == 0 and 0 < f["candidate"].shape[0]
    refused = run(dealsim, "calibrate", str(path), "--out", str(killed))
    assert refused.returncode == 2 and "--resume" in refused.stderr
    result = run(dealsim, "calibrate", str(path), "--out", str(killed), "--resume", "--quiet")
    assert result.returncode == 0, result.stderr
    assert_same_datasets(full, killed)

    process = subprocess.Popen([dealsim, "calibrate", str(path), "--out", str(interrupted), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "incomplete: --resume continues it" in stdout
    with h5py.File(interrupted) as f:
        assert f.attrs["finished"] == 0
    assert run(dealsim, "calibrate", str(path), "--out", str(interrupted), "--resume", "--quiet").returncode == 0
    assert_same_datasets(full, interrupted)


def test_run_refuses_a_posterior_it_cannot_use(dealsim, root, tmp_path):
    path = small(root, tmp_path)
    shard = tmp_path / "unfinished.h5"
    assert run(dealsim, "calibrate", str(path), "--out", str(shard), "--shard", "1/2", "--quiet").returncode == 0
    result = run(dealsim, "run", str(root / CALIBRATIONS / "linear.yaml"), "--posterior", str(shard),
                 "--out", str(tmp_path / "never.h5"))
    assert result.returncode == 2 and "has not finished" in result.stderr
    assert not (tmp_path / "never.h5").exists()
    finished = tmp_path / "finished.h5"
    assert run(dealsim, "calibrate", str(path), "--out", str(finished), "--quiet").returncode == 0
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"),
                 "--posterior", str(finished), "--out", str(tmp_path / "never.h5"))
    assert result.returncode == 2 and "does not draw per replication" in result.stderr, result.stderr
    result = run(dealsim, "run", str(root / CALIBRATIONS / "linear.yaml"), "--posterior", str(tmp_path / "missing.h5"))
    assert result.returncode == 3


def test_list_paths_are_found_and_checked_in_calibrations(dealsim, root, tmp_path):
    # A list item is found by its position (the baseline draws ramp[1]'s level, so it can be
    # fitted); a position past the list's end is the one error, naming the path.
    path = tmp_path / "lists.yaml"
    path.write_text(f"""scenario: {root / 'scenarios/baseline.yaml'}
inputs:
  providers.azure.capacity.ramp[1].level:
    prior: {{dist: uniform, low: 30, high: 50}}
  providers.azure.capacity.ramp[7].level:
    prior: {{dist: uniform, low: 30, high: 50}}
targets:
  share:
    metric: share.azure
    value: 0.4
    sd: 0.05
    source: a test
""")
    result = run(dealsim, "calibrate", str(path), "--out", str(tmp_path / "x.h5"))
    assert result.returncode == 2
    assert "lists.yaml:5:3: inputs.providers.azure.capacity.ramp[7].level: " \
           "'providers.azure.capacity.ramp[7].level' is not a field of" in result.stderr
    assert "\n1 error in " in result.stderr
    assert ": a list position is past the list's end" in result.stderr
    assert not (tmp_path / "x.h5").exists()
