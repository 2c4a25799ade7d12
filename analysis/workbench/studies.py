"""Studies: each a folder of the workspace's studies/ holding what it runs (study.json), where its runner
is (state.json, written by job.py), its log and its results, so two studies never share a file and a
restarted server finds every study again by reading the folders.

A study is one of the project's sweeps (`python -m sim.sweep`: staffing, regimes, budget_mix) of the
chosen scenario, then its report (`python -m analysis.report`); or the sensitivity screening
(`python -m analysis.sensitivity SCENARIO --size small`), whose total is known once it has started. The scenario is copied into the study's folder with its files' paths
made absolute, so a later edit of the scenario does not change a study under way or resumed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

import sim
from analysis.workbench.county import _flattened
from analysis.workbench.job import read_state
from analysis.workbench.progress import logged_total, replications_done, time_left
from analysis.workbench.workspace import Workspace
from sim.config.scenario_file import read_scenario
from sim.sweep.load import read_sweep
from sim.sweep.spec import build_spec

KINDS = ("staffing", "regimes", "budget_mix", "sensitivity")
SWEEPS = ("staffing", "regimes", "budget_mix")   # the kinds that are one sweep and its report
ENGINES = ("numba", "simpy")
SCHEDULER = re.compile(r"tcp://[A-Za-z0-9.\-]+:\d{1,5}")
MAX_REPLICATIONS = 2000


@dataclass(frozen=True, slots=True)
class Request:
    """A study as the page asks for it, checked by `check_request`."""

    kind: str
    scenario: Path
    replications: int
    engine: str
    workers: int
    scheduler: str
    levels: tuple[int, ...]   # staffing levels, today's included
    today: int                # the scenario's inspectors.count, the reference


def default_levels(today: int) -> tuple[int, ...]:
    """None, half, today, 1.5, 2 and 3 times today's staff."""
    return tuple(sorted({0, today // 2, today, round(today * 1.5), today * 2, today * 3}))


def check_request(form: dict[str, str], scenario: Path) -> tuple[Request | None, dict[str, str]]:
    """The study the form asks for, or the errors by field (each one line: field = value: what is allowed)."""
    errors: dict[str, str] = {}
    config = sim.load_config(str(scenario))
    today = config.inspectors.count
    kind = form.get("kind", "staffing")
    if kind not in KINDS:
        errors["kind"] = f"kind = {kind!r}: must be one of {', '.join(KINDS)}"
    replications = _whole(form.get("replications", ""), "replications", 2, MAX_REPLICATIONS, errors)
    workers = _whole(form.get("workers", ""), "workers", 1, os.cpu_count() or 1, errors)
    engine = form.get("engine", "numba")
    if engine not in ENGINES:
        errors["engine"] = f"engine = {engine!r}: must be numba or simpy"
    scheduler = form.get("scheduler", "").strip()
    if scheduler and not SCHEDULER.fullmatch(scheduler):
        errors["scheduler"] = f"scheduler = {scheduler!r}: must be a Dask scheduler's address, tcp://HOST:PORT, or empty"
    levels: tuple[int, ...] = ()
    text = form.get("levels", "").replace("，", ",").strip()
    try:
        given = {int(item) for item in text.split(",") if item.strip()} if text else set(default_levels(today))
        levels = tuple(sorted(given | {today}))
        if any(level < 0 or level > 10_000 for level in levels):
            raise ValueError
    except ValueError:
        errors["levels"] = (f"levels = {text!r}: must be whole numbers of inspectors from 0 to 10000, separated "
                            "by commas")
    if kind == "staffing" and len(levels) < 2 and "levels" not in errors:
        errors["levels"] = f"levels = {text!r}: give at least one level besides today's {today}"
    if errors:
        return None, errors
    return Request(kind, scenario, replications, engine, workers, scheduler, levels, today), {}


def _whole(text: str, name: str, low: int, high: int, errors: dict[str, str]) -> int:
    try:
        value = int(text.strip())
        if low <= value <= high:
            return value
    except ValueError:
        pass
    errors[name] = f"{name} = {text!r}: must be a whole number from {low} to {high}"
    return low


class Board:
    """The workspace's studies: start, list, read and cancel them. The runners' processes this server
    started are kept here only to collect their exit; a study's state is always read from its folder."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.children: dict[str, subprocess.Popen] = {}

    def start(self, request: Request, label: str) -> str:
        name = time.strftime("%Y%m%d-%H%M%S") + f"-{request.kind}"
        folder = self.workspace.studies / name
        suffix = 1
        while folder.exists():
            suffix += 1
            folder = self.workspace.studies / f"{name}-{suffix}"
        steps, cells = _steps(request, folder)
        body = _flattened(read_scenario(request.scenario, str(request.scenario)), request.scenario.parent)
        folder.mkdir()
        (folder / "scenario.yaml").write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
        study = {"kind": request.kind, "label": label, "created": time.time(), "steps": steps,
                 "sweep_folder": request.kind, "total": cells * request.replications,
                 "replications": request.replications, "engine": request.engine}
        (folder / "study.json").write_text(json.dumps(study, indent=1, ensure_ascii=False), encoding="utf-8")
        self.resume(folder.name)
        return folder.name

    def resume(self, name: str) -> None:
        """Start (again) the runner of study `name`; it skips the steps done and the sweep resumes."""
        folder = self.workspace.study_folder(name)
        if self.status(name)["status"] == "running":
            return
        self.children[name] = subprocess.Popen([sys.executable, "-m", "analysis.workbench.job", str(folder)],
                                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(50):   # the runner writes its state at once: wait for it, so the page shows it running
            if read_state(folder).get("pid") == self.children[name].pid:
                break
            time.sleep(0.05)

    def cancel(self, name: str) -> bool:
        """Ask the study's runner to stop (SIGTERM, by its process id); False when it is not running."""
        folder = self.workspace.study_folder(name)
        state = read_state(folder)
        if not _running(state.get("pid"), folder):
            return False
        os.kill(int(state["pid"]), signal.SIGTERM)
        return True

    def names(self) -> list[str]:
        return sorted((p.name for p in self.workspace.studies.iterdir() if (p / "study.json").is_file()),
                      reverse=True)

    def status(self, name: str) -> dict:
        """What the page shows of a study: its request, status, progress, time left and last log line."""
        for child in self.children.values():
            child.poll()   # collect a runner that has ended, so its process id is free
        folder = self.workspace.study_folder(name)
        study = json.loads((folder / "study.json").read_text(encoding="utf-8"))
        state = read_state(folder)
        status = state.get("status", "starting")
        if status == "running" and not _running(state.get("pid"), folder):
            status = "interrupted"
        done = replications_done(folder / study["sweep_folder"])
        tail = _tail(folder / "log.txt")
        total = study["total"] or _logged_total(folder / "log.txt", state)
        now = state.get("ended") if status != "running" else time.time()
        left = (time_left(done, total, state.get("done_at_step_start", 0), now - state["step_started"])
                if status == "running" and state.get("step", 0) == 0 and "step_started" in state else None)
        return {"name": name, **study, "total": total, "status": status, "done": min(done, total), "left": left,
                "step": state.get("step", 0), "returncode": state.get("returncode"),
                "last_line": _last_line(tail), "reports": _reports(folder)}


def _steps(request: Request, folder: Path) -> tuple[list[list[str]], int]:
    """The study's commands, and its replications in all (0: known once it runs)."""
    if request.kind == "sensitivity":
        screening = [sys.executable, "-m", "analysis.sensitivity", str(folder / "scenario.yaml"), "--size", "small",
                     "--out", str(folder / "sensitivity"), f"replications={request.replications}",
                     f"engine={request.engine}", f"n_jobs={request.workers}"]
        return [screening + (["--scheduler", request.scheduler] if request.scheduler else [])], 0
    sweep = [sys.executable, "-m", "sim.sweep", f"sweep={request.kind}", f"scenario={folder / 'scenario.yaml'}",
             f"hydra.run.dir={folder / request.kind}", f"sweep.replications={request.replications}",
             f"sweep.engine={request.engine}", f"sweep.n_jobs={request.workers}"]
    raw = read_sweep(request.kind)
    if request.kind == "staffing":
        levels = ",".join(str(level) for level in request.levels)
        sweep += [f"sweep.axes.0.values=[{levels}]", f"sweep.reference.inspectors.count={request.today}"]
        raw["axes"][0]["values"] = list(request.levels)
        raw["reference"] = {"inspectors.count": request.today}
    if request.scheduler:
        sweep += ["sweep.backend=dask", f"sweep.scheduler={request.scheduler}"]
    cells = len(build_spec(raw, default_jobs=1).cells)
    report = [sys.executable, "-m", "analysis.report", str(folder / request.kind), "--out", str(folder / "report")]
    return [sweep, report], cells


def _running(pid, folder: Path) -> bool:
    """Whether `pid` is a live runner of the study in `folder` (not a process that took its id since)."""
    if not pid:
        return False
    try:
        command = Path(f"/proc/{int(pid)}/cmdline").read_bytes().split(b"\0")
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z" and b"analysis.workbench.job" in command and \
        str(folder).encode() in command


def _logged_total(log: Path, state: dict) -> int:
    """A sensitivity run's replications in all: those its chunks held when this run started, and the
    total its own latest progress line gives (a resumed sweep counts only what is left); 0 before it."""
    tail = _tail(log, state.get("log_at_step_start", 0))
    total = logged_total(tail)
    return state.get("done_at_step_start", 0) + total if total is not None else 0


def _tail(log: Path, start: int = 0) -> str:
    """The end of the log (its last 4000 bytes at most), from byte `start` on."""
    try:
        with log.open("rb") as file:
            file.seek(max(start, log.stat().st_size - 4000))
            return file.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _last_line(tail: str) -> str:
    lines = [line.strip() for line in re.split(r"[\r\n]+", tail) if line.strip()]
    return lines[-1] if lines else ""


def _reports(folder: Path) -> list[str]:
    """The result files there are to download: the report's, and a sensitivity screening's summary."""
    found = [p.name for p in (folder / "report").glob("report-*.*") if p.suffix in (".html", ".pdf")]
    return sorted(found + (["summary.md"] if (folder / "sensitivity" / "summary.md").is_file() else []))
