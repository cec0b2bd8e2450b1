"""The Image lab and Audit pages show the sections of the template's declared audits only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import costmodels
import templates
from costmodels import SharedState

CROP_LAB, MASK_LAB = "The sample images", "Person masks"
CROP_AUDIT, MASK_AUDIT = "Robustness (on the sample images)", "Head retention of person masks"


def open_template(app: AppTest, name: str) -> AppTest:
    """The dashboard opened on a link to the template's default decision."""
    scenario = templates.get_template(name).scenario()
    app.query_params["s"] = costmodels.encode_share_token(SharedState(scenario, {"draws": 2000}))
    app.run()
    assert not app.exception
    return app


def subheaders(app: AppTest, page: str) -> list[str]:
    app.switch_page(page).run()
    assert not app.exception, page
    return [str(header.value) for header in app.subheader]


@pytest.mark.parametrize(
    ("name", "shown", "hidden"),
    [("virtual_background", (MASK_LAB, MASK_AUDIT), (CROP_LAB, CROP_AUDIT)),
     ("image_cropping", (CROP_LAB, CROP_AUDIT), (MASK_LAB, MASK_AUDIT))],
)
def test_image_lab_and_audit_show_only_the_template_sections(
    app: AppTest, name: str, shown: tuple[str, str], hidden: tuple[str, str]
) -> None:
    open_template(app, name)
    lab, audit = subheaders(app, "image_lab_page.py"), subheaders(app, "audit_page.py")
    assert (shown[0] in lab, shown[1] in audit) == (True, True)
    assert (hidden[0] in lab, hidden[1] in audit) == (False, False)
    assert ("Your own model" in audit) == (name == "image_cropping")  # ONNX crop options
    assert "Evidence from elsewhere" in audit and "Model cards" in audit
