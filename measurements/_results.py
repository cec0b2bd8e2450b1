"""A pairs run's results folder: the card plan and Parquet shards, one row per card, option and variant.

Every engine (serial, pool, Ray) writes the same folder, so one aggregation reads them all:

    RUN/run.json            what ran (settings) and its fingerprint: a rerun with other settings is refused
    RUN/cards.parquet       the plan: one row per card (its pair, order and both faces)
    RUN/shards/*.parquet    results, written shard by shard (temporary name, then renamed: never half a shard)

A shard is finished once its file exists; a rerun measures only the cards no shard holds yet.
Results keep each face's file name, never a local path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import limits
from measurements._errors import MeasurementError
from measurements._pairs import CardOutcome, CardResult, CardTask, FacePair, FaceRef

RUN_FILE = "run.json"
PLAN_FILE = "cards.parquet"
SHARDS = "shards"
FORMAT = "tcm-pairs-results"
FORMAT_VERSION = 1
OTHER_RUN = ("{folder}: holds the results of another run (different settings or cards); "
             "choose another results folder or delete this one")
BAD_RUN_FILE = "{folder}: {file} is not a results folder's run file ({problem})"

RESULT_SCHEMA = pa.schema([
    ("card", pa.int64()),
    ("pair_index", pa.int64()),
    ("swapped", pa.bool_()),
    ("first_file", pa.string()),
    ("first_face", pa.int32()),
    ("first_group", pa.string()),
    ("second_file", pa.string()),
    ("second_face", pa.int32()),
    ("second_group", pa.string()),
    ("option", pa.string()),
    ("variant", pa.string()),
    ("first_kept", pa.float64()),
    ("second_kept", pa.float64()),
    ("first_survived", pa.bool_()),
    ("second_survived", pa.bool_()),
    ("latency_ms", pa.float64()),
    ("wall_ms", pa.float64()),
    ("fallback", pa.string()),
    ("error", pa.string()),
])
"""One row per card, option and variant; a card that failed has one row with `error` and no option."""

PLAN_SCHEMA = pa.schema([
    ("card", pa.int64()),
    ("pair_index", pa.int64()),
    ("swapped", pa.bool_()),
    *[(f"{side}_{name}", kind) for side in ("a", "b") for name, kind in (
        ("path", pa.string()), ("face", pa.int32()), ("box", pa.list_(pa.int32(), 4)), ("group", pa.string()))],
    ("card_file", pa.string()),
    ("card_faces", pa.list_(pa.int32(), 8)),
])
"""One row per card: the pair (faces `a` and `b`, with their photo paths) and the order it is shown in."""


@dataclass(frozen=True)
class ResultsFolder:
    """A run's results folder; `fingerprint` is the sha256 of its settings and cards."""

    path: Path
    fingerprint: str
    cards: int

    @property
    def plan(self) -> Path:
        """The card plan's Parquet file."""
        return self.path / PLAN_FILE

    @property
    def shards(self) -> Path:
        """The folder of result shards."""
        return self.path / SHARDS


PLAN_BATCH = 1024
"""Plan rows written (and fingerprinted) at a time: the driver never holds every card's row."""


def plan_row(index: int, task: CardTask) -> dict[str, Any]:
    """One card task as a plan row."""
    row: dict[str, Any] = {"card": index, "pair_index": task.pair.index, "swapped": task.swapped}
    for side, face in (("a", task.pair.a), ("b", task.pair.b)):
        row.update({f"{side}_path": face.path, f"{side}_face": face.face_index, f"{side}_box": list(face.box),
                    f"{side}_group": face.group})
    row["card_file"] = task.card_file or None
    row["card_faces"] = None if task.card_faces is None else [*task.card_faces[0], *task.card_faces[1]]
    return row


