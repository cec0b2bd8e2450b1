"""Option specs: small, picklable work-item parts that every process turns into the same option."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

import limits
from imageoptions import (
    DescriptorError,
    OptionSpec,
    UnknownOptionError,
    build_option,
    builtin_options,
    builtin_specs,
    descriptor_spec,
    parse_frame,
    resolve_specs,
    run_option,
    uploaded_spec,
)
from tests.imageoptions.conftest import MakeBlank
from tests.imageoptions.test_byo_onnx import boxes_descriptor

BEST_BOX = [[0.55, 0.2, 0.65, 0.4, 0.9]]


def test_builtin_specs_follow_the_registry_table() -> None:
    assert [spec.name for spec in builtin_specs()] == [option.name for option in builtin_options()]
    assert all(spec.is_builtin for spec in builtin_specs())


def test_build_option_is_built_once_per_process() -> None:
    first = build_option(OptionSpec("face_crop_centerface"))
    assert build_option(OptionSpec("face_crop_centerface")) is first
    assert first.label == "Face-centred crop (CenterFace)"


def test_descriptor_spec_pins_the_model_and_survives_pickling(tmp_path: Path, blank: MakeBlank) -> None:
    path = boxes_descriptor(tmp_path, BEST_BOX)
    spec = descriptor_spec(path)
    assert (spec.name, spec.descriptor_file, spec.model_path) == ("team_boxes", str(path), str(tmp_path / "boxes.onnx"))
    assert spec.model_sha256 == hashlib.sha256((tmp_path / "boxes.onnx").read_bytes()).hexdigest()
    copy = pickle.loads(pickle.dumps(spec))
    assert copy == spec and hash(copy) == hash(spec)
    option = build_option(copy)
    assert (option.name, option.label, option.kind) == ("team_boxes", "Team box model", "ml")
    assert run_option(option, blank(1000, 500), parse_frame("1.0")).box == (350, 0, 850, 500)


def test_descriptor_spec_refuses_a_model_changed_since(tmp_path: Path, blank: MakeBlank) -> None:
    path = boxes_descriptor(tmp_path, BEST_BOX)
    spec = descriptor_spec(path)
    boxes_descriptor(tmp_path, [[0.1, 0.1, 0.2, 0.2, 0.9]])
    actual = hashlib.sha256((tmp_path / "boxes.onnx").read_bytes()).hexdigest()
    with pytest.raises(DescriptorError) as raised:
        build_option(spec).chooser.prepare()
    assert str(raised.value) == (f"{path}: model: 'boxes.onnx' has sha256 {actual}, not the {spec.model_sha256} "
                                 "it had when the option was chosen")


def test_descriptor_spec_over_the_size_limits_names_file_and_limit(tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, BEST_BOX)
    path.write_text(path.read_text() + "#" * 100_000)
    with pytest.raises(DescriptorError) as raised:
        descriptor_spec(path)
    assert str(raised.value) == (f"{path}: {len(path.read_bytes()):,} bytes is above the limit of 100,000 bytes "
                                 "(a model descriptor is about 500 bytes of YAML)")
    path = boxes_descriptor(tmp_path / "big", BEST_BOX)
    with (tmp_path / "big" / "boxes.onnx").open("r+b") as model:
        model.truncate(100_000_001)  # sparse: no disk used
    with pytest.raises(DescriptorError) as raised:
        descriptor_spec(path)
    assert str(raised.value) == (f"{path}: model: {tmp_path / 'big' / 'boxes.onnx'}: 100,000,001 bytes is above "
                                 "the limit of 100,000,000 bytes (one ONNX model, read into memory once for its "
                                 "sha256 and onnxruntime; CenterFace is 7 MB)")


def test_descriptor_spec_with_missing_model_names_the_field(tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, BEST_BOX)
    (tmp_path / "boxes.onnx").unlink()
    with pytest.raises(DescriptorError) as raised:
        descriptor_spec(path)
    assert str(raised.value) == f"{path}: model: 'boxes.onnx' does not exist (looked for {tmp_path / 'boxes.onnx'})"


def test_resolve_specs_names_builtins_and_descriptors(tmp_path: Path) -> None:
    byo = descriptor_spec(boxes_descriptor(tmp_path, BEST_BOX))
    assert resolve_specs([]) == builtin_specs()
    assert resolve_specs([], [byo]) == (*builtin_specs(), byo)
    assert resolve_specs(["team_boxes", "center_crop"], [byo]) == (byo, OptionSpec("center_crop"))
    assert resolve_specs([byo, "fixed_crop"]) == (byo, OptionSpec("fixed_crop"))


@pytest.mark.parametrize(
    ("names", "error"),
    [
        (["crop_everything"], "unknown option 'crop_everything'; known options: scale_to_fit, fixed_crop, "
                              "center_crop, face_crop_centerface, face_crop_blazeface, saliency_crop, shipped_policy"),
        (["fixed_crop", "fixed_crop"], "option 'fixed_crop' is given twice (built in); each option needs its own name"),
    ],
)
def test_resolve_specs_bad_names_give_exact_errors(names: list[str], error: str) -> None:
    with pytest.raises(UnknownOptionError) as raised:
        resolve_specs(names)
    assert str(raised.value) == error


def test_resolve_specs_refuses_a_descriptor_reusing_a_builtin_name(tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, BEST_BOX)
    path.write_text(path.read_text().replace("name: team_boxes", "name: center_crop"))
    with pytest.raises(DescriptorError) as raised:
        resolve_specs([], [descriptor_spec(path)])
    assert str(raised.value) == f"option 'center_crop' is given twice ({path}); each option needs its own name"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"model_path": "m.onnx"}, "option 'scale_to_fit': a built-in option carries no descriptor or model"),
        ({"descriptor_yaml": "x: 1", "model_sha256": "ab" * 32}, "option 'scale_to_fit': model_path is missing"),
        ({"descriptor_yaml": "x: 1", "model_path": "m.onnx", "model_sha256": "abc"},
         "option 'scale_to_fit': model_sha256 'abc' is not 64 hex digits"),
    ],
)
def test_option_spec_bad_fields_give_exact_errors(fields: dict[str, str], error: str) -> None:
    with pytest.raises(ValueError) as raised:
        OptionSpec("scale_to_fit", **fields)  # type: ignore[arg-type]
    assert str(raised.value) == error


def upload(tmp_path: Path, descriptor: bytes | None = None, model: bytes | None = None) -> OptionSpec:
    path = boxes_descriptor(tmp_path / "made", BEST_BOX)
    return uploaded_spec(path.read_bytes() if descriptor is None else descriptor, "team.yaml",
                         (tmp_path / "made" / "boxes.onnx").read_bytes() if model is None else model,
                         "team.onnx", tmp_path / "session")


def test_uploaded_spec_saves_the_model_and_builds_the_option(tmp_path: Path, blank: MakeBlank) -> None:
    spec = upload(tmp_path)
    model = Path(spec.model_path)
    assert (spec.name, spec.descriptor_file, model.name) == ("team_boxes", "team.yaml", "model.onnx")
    assert model.parent.parent == tmp_path / "session"
    assert spec.model_sha256 == hashlib.sha256(model.read_bytes()).hexdigest()
    assert run_option(build_option(spec), blank(1000, 500), parse_frame("1.0")).box == (350, 0, 850, 500)


@pytest.mark.parametrize(
    ("descriptor", "model", "error"),
    [
        (b"#" * 100_001, None,
         "team.yaml: 100,001 bytes is above the limit of 100,000 bytes (a model descriptor is about 500 bytes "
         "of YAML)"),
        (None, b"\0" * 100_000_001,
         "team.onnx: 100,000,001 bytes is above the limit of 100,000,000 bytes (one ONNX model, read into memory "
         "once for its sha256 and onnxruntime; CenterFace is 7 MB)"),
        (None, b"not a model", "team.yaml: model: 'model.onnx' cannot be loaded by onnxruntime (InvalidProtobuf)"),
        (b"schema_version: 1\nname: x\n", None, "team.yaml: input: missing"),
        (b"- a list", None, "team.yaml: the top level: expected a mapping, not list"),
        (b"\xff", None, "team.yaml: not UTF-8 text"),
        (b"schema_version: 1\ninput: " + b"[" * 5_000 + b"]" * 5_000, None,
         "team.yaml: line 2: nesting is too deep: 21 levels is above the limit of 20 levels (a scenario or a manifest "
         "nests at most 6 deep, a descriptor 3; deeper is hostile)"),
    ],
)
def test_uploaded_spec_bad_upload_gives_exact_error(
    tmp_path: Path, descriptor: bytes | None, model: bytes | None, error: str
) -> None:
    with pytest.raises(DescriptorError) as raised:
        upload(tmp_path, descriptor, model)
    assert str(raised.value) == error


def test_uploaded_spec_refuses_a_huge_input_side_when_the_descriptor_is_read(tmp_path: Path) -> None:
    text = boxes_descriptor(tmp_path / "made", BEST_BOX).read_bytes().replace(b"width: 32", b"width: 60000")
    with pytest.raises(DescriptorError) as raised:  # before: a 60000x60000 input tensor, 24 GB
        upload(tmp_path, text)
    assert str(raised.value) == f"team.yaml: input.width: {limits.MODEL_INPUT_SIDE.message(60_000)}"
    assert not (tmp_path / "session").exists()  # refused before the model is saved


def test_uploaded_spec_refuses_a_model_that_does_not_fit_its_descriptor(tmp_path: Path) -> None:
    text = boxes_descriptor(tmp_path / "made", BEST_BOX).read_bytes().replace(b"width: 32", b"width: 64")
    with pytest.raises(DescriptorError) as raised:
        upload(tmp_path, text)
    assert str(raised.value) == ("team.yaml: input.width: 64 does not match the model's input 'image' of shape "
                                 "[1, 3, 32, 32] (NCHW puts width at dimension 3)")


def test_uploaded_spec_refused_model_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(DescriptorError):
        upload(tmp_path, model=b"not a model")
    assert [path for path in (tmp_path / "session").rglob("*") if path.is_file()] == []
