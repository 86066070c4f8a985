"""The baseline notebook executes headless against small runs."""
import os

import nbformat
from nbclient import NotebookClient


def execute(root, name, env):
    """Executes a notebook headless with `env` set, and returns it with its outputs."""
    notebook = nbformat.read(root / "scripts/notebooks" / name, as_version=4)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(root)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def test_baseline_notebook_runs(dealsim, root, tmp_path):
    notebook = execute(root, "baseline.ipynb",
                       {"DEALSIM_NOTEBOOK_REPS": "150", "DEALSIM_NOTEBOOK_OUTPUT": str(tmp_path),
                        "DEALSIM_BUILD": os.path.dirname(dealsim), "DEALSIM_ROOT": str(root), "MPLBACKEND": "Agg"})
    outputs = "\n".join(output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
                        for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
    assert "P(paid within the horizon)" in outputs
    assert "value.microsoft vs doing nothing" in outputs
    # Section 5 ranks the drawn inputs against the outcomes.
    assert "workloads.stateless_api.growth" in outputs
    assert not any(output.output_type == "error" for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.outputs)
    assert (tmp_path / "no_suit.h5").exists()


def test_sensitivity_notebook_runs(dealsim, root, tmp_path):
    notebook = execute(root, "sensitivity.ipynb",
                       {"DEALSIM_NOTEBOOK_QUICK": "1", "DEALSIM_NOTEBOOK_OUTPUT": str(tmp_path),
                        "DEALSIM_BUILD": os.path.dirname(dealsim), "DEALSIM_ROOT": str(root), "MPLBACKEND": "Agg"})
    outputs = "\n".join(output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
                        for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
    assert "one_at_a_time design, 19 of 19 points" in outputs
    assert "first_order" in outputs and "mu_star" in outputs
    for name in ("tornado", "growth_vs_stateless_share", "sobol", "morris"):
        assert (tmp_path / f"{name}.h5").exists()


def test_calibration_notebook_runs(dealsim, root, tmp_path):
    notebook = execute(root, "calibration.ipynb",
                       {"DEALSIM_NOTEBOOK_QUICK": "1", "DEALSIM_NOTEBOOK_OUTPUT": str(tmp_path),
                        "DEALSIM_BUILD": os.path.dirname(dealsim), "DEALSIM_ROOT": str(root), "MPLBACKEND": "Agg"})
    outputs = "\n".join(output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
                        for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
    assert not any(output.output_type == "error" for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.outputs)
    assert "<dealsim calibration 'baseline_calibration': 8 inputs, 4 targets, 3 generations>" in outputs
    assert "revenue_first_year" in outputs and "workloads.stateless_api.initial" in outputs
    for name in ("generations", "prior_posterior", "pairs", "fit"):
        assert (tmp_path / f"calibration_{name}.png").stat().st_size > 10000, name
    assert (tmp_path / "baseline_calibration.h5").exists() and (tmp_path / "baseline_posterior.h5").exists()
