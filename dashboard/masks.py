"""Person masks for the virtual-background decision: each mask option on one outlined photo, and the audit tables."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from PIL import Image

import measurements
import tcm
from charts import draw_person_mask
from dashboard import audits, jobs, widgets
from dashboard.markup import md
from imageoptions.masks import builtin_mask_options
from measurements import HeadRetentionReport, MeasurementError
from sample_images import load_manifest


@dataclass(frozen=True)
class MaskPictures:
    """One photo's masks as the page shows them, or why they cannot be shown."""

    jpegs: tuple[bytes, ...] = ()
    captions: tuple[str, ...] = ()
    problem: str = ""


def labels() -> dict[str, str]:
    """Each mask option's human label."""
    return {option.name: option.label for option in builtin_mask_options()}


def outlined_files() -> list[str]:
    """The sample photos with a hand-drawn person outline."""
    return [entry.file for entry in load_manifest().images if entry.person_outlines]


@st.cache_resource(max_entries=8, show_spinner=False)
def mask_pictures(file: str) -> MaskPictures:
    """Every mask option's mask drawn over one outlined photo, shared by every session."""
    manifest = load_manifest()
    try:
        views = measurements.mask_views(manifest, file)
    except MeasurementError as error:
        return MaskPictures(problem=str(error))
    with Image.open(manifest.path_of(manifest.image(file))) as opened:
        photo = opened.convert("RGB")
    names = labels()
    jpegs, captions = [], []
    for view in views:
        buffer = io.BytesIO()
        draw_person_mask(photo, view.mask, view.heads, width=320).save(buffer, format="JPEG", quality=85)
        jpegs.append(buffer.getvalue())
        kept = ", ".join(f"head {head.head_retention:.0%} kept" for head in view.heads) or "no faces"
        captions.append(f"{names.get(view.option, view.option)}: IoU {view.iou:.2f}; {kept}; {view.latency_ms:.0f} ms")
    return MaskPictures(tuple(jpegs), tuple(captions))


def run_head_retention(job: jobs.Job) -> HeadRetentionReport:
    """The head-retention audit of every mask option on the sample set (with dim, backlight and noise runs)."""
    return measurements.measure_head_retention(load_manifest(), progress=job.report)


def evidence_part(report: HeadRetentionReport) -> audits.EvidencePart:
    """The audit's metrics (head-retention gap, heads kept, latency) as the cost engine reads them, and its file."""
    run = measurements.head_retention_evidence(report, command="tcm audit head-retention", tcm_version=tcm.__version__)
    return audits.evidence_part([run])


def group_table(report: HeadRetentionReport) -> pd.DataFrame:
    """One row per option and group: faces, and the mean head retention or why it is not measured."""
    names = labels()
    return pd.DataFrame([
        {"option": names.get(s.option, s.option), "group": g.group, "faces": g.n_faces,
         "mean head retention": g.note if g.note else f"{g.mean_head_retention:.3f} (standard error "
                                                      f"{g.standard_error:.3f})"}
        for s in report.summaries for g in s.groups
    ])


def option_table(report: HeadRetentionReport) -> pd.DataFrame:
    """One row per option: heads kept with its interval, mask IoU clean and under each perturbation."""
    names = labels()
    rows = []
    for s in report.summaries:
        kept = s.heads_kept
        row = {"option": names.get(s.option, s.option),
               "heads kept (95% interval)": f"{kept.count} of {kept.n} ({kept.ci_low:.0%} to {kept.ci_high:.0%})",
               "mask IoU": "-" if s.mean_iou is None else f"{s.mean_iou:.3f}"}
        for name, value in s.perturbed_mean_iou:
            row[f"IoU, {name}"] = "-" if value is None else f"{value:.3f}"
        rows.append(row)
    return pd.DataFrame(rows)


def section() -> list[audits.EvidencePart | None]:
    """The Audit page's head-retention audit of the person masks, run on request in the background; the evidence
    part it gives the cost model (None while switched off), or no part until it has run."""
    st.subheader("Head retention of person masks")
    if st.button("Run the head-retention audit", icon=":material/face:", key="tcm_head_retention_run"):
        jobs.start("tcm_head_retention_job", "Head retention", "sample set", run_head_retention)
    jobs.show_progress("tcm_head_retention_job")
    heads_job = jobs.current("tcm_head_retention_job")
    if heads_job is not None and heads_job.error:
        st.error(md(f"The head-retention audit failed: {heads_job.error}"))
    if heads_job is None or heads_job.result is None:
        return []
    st.caption(f"Faces are the unit; a group needs {heads_job.result.min_faces} faces to be measured. "
               "Head retention is the smaller kept share of the face box and the band half a box above it.")
    st.dataframe(group_table(heads_job.result), hide_index=True, width="stretch")
    st.dataframe(option_table(heads_job.result), hide_index=True, width="stretch")
    use = widgets.kept_toggle("Use these measurements in the cost model (latency, heads kept, head-retention gap)",
                              "tcm_use_head_retention_evidence")
    return [evidence_part(heads_job.result) if use else None]
