"""The map read at a glance and the barrage tracker, in Debian's chromium on the demo corpus.

Uses the demo store, server and browser of ``test_browser.py``. Waits are for states the page reaches
(``data-ready``, drawn paths, a tooltip), never fixed sleeps, so a loaded machine only makes them slower.
Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import pytest
import test_browser as _browser
from test_browser import SETTLE_MS, _shot, _vendor_installed

pytestmark = [pytest.mark.browser, pytest.mark.model]

# The demo store, server, browser and page of the click-through tests, for this module too.
demo_store, base_url, browser, page = _browser.demo_store, _browser.base_url, _browser.browser, _browser.page


def _visible_in_map(page, selector: str) -> int:
    """How many elements matching ``selector`` have their centre inside the map's box."""
    return page.evaluate("""(selector) => {
        const frame = document.getElementById("map").getBoundingClientRect();
        return Array.from(document.querySelectorAll(selector)).filter((el) => {
            const b = el.getBoundingClientRect();
            const x = b.left + b.width / 2, y = b.top + b.height / 2;
            return b.width > 0 && x > frame.left && x < frame.right && y > frame.top && y < frame.bottom;
        }).length;
    }""", selector)


def _top_marker_centre(page):
    """The centre of an incident marker that is the topmost element at its own centre (not under a fill)."""
    return page.evaluate("""() => {
        const frame = document.getElementById("map").getBoundingClientRect();
        for (const el of document.querySelectorAll("path.inc")) {
            const b = el.getBoundingClientRect();
            const x = b.left + b.width / 2, y = b.top + b.height / 2;
            if (x < frame.left + 60 || x > frame.right - 20 || y < frame.top + 90 || y > frame.bottom - 20) continue;
            if (document.elementFromPoint(x, y) === el) return [x, y];
        }
        return null;
    }""")


def _map_ready(page, base_url):
    if not _vendor_installed():
        pytest.skip("the map's npm packages are not installed (npm ci --prefix src/dronewatch/web)")
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=SETTLE_MS)
    page.wait_for_selector("path.country", state="attached", timeout=SETTLE_MS)
    page.wait_for_selector("path.oblast", state="attached", timeout=SETTLE_MS)


def test_markers_labels_and_a_tooltip_on_first_load_at_ukraines_zoom(page, base_url):
    _map_ready(page, base_url)
    page.wait_for_selector(".place-label", timeout=SETTLE_MS)
    _shot(page, "glance-1-first-load", full=False)
    assert int(page.locator("#map").get_attribute("data-zoom")) >= 6  # Ukraine fills the map, not the world
    assert _visible_in_map(page, "path.inc") >= 1
    assert _visible_in_map(page, "path.inc, .inc-cluster") >= 5  # single incidents, and groups at one place
    assert _visible_in_map(page, ".place-label") >= 3
    labels = page.locator(".place-label").all_inner_texts()
    assert "Kharkiv" in labels
    # Markers are drawn above the country and oblast fills, so the pointer reaches them without zooming.
    centre = _top_marker_centre(page)
    assert centre is not None, "every incident marker is covered by a fill"
    page.mouse.move(*centre)
    tip = page.locator(".leaflet-tooltip.inc-tip")
    tip.wait_for(timeout=SETTLE_MS)
    assert "killed" in tip.inner_text() and "report" in tip.inner_text()
    _shot(page, "glance-2-tooltip", full=False)
    untold = page.evaluate("Array.from(document.querySelectorAll('path.inc')).map(p => p.getBBox().width)")
    assert page.problems == []
    # Incidents with people killed draw bigger markers than those with no toll (the first load holds both kinds
    # now that tolls told in a later sentence reach their event: its smallest marker is an untold one).
    page.goto(base_url + "/?min_killed=1")
    page.wait_for_selector("body[data-ready=true]", timeout=SETTLE_MS)
    page.wait_for_selector("path.inc", state="attached", timeout=SETTLE_MS)
    told = page.evaluate("Array.from(document.querySelectorAll('path.inc')).map(p => p.getBBox().width)")
    # The first load also shows incidents with a toll; its smallest markers are those without one.
    assert min(told) > min(untold)
    _shot(page, "glance-2b-tolls", full=False)


def test_the_legend_hides_and_shows_a_type_family(page, base_url):
    _map_ready(page, base_url)
    before = int(page.locator("#shown-count").inner_text())
    air = page.locator("#legend button.family", has_text="strikes from the air")
    air.click()
    assert air.get_attribute("aria-pressed") == "false"
    after = int(page.locator("#shown-count").inner_text())
    assert after < before
    assert page.locator("path.inc.type-drone_strike, path.inc.type-missile_strike, path.inc.type-air_strike").count() == 0
    _shot(page, "glance-3-legend-filter", full=False)
    air.click()
    assert int(page.locator("#shown-count").inner_text()) == before
    assert page.problems == []


def test_barrage_tracker_shows_each_sides_nights_linked_to_evidence(page, base_url):
    page.goto(base_url + "/barrage")
    page.wait_for_selector("#barrage-chart", timeout=SETTLE_MS)
    panels = [t.text_content() for t in page.locator("#barrage-chart text.chart-label").all()]
    assert "RU's weapons" in panels and "UA's weapons" in panels
    assert page.locator("#barrage-chart a.salvo-bar rect.bar-launched").count() >= 2
    assert page.locator("#barrage-chart a.salvo-bar rect.bar-intercepted").count() >= 3
    rows = page.locator("#barrage-table tbody tr")
    assert rows.count() >= 3
    assert "74" in page.locator("#barrage-table").inner_text()
    _shot(page, "glance-4-barrage")
    page.locator("#barrage-chart a.salvo-bar").first.click()
    page.wait_for_url("**/articles/*")
    assert page.evaluate("location.hash").startswith("#x-f")
    target = page.locator(page.evaluate("location.hash"))
    assert target.count() == 1 and target.inner_text().strip() != ""
    _shot(page, "glance-5-barrage-evidence", full=False)
    assert page.problems == []
