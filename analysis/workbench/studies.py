"""Studies: each a folder of the workspace's studies/ holding what it runs (study.json), where its runner
is (state.json, written by job.py), its log and its results, so two studies never share a file and a
restarted server finds every study again by reading the folders.

What each kind runs is commands.py. The scenario is copied into the study's folder with its files'
paths made absolute, so a later edit of the scenario does not change a study under way or resumed.
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
from analysis.county_budget import sized_mixes, todays_spend
from analysis.default_study import county_levels
from analysis.fitted_county import read_calibration
from analysis.workbench.commands import FITTED_SAMPLE, RESULT_FILES, SWEEPS, result_folder, steps
from analysis.workbench.county import _flattened
from analysis.workbench.job import read_state
from analysis.workbench.progress import LoggedTotals, replications_done, time_left
from analysis.workbench.workspace import OutsideWorkspace, Workspace
from sim.config.errors import ConfigError
from sim.config.scenario_file import read_scenario
from sim.sweep.budget import LEVERS, derived_overrides

KINDS = (*SWEEPS, "sensitivity", "calibration", "default_study")
ENGINES = ("numba", "simpy")
SCREENINGS = ("small", "none")   # the default study's sensitivity part
ANALYSIS_SIZES = ("small", "full")   # a sensitivity study: analysis.sensitivity --size
SCHEDULER = re.compile(r"tcp://[A-Za-z0-9.\-]+:\d{1,5}")
MAX_REPLICATIONS = 2000
MOST_YUAN = 10_000_000_000   # a county's yearly budget for its levers, at most


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
    choice: str = ""          # the scenario as the form names it (saved:NAME or shipped:NAME)
    waves: int = 3            # a calibration's waves and points a wave
    points: int = 60
    screening: str = "small"  # the default study's sensitivity part: small or none
    sample: Path | None = None   # a calibration's fitted sample for the sensitivity's robustness part
    budget: int | None = None    # the budget mix's yuan a year (None: conf/sweep/budget_mix.yaml's as it is)
    fitted: Path | None = None   # a calibration's folder: the default study of the county it fitted
    own_mix: tuple[tuple[str, int], ...] = ()   # the budget mix's own split: (lever, yuan a year), () for none
    analysis_size: str = "small"   # a sensitivity study's --size: small (screening) or full (+ Sobol', robustness)


def default_levels(today: int) -> tuple[int, ...]:
    """None, half, today, 1.5, 2 and 3 times today's staff (as the default study's staffing sweep)."""
    return county_levels(today)


def check_request(form: dict[str, str], scenario: Path,
                  workspace: Workspace | None = None) -> tuple[Request | None, dict[str, str]]:
    """The study the form asks for, or the errors by field (each one line: field = value: what is allowed).
    `workspace` holds the calibration studies whose fitted sample the sensitivity study may take."""
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
    choice = form.get("scenario", "")
    if kind == "default_study" and scheduler:
        errors["scheduler"] = (f"scheduler = {scheduler!r}: the default study runs on this machine's cores "
                               "(python -m analysis.default_study takes no scheduler): leave it empty")
    screening = form.get("screening", "small")
    if screening not in SCREENINGS:
        errors["screening"] = f"screening = {screening!r}: must be small or none"
    analysis_size = form.get("analysis_size", "small") if kind == "sensitivity" else "small"
    if analysis_size not in ANALYSIS_SIZES:
        errors["analysis_size"] = f"analysis_size = {analysis_size!r}: must be small or full"
    waves = _whole(form.get("waves", "3"), "waves", 1, 10, errors) if kind == "calibration" else 3
    points = _whole(form.get("points", "60"), "points", 10, 1000, errors) if kind == "calibration" else 60
    sample = _fitted_sample(form.get("sample", "").strip(), workspace, errors) if kind == "sensitivity" else None
    fitted = _calibration(form.get("sample", "").strip(), workspace, config.name, errors) \
        if kind == "default_study" else None
    budget = _budget(form.get("budget", ""), config, errors) if kind == "budget_mix" else None
    own_mix = _own_mix(form, budget, config, errors) if kind == "budget_mix" else ()
    if errors:
        return None, errors
    return Request(kind, scenario, replications, engine, workers, scheduler, levels, today, choice, waves, points,
                   screening, sample, budget, fitted, own_mix, analysis_size), {}


def _budget(text: str, config, errors: dict[str, str]) -> int:
    """The budget mix's yuan a year: the form's, or the county's as spent today (analysis/county_budget.py)."""
    staff, training = todays_spend(config)
    text = text.replace(",", "").replace("，", "").strip()
    if not text:
        return staff + training
    low = max(training, 1)
    return _whole(text, "budget", low, MOST_YUAN, errors)


