"""A planning meeting edits in a real browser at projector size: nothing typed is lost, variants compare."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import costmodels
from costmodels import Level
from dashboard import forms
from tests.browser.test_dashboard_in_browser import ROOT, SCREENSHOTS, TIMEOUT_MS, settle
from tests.costmodels.test_share import long_rationale_scenario

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1280, "height": 720}


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def verdict(page: Any) -> str:
    element = page.get_by_text("cheapest in", exact=False).first
    element.wait_for()
    return str(element.inner_text())


def expected_verdict(gain: str = "", **levels: str) -> str:
    """The verdict the cost engine gives the default scenario with these meeting-table edits."""
    scenario = costmodels.default_scenario()
    if gain:
        scenario = forms.with_quick_benefit(scenario, "ML smart crop", gain)
    for category, level in levels.items():
        scenario = forms.with_quick_level(scenario, "ML smart crop", category, level)
    return costmodels.verdict(costmodels.evaluate(scenario))


def wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=text)
    settle(page)


def wait_for_value(page: Any, label: str, value: str) -> None:
    """Wait until the text box labelled `label` shows `value` (fails after the timeout if it never does)."""
    page.wait_for_function(
        "([label, value]) => [...document.querySelectorAll('input')]"
        ".some(box => box.getAttribute('aria-label') === label && box.value === value)", arg=[label, value])


def go_to(page: Any, title: str) -> None:
    settle(page)
    page.get_by_role("link", name=title).click()
    if title == "Decision":  # its heading is the decision's question
        page.locator("h1", has_text="Estimates").wait_for(state="detached")
        page.get_by_text("cheapest in").first.wait_for()
    else:
        page.get_by_role("heading", name=title).first.wait_for()
    settle(page)


def type_into(page: Any, label: str, text: str) -> None:
    """Type into a text box and commit it with Enter, as a person does."""
    settle(page)
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")


def pick(page: Any, label: str, option: str) -> None:
    """Choose in a select box; a rerun that lands while it opens closes it, so open it again."""
    for _ in range(3):
        settle(page)
        page.get_by_label(label, exact=True).click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=5000)
        except Exception:
            page.keyboard.press("Escape")
            continue
        choice.click()
        return
    raise AssertionError(f"{label}: the choice {option!r} never showed")


def test_meeting_edits_survive_each_other_and_a_page_switch(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Estimates")
    type_into(page, "ML smart crop: yearly gain", "2M / 3M / 5M")
    wait_for_text(page, expected_verdict(gain="2M / 3M / 5M"))
    type_into(page, "ML smart crop: yearly gain", "1M / 2M / 4M")  # a second edit in a row takes too
    wait_for_text(page, expected_verdict(gain="1M / 2M / 4M"))
    pick(page, "ML smart crop: development", "low")
    wait_for_text(page, "the rationale was written for medium to high")

    go_to(page, "Decision")
    go_to(page, "Estimates")
    wait_for_value(page, "ML smart crop: yearly gain", "1M / 2M / 4M")
    pick(page, "ML smart crop: reputation risk", "low")  # one more edit; the others must survive it
    wait_for_text(page, "ML smart crop is cheapest in")
    wait_for_value(page, "ML smart crop: yearly gain", "1M / 2M / 4M")
    page.get_by_text("the rationale was written for medium to high").wait_for()
    assert page.get_by_text("nan", exact=True).count() == 0
    page.wait_for_timeout(1000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "meeting-table-1280.png"), full_page=False)

    page.get_by_text("Simulation settings").click()
    seed = page.get_by_label("Seed", exact=True)
    for value in ("7", "8"):  # typed twice in a row: both take
        seed.fill(value)
        seed.press("Enter")
        settle(page)
        wait_for_value(page, "Seed", value)

    go_to(page, "Report & share")
    link = page.locator("code").first.inner_text().strip()
    fresh = open_page(browser, link)
    shared = costmodels.decode_share_token(link.split("?s=", 1)[1])
    assert shared.settings["seed"] == 8
    assert forms.quick_benefit(shared.scenario.option("ML smart crop")) == "1M / 2M / 4M"
    development, reputation = (line for line in shared.scenario.option("ML smart crop").costs
                               if line.category in {"development", "reputation_risk"})
    assert (development.estimate, development.rationale_for) == (Level("low"), "medium to high")
    assert reputation.estimate == Level("low")
    expected = costmodels.verdict(costmodels.evaluate(shared.scenario, draws=int(shared.settings["draws"]), seed=8))
    assert verdict(fresh) == expected  # the fresh browser reproduces the edited scenario at seed 8
    go_to(fresh, "Estimates")
    wait_for_value(fresh, "ML smart crop: yearly gain", "1M / 2M / 4M")
    fresh.context.close()
    page.context.close()


def test_gain_typed_then_another_page_clicked_at_once_is_kept(browser: Any, dashboard_url: str) -> None:
    """No Enter, no pause: the click on the menu both commits the box and opens the Decision page."""
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Estimates")
    page.get_by_label("ML smart crop: yearly gain", exact=True).fill("2M / 3M / 5M")
    page.get_by_role("link", name="Decision").click()
    try:
        page.locator("h1", has_text="Estimates").wait_for(state="detached", timeout=15_000)
    except Exception:  # on a loaded machine the click can land while the box's own rerun runs: click again
        go_to(page, "Decision")
    wait_for_text(page, expected_verdict(gain="2M / 3M / 5M"))  # the edit came along, whichever click opened it
    go_to(page, "Estimates")
    wait_for_value(page, "ML smart crop: yearly gain", "2M / 3M / 5M")
    page.context.close()


def test_a_scenario_too_long_for_a_link_says_so_and_the_pages_keep_working(
        browser: Any, dashboard_url: str, tmp_path: Path) -> None:
    """Imported at projector size: Report & share explains there is no link, the URL drops its old `?s=`, and the
    scenario survives a round of the pages."""
    long = long_rationale_scenario()
    upload = tmp_path / "long.yaml"
    upload.write_text(costmodels.scenario_to_yaml(long), encoding="utf-8")
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Estimates")
    page.locator("input[type=file]").set_input_files(str(upload))
    settle(page)
    go_to(page, "Report & share")
    page.get_by_text("the share link would be too long", exact=False).wait_for()
    assert page.locator("[data-testid=stCode]").count() == 0  # no link to copy
    assert "?s=" not in page.url  # a reload cannot reopen an older scenario
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "share-too-long-1280x720.png"))
    go_to(page, "Decision")
    assert verdict(page) == costmodels.verdict(costmodels.evaluate(long))
    go_to(page, "Report & share")
    page.get_by_text("the share link would be too long", exact=False).wait_for()  # still the long scenario
    page.context.close()


def test_imported_benefit_survives_a_question_edit(browser: Any, dashboard_url: str, tmp_path: Path) -> None:
    upload = tmp_path / "with-engagement.yaml"
    upload.write_text(costmodels.scenario_to_yaml(
        forms.with_quick_benefit(costmodels.default_scenario(), "ML smart crop", "2M / 3M / 5M")), encoding="utf-8")
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Estimates")
    page.locator("input[type=file]").set_input_files(str(upload))
    wait_for_text(page, expected_verdict(gain="2M / 3M / 5M"))
    page.get_by_role("radio", name="Detailed").click()
    type_into(page, "Question", "Crop or not?")
    page.wait_for_timeout(2000)
    wait_for_text(page, expected_verdict(gain="2M / 3M / 5M"))
    go_to(page, "Decision")
    page.get_by_role("heading", name="Crop or not?").wait_for()
    assert verdict(page) == expected_verdict(gain="2M / 3M / 5M")
    page.context.close()


def test_two_variants_side_by_side(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Variants")
    type_into(page, "Save the scenario on screen as", "as estimated")
    page.get_by_role("button", name="Save as a variant").click()
    page.locator("strong", has_text="as estimated").wait_for()
    go_to(page, "Estimates")
    pick(page, "ML smart crop: reputation risk", "low")
    wait_for_text(page, expected_verdict(reputation_risk="low"))
    go_to(page, "Variants")
    type_into(page, "Save the scenario on screen as", "ML at low risk")
    page.get_by_role("button", name="Save as a variant").click()
    page.locator("strong", has_text="ML at low risk").wait_for()
    page.get_by_role("heading", name="Compare two variants").wait_for()
    pick(page, "To", "ML at low risk")
    wait_for_text(page, "How the results moved")
    changed = page.get_by_text("reputation risk (cost)")
    changed.wait_for(state="attached")  # the grid draws on a canvas; its cells are hidden text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "compare-1280x720.png"))
    page.set_viewport_size({"width": 1280, "height": 1000})  # the whole comparison, at projector width
    settle(page)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "compare.png"))
    page.context.close()
