"""Reading a dealsim sweep file (`dealsim sweep`)."""
from __future__ import annotations

import functools
import pathlib

import h5py
import numpy as np
import pandas as pd
import yaml


def open_sweep(path) -> "Sweep":
    """Opens a sweep file. Raises FileNotFoundError or ValueError for what is not one."""
    return Sweep(path)


def _text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


class Sweep:
    """A sweep's points, per-point summaries and, where the design gives them, sensitivity tables.

    ``points`` (a table: parameter values, replications, each metric's mean), ``statistic(name)``
    (any per-point statistic), ``grid(metric)`` (a two-parameter grid as a table), ``tornado(metric)``,
    ``sobol(metric)`` with ``sobol_warnings(metric)``, ``morris(metric)``, ``discover(where)`` (PRIM); ``spec`` is the sweep file
    and ``attrs`` the file's attributes. Documented in output/README.md.
    """

    def __init__(self, path):
        self.path = pathlib.Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such file")
        with h5py.File(self.path, "r") as f:
            if f.attrs.get("kind") not in ("sweep", b"sweep"):
                raise ValueError(f"{self.path}: not a sweep file (written by dealsim sweep)")
            self.attrs = {k: (v.decode() if isinstance(v, bytes) else v.item() if isinstance(v, np.generic) else v)
                          for k, v in f.attrs.items()}
            self.parameters = _text(f["parameter"][()])
            self.metrics = _text(f["metric"][()])
            self.metric_units = _text(f["metric_unit"][()]) if "metric_unit" in f else [""] * len(self.metrics)
            described = _text(f["metric_description"][()]) if "metric_description" in f else [""] * len(self.metrics)
            self.metric_descriptions = dict(zip(self.metrics, described))
            self._point = f["point"][()]
            self._values = f["point_values"][()]
            self._replications = f["replications"][()]
            self._summary = {name: f[f"summary/{name}"][()] for name in f["summary"]}
            self._groups = {group: {name: f[f"{group}/{name}"][()] for name in f[group]}
                            for group in ("sobol", "tornado", "morris") if group in f}

    def __repr__(self):
        return (f"<dealsim sweep {self.attrs['sweep_name']!r}: {self.attrs['design']} design, "
                f"{self.attrs['points']} of {self.attrs['points_total']} points"
                f"{'' if self.complete else ', INCOMPLETE'}>")

    @property
    def complete(self) -> bool:
        return bool(self.attrs.get("complete", 0))

    @functools.cached_property
    def spec(self) -> dict:
        """The sweep file (as resolved)."""
        return yaml.safe_load(self.attrs["sweep"])

    @functools.cached_property
    def points(self) -> pd.DataFrame:
        """One row per point: its parameter values, replications, and the mean of every kept metric."""
        frame = pd.DataFrame(self._values, columns=self.parameters, index=pd.Index(self._point, name="point"))
        frame["replications"] = self._replications
        for k, metric in enumerate(self.metrics):
            frame[metric] = self._summary["mean"][:, k]
        return frame

    def statistic(self, name: str) -> pd.DataFrame:
        """A per-point statistic of every metric (mean, sd, se, p5, p25, p50, p75, p95, count)."""
        return pd.DataFrame(self._summary[name], columns=self.metrics, index=pd.Index(self._point, name="point"))

    def sobol(self, metric: str) -> pd.DataFrame:
        """First-order and total Sobol indices of a metric, one row per parameter.

        Columns: ``first_order``, ``total`` (Janon et al. 2014 and Jansen 1999 estimators, shares of
        the variance of the metric's per-point mean, clipped to [0, 1]), their bootstrap 95 %
        intervals (``*_low``, ``*_high``) and their estimates on the first half of the base points
        (``*_half``, the convergence check). ``frame.attrs["converged"]`` says whether every index's
        half estimate lies within max(0.05, its interval's width) of the full one.
        """
        if "sobol" not in self._groups:
            raise KeyError(f"{self.path} has no Sobol indices (design {self.attrs['design']}, "
                           f"complete={self.complete})")
        k = self._metric_index(metric)
        g = self._groups["sobol"]
        columns = [c for c in ("first_order", "first_order_low", "first_order_high", "total", "total_low",
                               "total_high", "first_order_half", "total_half") if c in g]
        frame = pd.DataFrame({key: g[key][k] for key in columns}, index=pd.Index(self.parameters, name="parameter"))
        frame.attrs["converged"] = bool(g["converged"][k]) if "converged" in g else None
        return frame

    def sobol_warnings(self, metric: str, widest: float = 0.2) -> list[str]:
        """What makes a metric's Sobol indices unfit to rank inputs by: an interval wider than
        ``widest``, a first order above its total by more than its interval's half-width, or a failed
        convergence check. Empty when the indices can be read as they are."""
        table = self.sobol(metric)
        warnings = []
        for parameter, row in table.iterrows():
            for kind in ("first_order", "total"):
                width = row[f"{kind}_high"] - row[f"{kind}_low"]
                if width > widest:
                    warnings.append(f"{metric}: {parameter}: the {kind.replace('_', ' ')} interval "
                                    f"[{row[f'{kind}_low']:.3f}, {row[f'{kind}_high']:.3f}] is wider than "
                                    f"{widest:g}; run more base points")
            half = (row["first_order_high"] - row["first_order_low"]) / 2
            if row["first_order"] > row["total"] + half:
                warnings.append(f"{metric}: {parameter}: first order {row['first_order']:.3f} exceeds the total "
                                f"{row['total']:.3f} by more than its half-width {half:.3f}")
        if table.attrs.get("converged") is False:
            warnings.append(f"{metric}: the indices on the first half of the base points differ from those on "
                            f"all of them by more than the intervals' widths; run more base points")
        return warnings

    def morris(self, metric: str) -> pd.DataFrame:
        """Morris elementary effects of a metric, one row per parameter, largest ``mu_star`` first.

        Columns: ``mu_star`` (mean absolute effect: ranks the inputs), ``mu`` (mean effect: its
        direction), ``sigma`` (spread: non-linearity or interactions), and bootstrap 95 % intervals
        ``mu_star_low``/``mu_star_high``, ``sigma_low``/``sigma_high``. Effects are in the metric's unit
        per whole quantile range of the input.
        """
        if "morris" not in self._groups:
            raise KeyError(f"{self.path} has no Morris effects (design {self.attrs['design']}, "
                           f"complete={self.complete})")
        k = self._metric_index(metric)
        g = self._groups["morris"]
        frame = pd.DataFrame({key: g[key][k] for key in ("mu_star", "mu_star_low", "mu_star_high", "mu",
                                                         "sigma", "sigma_low", "sigma_high")},
                             index=pd.Index(self.parameters, name="parameter"))
        return frame.sort_values("mu_star", ascending=False)

    def discover(self, where: str, statistic: str = "mean", alpha: float = 0.05, min_support: float = 0.05,
                 density: float = 0.8):
        """Scenario discovery (PRIM): the ranges of the inputs where ``where`` holds, e.g.
        ``sweep.discover("shortfall_any.azure_250 > 0.5")``; the same as ``dealsim discover``.
        Returns a :class:`dealsim.discovery.Discovery` (trajectory, chosen step, box)."""
        from .discovery import discover
        return discover(self, where, statistic, alpha, min_support, density)

    def _metric_index(self, metric: str) -> int:
        if metric not in self.metrics:
            raise KeyError(f"{self.path} has no metric {metric!r}; it has {', '.join(self.metrics)}")
        return self.metrics.index(metric)

    def tornado(self, metric: str) -> pd.DataFrame:
        """The one-at-a-time table of a metric, widest swing first."""
        if "tornado" not in self._groups:
            raise KeyError(f"{self.path} has no tornado table (design {self.attrs['design']})")
        k = self._metric_index(metric)
        g = self._groups["tornado"]
        frame = pd.DataFrame({"parameter_low": g["parameter_low"], "parameter_high": g["parameter_high"],
                              "low": g["low"][k], "high": g["high"][k], "swing": g["swing"][k]},
                             index=pd.Index(self.parameters, name="parameter"))
        frame.attrs["base"] = float(g["base"][k])
        return frame.sort_values("swing", ascending=False)

    def grid(self, metric: str, statistic: str = "mean") -> pd.DataFrame:
        """For a two-parameter grid: the metric as a table, first parameter down, second across."""
        if len(self.parameters) != 2:
            raise ValueError("grid() needs a sweep of exactly two parameters")
        frame = self.points[self.parameters].copy()
        frame["value"] = self.statistic(statistic)[metric].values
        return frame.pivot(index=self.parameters[0], columns=self.parameters[1], values="value")
