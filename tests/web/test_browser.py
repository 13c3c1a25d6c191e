"""The web UI in a real browser (Debian's chromium, driven by Playwright) on the demo database.

The demo corpus is ingested with the real pipeline into a temporary SQLite file, an article full of
hostile markup is added, and the server runs on a free localhost port. Screenshots are saved under
test-artifacts/browser/ to be looked at.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser tests skip then; the name is still needed below
    PlaywrightError = Exception

from dronewatch.store.queries import Filter, incidents

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
# How long a page may take to settle (the map pages through the API, then draws).
SETTLE_MS = 15_000

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium); "
                "browser tests skipped", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo corpus ingested with the real pipeline, plus the hostile sample article."""
    from samples import hostile

    from dronewatch.errors import DronewatchError
    from dronewatch.ingest import iter_documents
    from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
    from dronewatch.store import Store, ingest

    try:
        nlp = load_pipeline()
    except DronewatchError as exc:
        pytest.skip(f"the spaCy pipeline is not installed: {exc}")
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    items = iter_documents([REPO / "demo" / "corpus"])
    results = list(ingest(store, items, lambda docs: extract_documents(docs, nlp), EXTRACTOR_VERSION))
    assert sum(1 for r in results if isinstance(r, tuple)) >= 20
    store.put(hostile())
    store.rebuild()
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(demo_store):
    """The UI served by uvicorn on a free localhost port, for the module's tests."""
    import uvicorn

    from dronewatch.api import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(demo_store, token="browser-test"), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))

    def on_dialog(dialog):
        pg.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def _shot(page, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def _inside_map(page, locator):
    """The centre (x, y) of the first element of `locator` lying inside the map's visible box, or None.

    A point, not the element: the map re-draws its markers as it settles, and a click on a point hits
    whatever marker is there now, where an element handle may have been detached meanwhile.
    """
    frame = page.locator("#map").bounding_box()
    for i in range(locator.count()):
        try:
            box = locator.nth(i).bounding_box(timeout=1000)
        except PlaywrightError:
            continue  # re-drawn away between count() and here
        if box is None:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if frame["x"] + 50 < x < frame["x"] + frame["width"] - 30 and frame["y"] + 80 < y < frame["y"] + frame["height"] - 30:
            return x, y
    return None


def _settle(page):
    """Wait until the map has stopped moving: no zoom or pan animation, then two quiet frames."""
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim')", timeout=SETTLE_MS)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(300)


def _vendor_installed() -> bool:
    from dronewatch.api.app import VENDOR_DIR

    return (VENDOR_DIR / "leaflet" / "dist" / "leaflet.js").exists()


def test_every_page_renders_without_errors(page, base_url, demo_store):
    incident = next(i for i in list(incidents(demo_store, Filter(vague="show"))) if len(i.reports) > 1)
    article = incident.reports[0]["article_id"]
    pages = {"home": "/", "outlets": "/outlets", "search": "/search?q=drone", "exports": "/exports",
             "incident": f"/incidents/{incident.id}", "article": f"/articles/{article}"}
    for name, path in pages.items():
        response = page.goto(base_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        _shot(page, name)
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=SETTLE_MS)
    assert page.locator("#timeline-svg rect.range").count() > 0
    assert page.locator("#incident-list li.incident").count() == len(list(incidents(demo_store, Filter())))
    assert page.problems == []


def test_click_through_map_to_incident_to_article(page, base_url):
    if not _vendor_installed():
        pytest.skip("the map's npm packages are not installed (npm ci --prefix src/dronewatch/web)")
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=SETTLE_MS)
    page.wait_for_selector("path.country", state="attached", timeout=SETTLE_MS)
    _shot(page, "1-map", full=False)
    # Zoom into clusters, as a user would, until a single incident marker shows inside the map; each click
    # goes to what is on the settled map at that moment.
    link = page.locator(".leaflet-popup a.popup-link")
    for _ in range(20):
        _settle(page)
        marker = _inside_map(page, page.locator("path.inc"))
        if marker is not None:
            page.mouse.click(*marker)
            try:
                link.wait_for(timeout=3000)
                break
            except PlaywrightError:
                continue  # the marker moved as the map re-drew: look again
        cluster = _inside_map(page, page.locator(".marker-cluster"))
        assert cluster is not None, "the map shows neither incidents nor clusters"
        page.mouse.click(*cluster)
        page.wait_for_timeout(500)  # zoom and spiderfy animations start
    link.wait_for(timeout=SETTLE_MS)
    _shot(page, "2-map-popup", full=False)
    link.click()
    page.wait_for_url("**/incidents/*")
    assert page.locator("h2", has_text="Confidence").count() == 1
    _shot(page, "3-incident")
    page.locator(".report h3 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator(".article-text a.hl").count() > 0
    page.locator(".article-text a.hl").first.click()
    assert page.evaluate("location.hash").startswith("#x-")
    _shot(page, "4-article", full=False)
    assert page.problems == []


def test_brushing_the_timeline_filters_the_list(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=SETTLE_MS)
    before = int(page.locator("#shown-count").inner_text())
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 3
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
    page.mouse.up()
    after = int(page.locator("#shown-count").inner_text())
    assert 0 < after < before
    assert page.locator("#filters input[name=since]").input_value() != ""
    _shot(page, "5-timeline-brushed", full=False)


def test_hostile_markup_never_runs(page, base_url, demo_store):
    from samples import hostile

    record = hostile()
    incident = next(i for i in list(incidents(demo_store, Filter(vague="show"))) if any(r["article_id"] == record.article.id
                                                             for r in i.reports))
    for name, path in {"xss-article": f"/articles/{record.article.id}", "xss-incident": f"/incidents/{incident.id}",
                       "xss-search": "/search?q=script+xss", "xss-home": "/"}.items():
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        _shot(page, name)
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.title() != "pwned"
        assert page.locator("main script, main img[onerror], main svg[onload], main a[href^='javascript:']").count() == 0
    page.goto(base_url + f"/articles/{record.article.id}")
    # The markup is there for the reader to see, as text.
    assert "<script>window.__xss = 1; document.title = 'pwned'</script>" in page.locator(".article-text").inner_text()
    assert [p for p in page.problems if "dialog" in p] == []
