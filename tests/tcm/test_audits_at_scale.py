"""Audits at scale from the command line: `tcm cards`, `tcm audit pairs --cards/--engine/--results`, and
evidence and reports that stay small with no absolute local path in them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

import reports
from tcm.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_tcm_cards_writes_both_protocols_and_their_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "--n", "5", "--out", str(tmp_path / "cards")]) == 0
    table = pq.read_table(tmp_path / "cards" / "cards.parquet")
    assert table.column("protocol").to_pylist() == ["side-by-side", "tall-card"] * 2 + ["side-by-side"]
    assert all((tmp_path / "cards" / name).is_file() for name in table.column("file").to_pylist())
    assert capsys.readouterr().out.startswith("5 cards (3 side-by-side, 2 tall-card) listed in ")


@pytest.mark.parametrize(("argv", "message"), [
    (["cards", "--n", "10000001", "--out", "x"],
     "tcm cards: --n: 10,000,001 cards is above the limit of 10,000,000 cards (cards one `tcm cards` run writes; "
     "a tall JPEG card is about 0.2 MB, so the limit is about 2 TB of disk)\n"),
    (["audit", "pairs", "--engine", "pool", "--ray-address", "10.0.0.1:6379"],
     "tcm audit pairs: --ray-address and --ray-dashboard need --engine ray\n"),
    (["audit", "pairs", "--cards", "missing.parquet", "--pairs", "3", "--group", "monk_1-3"],
     "tcm audit pairs: --cards audits cards built beforehand; it takes no --images, --manifest, --group or "
     "--pairs\n"),
])
def test_scale_commands_refuse_bad_arguments(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err == message


def test_audit_pairs_reads_a_card_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["cards", "--n", "4", "--out", "cards", "--protocol", "tall-card"]) == 0
    capsys.readouterr()
    assert main(["audit", "pairs", "--cards", "cards/cards.parquet", "--option", "fixed_crop", "--engine", "serial",
                 "--results", "run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["cards"], data["measured"], data["results"], data["pairs"]) == (4, 4, "run", 0)
    assert data["options"][0]["cards"] == 4
    assert main(["audit", "pairs", "--cards", "cards/cards.parquet", "--protocol", "side-by-side"]) == 2
    assert "no cards of protocol 'side-by-side' (it has tall-card)" in capsys.readouterr().err


def test_audit_pairs_refuses_a_card_list_or_card_that_is_not_a_regular_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert main(["audit", "pairs", "--cards", "zero.csv", "--option", "fixed_crop", "--engine", "serial"]) == 2
    assert capsys.readouterr().err == ("tcm audit pairs: zero.csv: not a card list (not a regular file but a "
                                       "character device; expected a file)\n")
    assert main(["cards", "--n", "1", "--out", "cards", "--protocol", "tall-card"]) == 0
    table = pq.read_table("cards/cards.parquet")
    (tmp_path / "cards" / "zero.jpg").symlink_to("/dev/zero")  # read, a card like this grew to 16 GB
    table = table.set_column(table.schema.get_field_index("file"), "file", pa.array(["zero.jpg"]))
    pa_csv.write_csv(table, "cards/list.csv")
    capsys.readouterr()
    assert main(["audit", "pairs", "--cards", "cards/list.csv", "--option", "fixed_crop", "--engine", "serial"]) == 1
    assert ("zero.jpg: cannot read the file (not a regular file but a character device; expected a file)"
            in capsys.readouterr().err)


needs_pdf = pytest.mark.skipif(not reports.DEFAULT_CHROMIUM.is_file() or not shutil.which("pdfinfo"),
                               reason="needs Debian's chromium and pdfinfo")


@needs_pdf
def test_evidence_and_report_stay_small_without_local_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    options = ["--option", "fixed_crop", "--option", "center_crop", "--engine", "serial"]
    assert main(["audit", "pairs", "--pairs", "6", "--results", "run", "--evidence", "pairs.json", *options]) == 0
    assert main(["audit", "retention", "--evidence", "retention.json", *options]) == 0
    assert main(["audit", "robustness", "--perturbation", "blur", "--evidence", "robustness.json", *options]) == 0
    assert main(["report", "--default", "--evidence", "pairs.json", "--evidence", "retention.json",
                 "--evidence", "robustness.json", "--out", "report.pdf"]) == 0
    assert main(["report", "--default", "--evidence", "pairs.json", "--evidence", "retention.json",
                 "--evidence", "robustness.json", "--out", "report.md"]) == 0
    capsys.readouterr()
    info = subprocess.run(["pdfinfo", "report.pdf"], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert pages < 30
    pairs = json.loads(Path("pairs.json").read_text(encoding="utf-8"))
    assert pairs["results_data"]["path"] == "run" and pairs["results"]["cards"] == 12  # a count, never the cards
    assert 0 < len(pairs["results"]["examples"]) <= 6
    for name in ("pairs.json", "retention.json", "robustness.json", "report.md"):
        text = Path(name).read_text(encoding="utf-8")
        for local in (str(tmp_path), str(REPO), str(REPO.resolve()), "/work/", str(Path.home())):
            assert local not in text, f"{name} holds the local path {local}"


def card_list_csv(tmp_path: Path, field: str, value: str, row: int = 1) -> Path:
    """Two tall cards built by `tcm cards`, listed as CSV with one cell changed."""
    assert main(["cards", "--n", "2", "--out", str(tmp_path / "cards"), "--protocol", "tall-card"]) == 0
    rows = pq.read_table(tmp_path / "cards" / "cards.parquet").to_pylist()
    rows[row][field] = value
    path = tmp_path / "cards" / "list.csv"
    path.write_text("\n".join([",".join(rows[0]), *(",".join(str(cell) for cell in r.values()) for r in rows)]) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("field", "value", "shown"), [("first_left", "abc", "'abc'"),
                                                       ("second_right", "1000000000", "1000000000"),
                                                       ("first_top", "-5", "-5")])
def test_audit_pairs_card_list_with_a_bad_box_cell_names_file_row_and_field(
    field: str, value: str, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = card_list_csv(tmp_path, field, value)
    capsys.readouterr()
    assert main(["audit", "pairs", "--cards", str(path), "--option", "fixed_crop", "--engine", "serial"]) == 2
    assert capsys.readouterr().err == (f"tcm audit pairs: {path}: row 1: {field} {shown} is not a whole number from "
                                       "0 to 20,000 (pixels on the card)\n")


def test_audit_pairs_card_list_with_a_box_outside_its_card_fails_that_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = card_list_csv(tmp_path, "first_right", "5000")
    capsys.readouterr()
    assert main(["audit", "pairs", "--cards", str(path), "--option", "fixed_crop", "--engine", "serial"]) == 1
    captured = capsys.readouterr()
    card = (tmp_path / "cards" / "cards" / "card-00000001.jpg").resolve()
    assert captured.err == (f"tcm audit pairs: {card}: face box [166, 288, 5000, 599] lies outside the 583x3000 "
                            "image (the box given in the card list)\n")
    assert captured.out.startswith("Pairwise survival")
