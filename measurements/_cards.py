"""Audit cards at scale: `generate_cards` writes N cards and their list to disk; `read_card_list` reads a list back.

A card list is Parquet (as written here) or CSV with the same columns: one row per card with its
image file (relative to the list's folder), protocol, pair and order, and for each face its photo's
file name, face index, group and box on the card. Cards stream to disk in batches, so memory stays
flat whatever N is.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

import limits
from measurements._errors import MeasurementError
from measurements._layouts import PROTOCOLS, ProtocolName, default_layout
from measurements._pairs import CardTask, FacePair, FaceRef, labelled, sample_pairs
from measurements._retention import RetentionRule

LIST_FILE = "cards.parquet"
CARDS_FOLDER = "cards"
BATCH_CARDS = 64
JPEG_QUALITY = 95
BOX = ("left", "top", "right", "bottom")
LIST_SCHEMA = pa.schema([
    ("file", pa.string()),
    ("protocol", pa.string()),
    ("pair", pa.int64()),
    ("swapped", pa.bool_()),
    *[(f"{side}_{name}", kind) for side in ("first", "second") for name, kind in (
        ("image", pa.string()), ("face", pa.int32()), ("group", pa.string()),
        *[(corner, pa.int32()) for corner in BOX])],
])
"""The card list's columns; `first_*` is the face on the left or top."""

NO_PAIRS = "the manifest has no pair of faces from two groups to put on cards"
BAD_LIST = "{path}: not a card list ({problem})"
MISSING_COLUMNS = "{path}: the card list lacks column(s) {columns}"
NO_CARDS_OF = "{path}: no cards of protocol {protocol!r} (it has {found})"
BAD_PROTOCOL = "{path}: row {row}: protocol {value} is not one of {protocols}"
BAD_BOX_CELL = "{path}: row {row}: {field} {value} is not a whole number from 0 to {limit} (pixels on the card)"
EMPTY_BOX = "{path}: row {row}: {side} box [{box}] has no area (right must exceed left, bottom top)"


@dataclass(frozen=True)
class GeneratedCards:
    """What `generate_cards` wrote: the list, how many cards of each protocol, and the folder of images."""

    list_path: Path
    cards: int
    per_protocol: tuple[tuple[str, int], ...]


def card_orders(faces: Sequence[FaceRef], seed: int) -> Iterator[tuple[FacePair, bool]]:
    """Every cross-group pair in both orders, then again, for as long as asked (seeded order)."""
    pairs = sample_pairs(faces, 10**9, seed)
    if not pairs:
        raise MeasurementError(NO_PAIRS)
    return itertools.cycle([(pair, swapped) for pair in pairs for swapped in (False, True)])


def generate_cards(
    faces: Sequence[FaceRef],
    count: int,
    out: Path,
    *,
    protocols: Sequence[ProtocolName] = PROTOCOLS,
    seed: int = 0,
    progress: Any = None,
) -> GeneratedCards:
    """Write `count` cards (taking the protocols in turn) as JPEGs under `out/cards/`, listed in `out/cards.parquet`."""
    limits.check(limits.GENERATED_CARDS, count, "--n")
    folder = out / CARDS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    layouts = {protocol: default_layout(protocol) for protocol in protocols}
    orders = card_orders(faces, seed)
    counts = dict.fromkeys(protocols, 0)
    rows: list[dict[str, Any]] = []
    # Written under a temporary name and renamed when whole: an interrupted run leaves no list without its footer.
    with limits.replacing(out / LIST_FILE) as partial, pq.ParquetWriter(partial, LIST_SCHEMA) as writer:
        number = 0
        while number < count:
            pair, swapped = next(orders)
            first, second = (pair.b, pair.a) if swapped else (pair.a, pair.b)
            for protocol in protocols:
                if number >= count:
                    break
                card = layouts[protocol].build(labelled(first), labelled(second))
                name = f"{CARDS_FOLDER}/card-{number:08d}.jpg"
                card.image.save(out / name, quality=JPEG_QUALITY)
                rows.append(list_row(name, protocol, pair.index, swapped, (first, second), card.faces))
                counts[protocol] += 1
                number += 1
                if len(rows) >= BATCH_CARDS:
                    writer.write_table(pa.Table.from_pylist(rows, schema=LIST_SCHEMA))
                    rows.clear()
                    if progress is not None:
                        progress(number, count)
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=LIST_SCHEMA))
    if progress is not None:
        progress(count, count)
    return GeneratedCards(out / LIST_FILE, count, tuple(counts.items()))


def list_row(
    name: str, protocol: str, pair: int, swapped: bool, faces: tuple[FaceRef, FaceRef],
    boxes: Sequence[tuple[int, int, int, int]],
) -> dict[str, Any]:
    """One card's row in the list."""
    row: dict[str, Any] = {"file": name, "protocol": protocol, "pair": pair, "swapped": swapped}
    for side, face, box in zip(("first", "second"), faces, boxes, strict=False):
        row.update({f"{side}_image": face.file, f"{side}_face": face.face_index, f"{side}_group": face.group})
        row.update({f"{side}_{corner}": value for corner, value in zip(BOX, box, strict=True)})
    return row


LIST_BATCH = 1024
"""Card list rows read at a time."""


