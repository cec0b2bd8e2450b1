"""Bring your own ONNX model: tiny models built here drive the descriptor path through onnxruntime."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from imageoptions import DescriptorError, LoadedImage, build_byo_option, load_descriptor, parse_frame, run_option

MakeImage = Callable[..., LoadedImage]
SIDE = 32

SALIENCY_YAML = """\
schema_version: 1
name: team_saliency
label: Team saliency model
kind: saliency_map
model: {model}
input:
  name: image
  width: {width}
  height: 32
  layout: {layout}
  scale: 0.00392156862745098
  mean: [0.0, 0.0, 0.0]
  std: [1.0, 1.0, 1.0]
output: {output}
"""

BOXES_YAML = """\
schema_version: 1
name: team_boxes
label: Team box model
kind: boxes
model: boxes.onnx
input:
  name: image
  width: 32
  height: 32
  layout: NCHW
output: boxes
boxes:
  coordinates: {coordinates}
  score_threshold: 0.5
"""


def save_model(graph: onnx.GraphProto, path: Path) -> None:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def image_input() -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, SIDE, SIDE])


def write_brightness_model(path: Path) -> None:
    """A 'saliency model' whose map is the mean over channels: the brightest place wins."""
    node = helper.make_node("ReduceMean", ["image"], ["saliency"], axes=[1], keepdims=1)
    output = helper.make_tensor_value_info("saliency", TensorProto.FLOAT, [1, 1, SIDE, SIDE])
    save_model(helper.make_graph([node], "brightness", [image_input()], [output]), path)


def write_fixed_boxes_model(path: Path, rows: list[list[float]]) -> None:
    """A 'detector' that always returns `rows` (x1, y1, x2, y2, score), plus 0 x the input."""
    columns = len(rows[0])
    constant = helper.make_tensor("rows", TensorProto.FLOAT, [1, len(rows), columns], np.ravel(rows).tolist())
    zero = helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])
    nodes = [
        helper.make_node("Constant", [], ["rows"], value=constant),
        helper.make_node("Constant", [], ["zero"], value=zero),
        helper.make_node("ReduceMean", ["image"], ["mean"], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
        helper.make_node("Add", ["rows", "nothing"], ["boxes"]),
    ]
    output = helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, len(rows), columns])
    save_model(helper.make_graph(nodes, "fixed_boxes", [image_input()], [output]), path)


def boxes_descriptor(folder: Path, rows: list[list[float]], coordinates: str = "normalised") -> Path:
    """A box model that always returns `rows` and its descriptor `boxes.yaml` in `folder` (other tests use it)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_fixed_boxes_model(folder / "boxes.onnx", rows)
    path = folder / "boxes.yaml"
    path.write_text(BOXES_YAML.format(coordinates=coordinates))
    return path


def saliency_descriptor(tmp_path: Path, **fields: object) -> Path:
    write_brightness_model(tmp_path / "brightness.onnx")
    values: dict[str, object] = {"model": "brightness.onnx", "width": 32, "layout": "NCHW", "output": "saliency"}
    values.update(fields)
    path = tmp_path / "saliency.yaml"
    path.write_text(SALIENCY_YAML.format(**values))
    return path


def test_byo_saliency_model_runs_end_to_end(tmp_path: Path, blob_image: MakeImage) -> None:
    option = build_byo_option(saliency_descriptor(tmp_path))
    result = run_option(option, blob_image((400, 200), (310, 90, 330, 110)), parse_frame("1.0"))
    assert (option.name, option.kind) == ("team_saliency", "ml")
    assert result.box == (200, 0, 400, 200)
    assert result.saliency is not None
    assert result.saliency.learned is True
    assert result.saliency.map_size == (32, 32)
    assert 310 <= result.saliency.peak_xy[0] <= 330


@pytest.mark.parametrize(("coordinates", "scale"), [("normalised", 1.0), ("pixel", 32.0)])
def test_byo_box_model_centres_on_best_box(tmp_path: Path, blank: MakeImage, coordinates: str, scale: float) -> None:
    rows = [[0.55, 0.2, 0.65, 0.4, 0.9], [0.1, 0.1, 0.2, 0.2, 0.3]]
    write_fixed_boxes_model(tmp_path / "boxes.onnx", [[v * scale for v in row[:4]] + row[4:] for row in rows])
    path = tmp_path / "boxes.yaml"
    path.write_text(BOXES_YAML.format(coordinates=coordinates))
    result = run_option(build_byo_option(path), blank(1000, 500), parse_frame("1.0"))
    assert result.box == (350, 0, 850, 500)
    assert len(result.detections) == 1  # the 0.3 row is under the threshold
    np.testing.assert_allclose(result.detections[0].box, (550, 100, 650, 200), atol=1e-3)
    assert result.detections[0].score == pytest.approx(0.9)


