"""Fixtures of the browser tests: the workbench served from a fresh workspace, and headless Chromium
(Debian's, through Playwright: Playwright's own browser download is not available here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = ("chromium", "chromium-browser", "/usr/bin/chromium")


def chromium_path() -> str:
    """Debian's Chromium; the test fails (never skips) with one line saying how to install it."""
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("the browser tests need Debian's chromium: install it with `apt-get install chromium` (as root; "
                "`make test` does it where it can)", pytrace=False)


@pytest.fixture
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need playwright: install it with `pip install -e '.[test]'` (or `make setup`)",
                    pytrace=False)
    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def workbench(tmp_path):
    """(address, workspace) of a workbench served on a free port of 127.0.0.1; stopped at the end."""
    workspace = tmp_path / "workspace"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "analysis.workbench", "--port", "0", "--workspace",
                               str(workspace)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              cwd=tmp_path, env=env)
    try:
        line = server.stdout.readline()
        found = re.search(r"open (http://127\.0\.0\.1:\d+/)", line)
        assert found, f"the workbench did not print its address: {line!r}"
        yield found.group(1), workspace
    finally:
        server.terminate()
        server.wait(timeout=10)
        for study in (workspace / "studies").glob("*/state.json"):
            _stop_runner(study)


def _stop_runner(state_file: Path) -> None:
    """End a study's runner the test left running (by its process id, checked to be that runner)."""
    import json
    import signal

    state = json.loads(state_file.read_text())
    pid = state.get("pid")
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, TypeError):
        return
    if b"analysis.workbench.job" in command and str(state_file.parent).encode() in command:
        os.kill(pid, signal.SIGTERM)
