"""The study pages: start a study, follow it (progress, time left, cancel, resume), see its chart (and a
staffing sweep's marginal curve and what-if answers), a calibration's fit or a default study's options,
and download its report."""

from __future__ import annotations

import json
import os
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

import sim
from analysis.county_budget import todays_spend
from analysis.fitted_county import read_note
from analysis.workbench import county
from analysis.workbench.assumption_view import assumption_panel
from analysis.workbench.commands import RESULT_FILES, result_folder
from analysis.workbench.explore import MEASURES, chart_data
from analysis.workbench.fit import fit_rows
from analysis.workbench.indicators import county_view
from analysis.workbench.options import read_options
from analysis.workbench.sensitivity_view import sensitivity_view
from analysis.workbench.studies import KINDS, Board, check_request, fitted_samples
from analysis.workbench.studies import Request as Study
from analysis.workbench.whatif import AVERTED, marginal, staffing_sweep, what_if
from analysis.workbench.workspace import OutsideWorkspace, Workspace
from sim.sweep.budget import LEVERS

MOST_INSPECTORS = 10_000


def routes() -> list[Route]:
    return [Route("/studies", show, methods=["GET"]), Route("/studies", start, methods=["POST"]),
            Route("/studies/{name}", study), Route("/studies/{name}/status.json", status),
            Route("/studies/{name}/cancel", cancel, methods=["POST"]),
            Route("/studies/{name}/resume", resume, methods=["POST"]),
            Route("/studies/{name}/extend", extend, methods=["POST"]),
            Route("/studies/{name}/analyse", analyse, methods=["POST"]),
            Route("/studies/{name}/files/{file}", download)]


def _choices(workspace: Workspace) -> list[str]:
    saved = [c for c in county.base_choices(workspace) if c.startswith(county.SAVED)]
    return saved + [c for c in county.base_choices(workspace) if c.startswith(county.SHIPPED)]


async def show(request: Request, form: dict | None = None, errors: dict | None = None) -> Response:
    from analysis.workbench.app import render

    workspace: Workspace = request.app.state.workspace
    board: Board = request.app.state.board
    choices = _choices(workspace)
    first = choices[0] if choices[0].startswith(county.SAVED) else "shipped:county_baseline"
    chosen = (form or {}).get("scenario") or request.query_params.get("scenario") or first
    try:
        config = sim.load_config(str(county.base_path(workspace, chosen)))
    except (ValueError, OutsideWorkspace, sim.ConfigError):
        chosen, config = choices[0], sim.load_config(str(county.base_path(workspace, choices[0])))
    values = {"scenario": chosen, "kind": "staffing", "levels": "",
              "replications": "50", "engine": "numba", "workers": str(os.cpu_count() or 1), "scheduler": "",
              "waves": "3", "points": "60", "screening": "small", "sample": "", "budget": "", "analysis_size": "small",
              **{f"mix_{lever}": "" for lever in LEVERS}, **(form or {})}
    return render(request, "studies.html", choices=choices, values=values, errors=errors or {}, kinds=KINDS,
                  studies=[board.status(name) for name in board.names()], today=config.inspectors.count,
                  today_budget=sum(todays_spend(config)),
                  samples=fitted_samples(workspace), levers=LEVERS)


async def start(request: Request) -> Response:
    workspace: Workspace = request.app.state.workspace
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        scenario = county.base_path(workspace, form.get("scenario", ""))
    except (ValueError, OutsideWorkspace) as error:
        return await show(request, form, {"scenario": str(error)})
    checked, errors = check_request(form, scenario, workspace)
    if errors:
        return await show(request, form, errors)
    name = request.app.state.board.start(checked, form["scenario"].split(":", 1)[1])
    return RedirectResponse(f"/studies/{name}", status_code=303)


def _status(request: Request) -> dict | None:
    board: Board = request.app.state.board
    try:
        return board.status(request.path_params["name"])
    except (OutsideWorkspace, OSError, ValueError):
        return None


