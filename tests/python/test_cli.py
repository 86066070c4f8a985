"""The dealsim command line, end to end: exit codes, messages, files written or not."""
import signal
import subprocess
import time

import h5py
import numpy as np
import xarray as xr


def run(*args, **kwargs):
    return subprocess.run(list(args), capture_output=True, text=True, **kwargs)


def test_version_and_help(dealsim):
    result = run(dealsim, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("dealsim ")
    for command in ("run", "validate", "schema", "sweep", "summary"):
        assert run(dealsim, command, "--help").returncode == 0


def test_commands_not_yet_available_say_so_and_exit_2(dealsim):
    result = run(dealsim, "sweep", "x.yaml")
    assert result.returncode == 2
    assert "issue #5" in result.stderr


def test_usage_errors_exit_2(dealsim):
    assert run(dealsim).returncode == 2
    assert run(dealsim, "frobnicate").returncode == 2
    result = run(dealsim, "run", "scenarios/baseline.yaml", "--reps", "-1")
    assert result.returncode == 2
    assert "--reps -1: expected a whole number from 1 to" in result.stderr


def test_run_writes_a_file_that_xarray_opens(dealsim, root, tmp_path):
    out = tmp_path / "baseline.h5"
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "64", "--threads", "2",
                 "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "64 of 64 replications" in result.stdout
    assert "P(shortfall_any.azure_250)" in result.stdout
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1
        assert f.attrs["replications"] == 64
        assert f.attrs["start"] == "2026-03-01"
        assert "azure_exclusivity" in f.attrs["scenario"]
    data = xr.open_dataset(out, engine="h5netcdf")
    assert data["spend_by_provider"].dims == ("replication", "provider", "month")
    assert list(data["provider"].values) == ["azure", "aws"]
    assert str(data["month"].values[0])[:10] == "2026-03-01"
    # Monthly spend adds up to the per-replication totals.
    total = data["spend_by_provider"].sel(provider="azure").sum("month")
    np.testing.assert_allclose(total, data["spend.azure"], rtol=1e-12)
    events = xr.open_dataset(out, engine="h5netcdf", group="events")
    assert set(np.unique(events["kind"].values)) >= {"tranche_paid"}


def test_results_do_not_depend_on_the_thread_count(dealsim, root, tmp_path):
    files = []
    for threads in ("1", "2"):
        out = tmp_path / f"t{threads}.h5"
        assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "40", "--threads", threads,
                   "--out", str(out), "--quiet").returncode == 0
        files.append(xr.open_dataset(out, engine="h5netcdf"))
    for name in ("npv.microsoft", "spend_by_provider", "tranche_years.amazon_openai.milestone"):
        np.testing.assert_array_equal(files[0][name].values, files[1][name].values)


def test_invalid_scenario_exits_2_and_writes_nothing(dealsim, root, tmp_path):
    out = tmp_path / "bad.h5"
    result = run(dealsim, "run", str(root / "tests/scenarios/invalid/unknown_key.yaml"), "--out", str(out))
    assert result.returncode == 2
    assert "unknown_key.yaml:8:3: workloads.api.growht: unknown key 'growht' in workload; did you mean 'growth'?" \
        in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_validate_prints_ok_and_an_outline(dealsim, root):
    result = run(dealsim, "validate", str(root / "scenarios/baseline.yaml"))
    assert result.returncode == 0
    assert result.stdout.startswith("ok: ")
    assert "commitments: azure_250, aws_100" in result.stdout
    bad = run(dealsim, "validate", str(root / "scenarios/baseline.yaml"), "--set", "horizon_years=0")
    assert bad.returncode == 2
    assert "--set horizon_years=0: horizon_years: value 0 is out of range" in bad.stderr


def test_existing_output_is_kept_without_force(dealsim, root, tmp_path):
    out = tmp_path / "keep.h5"
    out.write_bytes(b"previous")
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "5", "--out", str(out))
    assert result.returncode == 2
    assert "use --force" in result.stderr
    assert out.read_bytes() == b"previous"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "5", "--out", str(out),
               "--force", "--quiet").returncode == 0
    assert h5py.is_hdf5(out)


def test_missing_output_folder_is_an_io_error(dealsim, root, tmp_path):
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "5",
                 "--out", str(tmp_path / "no" / "such" / "folder.h5"))
    assert result.returncode == 3
    assert "does not exist" in result.stderr


def test_interrupt_keeps_completed_replications_in_a_valid_file(dealsim, root, tmp_path):
    out = tmp_path / "slow.h5"
    process = subprocess.Popen([dealsim, "run", str(root / "tests/scenarios/valid/slow.yaml"), "--reps", "100000",
                                "--threads", "2", "--out", str(out), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "incomplete: interrupted" in stdout
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 0
        done = int(f.attrs["replications"])
        assert 0 < done < 100000
        assert f["spend.main"].shape == (done,)
    # No temporary file is left behind.
    assert [p.name for p in tmp_path.iterdir()] == ["slow.h5"]
