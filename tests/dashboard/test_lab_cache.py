"""The Image lab's shared results: a second session reads them without measuring, and one upload never shows
under another's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import measurements
from dashboard import lab
from measurements import ImageInput
from tests.dashboard.conftest import APP


def test_a_second_session_sees_the_sample_set_without_measuring_again(monkeypatch: pytest.MonkeyPatch) -> None:
    first = AppTest.from_file(str(APP), default_timeout=300)
    first.run()
    first.switch_page("image_lab_page.py").run()
    assert not first.exception

    def measure_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sample set was measured again")

    monkeypatch.setattr(measurements, "measure_retention", measure_again)
    second = AppTest.from_file(str(APP), default_timeout=60)
    second.run()
    second.switch_page("image_lab_page.py").run()
    assert not second.exception
    assert second.dataframe[0].value.equals(first.dataframe[0].value)  # faces cut, by option


def test_measure_with_same_bytes_under_two_names_keeps_each_name(tmp_path: Path) -> None:
    # Two sessions upload the same picture under different names: each must see its own name and path.
    first, second = tmp_path / "a" / "wide-test-upload.png", tmp_path / "b" / "team photo.png"
    for path in (first, second):
        path.parent.mkdir()
        Image.new("RGB", (90, 30), "#203040").save(path)
    assert first.read_bytes() == second.read_bytes()
    store: lab.Store = {}
    options = ("scale_to_fit",)
    reports = lab.measure_with(store, ("key",), [ImageInput(str(first)), ImageInput(str(second))], options, "0.56")
    assert [(report.images[0].file, report.images[0].path) for report in reports] == [
        ("wide-test-upload.png", str(first)), ("team photo.png", str(second))]
    again = lab.measure_with(store, ("key",), [ImageInput(str(second))], options, "0.56")
    assert again[0] is reports[1] and len(store) == 2  # the second visit reads the store
