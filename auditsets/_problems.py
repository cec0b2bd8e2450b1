"""What can be wrong with an audit set, as named constants, and the problem record that names file and row."""

from __future__ import annotations

from dataclasses import dataclass

# Fatal: the input cannot be read at all (raised as AuditSetError).
NOT_UTF8 = "{source}: not UTF-8 text (save the spreadsheet as 'CSV UTF-8')"
NOT_CSV = "{source}: not a CSV file ({problem})"
NO_HEADER = "{source}: empty; the first row must name the columns (file, then optional left, top, right, bottom)"
NO_FILE_COLUMN = "{source}: no 'file' column (the header is {header})"
PART_BOX = "{source}: the header has {present} but not {missing}; give all four box columns or none"
BAD_COLUMN = ("{source}: column {name!r} is not a grouping column name (letters, digits, spaces or '_', "
              "starting with a letter)")
RESERVED_COLUMN = "{source}: column {name!r} is a face field, not a grouping column"
REPEATED_COLUMN = "{source}: column {name!r} appears twice"
NOT_ZIP = "{source}: not a zip file"
ENCRYPTED = "{source}: {member} is encrypted; zip the images without a password"
ZIP_SAME_NAME = "{source}: two members are named {name!r} (folders inside the zip are dropped); rename one"
NOT_A_FOLDER = "{folder} is not a folder"
MEMBER_UNREADABLE = "{source}: {member}: cannot be extracted ({kind}: {detail})"

# Per file or row: listed, and the rest of the set is still used.
NO_FILE = "no file name"
UNKNOWN_FILE = "{file!r} is not among the images"
ROW_CELLS = "has {cells} cells, the header {columns}"
NOT_WHOLE = "{column} {value!r} is not a whole number"
PART_ROW_BOX = "give all four of left, top, right, bottom, or none (for the detector to propose a box)"
BAD_BOX = "box {problem}"
BAD_TONE = "monk_skin_tone {problem}"
NO_BOX = "no box: give left, top, right, bottom, or let the detector propose one"
NO_DETECTION = "no box, and the detector found no face left to propose"
NO_ROWS = "no row in {source} and no face proposed: listed as an image without faces"
PROPOSED = "box {box} proposed by the detector, not confirmed: left out of audits until confirmed"
SAME_FACE = "the same face as {earlier} (boxes overlap, IoU {iou:.2f}): counted once, this row left out"
SAME_FACE_IOU = 0.5
"""Two boxes on one image overlapping this much are one face (the usual threshold for one object)."""
NOT_IMAGE_FILE = "not an image file (read: {suffixes})"
UNREADABLE = "{problem}"
PARENT_MEMBER = "member {member!r} has '..' in its path: left out, not extracted"
BAD_NAME = "{name!r} is not a plain file name (letters, digits, '.', '_', '-'): rename it"
ROTATED = "has an EXIF rotation; boxes are in stored pixels, so save it upright first"
DUPLICATE = "the same image as {first} (sha256 {sha256}): left out"
SAME_NAME = "two files are named {name!r}: the second is left out"
FEW_FACES = ("{column} = {group!r}: {faces} distinct faces, fewer than the {minimum} a group needs to be "
             "measured")
ONE_GROUP = "{column}: only one group ({groups}); an audit compares at least two"


@dataclass(frozen=True)
class SetProblem:
    """One problem, by file and (for a labels row) the row number as a spreadsheet shows it (header = 1)."""

    file: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.message}"


class AuditSetError(ValueError):
    """An input that cannot be read at all (not a CSV, not a zip, no `file` column)."""
