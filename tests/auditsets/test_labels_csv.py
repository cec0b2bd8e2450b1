"""Reading a labels CSV: every bad input paired with the exact error, by file and row."""

from __future__ import annotations

import pytest

import limits
from auditsets import AuditSetError, FaceRow, read_labels

HEADER = "file,left,top,right,bottom,tone\n"


def problems(text: str) -> list[str]:
    return [str(problem) for problem in read_labels(text.encode()).problems]


def test_read_labels_rows_columns_and_spreadsheet_row_numbers() -> None:
    table = read_labels(("\ufeffFile, Left,Top,Right,Bottom, Perceived Tone\n"
                         "a.png,1,2,30,40,light\n\nb.png,,,,,dark\n").encode())
    assert table.columns == ("perceived_tone",)
    assert [(row.file, row.box, row.source, dict(row.labels), row.row) for row in table.rows] == [
        ("a.png", (1, 2, 30, 40), "hand", {"perceived_tone": "light"}, 2),
        ("b.png", None, "hand", {"perceived_tone": "dark"}, 4),
    ]
    assert table.problems == ()


def test_read_labels_without_box_columns_gives_rows_without_boxes() -> None:
    assert read_labels(b"file,group\nx.png,a\n").rows == (FaceRow("x.png", None, "hand", {"group": "a"}, 2),)


def test_read_labels_accepts_whole_numbers_a_spreadsheet_writes_as_decimals() -> None:
    assert read_labels((HEADER + "a.png,1.0,2,30.00,40,x\n").encode()).rows[0].box == (1, 2, 30, 40)


@pytest.mark.parametrize(("row", "expected"), [
    ("a.png,1,2,x,40,l", ["a.png, row 2: right 'x' is not a whole number"]),
    ("a.png,1.5,2,30,40,l", ["a.png, row 2: left '1.5' is not a whole number"]),
    ("a.png,1,2,,40,l", ["a.png, row 2: give all four of left, top, right, bottom, or none (for the detector to "
                         "propose a box)"]),
    ("a.png,-1,2,30,40,l", ["a.png, row 2: box [-1, 2, 30, 40] has a negative coordinate"]),
    ("a.png,30,2,30,40,l", ["a.png, row 2: box [30, 2, 30, 40] has right <= left"]),
    ("a.png,1,40,30,40,l", ["a.png, row 2: box [1, 40, 30, 40] has bottom <= top"]),
    (",1,2,30,40,l", ["labels.csv, row 2: no file name"]),
    ("a.png,1,2,30,40,l,extra", ["labels.csv, row 2: has 7 cells, the header 6"]),
])
def test_read_labels_bad_rows_are_listed_by_file_and_row(row: str, expected: list[str]) -> None:
    assert problems(HEADER + row + "\n") == expected


def test_read_labels_bad_skin_tone_names_the_value() -> None:
    assert problems("file,monk_skin_tone\na.png,11\nb.png,dark\nc.png,\n") == [
        "a.png, row 2: monk_skin_tone 11 is not a Monk Skin Tone from 1 to 10 (or null when not perceivable)",
        "b.png, row 3: monk_skin_tone 'dark' is not a Monk Skin Tone from 1 to 10 (or null when not perceivable)",
    ]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "labels.csv: empty; the first row must name the columns (file, then optional left, top, right, bottom)"),
    (b"name,tone\na.png,x\n", "labels.csv: no 'file' column (the header is 'name', 'tone')"),
    (b"file,left,top\n", "labels.csv: the header has left, top but not right, bottom; give all four box columns "
                         "or none"),
    (b"file,1st\n", "labels.csv: column '1st' is not a grouping column name (letters, digits, spaces or '_', "
                    "starting with a letter)"),
    (b"file,box_source\n", "labels.csv: column 'box_source' is a face field, not a grouping column"),
    (b"file,tone,Tone\n", "labels.csv: column 'tone' appears twice"),
    (b"file\n\xff\xfe\n", "labels.csv: not UTF-8 text (save the spreadsheet as 'CSV UTF-8')"),
    (b"file,tone\na.png,x\nb.png," + b"y" * 200_000 + b"\n",
     "labels.csv: not a CSV file (row 3: field larger than field limit (131072))"),
])
def test_read_labels_unreadable_files_raise_the_exact_error(data: bytes, expected: str) -> None:
    with pytest.raises(AuditSetError) as raised:
        read_labels(data)
    assert str(raised.value) == expected


def test_read_labels_limits_rows_and_bytes() -> None:
    rows = b"file\n" + b"a.png\n" * (limits.LABEL_ROWS.maximum + 1)
    with pytest.raises(limits.LimitError, match=r"^labels.csv: 20,001 rows is above the limit of 20,000 rows"):
        read_labels(rows)
    with pytest.raises(limits.LimitError, match=r"^labels.csv: 5,000,001 bytes is above the limit of 5,000,000"):
        read_labels(b"x" * (limits.LABELS_CSV_BYTES.maximum + 1))
    columns = ",".join(["file", *(f"c{n}" for n in range(100_000))]).encode()  # 200,000 problem lines before
    with pytest.raises(limits.LimitError, match=r"^labels.csv: 100,001 columns is above the limit of 50 columns"):
        read_labels(columns + b"\na.png\n")
