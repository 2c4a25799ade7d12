"""What the benchmark scripts share: the machine context, the code version, docs/performance.md.

Standard library only, so a child process that imports it for a start-up measurement pays nothing
for it.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
TITLE = "# Performance"
INTRO = (
    "How fast the simulation engines run and how much memory they take. Each engine has a section "
    "written by its benchmark script between marker comments (edit only outside them); the command "
    "that produced it, the date and the machine are given with every table. Speeds are reported as "
    "absolute figures for that machine and as ratios (overheads, seconds per 1,000 enterprise-years, "
    "SimPy events per hazard), which carry over better from one machine to another."
)
YEAR = 365.25


# -- machine context ----------------------------------------------------------------------------
def _cpuinfo() -> dict[str, str]:
    info: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    return info


def _mem_total_gib() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024.0 / 1024.0
    except OSError:
        pass
    return None


def git_commit() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "sim"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + (" (sim/ has uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def source_fingerprint() -> str:
    """A short hash of every .py file under sim/, to notice code that changes during a benchmark."""
    digest = hashlib.sha1()
    for path in sorted((ROOT / "sim").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def machine_lines(context: Sequence[tuple[str, str]]) -> list[str]:
    """The "Machine:" block of a benchmark section, as Markdown lines."""
    return ["Machine:", "", *(f"- {label}: {value}" for label, value in context)]


def bench_section_head(module: str, context: Sequence[tuple[str, str]]) -> list[str]:
    """The first lines of a section `make bench` writes: the command, the date, the machine."""
    import datetime as dt

    return [f"Produced by `python -m benchmarks.{module} --write` on {dt.date.today().isoformat()} "
            "(`make bench` runs it).", "", *machine_lines(context)]


def machine_context(packages: Sequence[str] = ("numpy", "simpy")) -> list[tuple[str, str]]:
    """(label, value) pairs: CPU, cores, memory, OS, Python, package versions, load, code version."""
    cpu = _cpuinfo()
    logical = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    cores = f"{logical} logical CPUs"
    if cpu.get("cpu cores"):
        cores += f" ({cpu['cpu cores']} cores per socket)"
    if usable != logical:
        cores += f", {usable} usable by this process"
    model = cpu.get("model name", platform.processor() or "unknown")
    if cpu.get("cpu MHz"):
        model += f", {float(cpu['cpu MHz']):.0f} MHz"
    if cpu.get("cache size"):
        model += f", {cpu['cache size']} cache"
    mem = _mem_total_gib()
    return [
        ("CPU", model),
        ("Cores", cores),
        ("Memory", f"{mem:.1f} GiB" if mem else "unknown"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        (" / ".join(packages), " / ".join(metadata.version(p) for p in packages)),
        ("Load average (1, 5, 15 min) at start", load_average()),
        ("Code", f"commit {git_commit()}, sim/ source fingerprint {source_fingerprint()}"),
    ]


# -- peak memory of a process (Linux /proc) -------------------------------------------------------
def status_kib(field: str, pid: int | str = "self") -> int | None:
    """A `Vm...` line of /proc/<pid>/status in KiB (None without /proc or once the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Set this process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# -- docs/performance.md ------------------------------------------------------------------------
def write_section(body: str, begin: str, end: str, heading: str, after: str | None = None,
                  path: Path = DOC) -> None:
    """Replace the text between `begin` and `end` with `body`, creating the file or section if missing.

    A new section goes right after the marker `after` when that is in the file, else at the end.
    """
    block = f"{begin}\n{body}\n{end}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{TITLE}\n\n{INTRO}\n\n{heading}\n\n{block}\n", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    b, e = text.find(begin), text.find(end)
    anchor = text.find(after) if after else -1
    if b >= 0 and e > b:
        text = text[:b] + block + text[e + len(end):]
    elif anchor >= 0:
        cut = anchor + len(after)
        text = text[:cut] + f"\n\n{heading}\n\n{block}" + text[cut:]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def publish(body: str, problems: Sequence[str], write: bool, write_doc) -> int:
    """Print the table and any warnings; with `write`, put it in the doc. Exit status 1 on a warning."""
    import sys

    print(body)
    for problem in problems:
        print(f"WARNING: {problem}", file=sys.stderr)
    if write:
        write_doc(body)
        print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 1 if problems else 0


def section_main(argv: Sequence[str] | None, doc: str, measure, render, checks, markers: tuple[str, str, str, str],
                 packages: Sequence[str] = ("numpy", "numba")) -> int:
    """`main` of a benchmark that measures one table: `--write` to put it in the doc.

    measure() -> result; render(result, context) -> Markdown; checks(result) -> warnings;
    markers: (begin, end, heading, after) of its section in docs/performance.md.
    """
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the table to docs/performance.md")
    args = parser.parse_args(argv)
    context = machine_context(packages)
    result = measure()
    context.append(("Load average (1, 5, 15 min) at end", load_average()))
    begin, end, heading, after = markers
    return publish(render(result, context), checks(result), args.write,
                   lambda text: write_section(text, begin, end, heading, after=after))
