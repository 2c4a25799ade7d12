"""The study page's indicators against their targets and its months in a real browser (headless Chromium),
on a finished staffing study written as its sweep would leave it (tests/unit/county_sweep.py): both charts
drawn, a point's hover with the share of periods meeting the target, another level picked (its table shown,
today's mean beside its months), another series; nothing fetched from anywhere but the workbench."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.unit.county_sweep import write_study


def _hovered(page, chart: str, point: str, text: str) -> str:
    """Hover a point of `chart` until its label holds `text` (a moved layout can miss the first move)."""
    shows = f"document.querySelector('{chart} .hoverlayer')?.textContent.includes('{text}')"
    for _ in range(5):
        page.locator(point).scroll_into_view_if_needed()
        page.hover(point, force=True)
        try:
            page.wait_for_function(shows, timeout=2000)
            break
        except Exception:   # Playwright's TimeoutError: move away and try again
            page.mouse.move(0, 0)
    return page.locator(f"{chart} .hoverlayer").text_content()


def test_the_indicators_and_months_at_the_level_picked(browser, workbench):
    address, workspace = workbench
    name = write_study(workspace / "studies")
    context = browser.new_context(viewport={"width": 800, "height": 900})
    outside: list[str] = []

    def only_local(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(f"{address}studies/{name}")
    page.wait_for_selector("#months-chart .main-svg")
    points = "#indicator-chart .scatterlayer .trace:first-child .point"
    assert page.locator(points).count() == 3
    assert "目标：低于1.5" in page.locator("#indicator-chart .legend").text_content()
    label = _hovered(page, "#indicator-chart", f"{points} >> nth=2", "达标比例：50%")
    assert "4名执法人员" in label and "达标比例：50%" in label, label
    assert page.locator('.cell-numbers[data-cell="1"]').is_visible()

    page.select_option("#cell", "2")   # 4 inspectors: its table, and today's mean beside its months
    assert page.locator('.cell-numbers[data-cell="2"] caption').inner_text() == "4名执法人员时"
    assert not page.locator('.cell-numbers[data-cell="1"]').is_visible()
    assert "双下降：在政策不变的情况下，50%" in page.locator('.cell-numbers[data-cell="2"] .double-decline').inner_text()
    assert page.locator("#months-chart .scatterlayer .trace").count() == 4
    assert "现状平均" in page.locator("#months-chart .legend").text_content()
    page.select_option("#series", "accidents")
    assert page.locator("#months-chart .gtitle").text_content() == "事故（起/月）"
    page.select_option("#indicator", "coverage")
    assert "重点企业年度检查覆盖率" in page.locator("#indicator-chart .gtitle").text_content()
    assert outside == []
