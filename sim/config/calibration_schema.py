"""Schema of the county's records that calibration compares the model with (docs/county_data.md).

The records do not change a run: `python -m sim` checks the file before it runs, so a planner learns
of a bad row at once, and sets the records beside the run's own figures; calibrating the model to
them is the calibration command's work.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param


@dataclass(slots=True, kw_only=True)
class CalibrationConfig:
    """The county's own yearly figures (执法统计、事故统计)."""

    records: str = param("", rule="data_file",
                         doc="the county's yearly records (CSV or XLSX, one row per year: 检查企业家次, 发现隐患, "
                             "整改率, 行政处罚, 停产整顿, 举报, 奖励, 事故起数, 死亡人数 ...; docs/county_data.md); "
                             "a relative path written in a scenario file is read from the file's folder",
                         source="the county's own statistics", role="setting",
                         why="data the county holds, read by calibration; no effect on a run")
