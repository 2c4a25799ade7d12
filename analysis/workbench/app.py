"""The workbench's web application: its routes, the pages' shared frame and the files it serves.

Everything the browser loads comes from this server: the page's CSS and script (static/), the
chart library from the installed `plotly` package, the Chinese font from the installed
`pylopdf-fonts-zh-cn` package (as the report's), the templates of a county's files from docs/templates/.
"""

from __future__ import annotations

import re
from pathlib import Path

import plotly
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from analysis.report.fonts import cjk_font_path
from analysis.workbench import pages_county, pages_studies
from analysis.workbench.guard import Guard
from analysis.workbench.studies import Board
from analysis.workbench.words import LANGUAGES, PageWords
from analysis.workbench.workspace import Workspace

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[1] / "docs" / "templates"   # the county files' templates (a checkout's)
TEMPLATE_FILES = ("register_template.xlsx", "register_template.csv", "records_template.xlsx", "records_template.csv")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CACHE = {"Cache-Control": "public, max-age=86400"}


def language(request: Request) -> str:
    chosen = request.cookies.get("lang", "zh")
    return chosen if chosen in LANGUAGES else "zh"


def render(request: Request, template: str, status_code: int = 200, **context) -> Response:
    """A page in the request's language, inside the shared frame (templates/base.html)."""
    app = request.app.state
    words = PageWords(language(request))
    templates = [name for name in TEMPLATE_FILES if (TEMPLATES / name).is_file()]
    return app.templates.TemplateResponse(request, template, {
        "w": words, "lang": words.language, "workspace": app.workspace.root, "template_files": templates,
        "path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),   # the language
        **context}, status_code=status_code)                                                  # switch keeps the question


async def home(request: Request) -> Response:
    return RedirectResponse("/county", status_code=303)


async def switch_language(request: Request) -> Response:
    """Set the page's language and go back to the page it was asked from (a path of this site only)."""
    chosen = request.query_params.get("to", "zh")
    back = request.query_params.get("next", "/county")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/county"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie("lang", chosen if chosen in LANGUAGES else "zh", samesite="strict")
    return response


async def plotly_js(request: Request) -> Response:
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers=CACHE)


async def font(request: Request) -> Response:
    return FileResponse(cjk_font_path(), media_type="font/otf", headers=CACHE)


async def county_template(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in TEMPLATE_FILES or not (TEMPLATES / name).is_file():
        return PlainTextResponse("not found\n", status_code=404)
    return FileResponse(TEMPLATES / name, filename=name)


def build_app(workspace: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> Starlette:
    """The application serving `workspace`; `token` required in every request when given."""
    routes = [
        Route("/", home),
        Route("/lang", switch_language),
        Route("/assets/plotly.min.js", plotly_js),
        Route("/assets/NotoSansSC-Regular.otf", font),
        Route("/county-templates/{name}", county_template),
        *pages_county.routes(),
        *pages_studies.routes(),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, host=host, port=port, token=token)])
    app.state.workspace = Workspace(workspace)
    app.state.board = Board(app.state.workspace)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.filters["inline"] = inline
    return app


def inline(text: str) -> Markup:
    """The report's sentence as the page shows it: escaped, each command in backticks set as <code>
    (as analysis/report/html.py sets it)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))
