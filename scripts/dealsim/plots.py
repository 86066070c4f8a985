"""Plots of dealsim results (matplotlib)."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def _axes(ax):
    """The axes to draw on: a new figure (laid out so that long labels and the legend below fit
    at the default size) unless the caller gives one."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    return ax


def series_unit(results, series: str) -> str:
    """A series' unit as a reader needs it: money flows per month say so ("USD B per month")."""
    unit = results.units.get(series, "")
    described = getattr(results, "descriptions", {}).get(series, "")
    if unit.startswith("USD") and described.startswith("Monthly"):
        return f"{unit} per month"
    return unit


def _what(results, name: str) -> str:
    """A metric's or series' meaning in words, for a title (its name when none is recorded)."""
    described = getattr(results, "descriptions", {}).get(name, "").rstrip(".")
    return described.split(" (")[0] or name


def fan_chart(results, series: str, ax=None, label: str | None = None, **selection):
    """Median and 50 % / 90 % bands across replications of a monthly series.

    ``selection`` picks one label of a series with a third dimension, e.g. provider="azure".
    """
    frame = results.series(series, **selection)
    quantiles = frame.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
    dates = frame.columns
    ax = _axes(ax)
    ax.fill_between(dates, quantiles.loc[0.05], quantiles.loc[0.95], alpha=0.2,
                    label="90 % of replications (5th to 95th percentile)")
    ax.fill_between(dates, quantiles.loc[0.25], quantiles.loc[0.75], alpha=0.4,
                    label="50 % (25th to 75th)")
    ax.plot(dates, quantiles.loc[0.5], label=label or "median")
    what = _what(results, series) + "".join(f": {v}" for v in selection.values())
    ax.set_title(what, fontsize="medium")
    unit = series_unit(results, series)
    ax.set_ylabel(unit or series)
    ax.set_xlabel("month")
    _legend_outside(ax)
    return ax


