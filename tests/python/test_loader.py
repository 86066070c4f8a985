"""The Python loader (scripts/dealsim) on real results files, complete and interrupted."""
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def dealsim_package(root):
    sys.path.insert(0, str(root / "scripts"))
    import dealsim as package
    return package


@pytest.fixture(scope="module")
def results_file(dealsim, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("loader") / "baseline.h5"
    subprocess.run([dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "120", "--ledger",
                    "--out", str(out), "--quiet"], check=True, capture_output=True)
    return out


def test_summary_has_one_row_per_replication(dealsim_package, results_file):
    results = dealsim_package.open_results(results_file)
    assert results.complete
    assert results.summary.shape[0] == 120
    assert "npv_cash_flow.microsoft" in results.summary.columns
    assert results.units["billings.azure"] == "USD B"
    # The file's summary group agrees with the per-replication values.
    assert results.statistics.loc["npv_cash_flow.microsoft", "mean"] == pytest.approx(results.summary["npv_cash_flow.microsoft"].mean())
    assert results.statistics.loc["npv_cash_flow.microsoft", "p50"] == pytest.approx(results.summary["npv_cash_flow.microsoft"].median())


def test_series_wide_and_long(dealsim_package, results_file):
    results = dealsim_package.open_results(results_file)
    azure = results.series("billings_by_provider", provider="azure")
    assert azure.shape == (120, 96)
    assert azure.columns[0] == pd.Timestamp("2026-03-01")
    np.testing.assert_allclose(azure.sum(axis=1), results.summary["billings.azure"], rtol=1e-5)
    long = results.series("demand_by_class", long=True)
    assert list(long.columns) == ["replication", "class", "month", "value"]
    assert len(long) == 120 * 5 * 96
    with pytest.raises(KeyError, match="no series named"):
        results.series("nonsense")


def test_events_and_ledger_are_decoded(dealsim_package, results_file):
    results = dealsim_package.open_results(results_file)
    events = results.events
    assert {"replication", "date", "kind", "party", "amount", "cause"} <= set(events.columns)
    signing = events[(events.kind == "tranche_paid") & (events.cause == "tranche:amazon_openai.signing")]
    assert len(signing) == 120
    assert (signing.date == pd.Timestamp("2026-02-27")).all()
    ledger = results.ledger
    # Each replication's ledger balances: money moves between parties, none is created.
    flows = pd.concat([ledger.groupby(["replication", "payee"], observed=True).amount.sum(),
                       -ledger.groupby(["replication", "payer"], observed=True).amount.sum()])
    assert abs(flows.groupby(level=0).sum()).max() < 1e-6
    # A party's ledger net equals its reported net cash flow.
    openai = (ledger[ledger.payee == "openai"].groupby("replication").amount.sum()
              .sub(ledger[ledger.payer == "openai"].groupby("replication").amount.sum(), fill_value=0))
    np.testing.assert_allclose(openai, results.summary["net_cash_flow.openai"], rtol=1e-9)


def test_scenario_inputs_and_xarray(dealsim_package, results_file):
    results = dealsim_package.open_results(results_file)
    assert results.scenario["commitments"]["azure_250"]["amount"]["value"] == 250
    assert set(results.inputs.provenance) == {"sourced", "assumed", "unmarked"}
    data = results.to_xarray()
    assert data["shortfall_by_contract_year"].dims == ("replication", "commitment", "contract_year")


def test_an_interrupted_run_loads_with_the_replications_it_kept(dealsim, dealsim_package, root, tmp_path):
    out = tmp_path / "interrupted.h5"
    process = subprocess.Popen([dealsim, "run", str(root / "tests/scenarios/valid/slow.yaml"), "--reps", "100000",
                                "--threads", "2", "--out", str(out), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 130
    results = dealsim_package.open_results(out)
    assert not results.complete
    kept = results.attrs["replications"]
    assert 0 < kept < 100000
    assert len(results.summary) == kept
    assert results.series("demand_by_class", **{"class": "api"}).shape == (kept, 600)
    assert "INCOMPLETE" in repr(results)


def test_bad_paths_are_reported(dealsim_package, tmp_path):
    with pytest.raises(FileNotFoundError):
        dealsim_package.open_results(tmp_path / "missing.h5")
    text = tmp_path / "text.h5"
    text.write_text("not hdf5")
    with pytest.raises(ValueError, match="not an HDF5 file"):
        dealsim_package.open_results(text)


def test_plots_draw(dealsim_package, results_file):
    import matplotlib
    matplotlib.use("Agg")
    results = dealsim_package.open_results(results_file)
    ax = dealsim_package.plots.fan_chart(results, "valuation")
    assert len(ax.lines) == 1
    ax = dealsim_package.plots.histogram(results, "npv_cash_flow.microsoft")
    # Titled with the metric and what it is in words; the axis says the unit.
    assert ax.get_title() == f"npv_cash_flow.microsoft: {results.descriptions['npv_cash_flow.microsoft'].rstrip('.')}"
    assert ax.get_xlabel() == "npv_cash_flow.microsoft (USD B)"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "5th and 95th percentiles" in labels and any(label.startswith("mean ") for label in labels)
    ax = dealsim_package.plots.fan_chart(results, "billings_by_provider", provider="azure")
    assert ax.get_ylabel() == "USD B per month"
    ax = dealsim_package.plots.commitment_progress(results, "azure_250")
    # Per contract year: the year's minimum is drawn, and P(shortfall) written above each year.
    assert any(text.get_text().startswith("P(shortfall)") for text in ax.texts)
    assert ax.get_xlabel() == "contract year"
    schedule = dealsim_package.plots.commitment_schedule(results, "azure_250")
    assert schedule.iloc[-1] == 250
    assert schedule.index[0] == pd.Timestamp("2026-10-28")


def test_sweep_loader_tables_and_plots(dealsim, dealsim_package, root, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    text = (root / "scenarios/sweeps/tornado.yaml").read_text().replace("replications: 300", "replications: 10")
    text = text.replace("scenario: ../baseline.yaml", f"scenario: {root / 'scenarios/baseline.yaml'}")
    path = tmp_path / "tornado.yaml"
    path.write_text(text)
    out = tmp_path / "tornado.h5"
    assert subprocess.run([dealsim, "sweep", str(path), "--out", str(out), "--quiet"]).returncode == 0
    sweep = dealsim_package.open_sweep(out)
    assert sweep.complete and len(sweep.points) == 19
    table = sweep.tornado("npv_cash_flow.microsoft")
    assert list(table.swing) == sorted(table.swing, reverse=True)
    # The tornado's base is the first point's mean.
    assert table.attrs["base"] == pytest.approx(sweep.points["npv_cash_flow.microsoft"].iloc[0])
    ax = dealsim_package.plots.tornado(sweep, "npv_cash_flow.microsoft")
    assert len(ax.patches) == 2 * len(table)
    # Titled in words, with the meaning the file records for the metric (wrapped to fit).
    meaning = sweep.metric_descriptions["npv_cash_flow.microsoft"]
    assert meaning.startswith("Present value")
    title = ax.get_title()
    assert " ".join(title.split()).startswith(f"What moves npv_cash_flow.microsoft: {meaning.rstrip('.')}")
    assert max(len(line) for line in title.splitlines()) <= 90
    with pytest.raises(KeyError, match="no Sobol indices"):
        sweep.sobol("npv_cash_flow.microsoft")