def test_byo_option_fingerprint_changes_with_descriptor(tmp_path: Path) -> None:
    first = build_byo_option(saliency_descriptor(tmp_path))
    again = build_byo_option(saliency_descriptor(tmp_path))
    (tmp_path / "other").mkdir()
    other = build_byo_option(saliency_descriptor(tmp_path / "other"))
    assert first.fingerprint() == again.fingerprint()
    assert first.fingerprint() != other.fingerprint()  # the resolved model path differs


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"width": 64},
            "input.width: 64 does not match the model's input 'image' of shape [1, 3, 32, 32] "
            "(NCHW puts width at dimension 3)",
        ),
        (
            {"layout": "NHWC"},
            "input.layout: NHWC does not match the model's input 'image' of shape [1, 3, 32, 32] "
            "(NHWC puts channels at dimension 3)",
        ),
        ({"output": "map"}, "output: 'map' is not an output of the model; its outputs are ['saliency']"),
    ],
)
def test_byo_descriptor_model_mismatch_names_field(tmp_path: Path, fields: dict[str, object], error: str) -> None:
    path = saliency_descriptor(tmp_path, **fields)
    option = build_byo_option(path)
    with pytest.raises(DescriptorError) as raised:
        option.chooser.prepare()
    assert str(raised.value) == f"{path}: {error}"


def test_byo_descriptor_wrong_input_name(tmp_path: Path) -> None:
    path = saliency_descriptor(tmp_path)
    path.write_text(path.read_text().replace("name: image", "name: pixels"))
    with pytest.raises(DescriptorError) as raised:
        build_byo_option(path).chooser.prepare()
    assert str(raised.value) == f"{path}: input.name: 'pixels' is not an input of the model; its inputs are ['image']"


def test_byo_descriptor_missing_model_file(tmp_path: Path) -> None:
    path = saliency_descriptor(tmp_path, model="absent.onnx")
    with pytest.raises(DescriptorError) as raised:
        build_byo_option(path).chooser.prepare()
    assert str(raised.value) == f"{path}: model: 'absent.onnx' does not exist (looked for {tmp_path / 'absent.onnx'})"


def test_byo_descriptor_model_that_is_not_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "zero.onnx").symlink_to("/dev/zero")  # read, it would fill memory
    path = saliency_descriptor(tmp_path, model="zero.onnx")
    with pytest.raises(DescriptorError) as raised:
        build_byo_option(path).chooser.prepare()
    assert str(raised.value) == (f"{path}: model: 'zero.onnx' ({tmp_path / 'zero.onnx'}) is not a regular file but a "
                                 "character device; expected a file")


def test_byo_box_model_with_wrong_row_width(tmp_path: Path, blank: MakeImage) -> None:
    write_fixed_boxes_model(tmp_path / "boxes.onnx", [[0.1, 0.1, 0.2, 0.2]])
    path = tmp_path / "boxes.yaml"
    path.write_text(BOXES_YAML.format(coordinates="normalised"))
    with pytest.raises(DescriptorError) as raised:
        run_option(build_byo_option(path), blank(10, 10), parse_frame("1.0"))
    assert str(raised.value) == (
        f"{path}: kind: boxes needs rows of 5 (x1, y1, x2, y2, score), but output 'boxes' has shape [1, 1, 4]"
    )


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (
            ("  layout: NCHW", "  layout: NCHW\n  colour: RGB"),
            "input.colour: unknown key (allowed: height, layout, mean, name, scale, std, width)",
        ),
        (("output: saliency\n", ""), "output: missing"),
        (("kind: saliency_map", "kind: masks"), "kind: 'masks' is not one of boxes, saliency_map"),
        (("layout: NCHW", "layout: NCWH"), "input.layout: 'NCWH' is not one of NCHW, NHWC"),
        (("width: 32", "width: -4"), "input.width: -4 must be a positive whole number"),
        (("height: 32", "height: 60000"), "input.height: 60,000 pixels is above the limit of 4,096 pixels (a side "
                                          "of a descriptor's model input; the built-in models take 128 to 256, and "
                                          "the input tensor alone is width x height x 12 bytes (201 MB at "
                                          "4096x4096))"),
        (("output: saliency\n", "output: saliency\nboxes: " + "[" * 5_000 + "]" * 5_000 + "\n"),
         "line 15: nesting is too deep: 21 levels is above the limit of 20 levels (a scenario or a manifest nests "
         "at most 6 deep, a descriptor 3; deeper is hostile)"),
        (("  name: image", "  name: &n image"), "line 7: anchors and aliases (&, *) are not allowed in a model "
                                                "descriptor"),
        (("label: Team", "label: X\nlabel: Team"),
         "label: line 4: the key 'label' appears twice; expected each key once"),
        (("std: [1.0, 1.0, 1.0]", "std: [1.0, 0, 1.0]"), "input.std: (1.0, 0, 1.0) must not contain 0"),
        (("mean: [0.0, 0.0, 0.0]", "mean: [0.5]"), "input.mean: (0.5,) must be 3 numbers (R, G, B)"),
        (
            ("name: team_saliency", "name: Team Saliency"),
            "name: 'Team Saliency' must be lower_snake_case (a machine name)",
        ),
        (("schema_version: 1", "schema_version: 2"), "schema_version: 2 is not 1"),
        (("kind: saliency_map", "kind: boxes"), "boxes: missing (kind boxes needs it)"),
    ],
)
def test_load_descriptor_bad_field_gives_exact_error(tmp_path: Path, edit: tuple[str, str], error: str) -> None:
    path = saliency_descriptor(tmp_path)
    path.write_text(path.read_text().replace(*edit))
    with pytest.raises(DescriptorError) as raised:
        load_descriptor(path)
    assert str(raised.value) == f"{path}: {error}"


def test_load_descriptor_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(DescriptorError) as raised:
        load_descriptor(path)
    assert str(raised.value) == f"{path}: the top level: expected a mapping, not list"