def _legend_outside(ax):
    """A legend below the axes, where it cannot cover data."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize="small", frameon=False)


def histogram(results, metric: str, ax=None, bins: int = 40):
    """Histogram of a per-replication metric, with its mean and 5/95 % percentiles marked. A value
    that many replications share exactly (a date the scenario fixes, a cap) is marked and counted,
    since it shows as a spike."""
    values = results.summary[metric].dropna()
    ax = _axes(ax)
    unit = results.units.get(metric, "")
    ax.hist(values, bins=bins, alpha=0.7, label=f"replications ({len(values)})")
    ax.axvline(values.quantile(0.05), color="k", linestyle=":", label="5th and 95th percentiles")
    ax.axvline(values.quantile(0.95), color="k", linestyle=":")
    ax.axvline(values.mean(), color="k", label=f"mean {values.mean():.3g} {unit}".rstrip())
    counts = values.value_counts()
    if len(counts) > 2 and counts.iloc[0] >= max(0.05 * len(values), 10):
        spike = counts.index[0]
        ax.axvline(spike, color="tab:red", linestyle="--",
                   label=f"{counts.iloc[0]} replications at exactly {spike:.4g} "
                         f"(a value the scenario fixes, e.g. a deadline)")
    missing = int(results.summary[metric].isna().sum())
    ax.set_title(f"{metric}: {_what(results, metric)}"
                 + (f"\n({missing} replications without a value)" if missing else ""), fontsize="medium")
    ax.set_xlabel(f"{metric} ({unit})" if unit else metric)
    ax.set_ylabel("replications")
    _legend_outside(ax)
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
    """Spend counted toward a commitment in each contract year (median, 50 % and 90 % of
    replications) against that year's minimum, with the probability of a shortfall in each year
    above it. Per year, not cumulative: a shortfall in one year shows even when later years make
    up the total. Years the run does not reach are left out."""
    spend = results.series("spend_by_contract_year", commitment=commitment)
    shortfall = results.series("shortfall_by_contract_year", commitment=commitment)
    assessed = [year for year in spend.columns if spend[year].notna().any()]
    schedule = commitment_schedule(results, commitment)
    minimum = np.diff(np.concatenate([[0.0], schedule.to_numpy()]))
    ax = _axes(ax)
    x = np.arange(1, len(assessed) + 1)
    quantiles = spend[assessed].quantile([0.05, 0.25, 0.5, 0.75, 0.95])
    ax.bar(x, quantiles.loc[0.95] - quantiles.loc[0.05], bottom=quantiles.loc[0.05], width=0.6,
           color="tab:blue", alpha=0.2, label="90 % of replications")
    ax.bar(x, quantiles.loc[0.75] - quantiles.loc[0.25], bottom=quantiles.loc[0.25], width=0.6,
           color="tab:blue", alpha=0.45, label="50 %")
    ax.scatter(x, quantiles.loc[0.5], color="tab:blue", marker="_", s=400, label="median")
    year_minimum = [minimum[int(year) - 1] if int(year) - 1 < len(minimum) else np.nan for year in assessed]
    ax.scatter(x, year_minimum, color="tab:red", marker="_", s=500, linewidths=2, label="the year's minimum")
    top = np.nanmax([quantiles.loc[0.95].max(), np.nanmax(year_minimum)])
    for xi, year in zip(x, assessed):
        probability = (shortfall[year] > 0).mean()
        ax.annotate(f"P(shortfall)\n{probability:.2f}", (xi, top * 1.02), ha="center", va="bottom",
                    fontsize="x-small")
    ax.set_ylim(0, top * 1.2)
    ax.set_xticks(x, [str(int(year)) for year in assessed])
    ax.set_xlabel("contract year")
    ax.set_ylabel(f"spend counted in the year ({results.units.get('spend_by_contract_year', '')})")
    ax.set_title(f"Spend counted toward {commitment}, each contract year, against its minimum",
                 fontsize="medium")
    _legend_outside(ax)
    return ax


def _sweep_title(sweep, lead: str, metric: str, method: str) -> str:
    """A sweep figure's title: the swept metric named with its meaning (as run figures are
    titled), wrapped to fit the default width, then the method."""
    described = sweep.metric_descriptions.get(metric, "").rstrip(".")
    named = f"{lead}{metric}: {described.split(' (')[0]}" if described else f"{lead}{metric}"
    return textwrap.fill(named, 90) + "\n" + method


def tornado(sweep, metric: str, ax=None, top: int | None = None):
    """The tornado chart of a one-at-a-time sweep: each parameter's low and high outcome around the
    base, widest swing on top."""
    table = sweep.tornado(metric)
    if top:
        table = table.head(top)
    table = table.iloc[::-1]
    base = table.attrs["base"]
    unit = dict(zip(sweep.metrics, sweep.metric_units)).get(metric, "")
    ax = _axes(ax)
    y = np.arange(len(table))
    ax.barh(y, table["low"] - base, left=base, color="tab:blue", label="input at its low")
    ax.barh(y, table["high"] - base, left=base, color="tab:orange", label="input at its high")
    ax.axvline(base, color="k", linewidth=1, label=f"base {base:.4g}")
    ax.set_yticks(y, [f"{_short_path(name, 32)} [{lo:g}, {hi:g}]" for name, lo, hi in
                      zip(table.index, table["parameter_low"], table["parameter_high"])], fontsize="small")
    ax.set_xlabel(f"{metric} ({unit})" if unit else metric)
    ax.set_title(_sweep_title(sweep, "What moves ", metric, "one input at a time, the others at base"),
                 fontsize="medium")
    _legend_outside(ax)
    return ax


def sobol(sweep, metric: str, ax=None):
    """First-order and total Sobol indices with their bootstrap 95 % intervals, largest total first."""
    table = sweep.sobol(metric).sort_values("total")
    ax = _axes(ax)
    y = np.arange(len(table))
    for offset, kind, color, label in ((-0.2, "first_order", "tab:blue", "first order (alone)"),
                                       (0.2, "total", "tab:orange", "total (with interactions)")):
        values = table[kind]
        errors = np.clip([values - table[f"{kind}_low"], table[f"{kind}_high"] - values], 0, None)
        ax.barh(y + offset, values, height=0.4, xerr=errors, color=color, label=label,
                error_kw={"ecolor": "0.3", "capsize": 2})
    ax.set_yticks(y, [_short_path(name) for name in table.index])
    ax.set_xlim(0, 1.02)
    ax.set_xlabel("Sobol index: share of the metric's variance explained (0 to 1)")
    check = {True: "converged", False: "NOT converged", None: ""}[table.attrs.get("converged")]
    ax.set_title(_sweep_title(sweep, "What drives ", metric,
                              "Sobol indices with 95 % intervals" + (f", {check}" if check else "")),
                 fontsize="medium")
    _legend_outside(ax)
    return ax


def morris(sweep, metric: str, ax=None):
    """Morris screening: each input's mu* (how much it matters) against sigma (non-linearity and
    interactions), with mu*'s bootstrap 95 % interval; inputs near the origin can be fixed."""
    table = sweep.morris(metric)
    unit = dict(zip(sweep.metrics, sweep.metric_units)).get(metric, "")
    ax = _axes(ax)
    errors = np.clip([table.mu_star - table.mu_star_low, table.mu_star_high - table.mu_star], 0, None)
    ax.errorbar(table.mu_star, table.sigma, xerr=errors, fmt="o", color="tab:blue", ecolor="0.5",
                capsize=2, label="input (mu* with 95 % interval)")
    for name, row in table.head(4).iterrows():
        ax.annotate(_short_path(name, 30), (row.mu_star, row.sigma), textcoords="offset points",
                    xytext=(4, 4), fontsize="small")
    top = max(float(table.mu_star_high.max()), float(table.sigma.max()), 1e-12) * 1.1
    ax.plot([0, top], [0, top], color="0.7", linewidth=0.8, linestyle="--", label="sigma = mu*")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    per = f" ({unit} per input range)" if unit else " (per input range)"
    ax.set_xlabel("mu*: mean |effect|" + per)
    ax.set_ylabel(f"sigma ({unit})" if unit else "sigma")
    ax.set_title(_sweep_title(sweep, "Which inputs matter for ", metric,
                              f"Morris screening, {sweep.attrs.get('points', '?')} points"), fontsize="medium")
    _legend_outside(ax)
    return ax


