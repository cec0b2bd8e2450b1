"""Manifest loading: a valid manifest's values, and each bad input paired with its exact error."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import limits
from sample_images import Face, ImageEntry, ManifestError, load_manifest, parse_manifest

SHA_A = "a" * 64
SHA_B = "b" * 64


def valid() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "images_dir": "images",
        "notes": {"skin_tone": "perceived, not identity"},
        "archives": [
            {
                "package": "pkg",
                "version": "1.0",
                "kind": "wheel",
                "filename": "pkg-1.0.whl",
                "sha256": SHA_A,
                "licence": "MIT",
                "platform": "manylinux2014_x86_64",
                "python_version": "3.11",
            }
        ],
        "images": [
            {
                "file": "a.png",
                "source": {"package": "pkg", "version": "1.0", "path": "d/a.png"},
                "sha256": SHA_B,
                "licence": "CC0",
                "width": 100,
                "height": 80,
                "annotation": "hand-drawn",
                "faces": [
                    {
                        "box": [10, 5, 40, 50],
                        "monk_skin_tone": 7,
                        "attributes": {"pose": "frontal", "age_band": "30-39", "glasses": True},
                    }
                ],
            },
            {
                "file": "b.png",
                "origin": "team photo shoot",
                "licence": "ours",
                "width": 10,
                "height": 10,
                "annotation": "none",
                "faces": [],
            },
            {
                "file": "c.png",
                "generated_by": {"recipe": "r", "inputs": ["a.png"]},
                "sha256": SHA_A,
                "pixels_sha256": SHA_B,
                "licence": "synthetic",
                "width": 10,
                "height": 10,
                "annotation": "placed",
                "faces": [],
            },
        ],
    }


def load(data: Any, tmp_path: Path) -> Any:
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_manifest(path)


def test_load_manifest_reads_every_field(tmp_path: Path) -> None:
    manifest = load(valid(), tmp_path)
    assert manifest.folder == tmp_path / "images"
    assert manifest.notes == {"skin_tone": "perceived, not identity"}
    assert manifest.archives[0].requirement == "pkg==1.0"
    first = manifest.images[0]
    assert first.source is not None and first.source.path == "d/a.png"
    assert manifest.archive_for(first.source).filename == "pkg-1.0.whl"
    assert first.faces[0].box == (10, 5, 40, 50)
    assert first.faces[0].value("monk_skin_tone") == 7
    assert first.faces[0].value("glasses") is True
    assert first.faces[0].value("missing") is None
    assert manifest.images[1].origin == "team photo shoot"
    assert manifest.images[1].sha256 is None
    assert manifest.images[2].is_synthetic
    assert manifest.images[2].generated_by is not None
    assert manifest.images[2].generated_by.inputs == ("a.png",)
    assert manifest.face_columns() == ("monk_skin_tone", "age_band", "glasses", "pose")
    assert manifest.path_of(first) == tmp_path / "images" / "a.png"


def test_load_manifest_defaults_images_dir_to_manifest_folder(tmp_path: Path) -> None:
    data = valid()
    del data["images_dir"]
    assert load(data, tmp_path).folder == tmp_path / "."


def test_load_manifest_accepts_null_skin_tone(tmp_path: Path) -> None:
    data = valid()
    data["images"][0]["faces"][0]["monk_skin_tone"] = None
    assert load(data, tmp_path).images[0].faces[0].monk_skin_tone is None


def edit(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(valid())
    change(data)
    return data


def face(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = data["images"][0]["faces"][0]
    return result


BAD_MANIFESTS = [
    (
        lambda d: face(d).update(box=[10, 5, 4, 20]),
        "manifest.yaml: images[0].faces[0].box: [10, 5, 4, 20] has right <= left",
    ),
    (
        lambda d: face(d).update(box=[10, 50, 40, 50]),
        "manifest.yaml: images[0].faces[0].box: [10, 50, 40, 50] has bottom <= top",
    ),
    (
        lambda d: face(d).update(box=[10, 5, 40]),
        "manifest.yaml: images[0].faces[0].box: [10, 5, 40] is not four whole numbers [left, top, right, bottom]",
    ),
    (
        lambda d: face(d).update(box=[10.5, 5, 40, 50]),
        "manifest.yaml: images[0].faces[0].box: [10.5, 5, 40, 50] is not four whole numbers [left, top, right, bottom]",
    ),
    (
        lambda d: face(d).update(box=[-1, 5, 40, 50]),
        "manifest.yaml: images[0].faces[0].box: [-1, 5, 40, 50] has a negative coordinate",
    ),
    (
        lambda d: face(d).update(box=[10, 5, 101, 50]),
        "manifest.yaml: images[0].faces[0].box: [10, 5, 101, 50] lies outside the 100x80 image",
    ),
    (
        lambda d: face(d).update(monk_skin_tone=11),
        "manifest.yaml: images[0].faces[0].monk_skin_tone: 11 is not a Monk Skin Tone from 1 to 10 "
        "(or null when not perceivable)",
    ),
    (
        lambda d: face(d).update(monk_skin_tone="dark"),
        "manifest.yaml: images[0].faces[0].monk_skin_tone: 'dark' is not a Monk Skin Tone from 1 "
        "to 10 (or null when not perceivable)",
    ),
    (lambda d: face(d).pop("monk_skin_tone"), "manifest.yaml: images[0].faces[0]: missing key 'monk_skin_tone'"),
    (
        lambda d: face(d).update(pose="frontal"),
        "manifest.yaml: images[0].faces[0]: unknown key 'pose' (allowed: box, monk_skin_tone, attributes, box_source)",
    ),
    (
        lambda d: face(d)["attributes"].update({"Age": 3}),
        "manifest.yaml: images[0].faces[0].attributes: 'Age' is not a column name (lowercase letters, digits, '_')",
    ),
    (
        lambda d: face(d)["attributes"].update({"monk_skin_tone": 3}),
        "manifest.yaml: images[0].faces[0].attributes: 'monk_skin_tone' is a face field, not an attribute",
    ),
    (
        lambda d: face(d)["attributes"].update({"tags": ["a", "b"]}),
        "manifest.yaml: images[0].faces[0].attributes: ['a', 'b'] is not text, a number or true/false",
    ),
    (
        lambda d: d["images"][0].update(colour="red"),
        "manifest.yaml: images[0]: unknown key 'colour' (allowed: file, licence, width, height, "
        "annotation, faces, description, sha256, pixels_sha256, source, generated_by, origin, "
        "person_outlines)",
    ),
    (lambda d: d["images"][0].pop("width"), "manifest.yaml: images[0]: missing key 'width'"),
    (lambda d: d["images"][0].update(width=0), "manifest.yaml: images[0].width: 0 is not a positive whole number"),
    (
        lambda d: d["images"][0].update(file="../escape.png"),
        "manifest.yaml: images[0].file: '../escape.png' is not a plain file name (letters, digits, "
        "'.', '_', '-'; no folders)",
    ),
    (
        lambda d: d["images"][1].update(file="a.png"),
        "manifest.yaml: images[1].file: 'a.png' is listed twice (first at images[0])",
    ),
    (
        lambda d: d["images"][0].update(sha256="ABC"),
        "manifest.yaml: images[0].sha256: 'ABC' is not 64 lowercase hexadecimal digits",
    ),
    (lambda d: d["images"][0].update(licence=" "), "manifest.yaml: images[0].licence: is empty"),
    (
        lambda d: d["images"][0].update(origin="elsewhere"),
        "manifest.yaml: images[0]: needs exactly one of 'source', 'generated_by', 'origin' (found: source, origin)",
    ),
    (
        lambda d: d["images"][1].pop("origin"),
        "manifest.yaml: images[1]: needs exactly one of 'source', 'generated_by', 'origin' (found: none)",
    ),
    (
        lambda d: d["images"][0]["source"].update(version="2.0"),
        "manifest.yaml: images[0].source: pkg 2.0 is not in archives",
    ),
    (
        lambda d: d["images"][0]["source"].update(url="x"),
        "manifest.yaml: images[0].source: unknown key 'url' (allowed: package, version, path)",
    ),
    (
        lambda d: d["images"][2]["generated_by"].update(inputs=["c.png"]),
        "manifest.yaml: images[2].generated_by.inputs[0]: 'c.png' is not an image listed before this one",
    ),
    (lambda d: d["archives"][0].update(kind="egg"), "manifest.yaml: archives[0].kind: 'egg' is not 'sdist' or 'wheel'"),
    (lambda d: d["archives"][0].pop("platform"), "manifest.yaml: archives[0]: missing key 'platform'"),
    (lambda d: d["archives"][0].update(version=3.1), "manifest.yaml: archives[0].version: 3.1 is not text"),
    (
        lambda d: d["archives"].append(dict(d["archives"][0])),
        "manifest.yaml: archives[1]: pkg 1.0 is listed twice (first at archives[0])",
    ),
    (
        lambda d: d.update(schema_version=2),
        "manifest.yaml: schema_version: 2 is not a supported schema version (this code reads 1)",
    ),
    (lambda d: d.update(images={"a.png": {}}), "manifest.yaml: images: {'a.png': {}} is not a list"),
    (
        lambda d: d.update(extra=1),
        "manifest.yaml: (top): unknown key 'extra' (allowed: schema_version, images, notes, images_dir, archives)",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_MANIFESTS)
def test_load_manifest_rejects_bad_input_naming_file_path_and_value(
    change: Callable[[dict[str, Any]], None], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ManifestError) as raised:
        load(edit(change), tmp_path)
    assert str(raised.value) == message


def test_parse_manifest_rejects_invalid_yaml() -> None:
    with pytest.raises(ManifestError) as raised:
        parse_manifest("images: [unclosed", Path("team/manifest.yaml"))
    assert str(raised.value).startswith("manifest.yaml: not valid YAML: while parsing")


def test_parse_manifest_refuses_python_tags() -> None:
    with pytest.raises(ManifestError) as raised:
        parse_manifest("schema_version: !!python/object/apply:os.getcwd []", Path("m.yaml"))
    assert "could not determine a constructor" in str(raised.value)


@pytest.mark.parametrize(("text", "message"), [
    ("images: " + "[" * 5_000 + "]" * 5_000, "line 1: nesting is too deep: 21 levels is above the limit of 20 "
                                              f"levels ({limits.NESTING_DEPTH.why})"),
    ("notes: &n {a: b}\nimages: *n\n", "line 1: anchors and aliases (&, *) are not allowed in a manifest"),
    ("schema_version: 1\nschema_version: 1\n",
     "schema_version: line 2: the key 'schema_version' appears twice; expected each key once"),
    ("images: [" + "1," * 500_001 + "]", "line 1: too many values: 500,001 values is above the limit of 500,000 "
                                         f"values ({limits.MANIFEST_VALUES.why})"),
])
def test_parse_manifest_reads_yaml_as_scenarios_do(text: str, message: str) -> None:
    with pytest.raises(ManifestError) as raised:  # the one safe YAML reader: no RecursionError, no alias bomb
        parse_manifest(text, Path("team/m.yaml"))
    assert str(raised.value) == f"m.yaml: {message}"


@pytest.mark.parametrize(("target", "message"), [
    ("/dev/zero", "cannot read the manifest (not a regular file but a character device; expected a file)"),
    (None, "cannot read the manifest (No such file or directory)"),
])
def test_load_manifest_refuses_what_is_not_a_regular_file_before_reading(
        tmp_path: Path, target: str | None, message: str) -> None:
    path = tmp_path / "manifest.yaml"
    if target is not None:
        path.symlink_to(target)
    with pytest.raises(ManifestError) as raised:
        load_manifest(path)
    assert str(raised.value) == f"{path}: {message}"


def test_load_manifest_applies_the_size_limit_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump(valid(), sort_keys=False) + "#" * limits.MANIFEST_BYTES.maximum)
    with pytest.raises(ManifestError) as raised:
        load_manifest(path)
    size = path.stat().st_size
    assert str(raised.value) == (f"{path}: {size:,} bytes is above the limit of 10,000,000 bytes "
                                 f"({limits.MANIFEST_BYTES.why})")


def test_load_manifest_names_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_bytes(b"schema_version: 1\nnotes: {a: \xff}\n")
    with pytest.raises(ManifestError) as raised:
        load_manifest(path)
    assert str(raised.value) == f"{path}: not UTF-8 text (byte 30)"


def test_parse_manifest_rejects_non_mapping_top() -> None:
    with pytest.raises(ManifestError) as raised:
        parse_manifest("- 1\n", Path("m.yaml"))
    assert str(raised.value) == "m.yaml: (top): [1] is not a mapping"


def test_face_validates_on_construction() -> None:
    with pytest.raises(ValueError) as raised:
        Face(box=(10, 5, 4, 20), monk_skin_tone=3)
    assert str(raised.value) == "[10, 5, 4, 20] has right <= left"


def test_face_attributes_are_read_only() -> None:
    made = Face(box=(0, 0, 1, 1), monk_skin_tone=None, attributes={"pose": "profile"})
    with pytest.raises(TypeError):
        made.attributes["pose"] = "frontal"  # type: ignore[index]
    assert hash(made) == hash(Face(box=(0, 0, 1, 1), monk_skin_tone=None))


def test_image_entry_validates_boxes_against_its_size() -> None:
    with pytest.raises(ValueError) as raised:
        ImageEntry(
            file="a.png",
            width=10,
            height=10,
            licence="x",
            annotation="x",
            faces=(Face(box=(0, 0, 11, 5), monk_skin_tone=1),),
            origin="ours",
        )
    assert str(raised.value) == "[0, 0, 11, 5] lies outside the 10x10 image"
