"""The Audit set page's widgets and state: a team's own images and labels, checked, edited, private to the session.

Uploads are written to the session's own upload folder (`lab`: deleted when the session ends, swept at
start-up); the set, its editable face table and the manifest the Audit page uses live in session state.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import streamlit as st

import auditsets
import limits
from auditsets import AuditSet, AuditSetError, FaceRow, Labelling
from dashboard import lab, widgets
from imageoptions import FaceDetector, ImageOptionsError
from sample_images import LabelProvenance, ManifestError, load_manifest

_SET, _TABLE, _ACTIVE, _COUNTER = "tcm_audit_set", "tcm_audit_set_table", "tcm_audit_set_active", "tcm_audit_set_n"
_EDITED, _EDITOR = "tcm_audit_set_edited", "tcm_audit_set_editor"
_LABELLED_BY, _RULES = "tcm_audit_set_labelled_by", "tcm_audit_set_rules"
STATUSES = ("hand", "proposed", "confirmed", "rejected")
"""A face's status in the table: drawn by hand, proposed by the detector, confirmed by a person, or rejected."""
COLUMN_PX = {"file": 160, "box": 80, "status": 120, "label": 180}
"""Fixed column widths, so the table reads the same on every screen (and a browser test can find a cell)."""
NO_IMAGES = "No images: upload image files or one zip of them."


@st.cache_resource(show_spinner=False)
def detector() -> FaceDetector:
    """The built-in BlazeFace full range detector that proposes boxes (one per server process)."""
    from imageoptions.registry import build_blazeface

    return build_blazeface()


def upload_form() -> tuple[Sequence[object], object | None, Labelling] | None:
    """The images, the labels file and who labelled by which rules, once the user asks to read them."""
    images = st.file_uploader("Images (several files or one zip)", type=[*lab.UPLOAD_TYPES, "zip"],
                              accept_multiple_files=True, key="tcm_audit_set_images")
    labels = st.file_uploader("Labels CSV (or a downloaded manifest.yaml)", type=["csv", "yaml", "yml"],
                              key="tcm_audit_set_labels")
    left, right = st.columns(2)
    widgets.kept_text_input("Who labelled the faces", _LABELLED_BY, where=left, on_change=relabel,
                            max_chars=limits.RATIONALE_CHARS.maximum,
                            placeholder="e.g. two annotators, each face checked by both")
    widgets.kept_text_input("Labelling rules", _RULES, where=right, on_change=relabel,
                            max_chars=limits.RATIONALE_CHARS.maximum,
                            placeholder="e.g. perceived skin tone on the Monk scale, from the photo alone")
    if not st.button("Read the set", icon=":material/upload:", key="tcm_audit_set_read", disabled=not images):
        return None
    return images or [], labels, typed_labelling()


def typed_labelling() -> Labelling:
    """Who labelled and by which rules, as typed in the form ("not recorded" where left empty)."""
    return Labelling(st.session_state.get(_LABELLED_BY) or "not recorded",
                     st.session_state.get(_RULES) or "not recorded")


def relabel() -> None:
    """The labelling boxes' on_change: text typed after the set was read applies to that set too, so its
    manifest and the reports say what the form says."""
    audit_set = current()
    if audit_set is not None:
        st.session_state[_SET] = dataclasses.replace(audit_set, labelling=typed_labelling())


def labelling_line(audit_set: AuditSet) -> str:
    """The set's labelling as its manifest and reports record it."""
    return (f"Labelled by: {audit_set.labelling.labelled_by}. Rules: {audit_set.labelling.rules}. "
            "Labels are perceptions, not identities.")


def read_uploads(images: Sequence[object], labels: object | None, labelling: Labelling) -> list[str]:
    """Store the uploads in a new folder of this session and read them as a set; returns what was refused."""
    number = st.session_state.get(_COUNTER, 0) + 1
    st.session_state[_COUNTER] = number
    folder = lab.session_folder() / f"audit-set-{number}"
    folder.mkdir(parents=True)
    try:
        zip_problems = save_images(images, folder)
        manifest_upload = labels is not None and str(labels.name).lower().endswith((".yaml", ".yml"))  # type: ignore[attr-defined]
        if manifest_upload or (labels is None and (folder / auditsets.MANIFEST_NAME).is_file()):
            audit_set = read_manifest_upload(labels, folder)
        else:
            table = None if labels is None else auditsets.read_labels(labels.getvalue(), labels.name)  # type: ignore[attr-defined]
            audit_set = auditsets.build_audit_set(folder, table, detector=detector(), labelling=labelling)
    except (AuditSetError, limits.LimitError, ManifestError, ImageOptionsError) as error:
        return [str(error)]
    audit_set = dataclasses.replace(audit_set, input_problems=(*zip_problems, *audit_set.input_problems))
    if not audit_set.images:
        return [NO_IMAGES, *(str(problem) for problem in audit_set.input_problems)]
    st.session_state[_SET] = audit_set
    st.session_state[_TABLE] = st.session_state[_EDITED] = face_table(audit_set)
    st.session_state.pop(_EDITOR, None)  # a new set: the editor starts from its table
    return []


def save_images(images: Sequence[object], folder: Path) -> tuple[auditsets.SetProblem, ...]:
    """Each uploaded image into `folder`, and each uploaded zip unpacked there (within the limits); returns
    the zips' members left out (a `..` in the path)."""
    limits.check(limits.AUDIT_SET_IMAGES, len(images), "uploaded files")
    problems: list[auditsets.SetProblem] = []
    for upload in images:
        name = Path(str(upload.name)).name  # type: ignore[attr-defined]
        data = upload.getvalue()  # type: ignore[attr-defined]
        if name.lower().endswith(".zip"):
            archive = folder / ".upload.zip"
            archive.write_bytes(data)
            problems += auditsets.unpack_zip(archive, folder, source=name)[1]
            archive.unlink()
        else:
            (folder / name).write_bytes(data)
    return tuple(problems)


