"""One self-contained HTML page about a results file: what was run, the headline numbers with
their units and meanings, the standard figures, commitment shortfalls by year, tranche timing,
dispute and review outcomes, and provenance.

    python3 -m dealsim.report FILE.h5 -o report.html

``dealsim report`` runs this. The page needs no network: figures are embedded as PNG data, the
style is inline, and a few lines of script only record, in the page itself, that every image
rendered and no script error occurred (what the browser test reads).
"""
from __future__ import annotations

import argparse
import base64
import html
import io
import pathlib
import re
import sys

import numpy as np

from .figures import kind_of, results_figures
from .results import open_results

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
td.meaning, th.meaning { text-align: left; color: #555; max-width: 32em; }
td.interval { text-align: center; color: #555; }
figure { margin: 1em 0; } figure img { max-width: 100%; }
.note { color: #555; } pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
"""

_CHECK = """
window.dealsimErrors = 0;
window.addEventListener("error", function () { window.dealsimErrors += 1; });
window.addEventListener("load", function () {
  var images = document.images, drawn = 0;
  for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth > 0) drawn++;
  document.body.setAttribute("data-images", drawn + "/" + images.length);
  document.body.setAttribute("data-errors", String(window.dealsimErrors));
});
"""


def _e(text) -> str:
    return html.escape(str(text))


def _number(value, digits=4) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return f"{value:.{digits}g}"


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def _headline_table(results) -> str:
    stats = results.statistics
    rows = []
    for metric, row in stats.iterrows():
        if not row.get("headline", False):
            continue
        probability = row["kind"] == "probability"
        unit = "probability" if probability else row["units"]
        label = f"P({metric})" if probability else metric
        cells = [f'<td class="text">{_e(label)}</td>', f'<td class="text">{_e(unit)}</td>']
        columns = ("mean",) if probability else ("mean", "p5", "p50", "p95")
        for column in columns:
            value = float(row[column])
            cells.append(f'<td class="{column}" data-value="{value!r}">{_number(value)}</td>')
        if probability:  # percentiles of a 0/1 say nothing: its 95 % (Wilson) interval instead
            cells.append(f'<td colspan="3" class="interval">95 % interval {_number(float(row["wilson_low"]), 3)} '
                         f'to {_number(float(row["wilson_high"]), 3)}</td>')
        cells.append(f'<td class="meaning">{_e(row.get("description", ""))}</td>')
        rows.append(f'<tr data-metric="{_e(metric)}">' + "".join(cells) + "</tr>")
    return ('<table id="headline"><tr><th>metric</th><th>unit</th><th>mean</th><th>p5</th><th>p50</th>'
            '<th>p95</th><th class="meaning">what it is</th></tr>' + "".join(rows) + "</table>")


def _commitments_table(results) -> str:
    if "shortfall_by_contract_year" not in results.series_names:
        return "<p>No commitments.</p>"
    frame = results.series("shortfall_by_contract_year", long=True)
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        return "<p>No contract year ends within the run.</p>"
    years = sorted(frame.contract_year.unique())
    head = "".join(f"<th>year {int(y)}</th>" for y in years)
    rows = []
    for commitment, part in frame.groupby("commitment", sort=False):
        cells = []
        for year in years:
            values = part[part.contract_year == year].value
            if values.empty:
                cells.append("<td>–</td>")
            else:
                cells.append(f"<td>{(values > 0).mean():.2f} / {values.mean():.3g}</td>")
        rows.append(f'<tr><td class="text">{_e(commitment)}</td>{"".join(cells)}</tr>')
    return (f'<table id="shortfalls"><tr><th>commitment</th>{head}</tr>{"".join(rows)}</table>'
            '<p class="note">Each cell: probability of a shortfall in that contract year / mean shortfall '
            '(USD B). A dash: the year does not end within the run.</p>')


def _probability_rows(results, prefixes) -> str:
    stats = results.statistics
    rows = []
    for metric, row in stats.iterrows():
        if row["kind"] == "probability" and metric.startswith(prefixes):
            rows.append(f'<tr data-metric="{_e(metric)}"><td class="text">{_e(metric)}</td>'
                        f'<td data-value="{float(row["mean"])!r}">{float(row["mean"]):.3f}</td>'
                        f'<td>{float(row["wilson_low"]):.3f} to {float(row["wilson_high"]):.3f}</td>'
                        f'<td class="meaning">{_e(row.get("description", ""))}</td></tr>')
    if not rows:
        return "<p>None in this scenario.</p>"
    return ('<table><tr><th>event</th><th>probability</th><th>95 % interval</th><th>what it is</th></tr>'
            + "".join(rows) + "</table>")


def _tranche_rows(results) -> str:
    stats = results.statistics
    rows = []
    for metric, row in stats.iterrows():
        if metric.startswith("tranche_years."):
            name = metric.removeprefix("tranche_years.")
            paid = stats["mean"].get(f"tranche_paid.{name}", np.nan)
            rows.append(f'<tr><td class="text">{_e(name)}</td><td>{_number(paid, 3)}</td>'
                        f'<td>{_number(float(row["p5"]))}</td><td>{_number(float(row["p50"]))}</td>'
                        f'<td>{_number(float(row["p95"]))}</td></tr>')
    if not rows:
        return "<p>No investment tranches.</p>"
    return ('<table id="tranches"><tr><th>tranche</th><th>P(paid)</th><th>years to payment: p5</th>'
            '<th>p50</th><th>p95</th></tr>' + "".join(rows) + "</table>")


def report_html(path) -> str:
    """The page for a results file, as text."""
    results = open_results(path)
    attrs = results.attrs
    scenario = results.scenario
    figures = "".join(
        f'<figure><img alt="{_e(name)}" src="data:image/png;base64,{_png(figure)}"></figure>'
        for name, figure in results_figures(results))
    import matplotlib.pyplot as plt
    plt.close("all")
    provenance = [("file", pathlib.Path(path).resolve()), ("scenario file", attrs.get("scenario_path", "")),
                  ("replications", f"{int(attrs.get('replications', 0)):,}"), ("seed", attrs.get("seed", "")),
                  ("complete", "yes" if attrs.get("complete") else "NO (interrupted)"),
                  ("dealsim", attrs.get("dealsim_version", "")),
                  ("source revision", attrs.get("source_revision", "(not recorded)")),
                  ("created", attrs.get("created", "")), ("command line", attrs.get("command_line", ""))]
    provenance_rows = "".join(f'<tr><td class="text">{_e(k)}</td><td class="text">{_e(v)}</td></tr>'
                              for k, v in provenance)
    title = f"dealsim: {scenario.get('name', attrs.get('scenario_name', ''))}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<style>{_STYLE}</style><script>{_CHECK}</script></head>
<body>
<h1>{_e(title)}</h1>
<p>{_e(scenario.get('description', ''))}</p>
<p class="note">{_e(f"{int(attrs.get('replications', 0)):,}")} replications from {_e(attrs.get('start', ''))} to
{_e(attrs.get('horizon_end', ''))}. Money in {_e(attrs.get('money_unit', 'USD billions'))}, nominal unless a
metric says discounted (net present value).</p>
<h2>Headline numbers</h2>
<p class="note">Mean and 5th, 50th and 95th percentiles over the replications; probabilities with their
share of replications.</p>
{_headline_table(results)}
<h2>Figures</h2>
{figures}
<h2>Commitment shortfalls by contract year</h2>
{_commitments_table(results)}
<h2>Tranche timing</h2>
{_tranche_rows(results)}
<h2>Disputes and regulatory reviews</h2>
{_probability_rows(results, ("filed.", "outcome.", "opened."))}
<h2>Provenance</h2>
<table id="provenance">{provenance_rows}</table>
<details><summary>The scenario as run (resolved YAML)</summary><pre>{_e(attrs.get('scenario', ''))}</pre></details>
</body></html>
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="dealsim report", description="Writes an HTML report of a results file.")
    parser.add_argument("file")
    parser.add_argument("-o", "--out", default=None)
    options = parser.parse_args(argv)
    if not pathlib.Path(options.file).exists():
        print(f"dealsim report: {options.file}: no such file", file=sys.stderr)
        return 3
    try:
        kind = kind_of(options.file)
    except (OSError, ValueError) as error:
        print(f"dealsim report: {error}", file=sys.stderr)
        return 2
    if kind != "results":
        print(f"dealsim report: {options.file} is a {kind} file; the report is of a run's results file "
              f"(dealsim run)", file=sys.stderr)
        return 2
    out = pathlib.Path(options.out or re.sub(r"\.h5$", "", options.file) + ".html")
    text = report_html(options.file)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(out)
    print(f"{options.file} -> {out} ({len(text) / 1e6:.1f} MB, self-contained)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
