"""A county's register of enterprises (企业名录 / 监管对象台账): the enterprises both engines run.

What the register gives replaces what the model would draw, row for row: each enterprise's sector
(required), its workforce (从业人员) and its risk tier (风险等级) or whether it is a key enterprise
(重点企业); the county's enterprise count and sector mix are then the register's. A blank cell in an
optional column, or an absent column, leaves that attribute drawn as without a register. Everything
a register does not hold stays drawn from the `population` stream of (seed, replication):
safety-management quality, starting credit, self-check day, owner (territorial dispatch), the
inspectors' training. docs/county_data.md says this in a table.

Enterprise i of a run is the register's i-th data row (blank rows skipped); `rows` keeps the row
number the spreadsheet shows, so a result can be traced back to the sheet.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config.county_schema import SECTORS
from sim.config.errors import ConfigError
from sim.config.validate import check_data_file
from sim.county.columns import REGISTER_COLUMNS, SECTOR_LOOKUP, TIER_LOOKUP, YES_NO_LOOKUP, lookup
from sim.county.table import BadCell, BadRows, bad_cells, columns, names, numbers, read_sheet

KEY = "population.register"
SECTOR_ALLOWED = ("must name one of the model's sectors: 危险化学品, 非煤矿山, 建筑施工, 工贸, 城镇燃气, 人员密集场所, "
                  "道路运输, 烟花爆竹 (every name accepted, English ones too, is in docs/county_data.md)")
SECTOR_BLANK = "is blank: every enterprise needs its sector (the names accepted are in docs/county_data.md)"
WORKERS_ALLOWED = "must be a whole number >= 1, or blank (then drawn)"
TIER_ALLOWED = "must be 红, 橙, 黄 or 蓝 (or 重大, 较大, 一般, 低; red, orange, yellow, blue), or blank (then from the risk score)"
KEY_ALLOWED = "must be 是 or 否 (yes or no), or blank"
TIER_ZH = ("红", "橙", "黄", "蓝")
KEY_TIERS = 2  # red and orange: the model's key enterprises (重点企业), sim.rules.plan.KEY_TIERS


@dataclass(frozen=True, slots=True, eq=False)
class Register:
    """A register as read: arrays over its enterprises (length N), in its row order."""

    file: str                 # the file, absolute
    digest: str               # of the file's bytes: a changed file is another register
    rows: np.ndarray          # int64[N]: the row the spreadsheet shows
    sector: np.ndarray        # int64[N]: index into SECTORS (sim/config/county_schema.py)
    workers: np.ndarray       # int64[N]: workforce, 0 where blank (drawn)
    tier: np.ndarray          # int8[N]: 0 red .. 3 blue, -1 where not given (from the risk score)
    key: np.ndarray           # int8[N]: 1 key enterprise (重点企业), 0 not, -1 not given
    name: np.ndarray          # object[N]: the name as written, "" without a name column
    township: np.ndarray      # object[N]: the township (乡镇/街道) as written; read, not yet used by the model
    headers: dict[str, str]   # meaning -> the header as written, for the columns read
    ignored: tuple[str, ...]  # headers of the columns not read

    @property
    def size(self) -> int:
        return int(self.sector.shape[0])

    def counts(self) -> dict[str, int]:
        """Enterprises per sector, in SECTORS order, the sectors the register has only."""
        per = np.bincount(self.sector, minlength=len(SECTORS))
        return {name: int(per[s]) for s, name in enumerate(SECTORS) if per[s] > 0}

    def shares(self) -> dict[str, float]:
        """The sector shares the register's counts make: population.sector_shares with a register."""
        return {name: count / self.size for name, count in self.counts().items()}

    def given(self) -> dict[str, int]:
        """How many enterprises the register gives each optional attribute (the rest are drawn)."""
        return {"workers": int((self.workers > 0).sum()), "tier": int((self.tier >= 0).sum()),
                "key": int((self.key >= 0).sum())}


def load_register(path: str, label: str | None = None) -> Register:
    """The register at `path` (CSV or the first sheet of an XLSX), every bad cell refused at once (BadRows).

    Read once per process and file version (path, size, modification time): the sweeps' chunks and the
    report commands load the config more than once.
    """
    file = check_data_file(KEY, path, label).resolve()
    stat = file.stat()
    return _load(str(file), stat.st_size, stat.st_mtime_ns, label or path)


