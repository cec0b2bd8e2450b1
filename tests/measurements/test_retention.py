"""Face retention: kept shares, the top-cut rule, and per-option summaries on synthetic files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from measurements import ImageInput, RetentionRule, judge_face, kept_share, measure_retention


def test_kept_share_is_the_face_area_inside_the_crop() -> None:
    assert kept_share((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert kept_share((0, 0, 10, 10), (0, 5, 10, 20)) == 0.5
    assert kept_share((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0


def test_judge_face_cuts_below_the_share_or_when_the_top_is_cut() -> None:
    rule = RetentionRule(min_kept_share=0.9, top_tolerance=0.05)
    assert judge_face((0, 100, 10, 200), (0, 0, 10, 195), rule).cut is False  # 95% kept, chin grazed
    assert judge_face((0, 100, 10, 200), (0, 0, 10, 185), rule).cut is True  # 85% kept
    topless = judge_face((0, 100, 10, 200), (0, 106, 10, 300), rule)  # 94% kept, but the top is cut
    assert (topless.kept_share, topless.top_cut, topless.cut) == (0.94, True, True)


def test_retention_rule_refuses_a_share_over_one() -> None:
    with pytest.raises(ValueError, match=r"^min_kept_share must be in \(0, 1\], not 1\.5$"):
        RetentionRule(min_kept_share=1.5)


def test_measure_retention_counts_images_and_faces_cut(tmp_path: Path) -> None:
    wide = tmp_path / "wide.png"
    Image.new("RGB", (400, 100), (90, 90, 90)).save(wide)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    images = [
        ImageInput(str(wide), faces=((10.0, 10.0, 60.0, 60.0), (300.0, 10.0, 350.0, 60.0))),
        ImageInput(str(broken), faces=()),
    ]
    report = measure_retention(images, ["scale_to_fit", "fixed_crop", "center_crop"], frame="1.0")
    by_option = {summary.option: summary for summary in report.summaries}
    # 1.0 on 400x100: fixed crop (0, 0, 100, 100) keeps the left face only; centre (150, 0, 250, 100) neither.
    assert (by_option["scale_to_fit"].images_cut.count, by_option["scale_to_fit"].faces_cut.count) == (0, 0)
    assert (by_option["fixed_crop"].images_cut.count, by_option["fixed_crop"].faces_cut.count) == (1, 1)
    assert (by_option["center_crop"].images_cut.count, by_option["center_crop"].faces_cut.count) == (1, 2)
    assert by_option["fixed_crop"].faces_cut.n == 2 and by_option["fixed_crop"].images_cut.n == 1
    assert report.errors == (f"{broken}: not an image (unrecognised format)",)
    assert report.images[0].options[1].box == (0, 0, 100, 100)


def test_measure_retention_clusters_faces_by_image_and_counts_fallbacks(tmp_path: Path) -> None:
    wide = tmp_path / "wide.png"
    Image.new("RGB", (400, 100), (90, 90, 90)).save(wide)
    images = [ImageInput(str(wide), faces=((10.0, 10.0, 60.0, 60.0), (300.0, 10.0, 350.0, 60.0)))]
    report = measure_retention(images, ["face_crop_centerface", "fixed_crop"], frame="1.0")
    centerface, fixed = report.summaries
    # Two faces on one image are one crop's fate: one cluster says nothing, so the interval is (0, 1),
    # where a Wilson interval over 2 "independent" faces would claim (9%, 91%).
    assert (fixed.faces_cut.count, fixed.faces_cut.n, fixed.faces_cut.ci_low, fixed.faces_cut.ci_high) == (1, 2, 0.0,
                                                                                                           1.0)
    assert fixed.face_images == 1
    # A flat grey image has no face for CenterFace: it falls back to the centre crop, and that is counted.
    assert (centerface.fallbacks, centerface.runs, centerface.fallback_reasons) == (
        1, 1, ("no face found: centre crop",))
    assert (fixed.fallbacks, fixed.runs) == (0, 1)
    assert centerface.latency_ms is not None and centerface.wall_latency_ms is not None
