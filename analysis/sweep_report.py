"""Read a finished sweep: `python -m analysis.sweep_report SWEEP_DIR`.

Prints in Markdown, and writes into the sweep's folder as `report.md` (and each table as a CSV beside
it: choices.csv, staffing.csv, cost_per_death.csv, budget.csv), the tables of analysis/sweep_tables.py
that fit the sweep: for every sweep the outcome per cell with its paired difference against the
reference (and for a choice the probability that each cell is best), and the cost per death averted;
for a sweep over `inspectors.count` the staffing response and its marginal curve; for a budget sweep
each mix's allocation per lever beside what its runs spent. Counted deaths (accidents, 较大及以上
accidents) have their expectation beside them (docs/model.md §9), which separates cells that the
counts cannot. Every file is written atomically (a
temporary file, then os.replace), so a reader never sees half of one. A folder that is not a finished
sweep is refused with one line and exit status 2.
"""

from __future__ import annotations

import math
import sys

import pandas as pd

from analysis.command_line import OneLineParser
from analysis.sweep_tables import (
    EXPECTED,
    STAFF,
    Sweep,
    budget_table,
    choice_table,
    cost_per_death_averted,
    read_sweep,
    staffing_table,
)
from sim.config.errors import ConfigError
from sim.io import write_text_atomic


def report_tables(sweep: Sweep) -> dict[str, pd.DataFrame]:
    """The tables that fit `sweep`, by the file name each is written as."""
    tables = {"choices": choice_table(sweep)}
    if STAFF in sweep.cells.columns and sweep.cells[STAFF].nunique() > 1:
        tables["staffing"] = staffing_table(sweep)
    tables["cost_per_death"] = cost_per_death_averted(sweep)
    if sweep.resolved.get("budget"):
        tables["budget"] = budget_table(sweep)
    return tables


def report_markdown(sweep: Sweep, tables: dict[str, pd.DataFrame]) -> str:
    """report.md: what ran, then each table with a line on how to read it."""
    resolved, labels = sweep.resolved, sweep.labels
    counts = sweep.cells.groupby("cell").size()
    metric = resolved.get("outcome", "deaths")
    lines = [f"# Sweep {resolved.get('name', '')}: {resolved.get('scenario', '')}", "",
             f"- {resolved.get('description', '')}".rstrip(),
             f"- {len(labels)} cells, {counts.min()}–{counts.max()} replications each (seed {resolved.get('seed')}, "
             f"{resolved.get('engine')} engine), on the same worlds: differences are paired",
             f"- every figure a year over the {resolved['horizon_days']}-day window, 95% intervals; Δ: this cell less "
             f"the reference, {labels[sweep.reference]}", ""]
    choices = tables["choices"]
    lines += [f"## {metric} a year", ""]
    if sweep.is_choice:
        best = choices.loc[choices.p_best.idxmax()]
        lines += [f"{best.label} has the fewest {metric} with {best.p_best:.0%} probability (a bootstrap over the "
                  "paired replications).", ""]
    expected = EXPECTED.get(metric)
    expected = expected if expected in choices.columns else None
    lines += [f"| cell | {metric} | Δ {metric} |" + (" probability best |" if sweep.is_choice else "")
              + (f" {expected} | Δ {expected} |" + (" probability best |" if sweep.is_choice else "")
                 if expected else ""),
              "| --- | --- | --- |" + (" ---: |" if sweep.is_choice else "")
              + (" --- | --- |" + (" ---: |" if sweep.is_choice else "") if expected else "")]
    for row in choices.to_dict("records"):
        line = (f"| {row['label']} | {_ci(row, metric, 3)} | {_diff(row, metric, sweep, 3)} |"
                + (f" {row['p_best']:.0%} |" if sweep.is_choice else ""))
        if expected:
            line += (f" {_ci(row, expected, 3)} | {_diff(row, expected, sweep, 3)} |"
                     + (f" {row['p_best_' + expected]:.0%} |" if sweep.is_choice else ""))
        lines.append(line)
    if "staffing" in tables:
        lines += _staffing(sweep, tables["staffing"])
    lines += _cost(tables["cost_per_death"])
    if "budget" in tables:
        lines += _budget(tables["budget"])
    return "\n".join(lines) + "\n"