def _own_mix(form: dict[str, str], yearly: int, config, errors: dict[str, str]) -> tuple[tuple[str, int], ...]:
    """The planner's own split of the budget, yuan a year per lever (`mix_<lever>` fields; an empty one is 0),
    swept beside the file's mixes; () when every field is empty. It must add up to the budget, buy what
    sim/sweep/budget.py can price, and differ in what it buys from every other mix (two bars of one name)."""
    texts = {lever: form.get(f"mix_{lever}", "").replace(",", "").replace("，", "").strip() for lever in LEVERS}
    if not any(texts.values()):
        return ()
    amounts = {lever: _whole(text or "0", f"mix_{lever}", 0, MOST_YUAN, errors) for lever, text in texts.items()}
    if "budget" in errors or any(f"mix_{lever}" in errors for lever in LEVERS):
        return ()
    total = sum(amounts.values())
    if total != yearly:
        errors["own_mix"] = (f"own_mix = {total:,} yuan a year: the levers must add up to the budget, "
                             f"{yearly:,} yuan a year")
        return ()
    try:
        bought = derived_overrides({lever: float(amount) for lever, amount in amounts.items()}, config, "own_mix")
        for name, mix in sized_mixes(config, yearly).items():
            allocation = {lever: float(mix.get(lever, 0)) for lever in LEVERS}
            if derived_overrides(allocation, config, name) == bought:
                errors["own_mix"] = (f"own_mix = {total:,} yuan a year: buys the same as the mix {name} "
                                     "already swept; change the split")
                return ()
    except ConfigError as error:
        errors["own_mix"] = str(error)
        return ()
    return tuple(amounts.items())


def _fitted_sample(name: str, workspace: Workspace | None, errors: dict[str, str]) -> Path | None:
    """The fitted sample of the finished calibration study `name` (None for none)."""
    if not name:
        return None
    try:
        path = workspace.study_folder(name) / FITTED_SAMPLE if workspace is not None else None
    except (ValueError, OutsideWorkspace):
        path = None
    if path is None or not path.is_file():
        errors["sample"] = (f"sample = {name!r}: must be a finished calibration study of this workspace "
                            "(its calibration/fitted.parquet), or empty")
        return None
    return path


def _calibration(name: str, workspace: Workspace | None, county: str, errors: dict[str, str]) -> Path | None:
    """The folder of the finished calibration study `name` of the county named `county` (None for none),
    checked as python -m analysis.default_study --fitted checks it."""
    if not name:
        return None
    path = _fitted_sample(name, workspace, errors)
    if path is None:
        return None
    try:
        read_calibration(str(path.parent), county)
    except sim.ConfigError as error:
        errors["sample"] = f"sample = {name!r}: {error.allowed}"
        return None
    return path.parent


def fitted_samples(workspace: Workspace) -> list[str]:
    """The calibration studies whose fitted sample is there to take, newest first."""
    return [p.name for p in sorted(workspace.studies.iterdir(), reverse=True) if (p / FITTED_SAMPLE).is_file()]


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
        self.logged: dict[str, LoggedTotals] = {}   # each study's progress lines read so far

    def start(self, request: Request, label: str) -> str:
        name = time.strftime("%Y%m%d-%H%M%S") + f"-{request.kind}"
        folder = self.workspace.studies / name
        suffix = 1
        while folder.exists():
            suffix += 1
            folder = self.workspace.studies / f"{name}-{suffix}"
        commands, total = steps(request, folder)
        body = _flattened(read_scenario(request.scenario, str(request.scenario)), request.scenario.parent)
        folder.mkdir()
        (folder / "scenario.yaml").write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
        study = {"kind": request.kind, "label": label, "scenario": request.choice, "created": time.time(),
                 "steps": commands, "sweep_folder": request.kind, "total": total,
                 "replications": request.replications, "engine": request.engine, "workers": request.workers,
                 "results": result_folder(request.kind)}
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
        total = max(study["total"], self._logged_total(name, folder / "log.txt", state) if status != "finished"
                    and state.get("step", 0) == 0 else done)
        done = total if status == "finished" else min(done, total)   # a calibration's later waves may run fewer
        now = state.get("ended") if status != "running" else time.time()
        left = (time_left(done, total, state.get("done_at_step_start", 0), now - state["step_started"])
                if status == "running" and state.get("step", 0) == 0 and "step_started" in state else None)
        return {"name": name, **study, "total": total, "status": status, "done": done, "left": left,
                "step": state.get("step", 0), "returncode": state.get("returncode"),
                "last_line": _last_line(tail), "reports": _reports(folder, study["kind"])}

    def _logged_total(self, name: str, log: Path, state: dict) -> int:
        """The replications of the sweeps this run has begun, from their progress lines, and those the
        chunks held when it started (a resumed sweep counts only what is left); 0 before the first."""
        total = self.logged.setdefault(name, LoggedTotals()).read(log, state.get("log_at_step_start", 0))
        return state.get("done_at_step_start", 0) + total if total is not None else 0


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


def _reports(folder: Path, kind: str) -> list[str]:
    """The result files there are to download (RESULT_FILES of the study's kind, in its results folder)."""
    where = folder / result_folder(kind)
    return [name for name in RESULT_FILES[kind] if (where / name).is_file()]
