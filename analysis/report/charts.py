"""The report's charts: matplotlib figures saved as SVG (text as paths) and PNG, one colour per
regime and lever in every figure, units on every axis, intervals drawn as bands or whiskers.

Each function takes the numbers already computed (analysis.report.sections computes them) and the
`Words` of the report's language, and returns a `Figure` block whose caption is the reading the
section wrote. Sizes are for A4 portrait (about 6.7 inches of text width) and read on a projector.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.report.county import LEVINE_HIGH, LEVINE_LOW, LEVINE_RATIO, monthly_band  # noqa: E402
from analysis.report.document import Figure  # noqa: E402
from analysis.report.fonts import use_cjk_font  # noqa: E402
from analysis.report.language import Words  # noqa: E402

WIDTH = 6.7   # inches: A4's text width at the PDF's margins
DPI = 200
# One colour per regime, source of work, lever and channel, the same in every figure (Okabe-Ito first,
# then Tableau's, all distinguishable by the common colour-vision deficiencies in the first eight).
COLOURS = {
    "as_is": "#555555", "county": "#555555", "core": "#555555", "staff": "#0072B2", "inspectors": "#0072B2",
    "double_random": "#E69F00", "annual_plan": "#0072B2", "no_annual_plan": "#56B4E9",
    "lead_monthly": "#009E73", "risk_based": "#D55E00", "credit_based": "#CC79A7", "key_periods": "#F0E442",
    "accident_triggered": "#8C564B", "whistleblower": "#9467BD", "rewards": "#9467BD", "report": "#9467BD",
    "third_party": "#17BECF", "deep_check": "#17BECF", "remote_monitoring": "#BCBD22", "monitoring": "#BCBD22",
    "training": "#2CA02C", "campaign": "#7F7F7F", "trial": "#AEC7E8",
    "self": "#A6761D", "inspection": "#0072B2", "investigation": "#8C564B",
    "whistleblower_and_lead_monthly": "#1B9E77", "risk_and_credit_based": "#E7298A",
    "created": "#BBBBBB", "found_major": "#0072B2", "closed": "#666666", "closed_found": "#666666",
    "closed_unfound": "#D8C08A", "expected": "#0072B2", "counted": "#009E73", "levine": "#E69F00",
    # budget mixes, train or hire, rewards, dispatch: the colour of the lever each one moves
    "as_today": "#555555", "all_on_staff": "#0072B2", "fewer_staff_rewards": "#9467BD",
    "fewer_staff_third_party": "#17BECF", "fewer_staff_remote_monitoring": "#BCBD22", "train_all": "#2CA02C",
    "30/0.75": "#2CA02C", "30/1.0": "#2CA02C", "33/0.6": "#0072B2", "36/0.6": "#0072B2",
    "pooled": "#0072B2", "territorial": "#E69F00",
}
FALLBACK = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F")
MAIN = "#0072B2"
TRIAL_AXIS_TOP = 2.5   # treated / control
BAND_ALPHA = 0.22
SERIES = ("expected", "counted")   # a panel's two series: legend words metric.expected, metric.counted


def colour(name: str, position: int = 0) -> str:
    return COLOURS.get(name, FALLBACK[position % len(FALLBACK)])


def _style(words: Words) -> dict:
    family = use_cjk_font()
    return {"font.family": [family], "font.size": 9, "axes.titlesize": 9.5, "axes.labelsize": 9,
            "xtick.labelsize": 8.5, "ytick.labelsize": 8.5, "legend.fontsize": 8, "axes.spines.top": False,
            "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.6,
            "svg.fonttype": "path", "axes.unicode_minus": False}


def _finish(figure, key: str, caption: str) -> Figure:
    svg, png = io.StringIO(), io.BytesIO()
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": key}):   # glyphs as paths; stable ids
        figure.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        figure.savefig(png, format="png", dpi=DPI, bbox_inches="tight")
    width, height = figure.get_size_inches()
    plt.close(figure)
    return Figure(key, svg.getvalue(), png.getvalue(), caption, float(width), float(height))


def _subplots(words: Words, columns: int, height: float, width: float = WIDTH, **options):
    with plt.rc_context(_style(words)):
        figure, axes = plt.subplots(1, columns, figsize=(width, height), layout="constrained", **options)
    return figure, np.atleast_1d(axes)


def staffing_curves(table: pd.DataFrame, reference: int, words: Words, caption: str) -> Figure:
    """Per inspector count: accidents, deaths and 较大及以上 accidents a year, each expected (blue) and
    counted (orange), mean with its 95% band; the county's staff marked."""
    panels = (("expected_accidents", "accidents"), ("expected_deaths", "deaths"),
              ("expected_serious_accidents", "serious_accidents"))
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 3, 2.5)
        staff = table["inspectors.count"].to_numpy(float)
        for ax, metrics in zip(axes, panels, strict=True):
            for position, metric in enumerate(metrics):
                tone = MAIN if position == 0 else "#E69F00"
                mean = table[metric].to_numpy(float)
                ax.fill_between(staff, table[f"{metric}_low"], table[f"{metric}_high"], color=tone, alpha=BAND_ALPHA,
                                linewidth=0)
                ax.plot(staff, mean, marker="o", markersize=3.5, color=tone, label=words(f"metric.{SERIES[position]}"))
            ax.axvline(reference, color="#555555", linestyle="--", linewidth=0.8)
            ax.set_xlabel(words("axis.inspectors"))
            ax.set_ylabel(words(f"axis.{metrics[-1]}_year"))
            ax.set_ylim(bottom=0)
            ax.legend(frameon=False, loc="upper right")
    return _finish(figure, "staffing_curves", caption)


