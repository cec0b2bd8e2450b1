"""A team's own audit set, end to end in Debian's chromium: upload 30 generated images and a labels CSV, confirm
the detector's boxes for the two images without rows, add a bring-your-own ONNX detector, run the pairs audit on
the set with it beside the built-in options, use the measurements in the cost model, download the report and the
manifest.

Each step is one function taking the page, so a step can be inserted between two others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import costmodels
from auditsets.example import ExampleFace, labels_csv, make_example_set
from tests.browser.test_dashboard_in_browser import ROOT, TIMEOUT_MS, choose_files, go_to, open_page, settle, verdict
from tests.dashboard.test_uploads import LEFT_HALF
from tests.imageoptions.test_byo_onnx import boxes_descriptor

pytestmark = pytest.mark.browser
LABELLED_BY = "Two annotators, each face seen by both"
RULES = "Perceived skin tone from the photo alone"
AUDIT_MS = 300_000  # retention of every option on 30 images, then the cards: minutes on a shared 2-core machine


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, tuple[ExampleFace, ...]]:
    """Thirty images, each a sample face pasted on a plain background, and a CSV without the last two."""
    folder = tmp_path_factory.mktemp("team")
    faces = make_example_set(folder / "images", 30)
    labels = folder / "labels.csv"
    labels.write_bytes(labels_csv(faces, without_rows=2))
    return sorted((folder / "images").iterdir()), labels, faces


def upload_set(page: Any, images: list[Path], labels: Path) -> None:
    """Audit set page: who labelled and the rules typed, the images and the CSV in, the set read."""
    go_to(page, "Audit set")
    # Typed first: each text box reruns the page when it loses focus, which must not race the button below.
    page.get_by_label("Who labelled the faces").fill(LABELLED_BY)
    page.get_by_label("Labelling rules").fill(RULES)
    page.get_by_label("Labelling rules").press("Tab")
    settle(page)
    choose_files(page, "Images (several files or one zip)", [str(path) for path in images])
    settle(page)
    choose_files(page, "Labels CSV", str(labels))
    settle(page)
    try:
        page.get_by_role("button", name="Read the set").click()
        page.get_by_text("30 images, 28 hand, 2 proposed, 0 confirmed, 2 problems").wait_for(timeout=AUDIT_MS)
    except Exception:
        page.screenshot(path=str(ROOT / "artifacts" / "audit-set-read-timeout.png"), full_page=True)
        raise


def edit_cell(page: Any, row: int, column: int, text: str) -> None:
    """Type into one cell of the face table (row 1 is the first face; column 0 the file), commit it, and see it.

    The table is a canvas: a cell is reached by clicking the row's first cell and arrowing right. As a person who
    sees a cell still showing its old value types it again, an edit the grid did not show is typed again (keys can
    land before a loaded machine has opened the cell's editor); whether the app kept it is checked by its summary."""
    shown = page.get_by_test_id(f"glide-cell-{column + 1}-{row - 1}")  # the grid's accessible copy of the cell
    for _ in range(3):
        type_into_cell(page, row, column, text)
        try:
            expect(shown).to_have_text(text, timeout=10_000)
            break
        except AssertionError:
            continue
    expect(shown).to_have_text(text)
    settle(page)  # as a person waits for the table to take the edit: one typed during the rerun can be dropped


def type_into_cell(page: Any, row: int, column: int, text: str) -> None:
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 100, box["y"] + 35 * row + 17)  # rows are 35 px, under a 35 px header
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    # Keys typed before the cell's editor (a text area over the canvas) has focus are lost on a loaded machine.
    page.wait_for_function("() => ['TEXTAREA', 'INPUT'].includes(document.activeElement?.tagName)")
    page.keyboard.type(text, delay=30)
    page.keyboard.press("Enter")


def confirm_proposals(page: Any) -> None:
    """The two proposals (listed first) labelled and confirmed; the checks then find nothing."""
    for row in (1, 2):
        edit_cell(page, row, 6, "monk_4-6")  # perceived_tone
        edit_cell(page, row, 5, "confirmed")  # status
    page.get_by_text("30 images, 28 hand, 0 proposed, 2 confirmed, 0 problems").wait_for()
    page.get_by_text("No problems found.").wait_for()
    page.get_by_role("button", name="Audit this set").click()
    page.get_by_text("The Audit page now runs on this set").wait_for()


