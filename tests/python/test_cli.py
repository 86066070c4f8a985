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
    for command in ("run", "validate", "schema", "sweep", "merge", "summary", "compare"):
        assert run(dealsim, command, "--help").returncode == 0


def test_a_missing_sweep_file_is_reported_and_exits_3(dealsim, tmp_path):
    result = run(dealsim, "sweep", str(tmp_path / "x.yaml"), "--out", str(tmp_path / "x.h5"))
    assert result.returncode == 3
    assert "x.yaml: no such file" in result.stderr
    assert not (tmp_path / "x.h5").exists()


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
    assert data["billings_by_provider"].dims == ("replication", "provider", "month")
    assert list(data["provider"].values) == ["azure", "aws", "oracle", "coreweave", "google"]
    assert str(data["month"].values[0])[:10] == "2026-03-01"
    # Monthly spend adds up to the per-replication totals (series are stored as float32).
    total = data["billings_by_provider"].sel(provider="azure").astype("float64").sum("month")
    np.testing.assert_allclose(total, data["billings.azure"], rtol=1e-6)
    events = xr.open_dataset(out, engine="h5netcdf", group="events")
    names = events["kind_names"].values
    assert "tranche_paid" in set(names[np.unique(events["kind"].values)])


def test_results_do_not_depend_on_the_thread_count(dealsim, root, tmp_path):
    files = []
    for threads in ("1", "2"):
        out = tmp_path / f"t{threads}.h5"
        assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "40", "--threads", threads,
                   "--out", str(out), "--quiet").returncode == 0
        files.append(xr.open_dataset(out, engine="h5netcdf"))
    for name in ("npv_cash_flow.microsoft", "billings_by_provider", "tranche_years.amazon_openai.milestone"):
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
        assert f["billings.main"].shape == (done,)
    # No temporary file is left behind.
    assert [p.name for p in tmp_path.iterdir()] == ["slow.h5"]


def test_summary_prints_the_table_and_csv(dealsim, root, tmp_path):
    out = tmp_path / "s.h5"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "50", "--out", str(out),
               "--quiet").returncode == 0
    table = run(dealsim, "summary", str(out))
    assert table.returncode == 0
    assert table.stdout.startswith("baseline: 50 replications, seed 20260318")
    assert "P(filed.azure_exclusivity)" in table.stdout
    csv = run(dealsim, "summary", str(out), "--csv")
    assert csv.stdout.splitlines()[0].startswith("metric,unit,kind,mean,sd,se,p5")
    rows = {line.split(",")[0]: line.split(",") for line in csv.stdout.splitlines()[1:]}
    with h5py.File(out) as f:
        assert float(rows["npv_cash_flow.microsoft"][3]) == pytest_approx(np.mean(f["npv_cash_flow.microsoft"][()]))
        meaning = f["gross_profit.azure"].attrs["description"]
        meaning = meaning.decode() if isinstance(meaning, bytes) else meaning
    # Each metric's meaning: the last CSV column (quoted: it holds commas), and --explain.
    import csv as csv_module, io
    parsed = {row["metric"]: row for row in csv_module.DictReader(io.StringIO(csv.stdout))}
    assert parsed["gross_profit.azure"]["description"] == meaning
    assert parsed["billings.azure"]["unit"] == "USD B"
    explained = run(dealsim, "summary", str(out), "--explain")
    assert f"  gross_profit.azure [USD B]: {meaning}" in explained.stdout.splitlines()
    assert "  shortfall_any.azure_250 [probability]: Whether any contract year" in explained.stdout
    missing = run(dealsim, "summary", str(tmp_path / "none.h5"))
    assert missing.returncode == 3
    assert "no such file" in missing.stderr


