"""Scenario discovery on a sweep's points: PRIM (Friedman and Fisher 1999).

The same algorithm as ``dealsim discover`` (models/sweep/prim.cpp), step for step, so that the
command line and a notebook give the same boxes.
"""
from __future__ import annotations

import dataclasses
import math
import operator
import re

import numpy as np
import pandas as pd

_OPERATORS = {">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
              ">": operator.gt, "<": operator.lt}


def parse_condition(text: str):
    """``"METRIC OP NUMBER"`` -> (metric, op, value). Raises ValueError naming what is wrong."""
    match = re.fullmatch(r"\s*([^<>=!\s]+)\s*(>=|<=|==|!=|>|<)\s*(\S+)\s*", text)
    if not match:
        raise ValueError(f"--where {text!r}: expected METRIC OP NUMBER with OP one of > >= < <= == !=, "
                         f"e.g. 'shortfall_any.azure_250 > 0.5'")
    metric, op, number = match.groups()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"--where {text!r}: {number!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"--where {text!r}: {number!r} is not a finite number")
    return metric, op, value


@dataclasses.dataclass
class Discovery:
    """A PRIM run: the peeling ``trajectory`` (one row per step: points, hits, coverage, density,
    support, and each input's ``.low``/``.high``), the ``chosen`` step, and the pasted ``box``
    (one row per input: low, high, and the swept range; ``restricted`` marks the inputs it limits)."""
    condition: str
    trajectory: pd.DataFrame
    chosen: int
    box: pd.DataFrame
    coverage: float
    density: float
    support: float

    def restricted(self) -> pd.DataFrame:
        """The inputs the box limits, with their ranges."""
        return self.box[self.box.restricted]


def prim(inputs: np.ndarray, hit: np.ndarray, alpha=0.05, min_support=0.05, min_density=0.8):
    """PRIM on ``inputs`` (points x inputs) and a boolean ``hit`` per point. Returns the trajectory
    of boxes (lower, upper, points, hits), the chosen index and the pasted box."""
    inputs = np.asarray(inputs, dtype=float)
    hit = np.asarray(hit, dtype=bool)
    n, d = inputs.shape
    total_hits = int(hit.sum())

    def measure(lower, upper):
        inside = np.all((inputs >= lower) & (inputs <= upper), axis=1)
        points, hits = int(inside.sum()), int(hit[inside].sum())
        return {"lower": lower.copy(), "upper": upper.copy(), "points": points, "hits": hits,
                "coverage": hits / total_hits if total_hits else 0.0,
                "density": hits / points if points else 0.0, "support": points / n}

    def inside_of(box):
        return np.all((inputs >= box["lower"]) & (inputs <= box["upper"]), axis=1)

    floor = max(math.ceil(min_support * n), 1)
    lowest, highest = inputs.min(axis=0), inputs.max(axis=0)
    trajectory = [measure(lowest, highest)]
    while True:
        box, best = trajectory[-1], None
        inside = inside_of(box)
        for j in range(d):
            values = np.sort(inputs[inside, j])
            m = len(values)
            k = max(1, math.floor(alpha * m))
            if k >= m or values[0] == values[-1]:
                continue
            for low in (True, False):
                lower, upper = box["lower"].copy(), box["upper"].copy()
                if low:
                    lower[j] = values[k] if values[k] > values[0] else values[values > values[0]][0]
                else:
                    upper[j] = (values[m - 1 - k] if values[m - 1 - k] < values[-1]
                                else values[values < values[-1]][-1])
                candidate = measure(lower, upper)
                if candidate["points"] < floor or candidate["points"] == box["points"]:
                    continue
                if best is None or candidate["density"] > best["density"]:
                    best = candidate
        if best is None:
            break
        trajectory.append(best)
    chosen, reached = 0, False
    for k, box in enumerate(trajectory):
        if box["density"] >= min_density and (not reached or box["coverage"] > trajectory[chosen]["coverage"]):
            chosen, reached = k, True
    if not reached:
        for k, box in enumerate(trajectory):
            if box["density"] > trajectory[chosen]["density"]:
                chosen = k
    box = trajectory[chosen]
    while True:
        best = None
        for j in range(d):
            for low in (True, False):
                others_lower, others_upper = box["lower"].copy(), box["upper"].copy()
                others_lower[j], others_upper[j] = -np.inf, np.inf
                beside = np.all((inputs >= others_lower) & (inputs <= others_upper), axis=1)
                column = inputs[:, j]
                values = column[beside & ((column < box["lower"][j]) if low else (column > box["upper"][j]))]
                if len(values) == 0:
                    continue
                values = np.sort(values)[::-1] if low else np.sort(values)
                take = max(1, math.ceil(alpha * box["points"]))
                lower, upper = box["lower"].copy(), box["upper"].copy()
                (lower if low else upper)[j] = values[min(take, len(values)) - 1]
                candidate = measure(lower, upper)
                if candidate["density"] < box["density"] or candidate["hits"] <= box["hits"]:
                    continue
                if best is None or candidate["density"] > best["density"]:
                    best = candidate
        if best is None:
            break
        box = best
    return trajectory, chosen, box, lowest, highest


def discover(sweep, where: str, statistic: str = "mean", alpha: float = 0.05, min_support: float = 0.05,
             density: float = 0.8) -> Discovery:
    """Runs PRIM on a sweep's points, where ``where`` (e.g. ``"shortfall_any.azure_250 > 0.5"``)
    holds for each point's ``statistic`` of the metric. Raises ValueError or KeyError for a bad
    condition or an unknown metric."""
    metric, op, value = parse_condition(where)
    if metric not in sweep.metrics:
        raise KeyError(f"--where: the sweep kept no metric {metric!r} (it kept {', '.join(sweep.metrics)})")
    hit = _OPERATORS[op](sweep.statistic(statistic)[metric].to_numpy(), value)
    if hit.all() or not hit.any():
        raise ValueError(f"{'every' if hit.all() else 'no'} point meets {where!r}: there is no box to find")
    inputs = sweep.points[sweep.parameters].to_numpy()
    trajectory, chosen, box, lowest, highest = prim(inputs, hit, alpha, min_support, density)
    rows = []
    for step, b in enumerate(trajectory):
        row = {"step": step, "points": b["points"], "hits": b["hits"], "coverage": b["coverage"],
               "density": b["density"], "support": b["support"]}
        for j, name in enumerate(sweep.parameters):
            row[f"{name}.low"], row[f"{name}.high"] = b["lower"][j], b["upper"][j]
        rows.append(row)
    table = pd.DataFrame(rows).set_index("step")
    limits = pd.DataFrame({"low": box["lower"], "high": box["upper"], "swept_low": lowest, "swept_high": highest},
                          index=pd.Index(sweep.parameters, name="parameter"))
    limits["restricted"] = (limits.low > limits.swept_low) | (limits.high < limits.swept_high)
    return Discovery(where, table, chosen, limits, box["coverage"], box["density"], box["support"])