def prim_tradeoff(discovery, ax=None):
    """The coverage/density trade-off of a PRIM peeling trajectory (``Sweep.discover``), the chosen
    step marked, each point labelled with its number of restricted inputs."""
    table = discovery.trajectory
    ax = _axes(ax)
    ax.plot(table.coverage, table.density, "o-", color="tab:blue", markersize=4, label="peeling step")
    chosen = table.loc[discovery.chosen]
    ax.plot([chosen.coverage], [chosen.density], "s", color="tab:red", markersize=9,
            label=f"chosen step {discovery.chosen}")
    ax.plot([discovery.coverage], [discovery.density], "D", color="tab:green", markersize=7,
            label="chosen box after pasting")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage: share of the points meeting the condition inside the box")
    ax.set_ylabel("density: share of the box's points meeting it")
    ax.set_title(f"Scenario discovery (PRIM): where {discovery.condition}", fontsize="medium")
    _legend_outside(ax)
    return ax


def _short_path(path: str, width: int = 38) -> str:
    """A parameter path short enough for an axis label: its last parts, with an ellipsis."""
    if len(path) <= width:
        return path
    parts = path.split(".")
    text = parts[-1]
    for part in reversed(parts[:-1]):
        if len(part) + 1 + len(text) + 2 > width:
            break
        text = f"{part}.{text}"
    return "…" + text


def heatmap(sweep, metric: str, ax=None, statistic: str = "mean"):
    """A two-parameter grid sweep's metric as a heat map, each cell's value written in it."""
    table = sweep.grid(metric, statistic)
    unit = dict(zip(sweep.metrics, sweep.metric_units)).get(metric, "")
    ax = _axes(ax)
    image = ax.imshow(table.values, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(table.columns)), [f"{v:.3g}" for v in table.columns])
    ax.set_yticks(range(len(table.index)), [f"{v:.3g}" for v in table.index])
    middle = np.nanmean(table.values)
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            value = table.values[i, j]
            ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize="x-small",
                    color="white" if value < middle else "black")
    ax.set_xlabel(table.columns.name)
    ax.set_ylabel(table.index.name)
    ax.set_title(_sweep_title(sweep, "", metric, f"{statistic} at each grid point"), fontsize="medium")
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(f"{metric} {statistic}" + (f" ({unit})" if unit else ""))
    return ax


def _short_input(path: str) -> str:
    """workloads.stateless_api.growth -> stateless_api.growth (the last two parts)."""
    return ".".join(path.split(".")[-2:])