def test_compare_pairs_replications_on_common_random_numbers(dealsim, root, tmp_path):
    a, b, c = tmp_path / "a.h5", tmp_path / "b.h5", tmp_path / "c.h5"
    for scenario, out, seed in (("amazon_openai_prevail", a, "7"), ("microsoft_prevails", b, "7"),
                                ("microsoft_prevails", c, "8")):
        assert run(dealsim, "run", str(root / f"scenarios/{scenario}.yaml"), "--reps", "60", "--seed", seed,
                   "--out", str(out), "--quiet").returncode == 0
    paired = run(dealsim, "compare", str(a), str(b), "--csv")
    assert paired.returncode == 0
    rows = {line.split(",")[0]: line.split(",") for line in paired.stdout.splitlines()[1:]}
    with h5py.File(a) as fa, h5py.File(b) as fb:
        difference = fb["npv_cash_flow.microsoft"][()] - fa["npv_cash_flow.microsoft"][()]
    columns = paired.stdout.splitlines()[0].split(",")
    assert float(rows["npv_cash_flow.microsoft"][columns.index("difference")]) == pytest_approx(difference.mean())
    assert rows["npv_cash_flow.microsoft"][columns.index("paired")] == "1"
    assert rows["npv_cash_flow.microsoft"][columns.index("unit")] == "USD B"
    # Demand does not depend on the dispute: on common random numbers the difference is exactly 0.
    assert float(rows["demand.stateless_api"][columns.index("difference")]) == 0.0
    unpaired = run(dealsim, "compare", str(a), str(c))
    assert "NOT run on common random numbers" in unpaired.stdout


def pytest_approx(value):
    import pytest
    return pytest.approx(value, rel=1e-12, abs=1e-12)


def test_until_stops_at_the_precision_target_and_matches_a_fixed_run(dealsim, root, tmp_path):
    adaptive, fixed = tmp_path / "adaptive.h5", tmp_path / "fixed.h5"
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--until", "npv_cash_flow.microsoft:0.05",
                 "--batch", "50", "--max-reps", "2000", "--out", str(adaptive), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "precision: npv_cash_flow.microsoft" in result.stdout
    with h5py.File(adaptive) as f:
        n = int(f.attrs["replications"])
        values = f["npv_cash_flow.microsoft"][()]
        assert f.attrs["stopping_rule"] == "npv_cash_flow.microsoft:0.05"
    assert n % 50 == 0 and 50 <= n < 2000
    half_width = 1.96 * values.std(ddof=1) / np.sqrt(n)
    assert half_width < 0.05 * abs(values.mean())
    # One batch fewer would not have met it (else the run would have stopped there).
    if n > 50:
        shorter = values[: n - 50]
        assert 1.96 * shorter.std(ddof=1) / np.sqrt(n - 50) >= 0.05 * abs(shorter.mean())
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", str(n), "--out", str(fixed),
               "--quiet").returncode == 0
    with h5py.File(fixed) as f:
        np.testing.assert_array_equal(f["npv_cash_flow.microsoft"][()], values)
        np.testing.assert_array_equal(f["billings_by_provider"][()], h5py.File(adaptive)["billings_by_provider"][()])
    bad = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--until", "npv_cash_flow.microsft:0.01")
    assert bad.returncode == 2
    assert "did you mean 'npv_cash_flow.microsoft'?" in bad.stderr


def test_timing_reports_the_hdf5_share(dealsim, root, tmp_path):
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "30", "--timing",
                 "--out", str(tmp_path / "t.h5"), "--quiet")
    assert result.returncode == 0
    assert "s writing HDF5 (" in result.stdout


def test_replication_is_not_an_unlimited_dimension(dealsim, root, tmp_path):
    # Regression: with a growable `replication` coordinate, netCDF readers treat the dimension as
    # unlimited and scan every variable to size it, making xarray take seconds to open a file.
    import h5netcdf
    out = tmp_path / "dims.h5"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "20", "--out", str(out),
               "--quiet").returncode == 0
    with h5netcdf.File(out, "r") as f:
        assert not f.dimensions["replication"].isunlimited()
        assert f.dimensions["replication"].size == 20


def test_a_baseline_run_gives_the_datasets_of_the_golden_digest(dealsim, root, tmp_path):
    """Every dataset of a 1,000-replication baseline run, value for value: restructuring the code
    must not change a result. Regenerate on purpose with scripts/regenerate_goldens.sh."""
    out = tmp_path / "baseline.h5"
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "1000", "--threads", "2",
                 "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    digest = run("/usr/bin/python3", str(root / "scripts/dataset_digest.py"), str(out))
    assert digest.returncode == 0, digest.stderr
    expected = (root / "tests/golden/baseline_1000.datasets").read_text().splitlines()
    actual = digest.stdout.splitlines()
    assert [line.split()[0] for line in actual] == [line.split()[0] for line in expected]
    changed = [a.split()[0] for a, e in zip(actual, expected) if a != e]
    assert changed == [], f"datasets that changed: {changed}"


