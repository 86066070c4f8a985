"""Reading a dealsim calibration file (`dealsim calibrate`)."""
from __future__ import annotations

import functools
import pathlib

import h5py
import numpy as np
import pandas as pd
import xarray as xr
import yaml


def open_calibration(path) -> "Calibration":
    """Opens a calibration file. Raises FileNotFoundError or ValueError for what is not one."""
    return Calibration(path)


def _text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


class Calibration:
    """A calibration's posterior (weighted particles), priors, targets' fit and generations."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such file")
        with h5py.File(self.path, "r") as f:
            if f.attrs.get("kind") not in ("calibration", b"calibration"):
                raise ValueError(f"{self.path}: not a calibration file (written by dealsim calibrate)")
            self.attrs = {k: (v.decode() if isinstance(v, bytes) else v.item() if isinstance(v, np.generic) else v)
                          for k, v in f.attrs.items()}
            self.inputs = _text(f["input"][()])
            self.units = dict(zip(self.inputs, _text(f["input_unit"][()])))
            self.priors = dict(zip(self.inputs, _text(f["input_prior"][()])))
            self.targets = _text(f["target"][()])
            self._data = {name: f[name][()] for name in f if isinstance(f[name], h5py.Dataset)}
        if "posterior_values" not in self._data:
            raise ValueError(f"{self.path}: no generation has completed yet (dealsim calibrate --resume continues it)")

    def __repr__(self):
        return (f"<dealsim calibration {self.attrs['calibration_name']!r}: {len(self.inputs)} inputs, "
                f"{len(self.targets)} targets, {self.attrs['generations']} generations"
                f"{'' if self.finished else ', NOT FINISHED'}>")

    @property
    def finished(self) -> bool:
        return bool(self.attrs.get("finished", 0))

    @functools.cached_property
    def spec(self) -> dict:
        """The calibration file (as resolved)."""
        return yaml.safe_load(self.attrs["calibration"])

    @functools.cached_property
    def posterior(self) -> pd.DataFrame:
        """One row per particle: each input's value, then its weight (summing to 1) and distance."""
        frame = pd.DataFrame(self._data["posterior_values"], columns=self.inputs)
        frame.index.name = "particle"
        frame["weight"] = self._data["posterior_weight"]
        frame["distance"] = self._data["posterior_distance"]
        return frame

    @functools.cached_property
    def prior_draws(self) -> pd.DataFrame:
        """Draws from each input's prior (independent), to set against the posterior."""
        return pd.DataFrame(self._data["prior_draws"], columns=self.inputs)

    @functools.cached_property
    def inputs_table(self) -> pd.DataFrame:
        """Per input: its prior, unit, and the prior's and the posterior's mean, 5 %, 50 %, 95 %."""
        columns = {"unit": [self.units[i] for i in self.inputs], "prior": [self.priors[i] for i in self.inputs]}
        for stage in ("prior", "posterior"):
            for statistic in ("mean", "p5", "p50", "p95"):
                columns[f"{stage}_{statistic}"] = self._data[f"{stage}_{statistic}"]
        return pd.DataFrame(columns, index=pd.Index(self.inputs, name="input"))

    @functools.cached_property
    def fit(self) -> pd.DataFrame:
        """Per target: the reported value and its sd against the posterior's simulated statistic."""
        frame = pd.DataFrame({
            "definition": _text(self._data["target_definition"]),
            "statistic": _text(self._data["target_statistic"]),
            "unit": _text(self._data["target_unit"]),
            "reported": self._data["target_reported"],
            "sd": self._data["target_sd"],
            "simulated_mean": self._data["simulated_mean"],
            "simulated_p5": self._data["simulated_p5"],
            "simulated_p95": self._data["simulated_p95"],
            "source": _text(self._data["target_source"]),
        }, index=pd.Index(self.targets, name="target"))
        frame["z"] = (frame["simulated_mean"] - frame["reported"]) / frame["sd"]
        return frame

    @functools.cached_property
    def particle_statistics(self) -> pd.DataFrame:
        """Each particle's simulated statistic of every target (before the error model)."""
        return pd.DataFrame(self._data["posterior_statistics"], columns=self.targets)

    @functools.cached_property
    def generations(self) -> pd.DataFrame:
        """Per generation: candidates simulated, tolerance, acceptance, effective sample size."""
        return pd.DataFrame({
            "candidates": self._data["generation_candidates"],
            "replications": self._data["generation_replications"],
            "tolerance": self._data["generation_tolerance"],
            "acceptance": self._data["generation_acceptance"],
            "effective_size": self._data["generation_effective_size"],
        }, index=pd.Index(self._data["generation"], name="generation"))

    def dataset(self) -> xr.Dataset:
        """The whole file as an xarray Dataset (dimensions particle, input, target, generation, candidate)."""
        return xr.open_dataset(self.path, engine="h5netcdf").load()

    def posterior_quantile(self, input: str, q: float) -> float:
        """The weighted quantile q of an input's posterior."""
        order = np.argsort(self.posterior[input].to_numpy())
        values = self.posterior[input].to_numpy()[order]
        cumulative = np.cumsum(self.posterior["weight"].to_numpy()[order])
        return float(values[np.searchsorted(cumulative, q * cumulative[-1])])
