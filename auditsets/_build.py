"""From images and face rows to a checked audit set, its manifest, and its labels' provenance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from auditsets._images import ImageFile, scan_images, set_files
from auditsets._labels_csv import SKIN_TONE, Box, FaceRow, LabelTable
from auditsets._problems import (
    FEW_FACES,
    NO_BOX,
    NO_DETECTION,
    NO_ROWS,
    ONE_GROUP,
    PROPOSED,
    SAME_FACE,
    SAME_FACE_IOU,
    UNKNOWN_FILE,
    SetProblem,
)
from evidence import MIN_FACES
from imageoptions import FaceDetector, load_image
from measurements import group_label
from measurements._perturbations import box_iou
from sample_images import (
    PERCEPTION,
    SCHEMA_VERSION,
    BoxSource,
    Face,
    ImageEntry,
    LabelProvenance,
    Manifest,
    labelling_notes,
    verify_images,
)

TEAM_LICENCE = "the team's own image; its licence is the team's to record"
OVERLAP = 0.3
"""A detection overlapping a drawn box by more than this (intersection over union) is that face again."""


@dataclass(frozen=True)
class Labelling:
    """Who labelled the set and by which rules (how is counted from the boxes' sources)."""

    labelled_by: str = "not recorded"
    rules: str = "not recorded"


@dataclass(frozen=True)
class AuditSet:
    """A team's images and face rows, with every problem found reading them; `check` adds the set's own."""

    folder: Path
    images: tuple[ImageFile, ...]
    columns: tuple[str, ...]
    rows: tuple[FaceRow, ...]
    input_problems: tuple[SetProblem, ...] = ()
    labelling: Labelling = Labelling()
    labels_source: str = "labels.csv"

    def with_rows(self, rows: Iterable[FaceRow]) -> AuditSet:
        """The same set with edited rows (the dashboard's table)."""
        return replace(self, rows=tuple(rows))

    def problems(self) -> tuple[SetProblem, ...]:
        """Every problem, by file and row: reading the inputs, then the rows, then the groups."""
        return (*self.input_problems, *row_problems(self), *group_problems(self))


def build_audit_set(folder: Path, labels: LabelTable | None, *, detector: FaceDetector | None = None,
                    labelling: Labelling = Labelling()) -> AuditSet:
    """The set in `folder` labelled by `labels` (None: no labels yet), the detector proposing boxes
    where a row has none or an image has no row: the one function behind `tcm manifest from-csv` and
    the dashboard's Audit set page."""
    images, image_problems = scan_images(set_files(folder))
    rows = labels.rows if labels is not None else ()
    columns = labels.columns if labels is not None else ()
    if detector is not None:
        rows = propose_boxes(images, rows, columns, detector)
    return AuditSet(folder, images, columns, tuple(rows),
                    (*image_problems, *(labels.problems if labels is not None else ())), labelling,
                    labels.source if labels is not None else "labels.csv")


def propose_boxes(images: Sequence[ImageFile], rows: Sequence[FaceRow], columns: Sequence[str],
                  detector: FaceDetector) -> tuple[FaceRow, ...]:
    """Rows without a box get the detector's most confident face not already drawn; an image without rows
    gets one unlabelled row per face found. Proposed boxes say so until a person confirms them."""
    by_file: dict[str, list[FaceRow]] = {}
    for row in rows:
        by_file.setdefault(row.file, []).append(row)
    proposed: list[FaceRow] = [row for row in rows if row.file not in {image.file for image in images}]
    empty = MappingProxyType(dict.fromkeys(columns, ""))
    for image in images:
        own = by_file.get(image.file, [])
        if own and all(row.box is not None for row in own):
            proposed += own
            continue
        boxes = detected_boxes(image, detector, [row.box for row in own if row.box is not None])
        if not own:
            proposed += [FaceRow(image.file, box, "proposed", empty) for box in boxes]
            continue
        for row in own:
            if row.box is None and boxes:
                row = replace(row, box=boxes.pop(0), source="proposed")
            proposed.append(row)
    return tuple(proposed)


def detected_boxes(image: ImageFile, detector: FaceDetector, drawn: Sequence[Box]) -> list[Box]:
    """The detector's faces, most confident first, as whole-pixel boxes inside the image, minus drawn ones."""
    boxes = []
    for detection in detector.detect(load_image(image.path).image):
        left, top, right, bottom = detection.box
        box = (max(0, round(left)), max(0, round(top)), min(image.width, round(right)),
               min(image.height, round(bottom)))
        if box[2] > box[0] and box[3] > box[1] and all(overlap(box, other) <= OVERLAP for other in drawn):
            boxes.append(box)
    return boxes


def overlap(first: Box, second: Box) -> float:
    """Intersection over union of two boxes (the measurements' one definition).

    >>> overlap((0, 0, 10, 10), (5, 0, 15, 10))
    0.3333333333333333
    """
    return box_iou(first, second)


def row_problems(audit_set: AuditSet) -> list[SetProblem]:
    """Rows naming an unknown file, rows without a box, boxes outside their image, unconfirmed proposals, and
    images without rows."""
    sizes = {image.file: (image.width, image.height) for image in audit_set.images}
    repeats = repeated_faces(audit_set.rows, sizes)
    problems = []
    for index, row in enumerate(audit_set.rows):
        problem = row_problem(row, sizes)
        if problem is not None:
            problems.append(SetProblem(row.file, problem, row.row))
        elif index in repeats:
            earlier = repeats[index]
            problems.append(SetProblem(row.file, SAME_FACE.format(
                earlier=f"row {earlier.row}" if earlier.row is not None else "a proposed face",
                iou=overlap(earlier.box, row.box)), row.row))  # type: ignore[arg-type]  # usable rows have boxes
        elif row.source == "proposed":
            problems.append(SetProblem(row.file, PROPOSED.format(box=list(row.box or ())), row.row))
    # An image whose rows were refused already has its problems listed: "no row" would say the wrong thing.
    named = {row.file for row in audit_set.rows} | {problem.file for problem in audit_set.input_problems}
    problems += [SetProblem(image.file, NO_ROWS.format(source=audit_set.labels_source))
                 for image in audit_set.images if image.file not in named]
    return problems


def row_problem(row: FaceRow, sizes: Mapping[str, tuple[int, int]]) -> str | None:
    """Why a row cannot be a face of the manifest, or None."""
    if row.file not in sizes:
        return UNKNOWN_FILE.format(file=row.file)
    if row.box is None:
        return NO_DETECTION if row.source == "proposed" else NO_BOX
    try:
        face(row)
        ImageEntry(file=row.file, width=sizes[row.file][0], height=sizes[row.file][1], licence="-",
                   annotation="-", faces=(face(row),), origin="-")
    except ValueError as error:
        return str(error)
    return None


def usable_rows(audit_set: AuditSet) -> list[FaceRow]:
    """The rows that become faces of the manifest (proposed ones included, marked as such), each face once."""
    sizes = {image.file: (image.width, image.height) for image in audit_set.images}
    repeats = repeated_faces(audit_set.rows, sizes)
    return [row for index, row in enumerate(audit_set.rows) if row_problem(row, sizes) is None and index not in repeats]


def repeated_faces(rows: Sequence[FaceRow], sizes: Mapping[str, tuple[int, int]]) -> dict[int, FaceRow]:
    """Rows giving a face an earlier row already gives (a box on the same image overlapping it by IoU >=
    SAME_FACE_IOU): row index -> that earlier row. A copied row would otherwise count as another distinct face."""
    kept: dict[str, list[FaceRow]] = {}
    repeats: dict[int, FaceRow] = {}
    for index, row in enumerate(rows):
        if row_problem(row, sizes) is not None:
            continue
        earlier = next((other for other in kept.get(row.file, ())
                        if overlap(other.box, row.box) >= SAME_FACE_IOU), None)  # type: ignore[arg-type]
        if earlier is None:
            kept.setdefault(row.file, []).append(row)
        else:
            repeats[index] = earlier
    return repeats


def group_problems(audit_set: AuditSet) -> list[SetProblem]:
    """Per grouping column: groups with fewer distinct faces than a measurement needs, or a single group."""
    problems = []
    for column, counts in faces_per_group(audit_set).items():
        if len(counts) == 1:
            problems.append(SetProblem(audit_set.labels_source, ONE_GROUP.format(column=column,
                                                                                 groups=", ".join(counts))))
        for group, faces in counts.items():
            if faces < MIN_FACES:
                problems.append(SetProblem(audit_set.labels_source, FEW_FACES.format(
                    column=column, group=group, faces=faces, minimum=MIN_FACES)))
    return problems


def faces_per_group(audit_set: AuditSet) -> dict[str, dict[str, int]]:
    """Per grouping column, the distinct faces (drawn or confirmed, not merely proposed) in each group."""
    faces = [face(row) for row in usable_rows(audit_set) if row.source != "proposed"]
    return {column: dict(sorted(Counter(group_label(item.value(column), column) for item in faces).items()))
            for column in audit_set.columns}


def face(row: FaceRow) -> Face:
    """A row as a manifest face: `monk_skin_tone` as a number, every other column an attribute when labelled."""
    tone = row.labels.get(SKIN_TONE, "")
    return Face(
        box=row.box,  # type: ignore[arg-type]  # row_problem rules out rows without a box first
        monk_skin_tone=int(float(tone)) if tone else None,
        attributes={name: value for name, value in row.labels.items() if name != SKIN_TONE and value},
        box_source=row.source,
    )


def to_manifest(audit_set: AuditSet, path: Path) -> Manifest:
    """The set as a manifest at `path` (images in the set's folder): every readable image, its usable rows
    as faces, and the labelling in its notes."""
    by_file: dict[str, list[FaceRow]] = {}
    for row in usable_rows(audit_set):
        by_file.setdefault(row.file, []).append(row)
    entries = tuple(
        ImageEntry(file=image.file, width=image.width, height=image.height, licence=TEAM_LICENCE,
                   annotation=annotation(by_file.get(image.file, []), audit_set.labels_source),
                   faces=tuple(face(row) for row in by_file.get(image.file, [])), sha256=image.sha256,
                   origin=f"uploaded by the team with {audit_set.labels_source}")
        for image in audit_set.images
    )
    return Manifest(schema_version=SCHEMA_VERSION, path=path, folder=audit_set.folder, images=entries,
                    notes=notes(audit_set))


def annotation(rows: Sequence[FaceRow], labels_source: str) -> str:
    """How an image's boxes were made, in a few words."""
    if not rows:
        return f"no face: no row in {labels_source} and none confirmed"
    counts = Counter(row.source for row in rows)
    return "; ".join(f"{count} {WORDS[source]}" for source, count in sorted(counts.items()))


WORDS: dict[BoxSource, str] = {"hand": "drawn by hand", "proposed": "proposed by the detector, not confirmed",
         "confirmed": "proposed by the detector and confirmed by hand"}


def notes(audit_set: AuditSet) -> dict[str, str]:
    """The manifest's notes: who labelled, how, the rules, and that labels are perceptions (the counts of each
    box source are the faces' own `box_source`, so editing a face never leaves a note stale)."""
    method = (f"Labels typed in {audit_set.labels_source}, one row per face. Boxes drawn by hand where the "
              "row gives one; otherwise proposed by BlazeFace full range and accepted, moved or rejected by a "
              "person (each face's box_source says which).")
    return {"labelled_by": audit_set.labelling.labelled_by, "annotation_method": method,
            "labelling_rules": audit_set.labelling.rules, "labels": PERCEPTION}


def label_provenance(manifest: Manifest, column: str, set_name: str) -> LabelProvenance:
    """Who labelled `manifest`, how, by which rules, and the distinct faces per group of `column` (proposed
    boxes not counted: audits leave them out)."""
    labelled_by, method, rules = labelling_notes(manifest)
    faces = [face for entry in manifest.images if not entry.is_synthetic for face in entry.faces]
    counted = Counter(group_label(face.value(column), column) for face in faces if face.box_source != "proposed")
    sources = Counter(face.box_source for face in faces)
    return LabelProvenance(set_name=set_name, labelled_by=labelled_by, method=method, rules=rules, column=column,
                           faces_per_group=tuple(sorted(counted.items())), hand_boxes=sources["hand"],
                           proposed_boxes=sources["proposed"], confirmed_boxes=sources["confirmed"])


def rows_from_manifest(manifest: Manifest) -> tuple[tuple[str, ...], tuple[FaceRow, ...]]:
    """A manifest's faces as rows again (a downloaded set, uploaded later), with its grouping columns."""
    columns = manifest.labelled_columns()
    rows = tuple(
        FaceRow(entry.file, face.box, face.box_source,
                MappingProxyType({name: "" if face.value(name) is None else str(face.value(name))
                                  for name in columns}))
        for entry in manifest.images for face in entry.faces
    )
    return columns, rows


def load_audit_set(manifest: Manifest, labels_source: str) -> AuditSet:
    """A downloaded set read back: the images in the manifest's folder, its faces as rows, its labelling;
    files that differ from the manifest are listed as problems."""
    images, problems = scan_images(set_files(manifest.folder))
    listed = {entry.file: entry for entry in manifest.images}
    mismatched = [SetProblem(problem.file, problem.problem) for problem in verify_images(manifest)]
    columns, rows = rows_from_manifest(manifest)
    labelled_by, _, rules = labelling_notes(manifest)
    return AuditSet(manifest.folder, tuple(image for image in images if image.file in listed), columns, rows,
                    (*problems, *mismatched), Labelling(labelled_by, rules), labels_source)