def test_an_unknown_command_is_named_with_the_commands_there_are(dealsim):
    result = run(dealsim, "init")
    assert result.returncode == 2
    assert "dealsim: unknown command 'init'" in result.stderr
    assert "the commands are run, validate, schema, sweep, calibrate, merge, summary, compare" in result.stderr
    assert "did you mean 'run'?" in run(dealsim, "rnu").stderr


def test_help_names_what_each_option_takes(dealsim):
    text = run(dealsim, "run", "--help").stdout
    for option, kind in (("--reps", "N"), ("--seed", "N"), ("--threads", "N"), ("--until", "METRIC:REL"),
                         ("--set", "PATH=VALUE"), ("--out", "FILE.h5")):
        assert f"{option} {kind}" in text, option
    assert " TEXT " not in text


def test_the_source_revision_is_in_version_and_every_file(dealsim, root, tmp_path):
    version = run(dealsim, "--version").stdout.strip()
    described = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--tags"],
                               capture_output=True, text=True)
    revision = version.split("(source revision ")[1].rstrip(")")
    if described.returncode == 0:
        # The build's revision is the checkout's commit (dirty or not, depending on edits since).
        assert revision.removesuffix("-dirty") == described.stdout.strip().removesuffix("-dirty")
    out = tmp_path / "r.h5"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "8", "--out", str(out),
               "--quiet").returncode == 0
    with h5py.File(out) as f:
        assert f.attrs["source_revision"] == revision


def test_until_on_a_metric_that_is_always_zero_stops_at_once(dealsim, root, tmp_path):
    result = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--until", "billings.aws.stateless_api:0.01",
                 "--batch", "50", "--out", str(tmp_path / "u.h5"), "--quiet")
    assert result.returncode == 0
    assert "50 of 50 replications" in result.stdout
    assert "half-width 0 = exact (every value was 0)" in result.stdout
    assert "nan" not in result.stdout


def test_summary_rows_do_not_depend_on_the_replications(dealsim, root, tmp_path):
    tables = []
    for reps in ("20", "200"):
        out = tmp_path / f"r{reps}.h5"
        assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", reps, "--out", str(out),
                   "--quiet").returncode == 0
        text = run(dealsim, "summary", str(out)).stdout
        tables.append([line.split()[0] for line in text.splitlines()[2:] if line.strip()])
        lines = text.splitlines()
        header = lines[2]
        mean_end = header.index("mean") + len("mean")
        # Columns line up however long the names: each row's mean ends under the header's.
        for line in lines[3:]:
            if line.strip():
                assert line[mean_end - 1].isdigit() and line[mean_end] == " ", line
    assert tables[0] == tables[1]
    full = run(dealsim, "summary", str(tmp_path / "r200.h5"), "--all").stdout
    assert "metrics were 0 in every replication: " in full
    assert "input.providers.azure.unit_cost [USD per USD of reference compute]" in full


def test_compare_says_what_differs_with_units_and_names_unshared_metrics(dealsim, root, tmp_path):
    files = {}
    for name in ("baseline", "no_frontier_on_aws"):
        files[name] = tmp_path / f"{name}.h5"
        assert run(dealsim, "run", str(root / f"scenarios/{name}.yaml"), "--reps", "30", "--out",
                   str(files[name]), "--quiet").returncode == 0
    result = run(dealsim, "compare", str(files["baseline"]), str(files["no_frontier_on_aws"]))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "what differs between the scenarios (A -> B):" in text
    assert "  equity.valuation.value: 730 -> 680" in text
    assert "  commitments.aws_38: only in B (" in text
    # Provenance notes are not inputs: a changed note alone is not listed.
    assert not any(line.strip().split(":")[0].endswith((".sourced", ".assumed")) for line in text.splitlines())
    header = next(line for line in text.splitlines() if line.startswith("metric"))
    assert header.split()[:5] == ["metric", "unit", "A", "B", "B"]
    assert any(line.startswith("billings.azure ") and " USD B " in line for line in text.splitlines())
    assert "27 metrics only in A (not compared): shortfall.aws_100" in text
    assert "5 metrics only in B (not compared): shortfall.aws_38" in text
    same = run(dealsim, "compare", str(files["baseline"]), str(files["baseline"])).stdout
    assert "what differs between the scenarios (A -> B): nothing" in same
    csv = run(dealsim, "compare", str(files["baseline"]), str(files["no_frontier_on_aws"]), "--csv")
    assert csv.stdout.splitlines()[0].startswith("metric,unit,mean_a")
    assert "27 metrics only in A and 5 only in B were not compared" in csv.stderr