def _fingerprint_row(row: dict[str, Any]) -> dict[str, Any]:
    """What of a plan row the fingerprint covers: file names, not local paths."""
    # os.path, not pathlib: pathlib interns every path part, and its intern table grows with the cards.
    return {key: value for key, value in row.items() if not key.endswith(("_path", "_file"))} | {
        "a_file": os.path.basename(row["a_path"]), "b_file": os.path.basename(row["b_path"]),
        "card_file": row["card_file"] and os.path.basename(row["card_file"])}


def open_results(folder: Path, settings: dict[str, Any], tasks: Iterable[CardTask]) -> ResultsFolder:
    """Create the folder for these settings and cards, or reopen it to resume; another run's folder is refused.

    The cards are read once, a batch at a time: the plan is written and fingerprinted as they stream by.
    The fingerprint is the sha256 of `json.dumps({"settings": ..., "cards": [rows]}, sort_keys=True)`,
    written piece by piece.
    """
    run_file = folder / RUN_FILE
    fresh = not run_file.exists()
    if fresh:
        (folder / SHARDS).mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(b'{"cards": [')
    cards = 0
    plan = folder / f".{PLAN_FILE}.{uuid.uuid4().hex}.tmp"
    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(pq.ParquetWriter(plan, PLAN_SCHEMA)) if fresh else None
        rows: list[dict[str, Any]] = []
        for index, task in enumerate(tasks):
            row = plan_row(index, task)
            digest.update((", " if index else "").encode() + json.dumps(_fingerprint_row(row), sort_keys=True).encode())
            rows.append(row)
            cards += 1
            if len(rows) == PLAN_BATCH:
                _write_plan(writer, rows)
        _write_plan(writer, rows)
    digest.update(b'], "settings": ' + json.dumps(settings, sort_keys=True).encode() + b"}")
    fingerprint = digest.hexdigest()
    if not fresh:
        try:
            recorded = json.loads(run_file.read_text(encoding="utf-8"))["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise MeasurementError(BAD_RUN_FILE.format(folder=folder, file=RUN_FILE, problem=error)) from None
        if recorded != fingerprint:
            raise MeasurementError(OTHER_RUN.format(folder=folder))
        return ResultsFolder(folder, fingerprint, cards)
    os.replace(plan, folder / PLAN_FILE)
    run = {"format": FORMAT, "version": FORMAT_VERSION, "fingerprint": fingerprint, "cards": cards,
           "settings": settings}
    limits.write_file(run_file, (json.dumps(run, indent=2) + "\n").encode())
    return ResultsFolder(folder, fingerprint, cards)


def _write_plan(writer: pq.ParquetWriter | None, rows: list[dict[str, Any]]) -> None:
    if writer is not None and rows:
        writer.write_table(pa.Table.from_pylist(rows, schema=PLAN_SCHEMA))
    rows.clear()


def shard_files(folder: ResultsFolder) -> list[Path]:
    """The finished shards, in name order."""
    return sorted(folder.shards.glob("shard-*.parquet"))


def finished_cards(folder: ResultsFolder) -> set[int]:
    """The cards some finished shard holds (only the `card` column is read)."""
    done: set[int] = set()
    for path in shard_files(folder):
        done.update(pq.read_table(path, columns=["card"]).column("card").to_pylist())
    return done


def tasks_from_plan(rows: Sequence[dict[str, Any]], template: CardTask) -> list[tuple[int, CardTask]]:
    """Plan rows back as numbered card tasks, with the run's layouts, options, frame and rule from `template`."""
    tasks = []
    for row in rows:
        a, b = (FaceRef(row[f"{side}_path"], int(row[f"{side}_face"]), _box(row[f"{side}_box"]), row[f"{side}_group"])
                for side in ("a", "b"))
        pair = FacePair(int(row["pair_index"]), a, b)
        faces = row.get("card_faces")
        tasks.append((int(row["card"]), CardTask(
            pair=pair, swapped=bool(row["swapped"]), layouts=template.layouts, options=template.options,
            frame=template.frame, rule=template.rule, card_file=row.get("card_file") or "",
            card_faces=None if faces is None else (_box(faces[:4]), _box(faces[4:])))))
    return tasks


def _box(value: Sequence[int]) -> tuple[int, int, int, int]:
    left, top, right, bottom = (int(item) for item in value)
    return left, top, right, bottom


def result_rows(card: int, result: CardResult) -> Iterator[dict[str, Any]]:
    """One card's results as rows: one per option and variant, plus one per error."""
    common = {"card": card, "pair_index": result.pair_index, "swapped": result.swapped,
              "first_file": result.first.file, "first_face": result.first.face_index,
              "first_group": result.first.group, "second_file": result.second.file,
              "second_face": result.second.face_index, "second_group": result.second.group}
    for outcome in result.outcomes:
        yield common | {"option": outcome.option, "variant": outcome.variant, "first_kept": outcome.first_kept,
                        "second_kept": outcome.second_kept, "first_survived": outcome.first_survived,
                        "second_survived": outcome.second_survived, "latency_ms": outcome.latency_ms,
                        "wall_ms": outcome.wall_ms, "fallback": outcome.fallback, "error": None}
    for error in result.errors:
        yield common | {"option": None, "variant": None, "error": error}


def write_shard(shards: Path, results: Sequence[tuple[int, CardResult]]) -> int:
    """Write one shard (named by its first and last card) and return its row count."""
    if not results:
        return 0
    rows = [row for card, result in results for row in result_rows(card, result)]
    cards = [card for card, _ in results]
    target = shards / f"shard-{min(cards):09d}-{max(cards):09d}-{uuid.uuid4().hex[:8]}.parquet"
    with limits.replacing(target) as temporary:
        pq.write_table(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA), temporary)
    return len(rows)