def add_own_detector(page: Any, folder: Path) -> None:
    """Audit page: the team's descriptor and its ONNX box model (always the left half) added as an option."""
    descriptor = boxes_descriptor(folder, LEFT_HALF)
    go_to(page, "Audit")
    choose_files(page, "Model descriptor (YAML)", str(descriptor))
    choose_files(page, "ONNX model", str(folder / "boxes.onnx"))
    settle(page)
    page.get_by_role("button", name="Add the option").click()
    page.get_by_text("Added team_boxes from boxes.yaml", exact=False).wait_for()


def run_pairs_audit(page: Any) -> None:
    """Audit page, on the uploaded set: the pairs audit grouped by the CSV's label column, every option's row shown."""
    go_to(page, "Audit")
    page.get_by_text("Measured on your audit set").wait_for()
    page.get_by_role("combobox", name="Group faces by").click()
    page.keyboard.type("perceived")
    page.get_by_role("option", name="perceived_tone").click()
    page.get_by_label("Pairs (each run in both orders)").fill("4")
    page.get_by_role("button", name="Run the audits").click()
    page.get_by_text("Outcomes, fallbacks, position bias and brittleness").wait_for(timeout=AUDIT_MS)
    page.get_by_text("monk_1-3 vs monk_4-6").first.wait_for(state="attached")  # a table cell: drawn on a canvas
    for option in ("Center crop", "Team box model"):  # the uploaded option's row beside a built-in one's
        page.locator("[role=gridcell]", has_text=option).first.wait_for(state="attached")


def use_measurements(page: Any) -> None:
    """The measurements switched into the cost model."""
    page.get_by_text("Use these measurements in the cost model").click()
    page.get_by_text("The Decision page now uses the measured lines").wait_for()


def download_report(page: Any, folder: Path) -> str:
    """The HTML report, without the sample crop grid, downloaded; returns its text."""
    go_to(page, "Report & share")
    page.get_by_text("Include the crop grid of the sample images").click()  # on by default; not needed here
    page.get_by_role("button", name="Build the HTML report").click()
    with page.expect_download(timeout=TIMEOUT_MS * 3) as download:
        page.get_by_role("button", name="Download the HTML report").click(timeout=TIMEOUT_MS * 3)
    saved = folder / "report.html"
    download.value.save_as(saved)
    return saved.read_text(encoding="utf-8")


def shared_evidence(page: Any) -> costmodels.Evidence:
    """The evidence the Report & share page's link carries (the measurements the cost model uses)."""
    link = page.locator("code").first.inner_text().strip()
    evidence = costmodels.decode_share_token(link.split("?s=", 1)[1]).evidence
    assert evidence is not None
    return evidence


def download_manifest(page: Any, folder: Path) -> str:
    """Back on the Audit set page (the edits kept), the manifest downloaded; returns its text."""
    go_to(page, "Audit set")
    page.get_by_text("30 images, 28 hand, 0 proposed, 2 confirmed, 0 problems").wait_for()
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Download the manifest").click()
    saved = folder / "manifest.yaml"
    download.value.save_as(saved)
    return saved.read_text(encoding="utf-8")


def test_team_audit_set_from_upload_to_report_and_manifest(
        browser: Any, dashboard_url: str, upload: tuple[list[Path], Path, tuple[ExampleFace, ...]],
        tmp_path: Path) -> None:
    images, labels, _ = upload
    page = open_page(browser, dashboard_url)
    verdict(page)
    upload_set(page, images, labels)
    confirm_proposals(page)
    add_own_detector(page, tmp_path / "model")
    run_pairs_audit(page)
    use_measurements(page)
    report = download_report(page, tmp_path)
    assert "Who labelled the faces" in report
    assert "your audit set (uploaded in this session)" in report
    assert LABELLED_BY in report and RULES in report
    assert "28 boxes drawn by hand, 2 proposed by the detector and confirmed by hand" in report
    assert "The labels are perceptions, not identities" in report
    assert "measured" in report
    measured = shared_evidence(page).metrics["team_boxes"]  # the measurements in use, as the share link carries them
    assert measured["face_cut_images"].of == 30  # every face of the set, the two confirmed proposals included
    assert measured["latency_ms"].n == 8  # timed on the pairs audit's cards: 4 pairs in both orders
    assert "survival_gap" in measured
    manifest = download_manifest(page, tmp_path)
    assert manifest.count("box_source: confirmed") == 2
    assert f"labelled_by: {LABELLED_BY}" in manifest
    assert manifest.count("- file: face_") == 30
    page.context.close()
