"""What an analyst opens first, in Debian's chromium on the demo corpus: the incident list sorted and
faceted, an incident with its toll range and who gave each number, and a denial shown once with the
claims it answers.

Uses the demo store, server and browser of ``test_browser.py``. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import re

import pytest
import test_browser as _browser
from test_browser import _shot

from dronewatch.store.queries import Filter, claim_items, incidents

pytestmark = [pytest.mark.browser, pytest.mark.model]

# The demo store, server, browser and page of the click-through tests, for this module too.
demo_store, base_url, browser, page = _browser.demo_store, _browser.base_url, _browser.browser, _browser.page


def _listed_days(page) -> list[str]:
    return page.locator("#incident-list li.incident").evaluate_all("els => els.map(e => e.dataset.first)")


def test_the_list_opens_newest_first_and_its_facets_narrow_it(page, base_url, demo_store):
    page.goto(base_url + "/")
    days = [d for d in _listed_days(page) if d]
    assert days and days == sorted(days, reverse=True)  # newest first, as it opens
    assert not any(d < "2024-01-01" for d in days)  # no background "since 2022" at the top, nor below
    _shot(page, "analyst-1-list-newest")
    facets = page.locator("#facets")
    assert facets.locator("summary").all_inner_texts() == ["type", "outlet", "grade", "country"]
    outlets = page.locator("#facets details").nth(1)
    outlets.locator("summary").click()
    names = outlets.locator("li a").all_inner_texts()
    assert names and not any(n.startswith("sha256:") or re.search(r"\.\w+$", n) for n in names)
    # Clicking a facet value lists only those incidents, and as many as the facet counted.
    first = page.locator("#facets details").first.locator("li").first
    counted = int(first.locator(".count").inner_text())
    first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#incident-list li.incident").count() == counted
    _shot(page, "analyst-2-list-faceted")
    page.goto(base_url + "/?sort=toll")
    tolls = page.locator("#incident-list li.incident .toll").all_inner_texts()
    assert tolls[0] != "? killed, ? injured" and "killed" in tolls[0]
    _shot(page, "analyst-3-list-by-toll")
    assert page.problems == []


def test_an_incident_shows_its_toll_range_and_who_gave_each_number(page, base_url, demo_store):
    told = [i for i in incidents(demo_store, Filter(), sort="toll") if i.killed or i.injured]
    incident = next(i for i in told if len({(r["killed"], r["injured"]) for r in i.reports
                                             if r["killed"] is not None or r["injured"] is not None}) > 1)
    page.goto(base_url + f"/incidents/{incident.id}")
    toll = page.locator("#toll")
    heading = toll.locator("h2").inner_text()
    assert re.search(r"\d+(–\d+)? killed, (\d+(–\d+)?|\?) injured", heading), heading
    voices = toll.locator("li").all_inner_texts()
    assert len(voices) >= 2 and all("killed" in v or "injured" in v for v in voices)
    _shot(page, "analyst-4-incident-toll", full=False)
    assert page.problems == []


def test_a_denial_is_shown_once_with_the_claims_it_answers(page, base_url, demo_store):
    denials = [c for c in claim_items(demo_store, Filter(), None, 1000) if c.answers]
    assert denials, "the demo corpus pairs no denial"
    denial = denials[0]
    incident = next(i for i in incidents(demo_store, Filter(vague="show"))
                    if any(r["article_id"] == denial.article_id for r in i.reports))
    page.goto(base_url + f"/incidents/{incident.id}")
    cards = page.locator(".denial-card")
    texts = cards.locator(".side.deny p").all_inner_texts()
    assert len(texts) == len(set(texts))  # each denial once
    card = cards.filter(has_text=denial.evidence["text"][:40]).first
    assert card.locator("ul.answered li").count() == len(denial.answers)
    card.scroll_into_view_if_needed()
    _shot(page, "analyst-5-denial-card", full=False)
    assert page.problems == []