def prior_posterior(calibration, inputs=None, columns: int = 3):
    """For each fitted input: its prior (draws) against its posterior (weighted particles)."""
    inputs = list(inputs or calibration.inputs)
    rows = -(-len(inputs) // columns)
    figure, axes = plt.subplots(rows, min(columns, len(inputs)), figsize=(4.2 * min(columns, len(inputs)), 3.4 * rows),
                                squeeze=False)
    posterior = calibration.posterior
    for ax, name in zip(axes.flat, inputs):
        prior = calibration.prior_draws[name]
        low, high = min(prior.min(), posterior[name].min()), max(prior.max(), posterior[name].max())
        bins = np.linspace(low, high, 40)
        ax.hist(prior, bins=bins, density=True, alpha=0.45, color="tab:gray", label="prior")
        ax.hist(posterior[name], bins=bins, weights=posterior["weight"], density=True, alpha=0.7,
                color="tab:blue", label="posterior")
        unit = calibration.units.get(name, "")
        ax.set_xlabel(f"{_short_input(name)}" + (f" ({unit})" if unit else ""))
        ax.set_ylabel("density (per unit of the input)")
        ax.set_title(name, fontsize="small")
    for ax in list(axes.flat)[len(inputs):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    figure.suptitle(f"Prior against posterior of each fitted input ({calibration.attrs['calibration_name']})")
    figure.tight_layout(rect=(0, 0.06, 1, 0.95))
    return figure


def posterior_pairs(calibration, inputs=None):
    """Pairwise scatter of the posterior's particles (size by weight): the correlations the fit learned."""
    inputs = list(inputs or calibration.inputs)
    n = len(inputs)
    figure, axes = plt.subplots(n, n, figsize=(2.6 * n + 1, 2.6 * n + 1), squeeze=False)
    posterior = calibration.posterior
    sizes = 4 + 400 * posterior["weight"] / posterior["weight"].max() / max(1, np.sqrt(len(posterior)))
    for i, row in enumerate(inputs):
        for j, column in enumerate(inputs):
            ax = axes[i, j]
            if i == j:
                ax.hist(posterior[row], bins=30, weights=posterior["weight"], color="tab:blue", alpha=0.7)
            elif i > j:
                ax.scatter(posterior[column], posterior[row], s=sizes, alpha=0.4, color="tab:blue")
            else:
                ax.set_visible(False)
                continue
            if i == n - 1:
                unit = calibration.units.get(column, "")
                ax.set_xlabel(_short_input(column) + (f" ({unit})" if unit else ""), fontsize="small")
            if j == 0 and i > 0:
                unit = calibration.units.get(row, "")
                ax.set_ylabel(_short_input(row) + (f" ({unit})" if unit else ""), fontsize="small")
            if i == j:
                ax.set_ylabel("posterior weight" if j == 0 else "", fontsize="small")
            ax.tick_params(labelsize="x-small")
    figure.suptitle("Posterior particles, pair by pair (marker area proportional to weight)")
    figure.tight_layout(rect=(0, 0, 1, 0.96))
    return figure


def calibration_fit(calibration, ax=None):
    """Each target's reported value with its 95 % interval against the posterior's simulated 5-95 % range."""
    fit = calibration.fit.iloc[::-1]
    ax = _axes(ax)
    y = np.arange(len(fit))
    # Standardised, so that targets of different units share one axis.
    reported_error = 1.96 * np.ones(len(fit))
    ax.errorbar(np.zeros(len(fit)), y + 0.12, xerr=reported_error, fmt="o", color="k",
                label="reported value with its 95 % interval")
    simulated = (fit["simulated_mean"] - fit["reported"]) / fit["sd"]
    low = (fit["simulated_p5"] - fit["reported"]) / fit["sd"]
    high = (fit["simulated_p95"] - fit["reported"]) / fit["sd"]
    ax.errorbar(simulated, y - 0.12, xerr=[simulated - low, high - simulated], fmt="s", color="tab:blue",
                label="posterior: simulated mean and 5-95 % range")
    ax.set_yticks(y, [f"{name}\n{row.reported:.4g} {row.unit}" for name, row in fit.iterrows()], fontsize="small")
    ax.axvline(0, color="k", linewidth=0.6)
    ax.set_xlabel("distance from the reported value (reported standard deviations)")
    ax.set_title("Targets: reported against simulated under the posterior")
    _legend_outside(ax)
    ax.figure.tight_layout()
    return ax


def calibration_generations(calibration, ax=None):
    """Tolerance and acceptance by generation: how the ABC-SMC run converged."""
    table = calibration.generations
    ax = _axes(ax)
    ax.plot(table.index, table["tolerance"], marker="o", color="tab:blue", label="tolerance")
    ax.set_yscale("log")
    ax.set_xlabel("generation")
    ax.set_ylabel("tolerance (RMS distance, reported sd)")
    other = ax.twinx()
    other.plot(table.index, table["acceptance"], marker="s", color="tab:orange", label="acceptance")
    other.axhline(calibration.attrs["min_acceptance"], color="tab:orange", linestyle=":",
                  label="stopping acceptance")
    other.set_ylabel("acceptance (share of new candidates)")
    other.set_ylim(0, 1.05)
    handles = ax.get_legend_handles_labels()[0] + other.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + other.get_legend_handles_labels()[1]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize="small", frameon=False)
    ax.set_title("ABC-SMC convergence by generation")
    ax.figure.tight_layout()
    return ax
