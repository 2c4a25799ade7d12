"""The county page: pick a base scenario, upload the county's files, change the settings, save."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import sim
from analysis.workbench import county, uploads
from analysis.workbench.fields import groups
from analysis.workbench.workspace import OutsideWorkspace, Workspace
from sim.config.errors import ConfigError
from sim.config.scenario_file import read_scenario

DEFAULT_BASE = "shipped:county_baseline"


def routes() -> list[Route]:
    return [Route("/county", show, methods=["GET"]), Route("/county", save, methods=["POST"]),
            Route("/upload", upload, methods=["POST"])]


async def show(request: Request) -> Response:
    return _page(request, request.query_params.get("base", DEFAULT_BASE))


async def save(request: Request) -> Response:
    workspace: Workspace = request.app.state.workspace
    form = await request.form()
    choice = str(form.get("base", DEFAULT_BASE))
    try:
        path = county.base_path(workspace, choice)
    except (ValueError, OutsideWorkspace):
        return _page(request, DEFAULT_BASE, errors={"": f"scenario = {choice!r}: not one of the scenarios offered"})
    submitted = {}
    for _, items in groups():
        for item in items:
            if item.kind is bool:
                submitted[item.key] = "true" if form.get(item.key) else "false"
            else:
                submitted[item.key] = str(form.get(item.key, ""))
    errors: dict[str, str] = {}
    files = _files(workspace, form, errors)
    name, title = str(form.get("name", "")).strip(), str(form.get("title", "")).strip()[:120]
    try:
        workspace.scenario_file(name)
    except OutsideWorkspace as error:
        errors["name"] = str(error)
    checked = county.check_form(path, submitted, files) if not errors.get("files") else county.Checked()
    errors.update(checked.errors)
    if errors:
        return _page(request, choice, submitted, errors, form=form)
    try:
        saved = county.save_scenario(workspace, name, path, checked, files, title)
    except ConfigError as error:
        return _page(request, choice, submitted, {"": str(error)}, form=form)
    return _page(request, f"{county.SAVED}:{saved.stem}", saved=saved)


async def upload(request: Request) -> Response:
    workspace: Workspace = request.app.state.workspace
    size = int(request.headers.get("content-length") or 0)
    choice = request.query_params.get("base", DEFAULT_BASE)
    if size > uploads.MAX_BYTES + 1_000_000:   # refused before it is read
        return _page(request, choice, refused=[f"file: larger than {uploads.MAX_BYTES // (1024 * 1024)} MB, the most "
                                               "the page takes"], status_code=413)
    form = await request.form(max_files=1, max_fields=5)
    choice = str(form.get("base", choice))
    kind, file = str(form.get("kind", "")), form.get("file")
    if file is None or not hasattr(file, "read"):
        return _page(request, choice, refused=["file: choose a CSV or XLSX file to upload"])
    try:
        kept = await uploads.receive(workspace, kind, file)
    except uploads.UploadRefused as refused:
        return _page(request, choice, refused=refused.lines)
    finally:
        await file.close()
    return _page(request, choice, kept=(kept.name, kind))


def _files(workspace: Workspace, form, errors: dict[str, str]) -> dict[str, Path | None]:
    chosen: dict[str, Path | None] = {}
    for kind, key in (("register", "population.register"), ("records", "calibration.records")):
        name = str(form.get(kind, ""))
        if not name:
            chosen[key] = None
            continue
        try:
            path = workspace.upload_path(kind, name)
            if not path.is_file():
                raise OutsideWorkspace(f"{kind} = {name!r}: no such uploaded file")
            chosen[key] = path
        except OutsideWorkspace as error:
            errors[key] = str(error)
            errors["files"] = "yes"
    return chosen


def _page(request: Request, choice: str, submitted: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status_code: int = 200, form=None, **context) -> Response:
    from analysis.workbench.app import render

    workspace: Workspace = request.app.state.workspace
    try:
        path = county.base_path(workspace, choice)
    except (ValueError, OutsideWorkspace):
        choice, path = DEFAULT_BASE, county.base_path(workspace, DEFAULT_BASE)
    config = sim.load_config(str(path))
    values = {item.key: county.text_of(item.value_of(config)) for _, items in groups() for item in items}
    values.update(submitted or {})
    errors = dict(errors or {})
    errors.pop("files", None)
    return render(request, "county.html", status_code=status_code, choices=_choices(workspace), choice=choice,
                  groups=groups(), values=values, errors=errors, config=config,
                  registers=workspace.uploaded("register"), records=workspace.uploaded("records"),
                  chosen={k: str(form.get(k, "")) for k in ("register", "records", "name", "title")} if form else {},
                  max_mb=uploads.MAX_BYTES // (1024 * 1024), **context)


def _choices(workspace: Workspace) -> list[tuple[str, str, str, str]]:
    """(value, kind, Chinese title, English title) of each base scenario offered."""
    offered = []
    for choice in county.base_choices(workspace):
        path = county.base_path(workspace, choice)
        try:
            body = read_scenario(path, path.name)
        except ConfigError:
            continue
        english = body.get("title") or path.stem
        offered.append((choice, choice.split(":")[0], body.get("title_zh") or english, english))
    return offered
