"""The HTML report: every section, the engine's numbers, and nothing fetched from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import reports
from costmodels import Evaluation


class SourceCollector(HTMLParser):
    """Every src/href of script, style, link and img tags, plus headings and inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.images = 0
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if tag in {"script", "style", "link", "img", "iframe", "source"} and name in {"src", "href"}:
                self.sources.append((tag, value or ""))
        self.images += tag == "img"
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.headings.append(data)


@pytest.fixture(scope="module")
def html(full_report: reports.Report) -> str:
    return reports.render_html(full_report)


@pytest.fixture(scope="module")
def parsed(html: str) -> SourceCollector:
    collector = SourceCollector()
    collector.feed(html)
    return collector


def test_render_html_has_every_section_heading(parsed: SourceCollector) -> None:
    assert parsed.headings == list(reports.SECTION_TITLES.values())


def test_render_html_fetches_nothing_from_the_network(parsed: SourceCollector, html: str) -> None:
    assert [source for source in parsed.sources if re.match(r"\s*(https?:)?//", source[1])] == []
    assert all(source.startswith("data:image/jpeg;base64,") for tag, source in parsed.sources if tag == "img")
    assert '<script src' not in html and '<link' not in html


def test_render_html_inlines_plotly_and_three_charts(html: str) -> None:
    assert reports._html.plotly_js() in html
    assert [int(n) for n in re.findall(r'<div id="chart-(\d+)" class="plotly-graph-div"', html)] == [1, 2, 3]


def test_render_html_shows_the_engine_numbers(html: str, evaluation: Evaluation) -> None:
    for option in evaluation.options:
        assert f'<td class="num">${option.p50_usd:,.0f}</td>' in html
        assert f'<td class="num">{evaluation.p_cheapest[option.name]:.1%}</td>' in html


def test_render_html_embeds_every_crop_thumbnail(parsed: SourceCollector, full_report: reports.Report) -> None:
    grid = next(b for b in full_report.section("evidence").blocks if isinstance(b, reports.CropGrid))
    assert parsed.images == len(grid.images) * (1 + len(grid.options))
    assert "Center crop<small>center_crop</small>" in reports._html.render_crop_grid(grid)


def test_render_html_escapes_user_text(html: str) -> None:
    assert "Decision recorded: Ship Center crop &lt;now&gt;" in html
    assert "<now>" not in html
