"""Reading a dealsim results file (HDF5, netCDF-4 style)."""
from __future__ import annotations

import functools
import pathlib

import h5py
import numpy as np
import pandas as pd
import xarray as xr
import yaml

_COORDINATES = {"replication", "month", "year", "contract_year", "provider", "class", "commitment"}


def open_results(path) -> "Results":
    """Opens a results file written by `dealsim run`.

    Raises FileNotFoundError for a missing file and ValueError for a file that is not a dealsim
    results file.
    """
    return Results(path)


class Results:
    """The results of one run: per-replication metrics, series, events, summary and inputs."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such file")
        if not h5py.is_hdf5(self.path):
            raise ValueError(f"{self.path}: not an HDF5 file")
        with h5py.File(self.path, "r") as f:
            if "dealsim_version" not in f.attrs:
                raise ValueError(f"{self.path}: not a dealsim results file (no dealsim_version attribute)")
            self.attrs = {key: _plain(value) for key, value in f.attrs.items()}
            self.metrics = [name for name, item in f.items()
                            if isinstance(item, h5py.Dataset) and item.ndim == 1 and name not in _COORDINATES
                            and item.shape[0] == self.attrs["replications"]]
            self.series_names = [name for name, item in f.items()
                                 if isinstance(item, h5py.Dataset) and item.ndim >= 2]
            self._months = None
            self.units = {name: _plain(f[name].attrs.get("units", "")) for name in self.metrics + self.series_names}
            # What each metric and series is, in words (the file's `description` attribute).
            self.descriptions = {name: _plain(f[name].attrs.get("description", ""))
                                 for name in self.metrics + self.series_names}

    def __repr__(self):
        state = "complete" if self.complete else "INCOMPLETE (interrupted)"
        return (f"<dealsim results {self.attrs['scenario_name']!r}: {self.attrs['replications']} replications, "
                f"seed {self.attrs['seed']}, {state}>")

    @property
    def complete(self) -> bool:
        """False when the run was interrupted: the file holds the replications completed so far."""
        return bool(self.attrs.get("complete", 0))

    @functools.cached_property
    def scenario(self) -> dict:
        """The resolved scenario (after `extends` and `--set`, defaults filled in)."""
        return yaml.safe_load(self.attrs["scenario"])

    @functools.cached_property
    def summary(self) -> pd.DataFrame:
        """One row per replication, one column per scalar metric (USD billions unless noted)."""
        with h5py.File(self.path, "r") as f:
            data = {name: f[name][()] for name in self.metrics}
        frame = pd.DataFrame(data)
        frame.index.name = "replication"
        return frame

    @functools.cached_property
    def statistics(self) -> pd.DataFrame:
        """The file's summary group: mean, sd, se, percentiles, count and Wilson intervals by metric."""
        with h5py.File(self.path, "r") as f:
            group = f["summary"]
            frame = pd.DataFrame({name: _decode(group[name][()]) for name in group if name != "metric"},
                                 index=_decode(group["metric"][()]))
        frame.index.name = "metric"
        return frame

    @property
    def months(self) -> pd.DatetimeIndex:
        """The start date of each simulated month."""
        if self._months is None:
            with h5py.File(self.path, "r") as f:
                self._months = pd.DatetimeIndex(pd.Timestamp(self.attrs["start"])
                                                + pd.to_timedelta(f["month"][()], unit="D"), name="month")
        return self._months

    def series(self, name: str, long: bool = False, **selection) -> pd.DataFrame:
        """A series as a DataFrame.

        For a [replication, step] series, or a [replication, label, step] series with one label
        selected (``provider="azure"``), a wide frame: replications x steps (months as dates).
        Otherwise, or with ``long=True``, a long frame with one column per dimension and ``value``.
        """
        if name not in self.series_names:
            raise KeyError(f"no series named {name!r}; series: {', '.join(self.series_names)}")
        array = self.to_xarray()[name]
        for dimension, label in selection.items():
            if dimension not in array.dims:
                raise KeyError(f"{name} has no dimension {dimension!r}; dimensions: {array.dims}")
            array = array.sel({dimension: label})
        if array.ndim == 2 and not long:
            frame = array.to_pandas()
            frame.index.name = "replication"
            return frame
        return array.to_dataframe(name="value").reset_index()[list(array.dims) + ["value"]]

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        """One row per event: replication, date, kind, party, amount (USD B), cause."""
        return self._table("events")

    @functools.cached_property
    def ledger(self) -> pd.DataFrame:
        """Every money flow (only in files written with --ledger)."""
        with h5py.File(self.path, "r") as f:
            if "ledger" not in f:
                raise KeyError(f"{self.path} has no ledger: run with --ledger")
        return self._table("ledger")

    @functools.cached_property
    def inputs(self) -> pd.DataFrame:
        """Every number of the scenario: path, provenance (sourced/assumed/unmarked), note, form, mean."""
        with h5py.File(self.path, "r") as f:
            group = f["parameters"]
            return pd.DataFrame({name: _decode(group[name][()]) for name in ("path", "provenance", "note", "form", "mean")})

    def to_xarray(self) -> xr.Dataset:
        """The per-replication metrics and series as an xarray Dataset with named dimensions."""
        return xr.open_dataset(self.path, engine="h5netcdf")

    def _table(self, group_name: str) -> pd.DataFrame:
        with h5py.File(self.path, "r") as f:
            group = f[group_name]
            frame = pd.DataFrame({"replication": group["replication"][()]})
            frame["date"] = pd.Timestamp(self.attrs["start"]) + pd.to_timedelta(group["time"][()], unit="D")
            for name in group:
                if name.endswith("_names") or name.endswith("_code") or name in ("replication", "time", "event", "entry"):
                    continue
                values = group[name][()]
                if f"{name}_names" in group:
                    labels = np.asarray(_decode(group[f"{name}_names"][()]), dtype=object)
                    values = pd.Categorical(labels[values]) if len(values) else pd.Categorical([])
                frame[name] = values
        return frame


def _decode(values):
    if isinstance(values, np.ndarray) and values.dtype.kind in ("O", "S"):
        return [v.decode() if isinstance(v, bytes) else v for v in values]
    return values


def _plain(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.generic):
        return value.item()
    return value