def marginal_curve(steps: pd.DataFrame, words: Words, caption: str) -> Figure:
    """Per step between neighbouring staffing levels: expected deaths (counted beside, orange) and
    expected accidents averted a year per inspector added, with 95% whiskers, drawn at the step's middle."""
    panels = (("expected_deaths", "deaths"), ("expected_accidents",))
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 2, 2.4)
        middle = (steps["from"].to_numpy(float) + steps["to"].to_numpy(float)) / 2
        shift = 0.012 * float(np.ptp(middle) or 1.0)   # the two series of a panel side by side
        for ax, metrics in zip(axes, panels, strict=True):
            for position, metric in enumerate(metrics):
                mean = steps[metric].to_numpy(float)
                error = np.vstack([mean - steps[f"{metric}_low"], steps[f"{metric}_high"] - mean])
                offset = (position - (len(metrics) - 1) / 2) * 2 * shift
                ax.errorbar(middle + offset, mean, yerr=error, fmt="o-", color=MAIN if position == 0 else "#E69F00",
                            capsize=3, markersize=4, linewidth=1.2,
                            label=words(f"metric.{SERIES[position]}") if len(metrics) > 1 else None)
            ax.axhline(0, color="#333333", linewidth=0.8)
            ax.set_xticks(middle, [f"{int(a)}→{int(b)}" for a, b in zip(steps["from"], steps["to"], strict=True)],
                          rotation=40, ha="right", rotation_mode="anchor")
            ax.set_xlabel(words("axis.step"))
            ax.set_ylabel(words(f"axis.averted_{metrics[-1]}"))
            if len(metrics) > 1:
                ax.legend(frameon=False, loc="upper right")
    return _finish(figure, "marginal_curve", caption)


def paired_differences(rows: pd.DataFrame, key: str, words: Words, caption: str,
                       metrics: Sequence[str] = ("expected_accidents", "expected_deaths")) -> Figure:
    """Per option (a regime, a lever, a budget mix): its paired difference against the reference a
    year, with 95% whiskers, one panel per metric; below zero is fewer."""
    rows = rows.reset_index(drop=True)
    height = 0.9 + 0.28 * len(rows)
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, len(metrics), height, sharey=True)
        positions = np.arange(len(rows))[::-1]
        for ax, metric in zip(axes, metrics, strict=True):
            mean = rows[f"{metric}_diff"].to_numpy(float)
            low, high = rows[f"{metric}_diff_low"].to_numpy(float), rows[f"{metric}_diff_high"].to_numpy(float)
            tones = [colour(name, i) for i, name in enumerate(rows["name"])]
            ax.barh(positions, mean, color=tones, height=0.62)
            ax.errorbar(mean, positions, xerr=np.vstack([mean - low, high - mean]), fmt="none", ecolor="#222222",
                        capsize=2.5, linewidth=0.9)
            ax.axvline(0, color="#333333", linewidth=0.8)
            ax.set_xlabel(words(f"axis.diff_{metric}"))
            ax.grid(axis="y", visible=False)
        axes[0].set_yticks(positions, list(rows["shown"]))
    return _finish(figure, key, caption)


