"""`tcm crop`: the JSON shape, the table, output files and exit statuses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from PIL import Image

from tcm import crop_commands
from tests.imageoptions.test_byo_onnx import boxes_descriptor

NON_ML = ["--option", "fixed_crop", "--option", "center_crop"]


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tcm")
    crop_commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["crop", *argv])
    status: int = args.handler(args)
    return status


@pytest.fixture
def images(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "wide.png"
    Image.new("RGB", (400, 300), (40, 40, 40)).save(good)
    bad = tmp_path / "empty.jpg"
    bad.write_bytes(b"")
    return good, bad


def test_crop_json_has_one_row_per_image_and_option(
    images: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = images
    status = run_cli([str(good), str(bad), *NON_ML, "--aspect", "1.0", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 1  # one image could not be loaded
    assert [set(row) for row in rows] == [{"image", "option", "box", "latency_ms", "fallback", "error"}] * 4
    assert [(row["image"], row["option"], row["box"], row["fallback"], row["error"]) for row in rows] == [
        (str(good), "fixed_crop", [0, 0, 300, 300], None, None),
        (str(good), "center_crop", [50, 0, 350, 300], None, None),
        (str(bad), "fixed_crop", None, None, f"{bad}: empty file (0 bytes)"),
        (str(bad), "center_crop", None, None, f"{bad}: empty file (0 bytes)"),
    ]
    assert isinstance(rows[0]["latency_ms"], float)


def test_crop_all_options_run_when_none_named(images: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli([str(images[0]), "--aspect", "0.56", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [row["option"] for row in rows] == [
        "scale_to_fit", "fixed_crop", "center_crop", "face_crop_centerface",
        "face_crop_blazeface", "saliency_crop", "shipped_policy",
    ]  # fmt: skip
    assert {row["option"]: row["fallback"] for row in rows}["face_crop_centerface"] == "no face found: centre crop"


def test_crop_table_is_readable(images: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    run_cli([str(images[0]), "--option", "center_crop", "--aspect", "2.0"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["image", "option", "box", "(l,", "t,", "r,", "b)", "ms", "fallback", "/", "error"]
    assert "125, 0, 275, 300" in lines[1]


def test_crop_out_writes_output_images(images: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli([str(images[0]), "--option", "center_crop", "--aspect", "1080x1920", "--out", str(out)]) == 0
    with Image.open(out / "wide.center_crop.png") as written:
        assert written.size == (1080, 1920)


def test_crop_unknown_option_exits_2(images: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([str(images[0]), "--option", "smart_crop"]) == 2
    assert capsys.readouterr().err.startswith("tcm crop: unknown option 'smart_crop'; known options: scale_to_fit, ")


def test_crop_bad_aspect_exits_2(images: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        run_cli([str(images[0]), "--aspect", "4:3"])
    assert raised.value.code == 2
    assert "frame '4:3': expected one of 0.56, 1.0, 1.14, 2.0, original, or WxH" in capsys.readouterr().err


def test_crop_with_a_descriptor_adds_its_option(
    images: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = boxes_descriptor(tmp_path / "model", [[0.0, 0.0, 0.5, 1.0, 0.9]])
    status = run_cli([str(images[0]), "--descriptor", str(descriptor), "--option", "team_boxes", "--aspect", "1.0",
                      "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [(row["option"], row["box"]) for row in rows] == [("team_boxes", [0, 0, 300, 300])]


def test_crop_refuses_a_descriptor_reusing_a_builtin_name(
    images: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = boxes_descriptor(tmp_path / "model", [[0.0, 0.0, 0.5, 1.0, 0.9]])
    descriptor.write_text(descriptor.read_text().replace("team_boxes", "center_crop"))
    assert run_cli([str(images[0]), "--descriptor", str(descriptor)]) == 2
    assert capsys.readouterr().err == (f"tcm crop: option 'center_crop' is given twice ({descriptor}); each option "
                                       "needs its own name\n")