async def study(request: Request) -> Response:
    from analysis.workbench.app import render

    found = _status(request)
    if found is None:
        return PlainTextResponse("no such study\n", status_code=404)
    from analysis.workbench.app import language

    folder = request.app.state.workspace.study_folder(found["name"])
    finished = found["status"] == "finished" or found["done"] >= found["total"] > 0
    data = chart_data(_chart_folder(folder, found)) if finished else None
    sweep = staffing_sweep(_chart_folder(folder, found)) if data is not None and data["axis"] else None
    if data is not None and not data["axis"]:
        data["shown"] = _option_names(_chart_folder(folder, found), data["x"], language(request))
    if sweep is not None:
        data["marginal"] = marginal(sweep)
    indicators = await run_in_threadpool(county_view, _chart_folder(folder, found), _cell_names(data),
                                         language(request), bool(data["axis"])) if data else None   # each cell's config: seconds
    asked, answer, asked_error = _what_if(request, sweep)
    analysis = folder / ("default_study" if found["kind"] == "default_study" else "") / "sensitivity"
    assumptions = sensitivity_view(analysis, folder / "scenario.yaml", language(request)) \
        if found["kind"] in ("sensitivity", "default_study") and found["status"] == "finished" else None
    assume = None
    if assumptions is not None:   # what if an assumption were different: the emulator's answer, fitted off the loop
        query = request.query_params
        assume = await run_in_threadpool(assumption_panel, analysis, folder / "scenario.yaml",
                                         query.get("assume", "").strip(), query.get("value", "").strip(),
                                         language(request))
    return render(request, "study.html", study=found, chart=data, measures=MEASURES, averted=AVERTED,
                  report_files=RESULT_FILES[found["kind"]], assumptions=assumptions, assume=assume,
                  tornado_json=_json(assumptions["screening"]["tornado"] if assumptions and assumptions["screening"]
                                     else None),
                  fit=fit_rows(folder / "calibration") if found["kind"] == "calibration" else None,
                  options=read_options(folder / "options.json", language(request)), sweep=sweep,
                  fitted=_fitted(request, folder / "default_study") if found["kind"] == "default_study" else None,
                  asked=asked, answer=answer, asked_error=asked_error, county=indicators,
                  county_json=_json(indicators["chart"] if indicators else None),
                  chart_json=_json(data), chart_words=_json(_chart_words(request, data)))


def _fitted(request: Request, study: Path) -> str | None:
    """The line saying a default study's county was fitted, and by which calibration study (its fitted.json,
    which the report's first page reads too); None for a county as it was set up."""
    from analysis.workbench.app import language
    from analysis.workbench.words import PageWords

    note = read_note(study)
    if note is None:
        return None
    w = PageWords(language(request))
    calibration = Path(note.get("folder", ""))
    return w("study.fitted", records=Path(note.get("records", "")).name or w("finding.published"),
             targets=len(note.get("targets", ())), sets=note.get("sets", "–"),
             calibration=calibration.parent.name if calibration.name == "calibration" else calibration.name)


def _chart_folder(folder: Path, found: dict) -> Path:
    """The sweep the chart draws: the study's own, or the default study's staffing sweep."""
    return folder / "default_study" / "staffing" if found["kind"] == "default_study" else folder / found["sweep_folder"]


def _option_names(sweep_folder: Path, labels: list[str], language: str) -> list[str]:
    """The chart's options in the report's words; a budget sweep's mixes by what each buys in this county
    (analysis/report/mix_names.py)."""
    import yaml

    from analysis.report.mix_names import sweep_mixes
    from analysis.workbench.words import PageWords

    words = PageWords(language)
    words.mixes = sweep_mixes(yaml.safe_load((sweep_folder / "sweep.yaml").read_text(encoding="utf-8")))
    return [words.option(label) for label in labels]


def _cell_names(data: dict) -> dict[int, str]:
    """Each cell as the chart names it: its level, or the option's name (today's marked)."""
    shown = [str(x) for x in data["x"]] if data["axis"] else data["shown"]
    return dict(zip(data["cells"], shown, strict=True))


def _what_if(request: Request, sweep) -> tuple[str, dict | None, str | None]:
    """The staff level asked in the what-if panel (?inspectors=N), its answer, or why there is none."""
    asked = request.query_params.get("inspectors", "").strip()
    if sweep is None or not asked:
        return asked, None, None
    try:
        level = int(asked)
        if not 0 <= level <= MOST_INSPECTORS:
            raise ValueError
    except ValueError:
        return asked, None, f"inspectors = {asked!r}: must be a whole number of inspectors from 0 to {MOST_INSPECTORS}"
    return asked, what_if(sweep, level), None