@dataclass(frozen=True)
class CardList:
    """The cards of one protocol in a card list, read lazily: each pass reads the file a batch at a time."""

    path: Path
    protocol: str
    cards: int

    def __len__(self) -> int:
        return self.cards

    def __iter__(self) -> Iterator[CardTask]:
        # Absolute: Ray workers (and other machines with the same mount) do not share this working folder.
        folder = self.path.parent.resolve()
        for batch in list_batches(self.path):
            for row in batch.to_pylist():
                if row["protocol"] == self.protocol:
                    yield card_task(row, folder)


def list_batches(path: Path) -> Iterator[pa.RecordBatch]:
    """A Parquet or CSV card list's columns, a batch at a time; a MeasurementError if it is not a card list."""
    try:
        limits.file_size(path, limits.CARD_LIST_BYTES)  # a regular file (not /dev/zero, not a pipe), by its size
        if path.suffix.lower() == ".csv":
            reader = pa_csv.open_csv(path, read_options=pa_csv.ReadOptions(block_size=1 << 20))
            names = reader.schema.names
            batches: Iterator[pa.RecordBatch] = iter(reader)
        else:
            parquet = pq.ParquetFile(path)
            names = parquet.schema_arrow.names
            batches = parquet.iter_batches(batch_size=LIST_BATCH, columns=[n for n in LIST_SCHEMA.names if n in names])
        missing = [name for name in LIST_SCHEMA.names if name not in names]
        if missing:
            raise MeasurementError(MISSING_COLUMNS.format(path=path, columns=", ".join(missing)))
        for batch in batches:
            yield batch.select(LIST_SCHEMA.names)
    except limits.NotAFileError as error:
        raise MeasurementError(BAD_LIST.format(path=path, problem=error.strerror)) from None
    except (OSError, pa.ArrowException) as error:
        raise MeasurementError(BAD_LIST.format(path=path, problem=error)) from None


def read_card_list(path: Path, protocol: ProtocolName) -> CardList:
    """The cards of one protocol in a Parquet or CSV card list (checked now, read lazily as card tasks)."""
    found: set[str] = set()
    index = chosen = 0
    for batch in list_batches(path):
        problem = box_problem(batch, path, index)
        if problem is not None:
            raise MeasurementError(problem)
        for value in batch.column("protocol").to_pylist():
            if value not in PROTOCOLS:
                raise MeasurementError(BAD_PROTOCOL.format(path=path, row=index, value=limits.brief(value),
                                                           protocols=", ".join(PROTOCOLS)))
            found.add(str(value))
            chosen += value == protocol
            index += 1
    if not chosen:
        raise MeasurementError(NO_CARDS_OF.format(path=path, protocol=protocol,
                                                  found=", ".join(sorted(found)) or "none"))
    return CardList(path, protocol, chosen)


def box_problem(batch: pa.RecordBatch, path: Path, first_row: int) -> str | None:
    """The first face box cell of a card list batch that is not a whole number of pixels in range, or the first
    box without area, naming the file, the row and the field; None when every box is sound."""
    largest = limits.IMAGE_SIDE.maximum
    for side in ("first", "second"):
        columns = []
        for corner in BOX:
            name = f"{side}_{corner}"
            column = batch.column(name)
            if not pa.types.is_integer(column.type) or column.null_count:
                # A CSV column with one bad cell is read as text (or decimals): find that cell, else read the numbers.
                bad = next(((offset, value) for offset, value in enumerate(column.to_pylist()) if not _whole(value)),
                           None)
                if bad is not None:
                    return BAD_BOX_CELL.format(path=path, row=first_row + bad[0], field=name,
                                               value=limits.brief(bad[1]), limit=limits.show(largest))
                column = pc.cast(pc.cast(column, pa.string()), pa.int64())
            outside = pc.or_(pc.less(column, 0), pc.greater(column, largest))
            if pc.any(outside).as_py():
                offset = pc.index(outside, True).as_py()
                return BAD_BOX_CELL.format(path=path, row=first_row + offset, field=name,
                                           value=limits.brief(column[offset].as_py()), limit=limits.show(largest))
            columns.append(column)
        left, top, right, bottom = columns
        empty = pc.or_(pc.less_equal(right, left), pc.less_equal(bottom, top))
        if pc.any(empty).as_py():
            offset = pc.index(empty, True).as_py()
            box = ", ".join(str(column[offset].as_py()) for column in columns)
            return EMPTY_BOX.format(path=path, row=first_row + offset, side=side, box=box)
    return None


def _whole(value: object) -> bool:
    """An integer, or a text of digits (a CSV column read as text), of at most 6 digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 6


def card_task(row: dict[str, Any], folder: Path) -> CardTask:
    """One list row as a card task on its card file (baseline only)."""
    faces = [FaceRef(str(row[f"{side}_image"]), int(row[f"{side}_face"]), (0, 0, 0, 0), str(row[f"{side}_group"]))
             for side in ("first", "second")]
    boxes = [tuple(int(row[f"{side}_{corner}"]) for corner in BOX) for side in ("first", "second")]
    swapped = bool(row["swapped"])
    a, b = (faces[1], faces[0]) if swapped else (faces[0], faces[1])
    return CardTask(pair=FacePair(int(row["pair"]), a, b), swapped=swapped, layouts=(), options=(), frame="",
                    rule=RetentionRule(), card_file=os.path.join(folder, str(row["file"])),
                    card_faces=(_box(boxes[0]), _box(boxes[1])))


def _box(values: Sequence[int]) -> tuple[int, int, int, int]:
    left, top, right, bottom = values
    return left, top, right, bottom
