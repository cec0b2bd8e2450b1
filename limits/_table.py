"""Every input limit of TCM, as data: what is limited, how far, in what unit, and why.

The cost engine, the share links, the reports, the image options, the command line and the
dashboard all read their limits from here, so each way in refuses the same input with the same
message (`Limit.message`). The values keep the worst allowed input within about 1 GB of memory
and 30 s on two cores (see the README's "Limits" section for the measurements).
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

ABOVE_LIMIT = "{value}{unit} is above the limit of {limit}{unit} ({why})"
OVER_LIMIT = "larger than the limit of {limit} {unit} ({why})"
BELOW_MINIMUM = "{value}{unit} is below the minimum of {minimum}{unit} ({why})"


@dataclass(frozen=True)
class Limit:
    """One limit: the largest allowed value of something, in a unit, and the reason for it."""

    name: str
    maximum: int
    unit: str
    why: str
    minimum: int = 0

    def allows(self, value: float) -> bool:
        """True when `value` is within [minimum, maximum]."""
        return self.minimum <= value <= self.maximum

    def message(self, value: float) -> str:
        """Why `value` is refused, naming the value, the limit and the reason (no field name)."""
        unit = f" {self.unit}" if self.unit else ""  # a seed is a plain number, without a unit
        if value < self.minimum:
            return BELOW_MINIMUM.format(value=show(value), unit=unit, minimum=show(self.minimum), why=self.why)
        return ABOVE_LIMIT.format(value=show(value), unit=unit, limit=show(self.maximum), why=self.why)

    def problem(self, value: float) -> str | None:
        """None when `value` is allowed, else `message(value)`."""
        return None if self.allows(value) else self.message(value)


def show(value: float) -> str:
    """A number as a limit message shows it: `1,000,000`, `1e+30`, `inf`.

    >>> show(10**400), show(10**20 - 1)
    ('1e+400', '9.99e+19')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        if abs(value) < 10**15:
            return f"{value:,}"
        exponent = int(math.log10(abs(value)))
        exponent -= abs(value) < 10**exponent  # log10 of 99...9 (20 digits) rounds up to 20.0
        return f"{value // 10**(exponent - 2) / 100:.3g}e+{exponent}"
    return f"{value:.3g}"


def brief(value: object) -> str:
    """Any value as an error message quotes it: its repr, at most 40 characters.

    >>> brief("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    >>> brief(10**5000)
    'a number of more than 4,300 digits'
    """
    try:
        shown = repr(value)
    except ValueError:  # an integer of more than 4,300 digits has no repr
        return "a number of more than 4,300 digits"
    return shown if len(shown) <= 40 else shown[:37] + "..."


class LimitError(ValueError):
    """An input over one of the limits; the message names the field, the value and the limit."""

    def __init__(self, limit: Limit, value: float, field: str = "", *, over: bool = False) -> None:
        self.limit = limit
        self.value = value
        self.field = field
        # `over`: only "more than the limit" is known (a file read no further than the limit).
        text = OVER_LIMIT.format(limit=show(limit.maximum), unit=limit.unit, why=limit.why) if over \
            else limit.message(value)
        super().__init__(f"{field}: {text}" if field else text)


NOT_A_FILE = "not a regular file but {kind}; expected a file"
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


