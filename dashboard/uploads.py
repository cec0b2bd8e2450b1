"""The Audit page's uploads: a bring-your-own ONNX option (descriptor and model), and evidence made elsewhere.

Both are checked by the libraries' own readers (`imageoptions.uploaded_spec`, `evidence.evidence_from_bytes`)
and kept for the session only; a refused upload says what is wrong and where, and nothing else is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import costmodels
import evidence
import limits
from costmodels import Scenario
from dashboard import audits, lab, state, widgets
from dashboard.markup import md
from imageoptions import ImageOptionsError, resolve_specs, uploaded_spec

BOTH_FILES = "Upload both a descriptor (YAML) and its ONNX model, then add the option."
SAVE_FAILED = "{file}: the model cannot be kept ({reason})"
_OPTION_PROBLEM, _EVIDENCE = "tcm_option_upload_problem", "tcm_uploaded_evidence"
_USE_EVIDENCE, _ROUND = "tcm_use_uploaded_evidence", "tcm_evidence_round"


@dataclass(frozen=True)
class UploadedEvidence:
    """One accepted evidence file: its name, its validated record, and its metrics as the cost engine reads them."""

    file: str
    sha256: str
    record: evidence.EvidenceRecord
    metrics: costmodels.Evidence
    data: bytes  # the file as uploaded, for the report


def option_form() -> None:
    """Upload a descriptor and its model; the option is checked now and then runs beside the built-ins."""
    st.caption("A bring-your-own ONNX option: its descriptor (see \"Audit your own ONNX model\" in the README) and "
               f"its model, checked now (descriptor up to {limits.DESCRIPTOR_BYTES.maximum:,} bytes, model up to "
               f"{limits.MODEL_FILE_BYTES.maximum:,}). It then runs in the audits above and in the Image lab, for "
               "this session only.")
    with st.form("tcm_option_upload", clear_on_submit=True):
        left, right = st.columns(2)
        descriptor = left.file_uploader("Model descriptor (YAML)", type=["yaml", "yml"], key="tcm_descriptor_file")
        model = right.file_uploader("ONNX model", type=["onnx"], key="tcm_model_file")
        if st.form_submit_button("Add the option", icon=":material/add:"):
            st.session_state[_OPTION_PROBLEM] = add_option(descriptor, model)
    problem = st.session_state.get(_OPTION_PROBLEM)
    if problem:
        st.error(md(f"Not added: {problem}"))
    for spec in lab.uploaded_options():
        st.caption(f"Added **{md(spec.name)}** from {md(spec.descriptor_file)} (model sha256 "
                   f"{spec.model_sha256[:12]}...): it runs in the audits above and in the Image lab.")


def add_option(descriptor: object, model: object) -> str | None:
    """Check an uploaded descriptor and model and keep the option for this session; why not, or None."""
    if descriptor is None or model is None:
        return BOTH_FILES
    kept = lab.uploaded_options()
    try:
        size = len(model.getvalue())  # type: ignore[attr-defined]
        limits.check(limits.UPLOAD_BYTES_PER_SESSION, lab.session_upload_bytes() + size, model.name)  # type: ignore[attr-defined]
        spec = uploaded_spec(descriptor.getvalue(), descriptor.name,  # type: ignore[attr-defined]
                             model.getvalue(), model.name, lab.session_folder() / "models")  # type: ignore[attr-defined]
        others = tuple(option for option in kept if option.name != spec.name)
        limits.check(limits.OPTIONS, len(others) + 1, "uploaded options")
        resolve_specs((), (*others, spec))  # a built-in's name is refused, naming the descriptor
    except (ImageOptionsError, limits.LimitError) as error:
        return str(error)
    except OSError as error:
        return SAVE_FAILED.format(file=descriptor.name, reason=error.strerror)  # type: ignore[attr-defined]
    lab.add_uploaded_option(spec)
    return None


def evidence_form() -> tuple[UploadedEvidence, ...]:
    """Upload evidence files; each is validated by the one evidence reader, its problems listed by field."""
    st.caption("An evidence file from an audit run elsewhere (`tcm audit ... --evidence OUT.json`): checked field by "
               "field, its metrics can drive the cost model like the audits above, and the share link carries them.")
    # The key changes only when the files are forgotten: the uploader then starts empty.
    files = st.file_uploader("Evidence files (from `tcm audit ... --evidence`)", type=["json"],
                             accept_multiple_files=True, key=f"tcm_evidence_files_{st.session_state.get(_ROUND, 0)}")
    accepted, refused = read_evidence_uploads(files or [])
    for file, problems in refused:
        st.error(md(f"{file} was not used:") + "\n" + "\n".join(f"- {md(problem)}" for problem in problems))
    return accepted


def read_evidence_uploads(files: Sequence[object]) -> tuple[tuple[UploadedEvidence, ...], list[tuple[str, list[str]]]]:
    """Every evidence file this session uploaded (new `files` validated and added), and each refused file's
    problems, one per field."""
    kept: dict[str, UploadedEvidence] = st.session_state.setdefault(_EVIDENCE, {})
    refused = []
    for upload in files:
        name, data = str(upload.name), upload.getvalue()  # type: ignore[attr-defined]
        digest = hashlib.sha256(data).hexdigest()
        if name in kept and kept[name].sha256 == digest:
            continue
        if name not in kept and len(kept) >= limits.EVIDENCE_FILES.maximum:
            refused.append((name, [limits.EVIDENCE_FILES.message(len(kept) + 1)]))
            continue
        try:
            record = evidence.evidence_from_bytes(data, name)
        except evidence.EvidenceError as error:
            refused.append((name, [str(problem) for problem in error.problems]))
            continue
        metrics = audits.cost_evidence([record], [f"uploaded {name}"])
        kept[name] = UploadedEvidence(name, digest, record, metrics, data)  # a new version of a file replaces the old
    return tuple(kept.values()), refused


def forget_button() -> None:
    """Drop every uploaded evidence file of this session; the cost model stops using any evidence until a switch
    on this page puts some back."""
    if st.button("Forget the uploaded evidence", key="tcm_forget_evidence", icon=":material/delete:"):
        st.session_state[_EVIDENCE] = {}
        st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
        st.session_state[f"{_USE_EVIDENCE}_kept"] = False
        state.set_evidence(None)
        st.rerun()


def evidence_table(uploaded: Sequence[UploadedEvidence], scenario: Scenario) -> pd.DataFrame:
    """Per file and measured option: the kind of run, its metrics, and the scenario option they feed (if any)."""
    users = {option.implementation: option.name for option in scenario.options if option.implementation}
    return pd.DataFrame([
        {"file": item.file, "kind": item.record.kind or "", "created": item.record.created, "option": option,
         "metrics": ", ".join(metrics), "feeds": users.get(option, "no option of this scenario")}
        for item in uploaded for option, metrics in item.record.metrics.items()
    ])


def use_uploaded_evidence(uploaded: Sequence[UploadedEvidence]) -> audits.EvidencePart | None:
    """The uploaded files when the user switches them into the cost model, else None."""
    use = widgets.kept_toggle("Use the uploaded evidence in the cost model", _USE_EVIDENCE)
    parts = [audits.EvidencePart(item.metrics, ((item.file, item.data),)) for item in uploaded]
    return audits.evidence_in_use(parts) if use else None
