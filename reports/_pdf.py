"""The report as PDF: the HTML report printed by headless Debian chromium through Playwright."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from reports._document import Report
from reports._html import render_html

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# A4 at 96 px per inch less the 12 mm margins of the print style: laying the page out at the
# printed width keeps plotly's fixed-size SVGs inside the page.
PAGE_WIDTH_PX = 704
RENDER_TIMEOUT_MS = 60_000

NO_BROWSER = ("cannot make a PDF: {reason}. Install Debian's chromium (`apt-get install chromium`) and "
              "Playwright (`pip install playwright`), or write the report as .html and print it to PDF "
              "from any browser.")


class PdfUnavailableError(RuntimeError):
    """No browser to print with: the message says what to install and how to do without."""


def render_pdf(report: Report, *, chromium: Path | None = None) -> bytes:
    """Print the HTML report to an A4 PDF with headless chromium (Debian's by default);
    PdfUnavailableError when there is none."""
    return print_html(render_html(report), chromium=chromium or DEFAULT_CHROMIUM)


def print_html(html: str, *, chromium: Path) -> bytes:
    """Print an HTML document to PDF once every plotly chart on it has drawn.

    Playwright's sync API refuses to start in a thread that already runs an asyncio loop (a
    caller's own Playwright session, some servers), so the printing runs in a thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tcm-pdf") as worker:
        return worker.submit(_print_html, html, chromium).result()


def _print_html(html: str, chromium: Path) -> bytes:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfUnavailableError(NO_BROWSER.format(reason="Playwright is not installed")) from None
    if not chromium.is_file():
        raise PdfUnavailableError(NO_BROWSER.format(reason=f"{chromium} does not exist"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
            try:
                return _print_page(browser, html)
            finally:
                browser.close()
    except Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PdfUnavailableError(NO_BROWSER.format(reason=f"chromium failed: {first_line}")) from None


def _print_page(browser: Any, html: str) -> bytes:
    page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
    # The report must print offline: refuse any network request, so a stray reference shows up
    # as a missing piece rather than a silent download.
    page.route("http*://**", lambda route: route.abort())
    page.route("file://**", lambda route: route.abort())  # nor a local file (user text is escaped anyway)
    page.set_content(html, wait_until="load", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.plotly-graph-div'))"
        ".every(div => div.querySelector('.main-svg') !== null)",
        timeout=RENDER_TIMEOUT_MS,
    )
    page.emulate_media(media="print")
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True, outline=True, tagged=True)
    return pdf
