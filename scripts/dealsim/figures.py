"""The standard figures of a results, sweep or calibration file, written as PNG or SVG files.

    python3 -m dealsim.figures FILE.h5 --out DIR [--format png|svg]

``dealsim plot`` runs this; ``standard_figures`` is what the HTML report embeds.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from . import plots  # noqa: E402
from .calibration import open_calibration  # noqa: E402
from .results import open_results  # noqa: E402
from .sweep import open_sweep  # noqa: E402


def kind_of(path) -> str:
    """"results", "sweep" or "calibration"; ValueError for a file dealsim did not write."""
    with h5py.File(path, "r") as f:
        kind = f.attrs.get("kind", b"")
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        if kind in ("sweep", "calibration"):
            return kind
        if "summary" in f and "replication" in f:
            return "results"
    raise ValueError(f"{path}: not a results, sweep or calibration file of dealsim")


def _figure(width=8.5, height=4.6):
    return plt.subplots(figsize=(width, height))


def results_figures(results):
    """(name, figure) for a run: the money that decides the deal, shares, commitments, tranches."""
    figures = []
    for metric in ("npv_cash_flow.microsoft", "npv_cash_flow.openai", "value.amazon"):
        if metric in results.metrics:
            figure, ax = _figure()
            plots.histogram(results, metric, ax=ax)
            figures.append((f"histogram_{metric}", figure))
    # A tranche paid at a fixed date has one value: nothing to draw.
    tranches = [m for m in results.metrics
                if m.startswith("tranche_years.") and results.summary[m].dropna().nunique() > 1]
    for metric in tranches:
        figure, ax = _figure()
        plots.histogram(results, metric, ax=ax)
        figures.append((f"histogram_{metric}", figure))
    providers = list(results.to_xarray()["provider"].values)
    for provider in providers[:3]:
        figure, ax = _figure()
        plots.fan_chart(results, "billings_by_provider", ax=ax, provider=str(provider))
        figures.append((f"fan_billings_{provider}", figure))
    if "valuation" in results.series_names:
        figure, ax = _figure()
        plots.fan_chart(results, "valuation", ax=ax)
        figures.append(("fan_valuation", figure))
    for commitment in results.scenario.get("commitments", {}) or {}:
        figure, ax = _figure()
        plots.commitment_progress(results, commitment, ax=ax)
        figures.append((f"commitment_{commitment}", figure))
    return figures


def sweep_figures(sweep):
    figures = []
    groups = set(sweep._groups)  # the sensitivity groups the design wrote
    for metric in sweep.metrics:
        for group, draw in (("tornado", plots.tornado), ("sobol", plots.sobol), ("morris", plots.morris)):
            if group in groups:
                figure, ax = _figure(9, 5)
                draw(sweep, metric, ax=ax)
                figures.append((f"{group}_{metric}", figure))
        if len(sweep.parameters) == 2 and sweep.attrs.get("design") == "grid":
            figure, ax = _figure(8, 5.5)
            plots.heatmap(sweep, metric, ax=ax)
            figures.append((f"heatmap_{metric}", figure))
    return figures


def calibration_figures(calibration):
    figures = [("prior_posterior", plots.prior_posterior(calibration))]
    figure, ax = _figure()
    plots.calibration_fit(calibration, ax=ax)
    figures.append(("fit", figure))
    return figures


def standard_figures(path):
    """The (name, matplotlib figure) pairs of a file, by its kind."""
    kind = kind_of(path)
    if kind == "sweep":
        return sweep_figures(open_sweep(path))
    if kind == "calibration":
        return calibration_figures(open_calibration(path))
    return results_figures(open_results(path))


def write_figures(path, folder, image_format="png"):
    """Writes each standard figure as folder/NAME.FORMAT; returns the paths written."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in standard_figures(path):
        target = folder / f"{name}.{image_format}"
        partial = target.with_name(target.name + ".partial")
        figure.savefig(partial, format=image_format, dpi=110, bbox_inches="tight")
        partial.replace(target)
        plt.close(figure)
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="dealsim plot", description="Writes the standard figures of a file.")
    parser.add_argument("file")
    parser.add_argument("--out", default=None)
    parser.add_argument("--format", default="png", choices=("png", "svg"))
    options = parser.parse_args(argv)
    if not pathlib.Path(options.file).exists():
        print(f"dealsim plot: {options.file}: no such file", file=sys.stderr)
        return 3
    try:
        kind_of(options.file)
    except (OSError, ValueError) as error:
        print(f"dealsim plot: {error}", file=sys.stderr)
        return 2
    folder = options.out or pathlib.Path(options.file).with_suffix("").as_posix() + "_figures"
    written = write_figures(options.file, folder, options.format)
    print(f"{options.file} -> {folder}: {len(written)} figures")
    for path in written:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