def plan_years(plan: pd.DataFrame, words: Words, caption: str) -> Figure:
    """Per year of the window: the plan's staff-days split into check-days, days kept for unplanned
    enforcement and the rest; and the checks planned against those done."""
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 2, 2.5)
        years = [str(y) for y in plan["year"]]
        x = np.arange(len(years))
        other = plan["staff_days"] - plan["check_days"] - plan["unplanned_days"]
        bottom = np.zeros(len(years))
        for name, values, tone in (("check_days", plan["check_days"], MAIN),
                                   ("unplanned_days", plan["unplanned_days"], "#E69F00"),
                                   ("other_days", other, "#BBBBBB")):
            axes[0].bar(x, values, bottom=bottom, color=tone, width=0.6, label=words(f"plan.{name}"))
            bottom += values.to_numpy(float)
        axes[0].set_xticks(x, years)
        axes[0].set_ylabel(words("axis.staff_days"))
        axes[0].legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
        width = 0.38
        axes[1].bar(x - width / 2, plan["checks"], width=width, color="#BBBBBB", label=words("plan.checks"))
        axes[1].bar(x + width / 2, plan["checks_done"], width=width, color=MAIN, label=words("plan.checks_done"))
        axes[1].set_xticks(x, years)
        axes[1].set_ylabel(words("axis.checks_year"))
        axes[1].legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    return _finish(figure, "plan_years", caption)


def monthly_bands(months: pd.DataFrame, series: Sequence[str], key: str, words: Words, caption: str) -> Figure:
    """Per month: the mean over replications and the range of the middle 90% of them (what one year of
    the county may look like), one panel per series."""
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, len(series), 2.4)
        for ax, name in zip(axes, series, strict=True):
            band = monthly_band(months, name)
            mean, low, high = band["mean"], band["low"], band["high"]
            x = np.arange(len(mean))
            ax.fill_between(x, low, high, color=MAIN, alpha=BAND_ALPHA, linewidth=0, label=words("legend.range90"))
            ax.plot(x, mean, color=MAIN, linewidth=1.3, label=words("legend.mean"))
            ticks = [i for i, label in enumerate(mean.index) if label.endswith("-01")]
            ax.set_xticks(ticks, [mean.index[i][:4] for i in ticks])
            ax.set_xlabel(words("axis.month"))
            ax.set_ylabel(words(f"axis.monthly_{name}"))
            ax.set_ylim(bottom=0)
        handles, names = axes[0].get_legend_handles_labels()
        figure.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    return _finish(figure, key, caption)


def funnel(stages: pd.DataFrame, words: Words, caption: str) -> Figure:
    """Hazards a year: created, found (by channel, stacked) and closed (after a finding, and unfound:
    stacked); major hazards beside them. The legend, above the panels, names each part once."""
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 2, 2.3)
        for ax, kind in zip(axes, ("all", "major"), strict=True):
            rows = stages[stages.kind == kind]
            labels = list(dict.fromkeys(rows["stage_shown"]))
            y = np.arange(len(labels))[::-1]
            left = dict.fromkeys(labels, 0.0)
            for position, (_, row) in enumerate(rows.iterrows()):
                at = y[labels.index(row["stage_shown"])]
                ax.barh(at, row["value"], left=left[row["stage_shown"]], color=colour(row["part"], position),
                        height=0.6, label=row["part_shown"] or None)
                left[row["stage_shown"]] += row["value"]
            ax.set_yticks(y, labels)
            ax.set_xlabel(words(f"axis.hazards_year_{kind}"))
            ax.grid(axis="y", visible=False)
        handles, names = axes[0].get_legend_handles_labels()
        figure.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(names), 3),
                      frameon=False)
    return _finish(figure, "funnel_chart", caption)


def hours_by_source(rows: pd.DataFrame, words: Words, caption: str) -> Figure:
    """Inspector hours a year by who asked for the work, and the tasks that expired unstarted."""
    rows = rows.reset_index(drop=True)
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 1, 0.8 + 0.3 * len(rows))
        ax = axes[0]
        y = np.arange(len(rows))[::-1]
        ax.barh(y, rows["hours"], color=[colour(s, i) for i, s in enumerate(rows["source"])], height=0.62)
        for at, hours, share in zip(y, rows["hours"], rows["share"], strict=True):
            ax.text(hours, at, f" {words.percent(share)}", va="center", fontsize=8)
        ax.set_yticks(y, list(rows["shown"]))
        ax.set_xlabel(words("axis.hours_year"))
        ax.grid(axis="y", visible=False)
        ax.set_xlim(right=float(rows["hours"].max()) * 1.15)
    return _finish(figure, "hours_chart", caption)


