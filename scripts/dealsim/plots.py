"""Plots of dealsim results (matplotlib)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    return ax


def fan_chart(results, series: str, ax=None, label: str | None = None, **selection):
    """Median and 50 % / 90 % bands across replications of a monthly series.

    ``selection`` picks one label of a series with a third dimension, e.g. provider="azure".
    """
    frame = results.series(series, **selection)
    quantiles = frame.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
    dates = frame.columns
    ax = _axes(ax)
    ax.fill_between(dates, quantiles.loc[0.05], quantiles.loc[0.95], alpha=0.2, label="90 %")
    ax.fill_between(dates, quantiles.loc[0.25], quantiles.loc[0.75], alpha=0.4, label="50 %")
    ax.plot(dates, quantiles.loc[0.5], label=label or "median")
    described = getattr(results, "descriptions", {}).get(series, "").rstrip(".")
    what = (described.split(":")[0].split(" (")[0] or series) + "".join(f" [{v}]" for v in selection.values())
    ax.set_title(what, fontsize="medium")
    ax.set_ylabel(f"{series} ({results.units.get(series, '')})")
    ax.set_xlabel("date")
    _legend_outside(ax)
    return ax


def _legend_outside(ax):
    """A legend below the axes, where it cannot cover data."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize="small", frameon=False)


def histogram(results, metric: str, ax=None, bins: int = 40):
    """Histogram of a per-replication metric, with its mean and 5/95 % percentiles marked."""
    values = results.summary[metric].dropna()
    ax = _axes(ax)
    ax.hist(values, bins=bins, alpha=0.7)
    for q, label in ((0.05, "5 % and 95 % percentiles"), (0.95, None)):
        ax.axvline(values.quantile(q), color="k", linestyle=":", label=label)
    ax.axvline(values.mean(), color="k", label=f"mean {values.mean():.3g}")
    ax.set_title(f"{metric} ({len(values)} replications)")
    ax.set_xlabel(f"{metric} ({results.units.get(metric, '')})")
    ax.set_ylabel("replications")
    ax.legend()
    return ax


def commitment_schedule(results, commitment: str) -> pd.Series:
    """The cumulative minimum of a commitment at each contract-year end, from the scenario."""
    spec = results.scenario["commitments"][commitment]
    amount = spec["amount"]["value"] if isinstance(spec["amount"], dict) else spec["amount"]
    term = spec["term_years"]["value"] if isinstance(spec["term_years"], dict) else spec["term_years"]
    minimums = list(spec.get("minimums", []))
    schedule = spec.get("schedule", "even")
    if schedule == "even":
        cumulative = np.cumsum([amount / term] * int(term))
    elif schedule == "per_year":
        cumulative = np.cumsum(minimums)
    else:
        cumulative = np.array(minimums, dtype=float)
    start = pd.Timestamp(str(spec["start"]))
    ends = [start + pd.DateOffset(years=k + 1) for k in range(int(term))]
    return pd.Series(cumulative, index=pd.DatetimeIndex(ends, name="contract_year_end"), name=commitment)


def commitment_progress(results, commitment: str, ax=None):
    """Cumulative spend counted toward a commitment (fan) against its cumulative schedule (steps)."""
    ax = fan_chart(results, "commitment_progress", ax=ax, commitment=commitment)
    schedule = commitment_schedule(results, commitment)
    ax.step(schedule.index, schedule.values, where="post", color="r", label="cumulative minimum")
    ax.set_title(f"Spend counted toward {commitment}", fontsize="medium")
    ax.set_ylabel("cumulative spend (USD B)")
    _legend_outside(ax)
    return ax


def tornado(sweep, metric: str, ax=None, top: int | None = None):
    """The tornado chart of a one-at-a-time sweep: each parameter's low and high outcome around the base."""
    table = sweep.tornado(metric)
    if top:
        table = table.head(top)
    table = table.iloc[::-1]
    base = table.attrs["base"]
    ax = _axes(ax)
    y = np.arange(len(table))
    ax.barh(y, table["low"] - base, left=base, color="tab:blue", label="parameter low")
    ax.barh(y, table["high"] - base, left=base, color="tab:orange", label="parameter high")
    ax.axvline(base, color="k", linewidth=1)
    ax.set_yticks(y, [f"{name} [{lo:g}, {hi:g}]" for name, lo, hi in
                      zip(table.index, table["parameter_low"], table["parameter_high"])])
    ax.set_title(f"{metric}: one at a time around the base ({base:.4g})")
    ax.legend()
    return ax


def sobol(sweep, metric: str, ax=None):
    """First-order and total Sobol indices with their bootstrap 95 % intervals."""
    table = sweep.sobol(metric)
    ax = _axes(ax)
    y = np.arange(len(table))
    for offset, kind, color in ((-0.2, "first_order", "tab:blue"), (0.2, "total", "tab:orange")):
        values = table[kind]
        errors = [values - table[f"{kind}_low"], table[f"{kind}_high"] - values]
        ax.barh(y + offset, values, height=0.4, xerr=np.abs(errors), color=color, label=kind.replace("_", " "))
    ax.set_yticks(y, table.index)
    ax.axvline(0, color="k", linewidth=0.8)
    ax.set_title(f"Sobol indices of {metric}")
    ax.legend()
    return ax


def heatmap(sweep, metric: str, ax=None, statistic: str = "mean"):
    """A two-parameter grid sweep's metric as a heat map."""
    table = sweep.grid(metric, statistic)
    ax = _axes(ax)
    image = ax.imshow(table.values, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(table.columns)), [f"{v:.3g}" for v in table.columns])
    ax.set_yticks(range(len(table.index)), [f"{v:.3g}" for v in table.index])
    ax.set_xlabel(table.columns.name)
    ax.set_ylabel(table.index.name)
    ax.set_title(f"{metric} ({statistic})")
    ax.figure.colorbar(image, ax=ax)
    return ax
