"""The prepared CenterFace against the packaged original at 640x480 (needs models/.cache)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import onnxruntime as ort
import pytest
from PIL import Image

from imageoptions.detectors.centerface import image_to_tensor
from models import load_model_card
from models.prepare import CACHE_DIR, PrepareError, centerface_before_fix, read_verified_source


@pytest.fixture(scope="module")
def before_and_after() -> tuple[ort.InferenceSession, ort.InferenceSession]:
    try:
        source = read_verified_source(load_model_card("centerface"), CACHE_DIR)
    except PrepareError as error:
        pytest.fail(f"{error}. Run `make setup` first.")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    before = ort.InferenceSession(centerface_before_fix(source), options, providers=["CPUExecutionProvider"])
    after_file = CACHE_DIR.parent / load_model_card("centerface").file
    after = ort.InferenceSession(str(after_file), options, providers=["CPUExecutionProvider"])
    return before, after


@pytest.mark.parametrize("photo", ["astronaut", "camera"])
def test_prepared_centerface_matches_original_at_640x480(
    before_and_after: tuple[ort.InferenceSession, ort.InferenceSession],
    load_photo: Callable[[str], Image.Image],
    photo: str,
) -> None:
    tensor, _ = image_to_tensor(load_photo(photo).resize((640, 480)), max_side_px=None)
    before, after = (session.run(None, {"input.1": tensor}) for session in before_and_after)
    heatmap_diff = float(np.abs(before[0] - after[0]).max())
    map_diffs = [float(np.abs(old - new).max()) for old, new in zip(before[1:], after[1:], strict=True)]
    # Folded batch norms change float rounding: scores agree to 1e-5, the size, offset and
    # landmark maps (values up to ~5) to 1e-4: a relative box-size change of about 1e-4.
    assert heatmap_diff < 1e-5
    assert max(map_diffs) < 1e-4


def test_prepared_centerface_has_no_initializer_inputs(
    before_and_after: tuple[ort.InferenceSession, ort.InferenceSession],
) -> None:
    before, after = before_and_after
    # Weights listed as graph inputs are "overridable", which is what blocks constant folding.
    assert len(before.get_overridable_initializers()) == 194
    assert after.get_overridable_initializers() == []
    assert [(node.name, node.shape) for node in after.get_inputs()] == [("input.1", ["B", 3, "H", "W"])]
