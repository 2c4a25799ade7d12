"""Benchmark of reading a county's register: 100,000 enterprises from CSV and from XLSX.

    python -m benchmarks.register_load [--rows N,N...] [--write]

Writes a made-up register of N rows (default 10,000 and 100,000; `register_rows`: the columns a planner's
企业名录 has, Chinese names and sectors, a workforce for every row, risk tiers for the high-risk
sectors) as CSV (UTF-8) and XLSX in a temporary folder, then times, three times each in this process
with the register's cache cleared before each: `load_register` (read, check every cell, build the
arrays) and `sim.load_config` with `population.register` (what a command does before it runs), and
once `compile_scenario` plus drawing replication 0's world. `--write` puts the table in
docs/county_data.md between its marker comments. `register_rows(300, seed=1)` made the example
register in scenarios/examples/.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import ROOT, bench_section_head, load_average, machine_context, write_section

DOC = ROOT / "docs" / "county_data.md"
BEGIN, END = "<!-- register-benchmark:begin -->", "<!-- register-benchmark:end -->"
HEADING = "## How long a register takes to read"
HEADER = ["序号", "企业名称", "行业", "从业人员", "风险等级", "重点企业", "乡镇（街道）"]
# sector: (its name in a register, share, median workers, log-sd, name endings, share with a tier given)
SECTORS = (
    ("危险化学品", 0.04, 60, 1.0, ("化工有限公司", "化学品经营部", "加油站", "化工科技有限公司"), 1.0),
    ("非煤矿山", 0.02, 45, 1.0, ("矿业有限公司", "采石场", "石料厂"), 1.0),
    ("建筑施工", 0.12, 80, 1.0, ("建筑工程有限公司", "建设集团有限公司", "建筑劳务有限公司"), 0.3),
    ("工贸", 0.45, 25, 1.0, ("机械制造有限公司", "纺织有限公司", "建材有限公司", "食品有限公司", "家具厂",
                           "五金制品厂", "木业有限公司"), 0.3),
    ("城镇燃气", 0.03, 30, 1.0, ("燃气有限公司", "液化气供应站"), 1.0),
    ("人员密集场所", 0.25, 20, 1.0, ("商贸广场", "大酒店", "购物中心", "宾馆", "超市"), 0.3),
    ("道路运输", 0.07, 40, 1.0, ("运输有限公司", "客运有限公司", "物流有限公司"), 0.5),
    ("烟花爆竹", 0.02, 15, 1.0, ("烟花爆竹批发部", "烟花爆竹零售店"), 1.0),
)
PLACES = ("城关", "东湖", "新桥", "龙泉", "青山", "白沙", "金山", "永兴", "长宁", "和平", "石桥", "柳河")
NAMES = ("宏达", "鑫源", "华强", "恒泰", "永安", "昌盛", "金鼎", "瑞丰", "宏远", "兴隆", "天成", "顺发", "嘉禾",
         "聚力", "盛世", "众诚")
TOWNSHIPS = ("城关镇", "东湖街道", "新桥镇", "龙泉镇", "青山乡", "白沙镇", "金山街道", "永兴乡")
TIERS = ("红", "橙", "黄", "蓝")
TIER_SHARES = (0.05, 0.15, 0.35, 0.45)


def register_rows(n: int, seed: int) -> list[list]:
    """`n` made-up rows of a county register (HEADER), plausible but no real enterprise's."""
    rng = np.random.default_rng(seed)
    shares = np.array([s[1] for s in SECTORS])
    sector = rng.choice(len(SECTORS), size=n, p=shares / shares.sum())
    rows = []
    for i, s in enumerate(sector):
        name, _, median, sigma, endings, tiered = SECTORS[s]
        workers = max(1, int(round(rng.lognormal(np.log(median), sigma))))
        tier = int(rng.choice(4, p=TIER_SHARES)) if rng.random() < tiered else -1
        firm = f"{rng.choice(PLACES)}{rng.choice(NAMES)}{rng.choice(endings)}"
        rows.append([i + 1, firm, name, workers, TIERS[tier] if tier >= 0 else "",
                     ("是" if tier <= 1 else "否") if tier >= 0 else "", str(rng.choice(TOWNSHIPS))])
    return rows


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("企业名录")
    for row in [HEADER, *rows]:
        sheet.append([None if v == "" else v for v in row])
    book.save(path)
    return path


def measure(rows: int) -> list[tuple[int, str, str, list[float], float, list[float], float]]:
    """(rows, format, file size, seconds of load_register x3, of reading the cells alone, of load_config x3,
    of compile + world)."""
    import sim
    from sim.county import register, table
    from sim.world.replication import draw_world
    from sim.world.scenario import compile_scenario

    out = []
    draw_world(compile_scenario(sim.load_config("county_baseline", ["population.enterprises=30"])), 0, 0)  # imports
    data = register_rows(rows, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        for suffix, writer in ((".csv", write_csv), (".xlsx", write_xlsx)):
            path = writer(Path(folder) / f"register{suffix}", data)
            loads, configs = [], []
            for _ in range(3):
                register._load.cache_clear()
                started = time.perf_counter()
                register.load_register(str(path))
                loads.append(time.perf_counter() - started)
            for _ in range(3):
                register._load.cache_clear()
                started = time.perf_counter()
                config = sim.load_config("county_baseline", [f"population.register={path}"])
                configs.append(time.perf_counter() - started)
            started = time.perf_counter()
            draw_world(compile_scenario(config), 0, 0)
            world = time.perf_counter() - started
            started = time.perf_counter()
            (table._read_csv if suffix == ".csv" else table._read_xlsx)(path, "population.register", path.name)
            cells = time.perf_counter() - started
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            out.append((rows, suffix.lstrip("."), size, loads, cells, configs, world))
            print(f"{rows} {suffix}: load_register {min(loads):.2f} s, load_config {min(configs):.2f} s", file=sys.stderr)
    return out


def render(result, context) -> str:
    def seconds(values: list[float]) -> str:
        return f"{np.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"

    lines = [*bench_section_head("register_load", context), "",
             "Made-up registers (`register_rows(rows, seed=1)`: 序号, 企业名称, 行业, "
             "从业人员, 风险等级, 重点企业, 乡镇（街道）). Seconds, the median of three runs (min–max); the register's "
             "cache is cleared before each, so every run reads the file. Of it, reading the cells alone (the csv "
             "module, or pandas.read_excel with openpyxl) timed once. `sim.load_config` reads it once and "
             "includes composing the scenario; compiling the scenario and drawing a replication's world are "
             "timed once (the compile finds the register in the cache).", "",
             "| enterprises | file | size | `load_register` (s) | of it, reading the cells (s) | `sim.load_config` (s) "
             "| compile + world of replication 0 (s) |",
             "|--:|---|--:|--:|--:|--:|--:|"]
    for rows, kind, size, loads, cells, configs, world in result:
        lines.append(f"| {rows:,} | {kind} | {size} | {seconds(loads)} | {cells:.2f} | {seconds(configs)} | "
                     f"{world:.2f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000", help="enterprises in each register, comma-separated "
                                                                 "(default 10000,100000)")
    parser.add_argument("--write", action="store_true", help="write the table to docs/county_data.md")
    args = parser.parse_args(argv)
    context = machine_context(("numpy", "pandas", "openpyxl"))
    result = [row for rows in args.rows.split(",") for row in measure(int(rows))]
    context.append(("Load average (1, 5, 15 min) at end", load_average()))
    body = render(result, context)
    print(body)
    if args.write:
        write_section(body, BEGIN, END, HEADING, path=DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
