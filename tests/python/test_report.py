"""dealsim plot and dealsim report: figures written as files, and an HTML page checked in a real
browser (headless Chromium): it renders every image with no script error, and its headline
numbers are the file's."""
import html.parser
import os
import pathlib
import shutil
import subprocess

import h5py
import pytest


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def results_file(dealsim, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "baseline.h5"
    assert run(dealsim, "run", root / "scenarios/baseline.yaml", "--reps", "80", "--out", out,
               "--quiet").returncode == 0
    return out


class HeadlineCells(html.parser.HTMLParser):
    """Each headline row's cells: metric -> {column: (data-value, text)}."""

    def __init__(self):
        super().__init__()
        self.rows, self.body = {}, {}
        self._metric = self._column = None
        self._in_headline = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.body = attrs
        if tag == "table":
            self._in_headline = attrs.get("id") == "headline"
        if self._in_headline and tag == "tr" and "data-metric" in attrs:
            self._metric = attrs["data-metric"]
            self.rows[self._metric] = {}
        if self._metric and tag == "td" and "data-value" in attrs:
            self._column = attrs.get("class")
            self.rows[self._metric][self._column] = [float(attrs["data-value"]), ""]

    def handle_data(self, data):
        if self._metric and self._column:
            self.rows[self._metric][self._column][1] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self._column = None
        if tag == "tr":
            self._metric = None
        if tag == "table":
            self._in_headline = False


def chromium(*args):
    browser = shutil.which("chromium")
    assert browser, "chromium is missing: scripts/setup.sh installs it"
    return run(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--virtual-time-budget=10000", *args, timeout=180)


def test_the_report_renders_in_a_browser_with_the_files_numbers(dealsim, results_file, tmp_path):
    page = tmp_path / "report.html"
    made = run(dealsim, "report", results_file, "-o", page)
    assert made.returncode == 0, made.stderr
    text = page.read_text()
    # Self-contained: nothing fetched from elsewhere.
    assert "http://" not in text and "https://" not in text and 'src="data:image/png;base64,' in text
    dom = chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    cells = HeadlineCells()
    cells.feed(dom.stdout)
    images = cells.body.get("data-images", "")
    drawn, total = (int(n) for n in images.split("/"))
    assert total >= 8 and drawn == total, f"images rendered: {images}"
    assert cells.body.get("data-errors") == "0"
    with h5py.File(results_file) as f:
        summary = f["summary"]
        names = [n.decode() for n in summary["metric"][()]]
        headline = {name for name, flag in zip(names, summary["headline"][()]) if flag}
        assert set(cells.rows) == headline
        for metric, columns in cells.rows.items():
            k = names.index(metric)
            for column, (value, shown) in columns.items():
                assert value == float(summary[column][k]), (metric, column)  # exactly the file's
                assert shown == f"{value:.4g}", (metric, column, shown)
    # A screenshot, kept as the test's artifact.
    artifacts = pathlib.Path(os.environ.get("DEALSIM_BUILD", tmp_path)) / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "report.png"
    taken = chromium("--window-size=1280,4000", f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0 and shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_refuses_what_is_not_a_results_file(dealsim, root, tmp_path):
    missing = run(dealsim, "report", tmp_path / "none.h5")
    assert missing.returncode == 3 and "no such file" in missing.stderr
    sweep_text = (root / "scenarios/sweeps/tornado.yaml").read_text().replace("replications: 300", "replications: 2")
    sweep_text = sweep_text.replace("scenario: ../baseline.yaml", f"scenario: {root / 'scenarios/baseline.yaml'}")
    (tmp_path / "t.yaml").write_text(sweep_text)
    assert run(dealsim, "sweep", tmp_path / "t.yaml", "--out", tmp_path / "t.h5", "--quiet").returncode == 0
    wrong = run(dealsim, "report", tmp_path / "t.h5", "-o", tmp_path / "t.html")
    assert wrong.returncode == 2 and "is a sweep file" in wrong.stderr
    assert not (tmp_path / "t.html").exists()
    # plot takes a sweep: its tornado charts.
    drawn = run(dealsim, "plot", tmp_path / "t.h5", "--out", tmp_path / "figures", "--format", "svg")
    assert drawn.returncode == 0, drawn.stderr
    charts = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert "tornado_npv_cash_flow.microsoft.svg" in charts and len(charts) == 6
    assert run(dealsim, "plot", tmp_path / "t.h5", "--format", "gif").returncode == 2


def test_plot_writes_the_standard_figures_of_a_run(dealsim, results_file, tmp_path):
    out = tmp_path / "figures"
    drawn = run(dealsim, "plot", results_file, "--out", out)
    assert drawn.returncode == 0, drawn.stderr
    names = sorted(p.name for p in out.iterdir())
    for expected in ("histogram_npv_cash_flow.microsoft.png", "fan_billings_azure.png",
                     "commitment_azure_250.png", "fan_valuation.png"):
        assert expected in names
    assert all((out / name).read_bytes()[:4] == b"\x89PNG" for name in names)
    assert not list(out.glob("*.partial"))