class NotAFileError(OSError):
    """A path that resolves (through any links) to a folder, device, pipe or socket, not a regular file."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def file_size(path: str | Path, limit: Limit) -> int:
    """The size of the regular file at `path` (links followed), checked against `limit` before anything is
    read: a NotAFileError for `/dev/zero`, a pipe or a folder, a LimitError naming the file when too large."""
    status = os.stat(path)  # follows links; stat never blocks, where opening a pipe would
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a file")
        raise NotAFileError(0, NOT_A_FILE.format(kind=kind), str(path))
    if status.st_size > limit.maximum:
        raise LimitError(limit, status.st_size, str(path))
    return status.st_size


def read_file(path: str | Path, limit: Limit) -> bytes:
    """A regular file's bytes, its size checked against `limit` first (`file_size`) and reading at most one
    byte past the limit (a file growing meanwhile); so `/dev/zero` or a huge file never fills memory."""
    file_size(path, limit)
    with Path(path).open("rb") as file:
        data = file.read(int(limit.maximum) + 1)
    if len(data) > limit.maximum:
        raise LimitError(limit, len(data), str(path), over=True)
    return data


def read_stream(stream: BinaryIO, limit: Limit, field: str) -> bytes:
    """A stream's bytes (standard input, a pipe), reading at most one byte past `limit`; a LimitError
    naming `field` when there is more."""
    data = stream.read(int(limit.maximum) + 1)
    if len(data) > limit.maximum:
        raise LimitError(limit, len(data), field, over=True)
    return data


def check(limit: Limit, value: float, field: str = "") -> None:
    """Raise a LimitError when `value` is outside `limit`."""
    if not limit.allows(value):
        raise LimitError(limit, value, field)


# ---- the cost engine -------------------------------------------------------------------------------

HORIZON_YEARS = Limit("horizon_years", 50, "years", "a planning horizon; memory grows with years x draws", 1)
DRAWS = Limit("draws", 1_000_000, "draws", "Monte Carlo memory grows with draws x lines x years", 1)
SEED = Limit("seed", 2**32 - 1, "", "a random seed: what numpy's generators, the dashboard and share links take")
OPTIONS = Limit("options", 20, "options", "a decision between a handful of options; the tornado grows with "
                "options x lines")
VARIANTS = Limit("variants", 20, "variants", "named versions of one decision, each evaluated on the Variants "
                 "page and carried by its share link")
LINES_PER_OPTION = Limit("lines_per_option", 40, "lines", "cost and benefit lines of one option")
LINES_TOTAL = Limit("lines_total", 200, "lines", "all lines of all options; memory grows with lines x draws")
LEVEL_SCALES = Limit("level_scales", 40, "scales", "custom scales in `levels:`, one per category or kind")
QUESTION_CHARS = Limit("question_chars", 500, "characters", "one question, shown as a heading")
NAME_CHARS = Limit("name_chars", 100, "characters", "names, categories, currency and file names fit in a chart "
                   "label")
RATIONALE_CHARS = Limit("rationale_chars", 4_000, "characters", "a rationale or description: a paragraph with "
                        "its sources")
SCENARIO_BYTES = Limit("scenario_bytes", 1_000_000, "bytes", "a real scenario is about 10 kB; parsing grows "
                       "with size")
SCENARIO_VALUES = Limit("scenario_values", 20_000, "values", "keys, numbers and texts in a scenario file; "
                        "the largest allowed scenario has about 9,400")
NESTING_DEPTH = Limit("nesting_depth", 20, "levels", "a scenario or a manifest nests at most 6 deep, a descriptor 3; "
                      "deeper is hostile")
AMOUNT = Limit("amount", 10**15, "USD", "an amount or impact; far above any budget, far below where sums of "
               "amounts overflow")
UNITS_PER_DAY = Limit("units_per_day", 10**12, "units", "a volume; far above any service, far below "
                       "overflow")
SIMULATION_CELLS = Limit("simulation_cells", 60_000_000, "numbers", "draws x (options + lines + risk lines x "
                         "years): what one evaluation holds in memory at once")
LATENCY_MS = Limit("latency_ms", 3_600_000, "ms", "a measured time per image: one hour is far above any crop and "
                   "far below where costs overflow")
MEASURED_COUNT = Limit("measured_count", 10**9, "trials", "images, faces or cards counted in one measurement")
EVIDENCE_BYTES = Limit("evidence_bytes", 20_000_000, "bytes", "an evidence file with the results of a "
                       "large image set")
EVIDENCE_FILES = Limit("evidence_files", 20, "files", "evidence files named by one scenario")
EVIDENCE_TEXT_CHARS = Limit("evidence_text_chars", 10_000, "characters", "an evidence file's command or other "
                             "text: far above any command line, far below a report it would bloat")

# ---- share links -----------------------------------------------------------------------------------

SHARE_TOKEN_CHARS = Limit("share_token_chars", 64_000, "characters", "browsers and servers cut longer URLs")
SHARE_EXPANDED_BYTES = Limit("share_expanded_bytes", 1_000_000, "bytes", "the JSON inside a link, "
                             "as large as the largest scenario")
JSON_DEPTH = Limit("json_depth", 20, "levels", "a link's JSON nests at most 8 deep; deeper is hostile")

# ---- images (read by imageoptions and the dashboard) -----------------------------------------------

IMAGE_PIXELS = Limit("image_pixels", 50_000_000, "pixels", "a 48-megapixel phone photo fits; more is a "
                     "possible decompression bomb")
# Counted as Pillow stores the pixels (RGB and RGBA take 4 bytes, greyscale and palette 1), so colour
# images stop at 40 megapixels; at 200 MB this limit could never bind before the pixel limit.
# Loading peaks at about twice this (the decoded image and its RGB copy): 325 MB measured for the
# largest colour image that loads (6300x6300 RGBA).
IMAGE_DECODED_BYTES = Limit(
    "image_decoded_bytes",
    160_000_000,
    "bytes",
    "the decoded image (width x height x 4 bytes for colour, 2 for 16-bit grey, 1 for grey or palette) must "
    "fit the memory budget",
)
IMAGE_SIDE = Limit("image_side", 20_000, "pixels", "either side of an image; a 1x79,000,000 strip is refused")
IMAGE_ASPECT_RATIO = Limit(
    "image_aspect_ratio", 50, "to 1", "longer side over shorter side; a 10:1 panorama loads, a 1x20000 sliver does not"
)
IMAGE_FILE_BYTES = Limit("image_file_bytes", 100_000_000, "bytes", "one image file, read into memory once")
JPEG_BYTES_PER_MEGAPIXEL = Limit(  # a floor, not a ceiling
    "jpeg_bytes_per_megapixel",
    10**15,
    "bytes per megapixel",
    "a flat grey JPEG takes about 3,900; fewer means the data stops early and the rest would be painted grey",
    minimum=500,
)
LETTERBOX_PIXELS = Limit(
    "letterbox_pixels", 16_000_000, "pixels", "the canvas scale-to-fit draws for a ratio frame; larger is shrunk"
)
FRAME_SIDE = Limit("frame_side", 10_000, "pixels", "one side of an exact WxH frame", 1)
FRAME_PIXELS = Limit("frame_pixels", 16_000_000, "pixels", "an exact WxH frame; every option draws an "
                     "output of this size")
UPLOAD_BYTES = Limit("upload_bytes", 20_000_000, "bytes", "one uploaded image (the dashboard's upload limit)")
UPLOADS_PER_SESSION = Limit("uploads_per_session", 50, "images", "images one dashboard session may upload")
UPLOAD_BYTES_PER_SESSION = Limit("upload_bytes_per_session", 200_000_000, "bytes", "all uploads of one "
                                 "dashboard session, kept on disk until it ends")

# ---- bring-your-own models (read by imageoptions, the command line and the dashboard) ---------------

DESCRIPTOR_BYTES = Limit("descriptor_bytes", 100_000, "bytes", "a model descriptor is about 500 bytes of YAML")
MODEL_INPUT_SIDE = Limit("model_input_side", 4_096, "pixels", "a side of a descriptor's model input; the built-in "
                         "models take 128 to 256, and the input tensor alone is width x height x 12 bytes "
                         "(201 MB at 4096x4096)", 1)
MODEL_FILE_BYTES = Limit("model_file_bytes", 100_000_000, "bytes", "one ONNX model, read into memory once for its "
                         "sha256 and onnxruntime; CenterFace is 7 MB")

# ---- audit sets (a team's own images and labels: auditsets, `tcm manifest`, the Audit set page) -----------

AUDIT_SET_IMAGES = Limit("audit_set_images", 500, "images", "one audit set; each image is decoded to check it, "
                         "once by the detector, and again in every audit")
AUDIT_SET_BYTES = Limit("audit_set_bytes", 200_000_000, "bytes", "all images of one audit set, kept on disk "
                        "while the session lasts")
AUDIT_SET_IMAGE_PIXELS = Limit("audit_set_image_pixels", 25_000_000, "pixels", "one image of an audit set: a "
                               "24-megapixel photo fits; audits decode each image many times")
ZIP_MEMBERS = Limit("zip_members", 1_000, "members", "files and folders in one uploaded zip, counted from its "
                    "directory before anything is extracted")
ZIP_COMPRESSION_RATIO = Limit("zip_compression_ratio", 100, "to 1", "a member's size over its compressed size; "
                              "photos barely compress, a zip bomb compresses a thousandfold")
LABELS_CSV_BYTES = Limit("labels_csv_bytes", 5_000_000, "bytes", "a labels CSV: 20,000 rows of about 100 "
                         "characters fit twice over")
LABEL_ROWS = Limit("label_rows", 20_000, "rows", "faces in one labels CSV")
LABEL_COLUMNS = Limit("label_columns", 50, "columns", "columns of one labels CSV: a file, a box and the "
                      "grouping columns a team audits")
MANIFEST_BYTES = Limit("manifest_bytes", 10_000_000, "bytes", "a manifest of 500 images with many faces each")
MANIFEST_VALUES = Limit("manifest_values", 500_000, "values", "keys, numbers and texts in a manifest; the sample "
                        "set's takes about 110 an image, so 500 images about 55,000")

# ---- audits at scale (tcm cards, card lists) --------------------------------------------------------

GENERATED_CARDS = Limit("generated_cards", 10_000_000, "cards", "cards one `tcm cards` run writes; a tall JPEG "
                        "card is about 0.2 MB, so the limit is about 2 TB of disk", 1)
CARD_LIST_BYTES = Limit("card_list_bytes", 2_000_000_000, "bytes", "a Parquet or CSV card list; 1,000,000 cards "
                        "take about 80 MB as Parquet")

LIMITS: Mapping[str, Limit] = MappingProxyType({limit.name: limit for limit in (
    HORIZON_YEARS, DRAWS, SEED, OPTIONS, VARIANTS, AMOUNT, UNITS_PER_DAY, SIMULATION_CELLS,
    LINES_PER_OPTION, LINES_TOTAL, LEVEL_SCALES, QUESTION_CHARS, NAME_CHARS,
    RATIONALE_CHARS, SCENARIO_BYTES, SCENARIO_VALUES, NESTING_DEPTH, LATENCY_MS, MEASURED_COUNT,
    EVIDENCE_BYTES, EVIDENCE_FILES, EVIDENCE_TEXT_CHARS, SHARE_TOKEN_CHARS, SHARE_EXPANDED_BYTES, JSON_DEPTH,
    IMAGE_PIXELS, IMAGE_DECODED_BYTES, IMAGE_SIDE, IMAGE_ASPECT_RATIO, IMAGE_FILE_BYTES, JPEG_BYTES_PER_MEGAPIXEL,
    LETTERBOX_PIXELS, FRAME_SIDE, FRAME_PIXELS,
    UPLOAD_BYTES, UPLOADS_PER_SESSION, UPLOAD_BYTES_PER_SESSION, DESCRIPTOR_BYTES, MODEL_INPUT_SIDE, MODEL_FILE_BYTES,
    AUDIT_SET_IMAGES, AUDIT_SET_BYTES, AUDIT_SET_IMAGE_PIXELS, ZIP_MEMBERS, ZIP_COMPRESSION_RATIO,
    LABELS_CSV_BYTES, LABEL_ROWS, LABEL_COLUMNS, MANIFEST_BYTES, MANIFEST_VALUES,
    GENERATED_CARDS, CARD_LIST_BYTES,
)})
"""Every limit by name: the one table the README's "Limits" section lists."""
