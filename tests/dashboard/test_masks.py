"""Person masks in the dashboard: the Image lab draws each mask option; the Audit page runs head retention."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import costmodels
from dashboard import masks
from tests.dashboard.conftest import wait_for_job
from tests.dashboard.test_template_sections import open_template


def test_mask_pictures_draw_every_mask_option_with_its_iou_and_head() -> None:
    shown = masks.mask_pictures("grace_hopper.jpg")
    assert not shown.problem and len(shown.jpegs) == 4
    assert shown.captions[0].startswith("Person segmentation (MediaPipe selfie): IoU 0.96; head 9")
    assert shown.captions[3].startswith("No replacement (blur off, framing guide): IoU 0.58; head 100% kept")


def test_mask_pictures_say_why_a_photo_cannot_be_shown() -> None:
    assert masks.mask_pictures("coffee.png").problem == (
        "'coffee.png' has no person outline in the manifest; outlined photos are the ones the audit uses")


def test_image_lab_shows_the_person_masks(app: AppTest) -> None:
    open_template(app, "virtual_background")
    app.switch_page("image_lab_page.py").run()
    assert not app.exception
    photo = next(box for box in app.selectbox if box.key == "tcm_mask_photo")
    assert photo.options == ["astronaut.png", "camera.png", "grace_hopper.jpg", "obama.jpg", "biden.jpg"]
    photo.set_value("obama.jpg").run()
    assert not app.exception and not app.warning


@pytest.mark.parametrize("seconds", [600])
def test_audit_page_runs_head_retention_and_its_evidence_reaches_the_cost_model_and_link(
    app: AppTest, seconds: int
) -> None:
    open_template(app, "virtual_background")
    app.switch_page("audit_page.py").run()
    next(button for button in app.button if button.key == "tcm_head_retention_run").click().run()
    wait_for_job(app, "tcm_head_retention_job", seconds)
    assert not app.exception
    groups, options = (frame.value for frame in app.dataframe[-2:])
    rows = {(row["option"], row["group"]): row for row in groups.to_dict("records")}
    assert rows["Person segmentation (MediaPipe selfie)", "monk 6"] == {
        "option": "Person segmentation (MediaPipe selfie)", "group": "monk 6", "faces": 1,
        "mean head retention": "not enough faces to measure (fewer than 5)"}
    assert list(options["mask IoU"]) == ["0.893", "0.994", "0.972", "0.529"]
    app.toggle(key="tcm_use_head_retention_evidence").set_value(True).run()
    assert not app.exception
    shared = costmodels.decode_share_token(app.query_params["s"])
    assert shared.evidence is not None
    gap = shared.evidence.metric("person_segmentation_mediapipe", "head_retention_gap")
    assert gap is not None and not any(comparison.enough_faces for comparison in gap.comparisons)
    app.switch_page("decision_page.py").run()
    assert not app.exception
    shown = "\n".join(str(part.value) for part in [*app.markdown, *app.caption, *app.info])
    assert "head retention gap: not enough faces to measure" in shown
