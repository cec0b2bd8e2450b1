"""`tcm manifest from-csv`: the manifest written, problems by file and row on stderr, exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditsets.example import ExampleFace, labels_csv, make_example_set
from sample_images import load_manifest
from tcm.cli import main


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[ExampleFace, ...]]:
    folder = tmp_path_factory.mktemp("set")
    faces = make_example_set(folder / "images", 30)
    (folder / "labels.csv").write_bytes(labels_csv(faces))
    return folder, faces


def test_from_csv_with_detect_marks_proposed_boxes_and_exits_1(
        example: tuple[Path, tuple[ExampleFace, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = example
    out = folder / "detected.yaml"
    status = main(["manifest", "from-csv", str(folder / "labels.csv"), "--images", str(folder / "images"),
                   "--out", str(out), "--detect", "--labelled-by", "Ana", "--rules", "as perceived"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == f"{out}: 30 images, 30 faces, 2 problems\n"
    assert captured.err.splitlines() == [
        "tcm manifest from-csv: face_29.png: box [408, 230, 553, 375] proposed by the detector, not confirmed: "
        "left out of audits until confirmed",
        "tcm manifest from-csv: face_30.png: box [360, 103, 467, 209] proposed by the detector, not confirmed: "
        "left out of audits until confirmed",
    ]
    manifest = load_manifest(out)
    assert manifest.folder.resolve() == (folder / "images").resolve()
    assert [face.box_source for entry in manifest.images for face in entry.faces].count("proposed") == 2
    assert manifest.notes["labelled_by"] == "Ana"


def test_from_csv_without_detect_lists_images_without_boxes(
        example: tuple[Path, tuple[ExampleFace, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    folder, faces = example
    labels = folder / "partial.csv"
    labels.write_text("file,left,top,right,bottom,perceived_tone\n"
                      f"{faces[0].file},1,2,3000,40,x\nghost.png,1,1,5,5,x\n{faces[1].file},,,,,y\n")
    out = folder / "partial.yaml"
    status = main(["manifest", "from-csv", str(labels), "--images", str(folder / "images"), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert err[:3] == [
        "tcm manifest from-csv: face_01.png, row 2: [1, 2, 3000, 40] lies outside the 640x480 image",
        "tcm manifest from-csv: ghost.png, row 3: 'ghost.png' is not among the images",
        "tcm manifest from-csv: face_02.png, row 4: no box: give left, top, right, bottom, or let the detector "
        "propose one",
    ]
    assert all(len(entry.faces) == 0 for entry in load_manifest(out).images)


def test_from_csv_then_audit_pairs_runs_on_the_set(example: tuple[Path, tuple[ExampleFace, ...]],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = example
    out = folder / "manifest.yaml"
    assert main(["manifest", "from-csv", str(folder / "labels.csv"), "--images", str(folder / "images"),
                 "--out", str(out)]) == 1  # the two images without rows are listed, the rest is usable
    capsys.readouterr()
    assert main(["audit", "pairs", "--manifest", str(out), "--group-by", "perceived_tone", "--pairs", "2",
                 "--option", "center_crop", "--workers", "1"]) == 0
    assert "groups by perceived_tone, 2 pairs x 2 orders" in capsys.readouterr().out


@pytest.mark.parametrize(("setup", "expected"), [
    (lambda d: d / "missing.csv", "tcm manifest from-csv: {d}/missing.csv: cannot read (No such file or directory)"),
    (lambda d: _write(d / "x.csv", "name\nx\n"), "tcm manifest from-csv: x.csv: no 'file' column (the header is "
                                                 "'name')"),
])
def test_from_csv_unreadable_labels_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: object,
                                           expected: str) -> None:
    labels = setup(tmp_path)  # type: ignore[operator]
    assert main(["manifest", "from-csv", str(labels), "--images", str(tmp_path), "--out",
                 str(tmp_path / "m.yaml")]) == 2
    assert capsys.readouterr().err == expected.format(d=tmp_path) + "\n"
    assert not (tmp_path / "m.yaml").exists()


def test_from_csv_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = _write(tmp_path / "l.csv", "file\n")
    assert main(["manifest", "from-csv", str(labels), "--images", str(tmp_path / "nope"), "--out",
                 str(tmp_path / "m.yaml")]) == 2
    assert capsys.readouterr().err == f"tcm manifest from-csv: --images {tmp_path / 'nope'}: not a folder\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