@functools.lru_cache(maxsize=4)
def _load(file: str, size: int, mtime: int, label: str) -> Register:
    meanings = lookup(REGISTER_COLUMNS)
    sector_keys = {k for k, m in meanings.items() if m == "sector"}
    sheet = read_sheet(Path(file), KEY, label, lambda keys: bool(keys & sector_keys),
                       "the sector (行业, 行业类别, 所属行业 or sector)")
    where, ignored = columns(sheet, meanings, KEY, label)
    if sheet.cells.empty:
        raise ConfigError(KEY, label, f"has no enterprises: no row below its header (row {sheet.header_row})")
    n = sheet.cells.shape[0]
    bad: list[BadCell] = []
    column = sheet.cells.__getitem__

    sector, unknown = names(column(where["sector"]), SECTOR_LOOKUP)
    blank = (column(where["sector"]) == "").to_numpy()
    bad += bad_cells(sheet, where["sector"], blank, SECTOR_BLANK)
    bad += bad_cells(sheet, where["sector"], unknown, SECTOR_ALLOWED)

    workers = np.zeros(n, dtype=np.int64)
    if "workers" in where:
        number, wrong = numbers(column(where["workers"]))
        given = np.isfinite(number)
        wrong |= given & ((np.where(given, number, 1.0) < 1) | (np.where(given, number, 1.0) % 1 != 0))
        bad += bad_cells(sheet, where["workers"], wrong, WORKERS_ALLOWED)
        workers = np.where(given & ~wrong, number, 0).astype(np.int64)

    tier = np.full(n, -1, dtype=np.int8)
    if "tier" in where:
        meant, wrong = names(column(where["tier"]), TIER_LOOKUP)
        bad += bad_cells(sheet, where["tier"], wrong, TIER_ALLOWED)
        tier = meant.fillna(-1).to_numpy().astype(np.int8)

    key = np.full(n, -1, dtype=np.int8)
    if "key" in where:
        meant, wrong = names(column(where["key"]), YES_NO_LOOKUP)
        bad += bad_cells(sheet, where["key"], wrong, KEY_ALLOWED)
        key = meant.fillna(-1).to_numpy().astype(np.int8)
        clash = (key >= 0) & (tier >= 0) & ((key == 1) != (tier < KEY_TIERS))
        for row, t in zip(np.flatnonzero(clash), tier[clash], strict=True):
            bad.append(BadCell(int(sheet.cells.index[row]), sheet.headers[where["key"]], column(where["key"]).iloc[row],
                               f"contradicts {sheet.headers[where['tier']]} {TIER_ZH[t]} on the same row: the model's "
                               "key enterprises (重点企业) are the red and orange ones, so 红 and 橙 are 是, 黄 and 蓝 否"))
    if bad:
        raise BadRows(KEY, label, sorted(bad, key=lambda c: (c.row, sheet.headers.index(c.column))))

    text = lambda meaning: (column(where[meaning]).to_numpy(dtype=object) if meaning in where  # noqa: E731
                            else np.full(n, "", dtype=object))
    return Register(
        file=file, digest=file_digest(Path(file)), rows=sheet.cells.index.to_numpy(dtype=np.int64),
        sector=sector.map({name: s for s, name in enumerate(SECTORS)}).to_numpy(dtype=np.int64),
        workers=workers, tier=tier, key=key, name=text("name"), township=text("township"),
        headers={meaning: sheet.headers[p] for meaning, p in where.items()}, ignored=tuple(ignored))


def file_digest(path: Path) -> str:
    """A digest of a file's bytes (20 hex digits)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


def given_tiers(score_tier: np.ndarray, tier: np.ndarray | None, key: np.ndarray | None) -> np.ndarray:
    """The risk tier of each enterprise: the register's where it gives one; else from the risk score,
    moved into the key tiers (red, orange) where the register says 重点企业 and out of them where it says
    not. Without a register, the tier from the score."""
    out = score_tier.copy()
    if key is not None:
        out = np.where(key == 1, np.minimum(out, KEY_TIERS - 1), out)
        out = np.where(key == 0, np.maximum(out, KEY_TIERS), out)
    if tier is not None:
        out = np.where(tier >= 0, tier, out)
    return out.astype(np.int8)