def trial_ratios(table: pd.DataFrame, words: Words, caption: str) -> Figure:
    """The simulated field trial's treated/control ratio by follow-up year and over the four years, of
    expected accidents and of counted accidents (what the real trial counted) side by side, with 95%
    whiskers; then Levine et al.'s four-year result drawn as its interval's span, with its estimate.
    The legend sits above the axes, clear of the data. Every estimate is inside the axis, but a
    whisker may leave its top: the axis stops at the highest estimate or at 2.5 (a 150% rise),
    whichever is higher, since a few histories can leave an arm with hardly any counted accidents
    and an interval running on to infinity would squash the rest."""
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 1, 2.6, width=WIDTH * 0.8)
        ax = axes[0]
        x = np.arange(len(table), dtype=float)
        for offset, (name, prefix) in zip((-0.15, 0.15), (("expected", ""), ("counted", "counted_")), strict=True):
            mean = table[f"{prefix}ratio"].to_numpy(float)
            high = np.nan_to_num(table[f"{prefix}high"].to_numpy(float), posinf=1e6)   # drawn off the top
            error = np.vstack([mean - table[f"{prefix}low"].to_numpy(float), high - mean])
            ax.errorbar(x + offset, mean, yerr=error, fmt="o" if name == "expected" else "s", color=colour(name),
                        capsize=3, markersize=4, label=words(f"legend.{name}"))
        at = len(table)
        ax.bar(at, LEVINE_HIGH - LEVINE_LOW, bottom=LEVINE_LOW, width=0.3, color=colour("levine"), alpha=0.45,
               linewidth=0, label=words("legend.levine"))
        ax.plot([at - 0.15, at + 0.15], [LEVINE_RATIO] * 2, color=colour("levine"), linewidth=1.6)
        ax.axhline(1.0, color="#333333", linewidth=0.8, linestyle=":")
        ends = table[["low", "high", "counted_low", "counted_high"]].to_numpy(float)
        estimates = table[["ratio", "counted_ratio"]].to_numpy(float)
        ends, estimates = ends[np.isfinite(ends)], estimates[np.isfinite(estimates)]
        top = max(min(TRIAL_AXIS_TOP, max(LEVINE_HIGH, *ends)), *estimates)
        ax.set_ylim(max(0.0, min(LEVINE_LOW, *ends) - 0.05), top + 0.05)
        ax.set_xticks([*x, at], [*table["shown"], words("axis.levine")])
        ax.set_ylabel(words("axis.trial_ratio"))
        ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    return _finish(figure, "trial", caption)


def death_rate(simulated: tuple[float, float, float], national: Sequence[tuple[str, float]], target: float | None,
               words: Words, caption: str) -> Figure:
    """The simulated 十万人死亡率 with its interval beside the national figures and the target."""
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 1, 1.9, width=WIDTH * 0.75)
        ax = axes[0]
        labels = [words("legend.simulated"), *(label for label, _ in national)]
        y = np.arange(len(labels))[::-1]
        mean, low, high = simulated
        ax.errorbar([mean], [y[0]], xerr=[[mean - low], [high - mean]], fmt="o", color=MAIN, capsize=3)
        ax.plot([value for _, value in national], y[1:], "s", color="#777777")
        if target is not None:   # the legend above the axes: inside, it covered the line or a country's mark
            ax.axvline(target, color="#D55E00", linestyle="--", linewidth=1, label=words("legend.target"))
            ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0))
        ax.set_yticks(y, labels)
        ax.set_xlabel(words("axis.death_rate"))
        ax.set_xlim(left=0)
        ax.grid(axis="y", visible=False)
    return _finish(figure, "death_rate", caption)


def tornado(rows: pd.DataFrame, words: Words, axis: str, caption: str) -> Figure:
    """Morris screening as a tornado: per factor (largest first, at the top) its mu* as a bar and the
    screening's 95% interval as a whisker (never below 0, as mu* is not); `rows.scale` turns a share
    into percentage points."""
    rows = rows.reset_index(drop=True)
    scale = float(rows["scale"].iloc[0]) if "scale" in rows else 1.0
    mean = rows["mu_star"].to_numpy(float) * scale
    conf = rows["mu_star_conf"].fillna(0.0).to_numpy(float) * scale
    with plt.rc_context(_style(words)):
        figure, axes = _subplots(words, 1, 0.8 + 0.3 * len(rows))
        ax = axes[0]
        y = np.arange(len(rows))[::-1]
        ax.barh(y, mean, color=MAIN, height=0.62)
        ax.errorbar(mean, y, xerr=np.vstack([np.minimum(conf, mean), conf]), fmt="none", ecolor="#222222",
                    capsize=2.5, linewidth=0.9)
        ax.set_yticks(y, list(rows["shown"]))
        ax.set_xlabel(axis)
        ax.set_xlim(left=0)
        ax.grid(axis="y", visible=False)
    return _finish(figure, "depends_tornado", caption)