def _chart_words(request: Request, data: dict | None) -> dict | None:
    """What the chart writes, in the page's language: axis, legend and hover words, the options' names."""
    from analysis.workbench.app import language
    from analysis.workbench.words import PageWords

    if data is None:
        return None
    w = PageWords(language(request))
    return {"lang": w.language, "axis": w("column.inspectors") if data["axis"] else w("explore.option"), "today": w("explore.today"),
            "mean": w("explore.mean"), "interval": w("explore.interval"), "diff": w("explore.diff"),
            "measures": {m: w(f"measure.{m}") for m in MEASURES}, "step": w("marginal.step"),
            "averted": {m: w(f"marginal.{m}") for m in AVERTED},
            "x": [str(x) for x in data["x"]] if data["axis"] else data["shown"]}


def _json(value) -> str:
    """JSON to put inside a <script> element: no '</' that could close it."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


async def status(request: Request) -> Response:
    found = _status(request)
    if found is None:
        return JSONResponse({"error": "no such study"}, status_code=404)
    from analysis.workbench.app import language
    from analysis.workbench.words import PageWords

    words = PageWords(language(request))
    return JSONResponse({key: found[key] for key in ("status", "done", "total", "step", "last_line", "reports")}
                        | {"status_text": words(f"status.{found['status']}"), "left_text": words.duration(found["left"])
                           if found["status"] == "running" else ""})


async def cancel(request: Request) -> Response:
    if _status(request) is None:
        return PlainTextResponse("no such study\n", status_code=404)
    request.app.state.board.cancel(request.path_params["name"])
    return RedirectResponse(f"/studies/{request.path_params['name']}", status_code=303)


async def resume(request: Request) -> Response:
    if _status(request) is None:
        return PlainTextResponse("no such study\n", status_code=404)
    request.app.state.board.resume(request.path_params["name"])
    return RedirectResponse(f"/studies/{request.path_params['name']}", status_code=303)


async def extend(request: Request) -> Response:
    """A staffing study of the same county that answers a level outside the finished sweep: its levels
    and the level asked, on the same replications, engine and cores."""
    found = _status(request)
    folder = request.app.state.workspace.study_folder(found["name"]) if found else None
    sweep = staffing_sweep(_chart_folder(folder, found)) if found and found["status"] == "finished" else None
    if sweep is None:
        return PlainTextResponse("no finished staffing sweep here\n", status_code=404)
    level = (await request.form()).get("level", "")
    if not str(level).isdigit() or int(level) > MOST_INSPECTORS:
        return PlainTextResponse(f"level = {level!r}: must be a whole number of inspectors from 0 to "
                                 f"{MOST_INSPECTORS}\n", status_code=400)
    levels = tuple(sorted({*sweep.levels, int(level)}))
    new = Study("staffing", folder / "scenario.yaml", found["replications"], found["engine"],
                found.get("workers", os.cpu_count() or 1), "", levels, sweep.today, found.get("scenario", ""))
    name = request.app.state.board.start(new, found["label"])
    return RedirectResponse(f"/studies/{name}", status_code=303)


async def analyse(request: Request) -> Response:
    """The full sensitivity analysis (with the emulator that answers what if an assumption were different)
    of a finished study's county, as a new sensitivity study on the same replications, engine and cores."""
    found = _status(request)
    if found is None or found["kind"] not in ("sensitivity", "default_study") or found["status"] != "finished":
        return PlainTextResponse("no finished sensitivity analysis here\n", status_code=404)
    scenario = request.app.state.workspace.study_folder(found["name"]) / "scenario.yaml"
    today = sim.load_config(str(scenario)).inspectors.count
    new = Study("sensitivity", scenario, found["replications"], found["engine"], found.get("workers", os.cpu_count() or 1),
                "", (today,), today, found.get("scenario", ""), analysis_size="full")
    name = request.app.state.board.start(new, found["label"])
    return RedirectResponse(f"/studies/{name}", status_code=303)


async def download(request: Request) -> Response:
    """A result file of a study: only the names its kind's results have (RESULT_FILES), from its
    results folder."""
    found, file = _status(request), request.path_params["file"]
    if found is None or file not in RESULT_FILES[found["kind"]]:
        return PlainTextResponse("no such file\n", status_code=404)
    workspace: Workspace = request.app.state.workspace
    path = workspace.inside(workspace.study_folder(found["name"]) / result_folder(found["kind"]) / file)
    if not path.is_file():
        return PlainTextResponse("no such file\n", status_code=404)
    return FileResponse(path, filename=f"{found['name']}-{file}")
