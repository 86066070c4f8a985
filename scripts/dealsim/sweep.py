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
    """A sweep's points, per-point summaries and, where the design gives them, sensitivity tables."""

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
            self._point = f["point"][()]
            self._values = f["point_values"][()]
            self._replications = f["replications"][()]
            self._summary = {name: f[f"summary/{name}"][()] for name in f["summary"]}
            self._groups = {group: {name: f[f"{group}/{name}"][()] for name in f[group]}
                            for group in ("sobol", "tornado") if group in f}

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
        """First-order and total Sobol indices of a metric with their bootstrap 95 % intervals."""
        if "sobol" not in self._groups:
            raise KeyError(f"{self.path} has no Sobol indices (design {self.attrs['design']}, "
                           f"complete={self.complete})")
        k = self.metrics.index(metric)
        g = self._groups["sobol"]
        return pd.DataFrame({key: g[key][k] for key in ("first_order", "first_order_low", "first_order_high",
                                                         "total", "total_low", "total_high")},
                            index=pd.Index(self.parameters, name="parameter"))

    def tornado(self, metric: str) -> pd.DataFrame:
        """The one-at-a-time table of a metric, widest swing first."""
        if "tornado" not in self._groups:
            raise KeyError(f"{self.path} has no tornado table (design {self.attrs['design']})")
        k = self.metrics.index(metric)
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