def test_export_writes_csv_files_that_read_back_as_the_results(dealsim, root, tmp_path):
    import pandas as pd
    out = tmp_path / "r.h5"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "12", "--out", str(out),
               "--quiet").returncode == 0
    folder = tmp_path / "csv"
    result = run(dealsim, "export", str(out), "--csv", str(folder))
    assert result.returncode == 0, result.stderr
    metrics = pd.read_csv(folder / "metrics.csv", float_precision="round_trip")
    series = pd.read_csv(folder / "series.csv", keep_default_na=False, float_precision="round_trip",
                         dtype={"label": str, "step": str})
    columns = pd.read_csv(folder / "columns.csv", keep_default_na=False)
    with h5py.File(out) as f:
        names = [n.decode() for n in f["summary/metric"][()]]
        assert list(metrics.columns) == ["replication"] + names
        assert list(columns.column) == names
        for name in ("npv_cash_flow.microsoft", "share.aws", "tranche_years.amazon_openai.milestone"):
            np.testing.assert_array_equal(metrics[name].to_numpy(), f[name][()])  # exact
        assert columns.set_index("column").loc["billings.azure", "unit"] == "USD B"
        # A series of three dimensions, in long form: one row per replication, label and month.
        billings = f["billings_by_provider"][()]
        providers = [p.decode() for p in f["provider"][()]]
        rows = series[series.series == "billings_by_provider"]
        assert len(rows) == billings.size
        row = rows[(rows.label == "aws") & (rows.replication == 7) & (rows.step == "2027-03-01")]
        assert row.period.item() == "month"
        assert np.float32(row.value.item()) == billings[7, providers.index("aws"), 12]  # exact
        # A series of one row has an empty label; yearly series count years from 1.
        assert (series[series.series == "valuation"].label == "").all()
        assert set(series[series.series == "yearly_billings_by_provider"].step) == {str(y) for y in range(1, 9)}
    assert not list(folder.glob("*.partial"))
    again = run(dealsim, "export", str(out), "--csv", str(folder))
    assert again.returncode == 2 and "exists; use --force" in again.stderr
    assert run(dealsim, "export", str(out), "--csv", str(folder), "--force").returncode == 0
    missing = run(dealsim, "export", str(tmp_path / "none.h5"), "--csv", str(tmp_path / "x"))
    assert missing.returncode == 3 and not (tmp_path / "x").exists()


def test_a_horizon_shorter_than_a_commitment_is_noted(dealsim, root, tmp_path):
    validated = run(dealsim, "validate", str(root / "scenarios/baseline.yaml"), "--set", "horizon_years=5")
    assert validated.returncode == 0
    assert ("note: commitments.aws_100 runs 8 contract years from 2026-02-27, but the run ends on 2031-03-01: "
            "contract years 6 to 8 are never assessed") in validated.stdout
    assert "commitments.azure_250 runs 6 contract years from 2025-10-28, but the run ends on 2031-03-01: " \
           "contract year 6 is never assessed" in validated.stdout
    ran = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--set", "horizon_years=5", "--reps", "4",
              "--out", str(tmp_path / "r.h5"), "--quiet")
    assert "note: commitments.aws_100 runs 8 contract years" in ran.stdout
    # The shipped baseline reaches every commitment's end: no note.
    assert "  note: " not in run(dealsim, "validate", str(root / "scenarios/baseline.yaml")).stdout
