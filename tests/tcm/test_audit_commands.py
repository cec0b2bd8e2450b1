"""`tcm audit`: JSON shapes, evidence files, bad input and exit statuses."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

import pytest

import measurements
from evidence import CountMetric, SurvivalGapMetric
from imageoptions import option_names
from measurements import read_evidence
from tcm import audit_commands
from tests.imageoptions.test_byo_onnx import boxes_descriptor
from tests.measurements.conftest import write_set

SERIAL = ["--workers", "1"]


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tcm")
    audit_commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["audit", *argv])
    status: int = args.handler(args)
    return status


@pytest.fixture
def image_set(tmp_path: Path) -> Path:
    return write_set(tmp_path / "set", {"a1.png": ("a", 2), "a2.png": ("a", 3), "b1.png": ("b", 8)})


def test_audit_retention_json_and_evidence(image_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "out" / "retention.json"
    status = run_cli(["retention", "--images", str(image_set.parent), "--manifest", str(image_set),
                      "--option", "fixed_crop", "--aspect", "1.0", "--json", "--evidence", str(evidence), *SERIAL])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [(o["option"], o["images_cut"]["count"], o["images_cut"]["n"]) for o in data["options"]] == [
        ("fixed_crop", 0, 3)
    ]
    written = read_evidence(evidence)
    assert (written.kind, written.frame, [image.file for image in written.images]) == (
        "retention", "1.0", ["a1.png", "a2.png", "b1.png"]
    )
    # Folders relative to the working folder: evidence never records an absolute local path.
    shown = os.path.relpath(image_set.parent), os.path.relpath(image_set)
    assert written.command.startswith(f"tcm audit retention --images {shown[0]} --manifest {shown[1]}")
    assert written.metrics["fixed_crop"]["face_cut_images"] == CountMetric(0, 3)
    assert written.metrics["fixed_crop"]["fallbacks"] == CountMetric(0, 3)
    assert written.machine == measurements.this_machine()
    assert data["options"][0]["fallbacks"] == 0 and data["machine"]["cores"] >= 1


def test_audit_retention_reports_a_broken_image_and_measures_the_rest(
    image_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (image_set.parent / "zz.png").write_bytes(b"")
    status = run_cli(["retention", "--images", str(image_set.parent), "--manifest", str(image_set),
                      "--option", "center_crop", "--json", *SERIAL])
    captured = capsys.readouterr()
    assert status == 1
    assert len(json.loads(captured.out)["images"]) == 4
    assert captured.err == f"tcm audit retention: {image_set.parent / 'zz.png'}: empty file (0 bytes)\n"


def test_audit_retention_refuses_a_folder_without_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(["retention", "--images", str(tmp_path), *SERIAL])
    assert status == 2
    assert capsys.readouterr().err.startswith(f"tcm audit retention: {tmp_path}: no image files (looked for .png")


def test_audit_pairs_json_has_groups_bias_comparisons_and_sweep(
    image_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = tmp_path / "pairs.json"
    status = run_cli(["pairs", "--images", str(image_set.parent), "--manifest", str(image_set), "--group-by", "team",
                      "--protocol", "side-by-side", "--option", "fixed_crop", "--pairs", "2", "--seed", "3",
                      "--json", "--evidence", str(evidence), *SERIAL])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    option = data["options"][0]
    assert (data["protocol"], data["frame"], data["pairs"], data["cards"]) == ("side-by-side", "1.0", 2, 4)
    assert [{key: group[key] for key in ("group", "n", "n_cards", "n_faces", "survival_rate", "enough_faces")}
            for group in option["groups"]] == [
        {"group": "a", "n": 4, "n_cards": 4, "n_faces": 2, "survival_rate": 0.5, "enough_faces": False},
        {"group": "b", "n": 4, "n_cards": 4, "n_faces": 1, "survival_rate": 0.5, "enough_faces": False},
    ]
    assert set(option["groups"][0]) >= {"group", "n", "survival_rate", "ci_low", "ci_high", "standard_error"}
    assert option["position_bias"]["rate"] == 1.0
    assert {key: option["comparisons"][0][key] for key in ("difference", "ratio", "flagged", "n_faces",
                                                           "enough_faces", "note")} == {
        "difference": 0.0, "ratio": 1.0, "flagged": False, "n_faces": [2, 1], "enough_faces": False,
        "note": "not enough faces to measure (2 faces and 1 face; at least 5 each)",
    }
    assert (option["fallbacks"], option["cards"], data["min_faces"]) == (0, 4, 5)
    assert option["sweep"]["flip_rate"] == 0.0
    gap = read_evidence(evidence).metrics["fixed_crop"]["survival_gap"]
    assert isinstance(gap, SurvivalGapMetric) and gap.usable() == ()
    assert [(c.groups, c.n_faces, c.n_cards, c.gap) for c in gap.comparisons] == [(("a", "b"), (2, 1), 4, 0.0)]


def test_audit_pairs_text_says_not_enough_faces_and_names_fallbacks(
    image_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(["pairs", "--images", str(image_set.parent), "--manifest", str(image_set), "--group-by", "team",
                      "--protocol", "tall-card", "--aspect", "583x1000", "--option", "face_crop_centerface",
                      "--option", "fixed_crop",
                      "--pairs", "2", "--no-sweep", "--min-faces", "2", *SERIAL])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0].endswith("faces are the unit, at least 2 per group to measure")
    # Flat squares hold no face: CenterFace falls back on every card, and the audit names it.
    assert lines[2].startswith("face_crop_centerface (fell back to centre crop on 4 of 4 cards): ")
    assert ("  b              4 decided cards, 1 face: not enough faces to measure (1 of its own, 2 against it; "
            "at least 2)") in lines
    assert "  a vs b: 2-2 (ties 0, none 0); not enough faces to measure (2 faces and 1 face; at least 2 each)" in lines


def test_audit_pairs_refuses_a_minimum_under_two(image_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(["pairs", "--images", str(image_set.parent), "--manifest", str(image_set), "--min-faces", "1"])
    assert "argument --min-faces: '1' is not a whole number of at least 2" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--group-by", "hair"], "column 'hair' is not in the manifest; its columns: monk_skin_tone, team"),
        (["--group-by", "team", "--group", "c"], "group 'c' is not in column 'team'; its groups: a, b"),
    ],
)
def test_audit_pairs_refuses_unknown_columns_and_groups(
    image_set: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(["pairs", "--images", str(image_set.parent), "--manifest", str(image_set), *extra, *SERIAL])
    assert status == 2
    assert capsys.readouterr().err == f"tcm audit pairs: {message}\n"


def test_audit_pairs_needs_a_manifest_with_a_folder(image_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["pairs", "--images", str(image_set.parent)]) == 2
    assert capsys.readouterr().err == f"tcm audit pairs: {audit_commands.PAIRS_NEED_MANIFEST}\n"


def test_audit_robustness_json(image_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(["robustness", "--images", str(image_set.parent), "--manifest", str(image_set),
                      "--option", "center_crop", "--perturbation", "jpeg", "--json", *SERIAL])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [point["mean_iou"] for point in data["options"][0]["curve"]] == [1.0] * 5


def test_audit_robustness_refuses_an_unknown_perturbation(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["robustness", "--perturbation", "fog"]) == 2
    assert capsys.readouterr().err.startswith("tcm audit robustness: unknown perturbation 'fog'; known: blur, jpeg")


LEFT_HALF = [[0.0, 0.0, 0.5, 1.0, 0.9]]


def test_audit_pairs_with_a_descriptor_serial_and_pool_agree(
    image_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = boxes_descriptor(tmp_path / "model", LEFT_HALF)
    common = ["pairs", "--images", str(image_set.parent), "--manifest", str(image_set), "--group-by", "team",
              "--descriptor", str(descriptor), "--option", "team_boxes", "--option", "fixed_crop",
              "--protocol", "side-by-side", "--pairs", "4", "--no-sweep", "--json"]
    evidence = tmp_path / "pairs.json"
    assert run_cli([*common, "--evidence", str(evidence), *SERIAL]) == 0
    serial = json.loads(capsys.readouterr().out)
    assert run_cli([*common, "--workers", "2"]) == 0
    pooled = json.loads(capsys.readouterr().out)
    assert [o["option"] for o in serial["options"]] == ["team_boxes", "fixed_crop"]
    assert serial["options"][0]["outcomes"] == {"first": 4, "second": 0, "tie": 0, "none": 0}
    assert [(o["outcomes"], o["groups"]) for o in serial["options"]] == \
        [(o["outcomes"], o["groups"]) for o in pooled["options"]]
    written = read_evidence(evidence)
    digest = hashlib.sha256((tmp_path / "model" / "boxes.onnx").read_bytes()).hexdigest()
    assert [(model.option, model.sha256) for model in written.models] == [("team_boxes", digest)]
    assert f"--descriptor {os.path.relpath(descriptor)} --option team_boxes" in written.command


def test_audit_without_options_adds_descriptors_beside_every_builtin(
    image_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = boxes_descriptor(tmp_path / "model", LEFT_HALF)
    status = run_cli(["retention", "--images", str(image_set.parent), "--manifest", str(image_set),
                      "--descriptor", str(descriptor), "--aspect", "1.0", "--json", *SERIAL])
    options = [o["option"] for o in json.loads(capsys.readouterr().out)["options"]]
    assert status == 0
    assert options == [*option_names(), "team_boxes"]


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (("kind: boxes", "kind: masks"), "{path}: kind: 'masks' is not one of boxes, saliency_map"),
        (("name: team_boxes", "name: fixed_crop"),
         "option 'fixed_crop' is given twice ({path}); each option needs its own name"),
        (("model: boxes.onnx", "model: gone.onnx"),
         "{path}: model: 'gone.onnx' does not exist (looked for {folder}/gone.onnx)"),
    ],
)
def test_audit_refuses_a_bad_descriptor_naming_the_field(
    image_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str], error: str
) -> None:
    descriptor = boxes_descriptor(tmp_path / "model", LEFT_HALF)
    descriptor.write_text(descriptor.read_text().replace(*edit))
    status = run_cli(["robustness", "--images", str(image_set.parent), "--manifest", str(image_set),
                      "--descriptor", str(descriptor), *SERIAL])
    assert status == 2
    message = error.format(path=descriptor, folder=tmp_path / "model")
    assert capsys.readouterr().err == f"tcm audit robustness: {message}\n"
