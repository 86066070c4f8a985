"""Load dealsim results into pandas and xarray, and plot them.

    import sys; sys.path.insert(0, "scripts")
    import dealsim
    results = dealsim.open_results("output/baseline.h5")
    results.summary                              # one row per replication, one column per metric
    results.series("billings_by_provider", provider="azure")   # replications x months
    results.events                               # one row per event, text decoded
    results.statistics                           # the file's summary group: mean, percentiles, ...
    dealsim.plots.fan_chart(results, "valuation")

    sweep = dealsim.open_sweep("output/tornado.h5")   # a sweep file
    dealsim.plots.tornado(sweep, "npv_cash_flow.microsoft")

    calibration = dealsim.open_calibration("output/baseline_calibration.h5")
    calibration.inputs_table                     # prior against posterior, per input
    calibration.fit                              # reported against simulated, per target
    dealsim.plots.prior_posterior(calibration)

The file format is documented in output/README.md.
"""
from .results import Results, open_results
from .sweep import Sweep, open_sweep
from .calibration import Calibration, open_calibration
from . import plots

__all__ = ["Results", "open_results", "Sweep", "open_sweep", "Calibration", "open_calibration", "plots"]
