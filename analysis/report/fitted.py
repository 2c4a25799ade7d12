"""The county as fitted to its records, when the robustness part ran over a calibration's fitted sample
(python -m analysis.sensitivity --sample <calibration>/fitted.parquet): to which records, how well each
is reproduced, and which assumptions the records pinned down and which stay uncertain
(docs/calibration.md). The analysis copies the calibration's fit.csv and parameters.csv beside its
own tables as calibration_fit.csv and calibration_parameters.csv, so the folder travels whole.
"""

from __future__ import annotations

import pandas as pd

from analysis.report.document import Block, Paragraph, Table
from analysis.report.factors import factor_name
from analysis.report.language import Words
from analysis.report.sensitivity_files import Sensitivity

PINNED = 0.5     # a parameter whose not-ruled-out range is under half its prior range: pinned by the records
UNMOVED = 0.8    # over 80% of it: the records say little about it
NAMED = 6        # pinned parameters named in the sentence


def fitted_blocks(sensitivity: Sensitivity, words: Words) -> list[Block]:
    """The fit table and a sentence on what the records pinned down; [] when the analysis is not over a
    fitted sample or the calibration's tables were not copied."""
    if not sensitivity.robustness.get("sample") or sensitivity.fit is None:
        return []
    blocks: list[Block] = [Paragraph(words("fitted.intro", records=len(sensitivity.fit))), fit_table(sensitivity.fit, words)]
    if sensitivity.fit_parameters is not None:
        blocks.append(Paragraph(pinned_sentence(sensitivity.fit_parameters, words)))
    return blocks


def fit_table(fit: pd.DataFrame, words: Words) -> Table:
    """Each record: its value with the observation error, the model over the fitted sets and before the fit."""
    rows = []
    for r in fit.itertuples():
        digits = _digits(r.recorded)
        rows.append((record_name(str(r.record), str(r.label), words), words("fitted.recorded", value=words.number(r.recorded, digits),
                                         error=words.number(r.observation_error, digits)),
                     words.range(r.model_low, r.model_high, digits), words.range(r.prior_low, r.prior_high, digits)))
    return Table(tuple(words(f"column.{c}") for c in ("record", "recorded", "fitted_model", "prior_model")),
                 tuple(rows), (False, True, True, True), words("table.fit"))


def record_name(name: str, label: str, words: Words) -> str:
    """A record's name: in Chinese the county file's own header (`label`, as fit.csv has it), in English
    the measure's English name (labels_en.py: record.*), each falling back on the other."""
    if words.chinese and label:
        return label
    return words.table.get(f"record.{name}", label or name)


def pinned_sentence(parameters: pd.DataFrame, words: Words) -> str:
    """Which assumptions the records narrowed (not-ruled-out range under half the prior's), and how many
    they left almost as uncertain as before."""
    share = pd.to_numeric(parameters.nroy_share, errors="coerce")
    pinned = parameters[share < PINNED].sort_values("nroy_share", kind="stable")
    unmoved = int((share >= UNMOVED).sum())
    if pinned.empty:
        return words("fitted.none_pinned", unmoved=unmoved, total=len(parameters))
    names = ("、" if words.chinese else "; ").join(factor_name(key, words) for key in pinned.key.head(NAMED))
    return words("fitted.pinned", count=len(pinned), names=names, unmoved=unmoved, total=len(parameters))


def _digits(value: float) -> int:
    """Decimals for a record: none for counts in the hundreds and up, two for rates and shares."""
    size = abs(float(value))
    return 0 if size >= 100 else 1 if size >= 10 else 2