def read_manifest_upload(upload: object | None, folder: Path) -> AuditSet:
    """A downloaded set uploaded again: its manifest (uploaded, or inside the zip) over the images in `folder`."""
    path = folder / auditsets.MANIFEST_NAME
    if upload is not None:
        path.write_bytes(upload.getvalue())  # type: ignore[attr-defined]
    manifest = dataclasses.replace(load_manifest(path), folder=folder)  # its images lie here, whatever it says
    return auditsets.load_audit_set(manifest, path.name)


def current() -> AuditSet | None:
    """The set this session is working on, if any."""
    audit_set: AuditSet | None = st.session_state.get(_SET)
    return audit_set


def face_table(audit_set: AuditSet) -> pd.DataFrame:
    """One row per face: file, box, status and each grouping column (the editor's starting table); the
    detector's proposals first, as they wait for a person."""
    ordered = sorted(audit_set.rows, key=lambda row: row.source != "proposed")
    return pd.DataFrame([
        {"file": row.file, "left": _cell(row.box, 0), "top": _cell(row.box, 1), "right": _cell(row.box, 2),
         "bottom": _cell(row.box, 3), "status": row.source, **dict(row.labels)}
        for row in ordered
    ], columns=["file", "left", "top", "right", "bottom", "status", *audit_set.columns])


def _cell(box: tuple[int, int, int, int] | None, index: int) -> float:
    return math.nan if box is None else float(box[index])


def edit_table(audit_set: AuditSet) -> AuditSet:
    """The face table as an editor (stable key; its starting table kept in session state): accept, move or
    reject proposed boxes and label faces. Returns the set with the edited rows."""
    files = [image.file for image in audit_set.images]
    if _EDITOR not in st.session_state:
        # Streamlit drops a widget's state when its page is left: the edits kept below become the new start.
        st.session_state[_TABLE] = st.session_state.get(_EDITED, st.session_state[_TABLE])
    edited = st.data_editor(
        st.session_state[_TABLE], key=_EDITOR, hide_index=True, num_rows="dynamic", width="stretch",
        column_config={
            "file": st.column_config.SelectboxColumn("file", options=files, required=True, width=COLUMN_PX["file"]),
            **{name: st.column_config.NumberColumn(name, min_value=0, step=1, format="%d", width=COLUMN_PX["box"])
               for name in auditsets.BOX_COLUMNS},
            "status": st.column_config.SelectboxColumn("status", options=STATUSES, required=True,
                                                       width=COLUMN_PX["status"],
                                                       help="confirm a proposed box once it is right; reject it "
                                                            "when it is not a face"),
            **{name: st.column_config.TextColumn(name, width=COLUMN_PX["label"]) for name in audit_set.columns},
        })
    st.session_state[_EDITED] = edited
    return audit_set.with_rows(rows_from_table(edited, audit_set.columns))


def rows_from_table(table: pd.DataFrame, columns: Sequence[str]) -> list[FaceRow]:
    """The edited table as face rows; rejected rows dropped, empty cells as no box or no label."""
    rows = []
    for record in table.to_dict("records"):
        status = record.get("status")
        if status == "rejected" or status not in STATUSES or not isinstance(record.get("file"), str):
            continue
        cells = [record.get(name) for name in auditsets.BOX_COLUMNS]
        box = None if any(_missing(cell) for cell in cells) else tuple(int(float(cell)) for cell in cells)
        labels = MappingProxyType({name: "" if _missing(record.get(name)) else str(record.get(name)).strip()
                                   for name in columns})
        rows.append(FaceRow(record["file"], box, status, labels))  # type: ignore[arg-type]
    return rows


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def problem_lines(audit_set: AuditSet) -> list[str]:
    """Every problem of the set, one line each, by file and row."""
    return [str(problem) for problem in audit_set.problems()]


def use_for_audits(audit_set: AuditSet) -> Path:
    """Write the set's manifest beside its images and make it the set the Audit page runs on."""
    path = auditsets.write_manifest(audit_set, audit_set.folder / auditsets.MANIFEST_NAME)
    st.session_state[_ACTIVE] = str(path)
    return path


def stop_using() -> None:
    """Audit the sample set again."""
    st.session_state.pop(_ACTIVE, None)


def active_manifest_path() -> str:
    """The manifest the Audit page runs on: this session's set, or "" for the sample set."""
    path = st.session_state.get(_ACTIVE, "")
    return path if path and Path(path).is_file() else ""


def active_name() -> str:
    """How the pages name the set the audits run on."""
    return "your audit set" if active_manifest_path() else "the sample images"


def labels_of(manifest_path: str, column: str) -> LabelProvenance:
    """The labels' provenance of the set at `manifest_path` ("" for the sample set), grouped by `column`."""
    manifest = load_manifest(manifest_path or None)
    name = "your audit set (uploaded in this session)" if manifest_path else "the sample set"
    return auditsets.label_provenance(manifest, column, name)


def manifest_download(audit_set: AuditSet) -> str:
    """The manifest as downloaded: its images in the same folder as it (as in the zip)."""
    return auditsets.manifest_text(audit_set, audit_set.folder / auditsets.MANIFEST_NAME)


def summary(audit_set: AuditSet) -> Mapping[str, int]:
    """Images, faces by status, and problems: the figures above the table."""
    counts = {status: 0 for status in STATUSES[:3]}
    for row in audit_set.rows:
        counts[row.source] += 1
    return {"images": len(audit_set.images), **counts, "problems": len(audit_set.problems())}