def _staffing(sweep: Sweep, table: pd.DataFrame) -> list[str]:
    lines = ["", "## Staffing response", "",
             "Marginal: deaths a year averted per inspector added since the level above, paired; the same in "
             "expected deaths (the deaths the hazards' exposure implies, docs/model.md §9), which separates "
             "levels the counted deaths cannot.", "",
             "| cell | inspectors | expected accidents | deaths | expected deaths | 较大及以上 accidents | expected "
             "较大及以上 | Δ deaths | Δ expected deaths | marginal: deaths averted per inspector | marginal: expected "
             "deaths averted per inspector |", "| --- | ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in table.to_dict("records"):
        lines.append(f"| {row['label']} | {row[STAFF]} | {_ci(row, 'expected_accidents', 1)} | {_ci(row, 'deaths', 2)} "
                     f"| {_ci(row, 'expected_deaths', 2)} | {_ci(row, 'serious_accidents', 3)} "
                     f"| {_ci(row, 'expected_serious_accidents', 3)} | {_diff(row, 'deaths', sweep, 2)} "
                     f"| {_diff(row, 'expected_deaths', sweep, 2)} | {_marginal(row, 'averted_per_inspector')} "
                     f"| {_marginal(row, 'expected_averted_per_inspector')} |")
    return lines


def _marginal(row: dict, name: str) -> str:
    return "–" if name not in row or math.isnan(row[name]) else _signed(row, name, 3)


def _cost(table: pd.DataFrame) -> list[str]:
    lines = ["", "## Cost per death averted", "",
             "Δ spend a year over deaths a year averted, against the reference; the interval is a paired "
             "bootstrap. Where the deaths averted's interval holds 0 the cell is *not separable* from the "
             "reference: no ratio is given, as any number would fit. The same in expected deaths beside it: "
             "where counted deaths cannot separate a cell, expected deaths often can.", "",
             "| cell | Δ spend, yuan a year | deaths averted a year | yuan per death averted | expected deaths "
             "averted a year | yuan per expected death averted |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in table.to_dict("records"):
        ratio = _cost_ratio(row["cost_per_death_averted"], row["cost_low"], row["cost_high"], row["verdict"])
        expected = (_cost_ratio(row["cost_per_expected_death_averted"], row["expected_cost_low"],
                                row["expected_cost_high"], row["expected_verdict"])
                    if not math.isnan(row["expected_deaths_averted"]) else "–")
        averted = "–" if math.isnan(row["expected_deaths_averted"]) else _signed(row, "expected_deaths_averted", 3)
        lines.append(f"| {row['label']} | {_signed(row, 'delta_spend', 0)} | {_signed(row, 'deaths_averted', 3)} "
                     f"| {ratio} | {averted} | {expected} |")
    return lines


def _cost_ratio(ratio: float, low: float, high: float, verdict: str) -> str:
    if verdict not in ("costs per death averted", "saves money and lives"):
        return verdict
    text = f"{ratio:,.0f} ({low:,.0f} to {high:,.0f})"
    return text + ": saves money and lives" if verdict == "saves money and lives" else text


def _budget(table: pd.DataFrame) -> list[str]:
    axis = table.columns[1]
    lines = ["", "## Budget: allocation and spend, yuan a year", "",
             "Spend is the runs' mean (`spend_*`); left is allocation less spend (money the rounding to whole "
             "inspectors and days leaves over, or reward money set aside and not paid; below 0 when rewards "
             "paid out more).", "",
             "| mix | lever | allocation | spend | left |", "| --- | --- | ---: | ---: | ---: |"]
    for row in table.to_dict("records"):
        lines.append(f"| {row[axis]} | {row['lever']} | {row['allocation']:,.0f} | {row['spend']:,.0f} | "
                     f"{row['left']:,.0f} |")
    return lines


def _ci(row: dict, name: str, digits: int) -> str:
    if name not in row:   # a sweep written before the metric was reported
        return "–"
    if math.isnan(row[f"{name}_low"]):
        return f"{row[name]:.{digits}f}"
    return f"{row[name]:.{digits}f} ({row[name + '_low']:.{digits}f}–{row[name + '_high']:.{digits}f})"


def _signed(row: dict, name: str, digits: int) -> str:
    low, high = row[f"{name}_low"], row[f"{name}_high"]
    if math.isnan(low):
        return f"{row[name]:+,.{digits}f}"
    return f"{row[name]:+,.{digits}f} ({low:+,.{digits}f} to {high:+,.{digits}f})"


def _diff(row: dict, name: str, sweep: Sweep, digits: int) -> str:
    if name not in row:
        return "–"
    return "reference" if row["cell"] == sweep.reference else _signed(row, f"{name}_diff", digits)


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.sweep_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("sweep_dir", metavar="SWEEP_DIR", help="a finished sweep's folder (python -m sim.sweep)")
    args = parser.parse_args(argv)
    try:
        sweep = read_sweep(args.sweep_dir)
        tables = report_tables(sweep)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    markdown = report_markdown(sweep, tables)
    try:
        for name, table in tables.items():
            write_text_atomic(sweep.folder / f"{name}.csv", table.to_csv(index=False))
        write_text_atomic(sweep.folder / "report.md", markdown)
    except OSError as error:
        print(ConfigError("SWEEP_DIR", args.sweep_dir, f"cannot write the report there ({error.strerror})"),
              file=sys.stderr)
        return 2
    print(markdown)
    print(f"wrote {sweep.folder / 'report.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
