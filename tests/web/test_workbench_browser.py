"""The planner's path through the workbench in a real browser (headless Chromium): open the page,
refuse a bad value beside its field, refuse a bad register and keep a good one, save a small county,
run a tiny staffing study to the end, see its chart and download its report, ask what if (between the
levels swept, then outside them, and start the study that would answer); and nothing on the way is
fetched from anywhere but the workbench itself."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "scenarios" / "examples" / "county_register.csv"


def test_planner_path(browser, workbench, tmp_path):
    address, workspace = workbench
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []

    def only_local(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(address)
    assert page.locator("h1").inner_text() == "县情设置"

    # a bad value is refused beside its own field, with the command line's one-line message
    page.fill("#inspectors-count", "-1")
    page.fill("#name", "small_county")
    page.click("#save")
    message = page.locator("#field-inspectors-count .field-error")
    assert message.inner_text() == "config error: inspectors.count = -1: must be a whole number >= 0"
    assert not list((workspace / "scenarios").glob("*.yaml"))

    # a register with a bad row is refused with its row and column, and leaves nothing behind
    bad = tmp_path / "bad_register.csv"
    bad.write_text("企业名称,行业,从业人员\n甲厂,煤矿,12\n", encoding="utf-8")
    page.set_input_files("#file", str(bad))
    page.click("#upload-button")
    refused = page.locator("#upload-refused").inner_text()
    assert "row 2, column 行业: '煤矿'" in refused
    assert not [p for p in (workspace / "uploads").rglob("*") if p.is_file()]

    # the example register is kept, chosen, and the small county saved
    page.set_input_files("#file", str(REGISTER))
    page.click("#upload-button")
    assert "county_register.csv" in page.locator("#upload-kept").inner_text()
    page.select_option("#register", "county_register.csv")
    for field, value in (("#inspectors-count", "3"), ("#horizon_days", "365"), ("#warmup_days", "365"),
                         ("#name", "small_county")):
        page.fill(field, value)
    page.click("#save")
    assert "small_county.yaml" in page.locator("#saved").inner_text()

    # a tiny staffing study, run to the end
    page.click("text=用此情景运行研究")
    page.fill("#levels", "0")
    page.fill("#replications", "2")
    page.select_option("#engine", "simpy")
    page.fill("#workers", "2")
    page.click("#start")
    page.wait_for_selector("#status.status-finished", timeout=150_000)
    page.wait_for_selector("#chart .main-svg")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shows = "document.querySelector('#chart .hoverlayer')?.textContent.includes('执法人员 0')"
    for _ in range(3):   # a redraw under a still mouse (the axes' automargin) clears the label: move and hover again
        page.hover("#chart .scatterlayer .point >> nth=0", force=True)
        try:
            page.wait_for_function(shows, timeout=5_000)
            break
        except PlaywrightTimeout:
            page.mouse.move(0, 0)
    assert page.evaluate(shows), page.locator("#chart .hoverlayer").text_content()

    # the report, downloaded
    with page.expect_download() as download:
        page.click("a[href$='report-zh.pdf']")
    saved = tmp_path / "report-zh.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"

    # the marginal curve beside the staffing curve; what if: between the levels swept, then outside them,
    # where the page offers the staffing study that would answer (started, then cancelled here)
    page.wait_for_selector("#marginal-chart .main-svg")
    page.fill("#inspectors", "2")
    page.click("#ask")
    answer = page.locator("#whatif-answer").inner_text()
    assert "2名在扫描过的0名和3名之间" in answer and "预期死亡" in answer
    page.fill("#inspectors", "5")
    page.click("#ask")
    assert "5名在本研究扫描的人员水平（0至3）以外：不做外推" in page.locator("#whatif-answer").inner_text()
    page.click("#extend")
    page.wait_for_selector("#status")
    assert "sweep.axes.0.values=[0,3,5]" in page.locator("details").text_content()
    if page.locator("#cancel").count():
        page.click("#cancel")
    assert outside == [], f"fetched from the network: {outside}"
    context.close()


def test_a_sensitivity_study_shown_as_the_report_shows_it(browser, workbench):
    """A finished sensitivity study (its tables written as analysis.sensitivity writes them): the tornado
    drawn with its eight bars and whiskers, a bar's hover naming the factor and its μ*, the table of how
    often each option is best; then in English, with the factors' English names."""
    import json

    from analysis.report.factors import factor_name
    from analysis.report.language import Words
    from tests.unit.sensitivity_tables import write_sensitivity

    address, workspace = workbench
    folder = workspace / "studies" / "20260101-000000-sensitivity"
    write_sensitivity(folder / "sensitivity")
    (folder / "study.json").write_text(json.dumps({"kind": "sensitivity", "label": "x", "steps": [["a"]],
                                                   "sweep_folder": "sensitivity", "total": 10, "replications": 2,
                                                   "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(address.rstrip("/") + f"/studies/{folder.name}")
    page.wait_for_selector("#tornado .main-svg")
    assert page.locator("#tornado .bars .point").count() == 8
    assert page.locator("#tornado .errorbar").count() == 8
    top = factor_name("hazards.natural_closure_rate", Words("zh"))
    assert top in page.locator("#tornado .yaxislayer-above").text_content()
    # every factor's name whole inside the chart (measured in the page's font, not the fallback's)
    cut = page.evaluate("Math.min(...[...document.querySelectorAll('#tornado .yaxislayer-above text')]"
                        ".map(t => t.getBoundingClientRect().left)) - document.querySelector('#tornado')"
                        ".getBoundingClientRect().left")
    assert cut >= 0, f"the longest factor name is cut by {-cut:.0f} px"
    page.hover("#tornado .bars .point >> nth=0", force=True)
    page.wait_for_function("document.querySelector('#tornado .hoverlayer')?.textContent.includes('μ*')",
                           timeout=5_000)
    assert "县域中最优（参数）" in page.locator("#assumptions").inner_text()
    page.click("#language")
    page.wait_for_selector("#tornado .main-svg")
    assert factor_name("deterrence", Words("en")) in page.locator("#tornado .yaxislayer-above").text_content()
    assert "How often each option is best" in page.locator("#assumptions").inner_text()
    context.close()


def test_a_fitted_county_s_default_study_says_so_at_the_top(browser, workbench):
    import json

    address, workspace = workbench
    folder = workspace / "studies" / "20260102-000000-default_study"
    (folder / "default_study").mkdir(parents=True)
    note = {"folder": str(workspace / "studies" / "20260101-000000-calibration" / "calibration"), "records": "",
            "targets": ["deaths_per_100k_workers", "hazards_per_check"], "sets": 9}
    (folder / "default_study" / "fitted.json").write_text(json.dumps(note))
    (folder / "study.json").write_text(json.dumps({"kind": "default_study", "label": "tiny", "steps": [["a"], ["b"]],
                                                   "sweep_folder": "default_study", "total": 10, "replications": 2,
                                                   "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 1}))
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(address.rstrip("/") + f"/studies/{folder.name}")
    fitted = page.locator("#fitted")
    assert fitted.is_visible() and fitted.bounding_box()["y"] < page.locator("#progress").bounding_box()["y"]
    assert fitted.inner_text().startswith("本县已由校准 20260101-000000-calibration 按历史数据拟合（全国公开数据：2项记录）")
    context.close()
