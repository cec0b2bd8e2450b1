"""Work items carry option specs: a bring-your-own ONNX option runs in every audit, serially and in a pool."""

from __future__ import annotations

from pathlib import Path

from imageoptions import OptionSpec, descriptor_spec
from measurements import (
    ImageInput,
    ProcessPool,
    SerialExecutor,
    SideBySideLayout,
    audit_pairs,
    group_faces,
    measure_retention,
    measure_robustness,
    select_perturbations,
)
from sample_images import load_manifest
from tests.imageoptions.test_byo_onnx import boxes_descriptor
from tests.measurements.conftest import face_picture, write_set

SIDE = SideBySideLayout(height_px=None, face_share=None)
LEFT_HALF = [[0.0, 0.0, 0.5, 1.0, 0.9]]  # the 'detector' always finds the left half of the picture


def test_pairs_audit_runs_a_byo_option_beside_builtins_serial_and_pool(tmp_path: Path) -> None:
    manifest = write_set(tmp_path / "set", {f"{team}{i}.png": (team, 2) for team in "ab" for i in range(3)})
    faces = group_faces(load_manifest(manifest), "team")
    byo = descriptor_spec(boxes_descriptor(tmp_path / "model", LEFT_HALF))
    specs = [byo, OptionSpec("fixed_crop")]
    serial = audit_pairs(faces, specs, SIDE, pairs=6, frame="1.0", sweep=False, column="team",
                         executor=SerialExecutor())
    with ProcessPool(2) as pool:
        pooled = audit_pairs(faces, specs, SIDE, pairs=6, frame="1.0", sweep=False, column="team", executor=pool)
    by_names = audit_pairs(faces, ["fixed_crop"], SIDE, pairs=6, frame="1.0", sweep=False, column="team")
    assert [s.option for s in serial.summaries] == ["team_boxes", "fixed_crop"]
    # The left half of a side-by-side card is the first face: it always survives, the second never does.
    assert (serial.summaries[0].outcomes.first, serial.summaries[0].outcomes.second) == (12, 0)
    assert serial.errors == pooled.errors == ()
    assert [(s.option, s.outcomes, s.groups, s.comparisons) for s in serial.summaries] == \
        [(s.option, s.outcomes, s.groups, s.comparisons) for s in pooled.summaries]
    assert serial.summaries[1].outcomes == by_names.summaries[0].outcomes


def test_retention_and_robustness_run_a_byo_option_serial_and_pool(tmp_path: Path) -> None:
    images = []
    for index in range(4):
        path = tmp_path / f"face{index}.png"
        face_picture(size=(80, 40)).image.save(path)
        images.append(ImageInput(str(path), faces=((10.0, 10.0, 30.0, 30.0),)))
    byo = descriptor_spec(boxes_descriptor(tmp_path / "model", LEFT_HALF))
    serial = measure_retention(images, [byo, "center_crop"], frame="1.0")
    with ProcessPool(2) as pool:
        pooled = measure_retention(images, [byo, "center_crop"], frame="1.0", executor=pool)
    def crops(report: object) -> list[object]:
        return [(i.file, o.option, o.box, o.faces) for i in report.images for o in i.options]  # type: ignore[attr-defined]
    assert crops(serial) == crops(pooled)
    assert {o.box for i in serial.images for o in i.options if o.option == "team_boxes"} == {(0, 0, 40, 40)}
    assert (serial.summaries[0].faces_cut.count, serial.summaries[1].faces_cut.count) == (0, 4)
    robust = measure_robustness(images[:1], [byo], frame="1.0", perturbations=select_perturbations(["blur"]))
    assert robust.errors == () and robust.summaries[0].option == "team_boxes"