def read_shard(path: Path) -> list[tuple[int, CardResult]]:
    """One shard's cards back as numbered card results (faces by file name; errors with their cards)."""
    columns = pq.read_table(path).to_pydict()
    cards: dict[int, tuple[FaceRef, FaceRef, int, bool, list[CardOutcome], list[str]]] = {}
    for i, card in enumerate(columns["card"]):
        if card not in cards:
            cards[card] = (FaceRef(columns["first_file"][i], columns["first_face"][i], (0, 0, 0, 0),
                                   columns["first_group"][i]),
                           FaceRef(columns["second_file"][i], columns["second_face"][i], (0, 0, 0, 0),
                                   columns["second_group"][i]), columns["pair_index"][i], columns["swapped"][i], [], [])
        if columns["error"][i] is not None:
            cards[card][5].append(columns["error"][i])
            continue
        cards[card][4].append(CardOutcome(
            option=columns["option"][i], variant=columns["variant"][i], first_kept=columns["first_kept"][i],
            second_kept=columns["second_kept"][i], first_survived=columns["first_survived"][i],
            second_survived=columns["second_survived"][i], latency_ms=columns["latency_ms"][i],
            wall_ms=columns["wall_ms"][i], fallback=columns["fallback"][i]))
    return [(card, CardResult(pair, swapped, first, second, tuple(outcomes), tuple(errors)))
            for card, (first, second, pair, swapped, outcomes, errors) in cards.items()]


def read_errors(folder: ResultsFolder) -> list[str]:
    """Every error text, once each, in card order."""
    errors: dict[str, None] = {}
    for path in shard_files(folder):
        table = pq.read_table(path, columns=["card", "error"])
        failed = table.filter(pc.is_valid(table.column("error"))).sort_by("card")
        errors.update(dict.fromkeys(failed.column("error").to_pylist()))
    return list(errors)


def folder_digest(folder: ResultsFolder) -> str:
    """The sha256 of the run file, the plan and every shard (by name and content), to pin the results."""
    digest = hashlib.sha256()
    for path in [folder.path / RUN_FILE, folder.plan, *shard_files(folder)]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
