"""A study's runner: `python -m analysis.workbench.job STUDY_FOLDER` runs the study's steps (the
project's own commands, as study.json lists them) one after the other, their output appended to
log.txt, and keeps state.json saying where it is, so a page served by a restarted server still finds
it. SIGTERM (the page's cancel) is passed on to the command running, which keeps what it finished (a
sweep its chunks); the same study started again skips the steps already done and the sweep resumes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from analysis.workbench.progress import replications_done


def write_state(folder: Path, state: dict) -> None:
    staging = folder / ".state.json"
    staging.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(staging, folder / "state.json")


def read_state(folder: Path) -> dict:
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run(folder: Path) -> int:
    study = json.loads((folder / "study.json").read_text(encoding="utf-8"))
    state = read_state(folder)
    completed = int(state.get("completed", 0)) if state.get("status") != "finished" else 0
    stopping: list[subprocess.Popen] = []
    cancelled = False

    def on_term(signum, frame):
        nonlocal cancelled
        cancelled = True
        for child in stopping:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_term)
    state = {"status": "running", "pid": os.getpid(), "completed": completed, "started": time.time(),
             "steps": len(study["steps"])}
    with (folder / "log.txt").open("ab") as log:
        for index, argv in enumerate(study["steps"]):
            if index < completed:
                continue
            sweep = folder / study["sweep_folder"]
            log.flush()
            state.update(step=index, step_started=time.time(), done_at_step_start=replications_done(sweep),
                         log_at_step_start=os.fstat(log.fileno()).st_size)   # where this step's output begins
            write_state(folder, state)
            child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=folder)
            stopping.append(child)
            if cancelled:
                child.send_signal(signal.SIGTERM)
            code = child.wait()
            stopping.clear()
            if cancelled or code != 0:
                state.update(status="cancelled" if cancelled else "failed", returncode=code, ended=time.time())
                write_state(folder, state)
                return code or 130
            state["completed"] = index + 1
    state.update(status="finished", returncode=0, ended=time.time())
    write_state(folder, state)
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]).resolve()))
