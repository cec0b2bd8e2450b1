"""User text in every report format and chart stays text: no links, no HTML, no closed code blocks."""

from __future__ import annotations

import dataclasses
import re

import plotly.io
import pytest

import charts
import costmodels
import reports
from costmodels import Evaluation, Scenario

LINK = '<a href="https://evil.example/x">click</a>'
FENCE_QUESTION = "Ship it?\n```\n<img src=x onerror=alert(1)>\n```"


@pytest.fixture(scope="module")
def hostile_scenario() -> Scenario:
    scenario = costmodels.default_scenario()
    options = tuple(dataclasses.replace(option, name=f"{option.name} {LINK}") for option in scenario.options)
    return dataclasses.replace(scenario, question=FENCE_QUESTION, options=options, currency="<b>USD</b>")


@pytest.fixture(scope="module")
def hostile_evaluation(hostile_scenario: Scenario) -> Evaluation:
    return costmodels.evaluate(hostile_scenario, draws=2_000, seed=11)


@pytest.fixture(scope="module")
def hostile_report(hostile_scenario: Scenario, hostile_evaluation: Evaluation,
                   provenance: reports.Provenance) -> reports.Report:
    return reports.build_report(hostile_scenario, hostile_evaluation, provenance=provenance)


def test_plain_escapes_markup_for_plotly_labels() -> None:
    from charts._escape import plain

    assert plain(LINK) == '&lt;a href="https://evil.example/x"&gt;click&lt;/a&gt;'
    assert plain("R&D") == "R&amp;D"


def test_charts_option_names_never_reach_plotly_as_markup(hostile_evaluation: Evaluation) -> None:
    figures = [charts.cost_by_category_figure(hostile_evaluation), charts.s_curves_figure(hostile_evaluation),
               charts.tornado_figure(hostile_evaluation)]
    for figure in figures:
        text = plotly.io.to_json(figure)
        assert "<a href" not in text and "\\u003ca href" not in text
        assert "&lt;a href" in text


def test_render_html_has_no_link_from_user_text(hostile_report: reports.Report) -> None:
    html = reports.render_html(hostile_report)
    assert "<a href=\"https://evil.example" not in html
    assert "\\u003ca href=\\\"https://evil.example" not in html  # nor inside the charts' JSON
    assert "<img src=x" not in html
    assert "&lt;a href=&quot;https://evil.example/x&quot;&gt;click&lt;/a&gt;" in html


def test_render_markdown_user_fence_cannot_close_a_block(hostile_report: reports.Report) -> None:
    markdown = reports.render_markdown(hostile_report)
    # Outside fenced blocks, no line starts a fence and no raw tag survives.
    outside = re.sub(r"(?ms)^(`{3,})\n.*?^\1$", "", markdown)
    assert not re.search(r"(?m)^\s*```", outside)
    assert not re.search(r"(?<!\\)<(img|a )", outside)  # every tag's < is escaped
    assert "\\<a href=\"https://evil.example/x\"\\>click\\</a\\>" in outside


def test_fence_is_longer_than_any_backtick_run_inside() -> None:
    from reports._markdown import fence

    assert fence("a\n````\nb") == "`````\na\n````\nb\n`````"
    assert fence("plain") == "```\nplain\n```"


def test_escape_text_escapes_entities_and_block_starts() -> None:
    from reports._markdown import escape_text

    assert escape_text("&lt;script&gt;") == "\\&lt;script\\&gt;"
    assert escape_text("# title\n- item\n2. step") == "\\# title\n\\- item\n2\\. step"
    assert escape_text("costs 0.56 - 1.14 per `unit`") == "costs 0.56 - 1.14 per `unit`"
