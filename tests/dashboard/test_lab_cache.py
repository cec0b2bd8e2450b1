"""The Image lab's shared results store never shows one upload under another's name."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dashboard import lab
from measurements import ImageInput


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
