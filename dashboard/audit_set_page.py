"""Audit set: a team's own images and labels, checked, boxes proposed and confirmed, then audited."""

from __future__ import annotations

import streamlit as st

import auditsets
from dashboard import audit_set
from dashboard.markup import md

st.title("Audit set")
st.caption("Audit on your own images. Upload the images (several files or one zip) and a labels CSV: one row per "
           "face, `file`, optional `left, top, right, bottom` (pixels), and any grouping columns (a perceived skin "
           "tone, or whatever you audit). Where a row has no box or an image has no row, BlazeFace proposes boxes "
           "for you to confirm, move or reject. Or upload a set you downloaded before (its zip, or the zip and its "
           "manifest.yaml). The set stays private to this session and is deleted when it ends. Labels are "
           "perceptions, not identities.")
uploads = audit_set.upload_form()
if uploads is not None:
    with st.spinner("Reading the images; the detector proposes boxes where there are none..."):
        refused = audit_set.read_uploads(*uploads)
    for problem in refused:
        st.error(md(problem))

current = audit_set.current()
if current is not None:
    st.subheader("Faces")
    st.caption("Set a proposed box's status to confirmed once it is right (edit the numbers to move it), or to "
               "rejected; type each face's labels. Proposed boxes are left out of audits until confirmed.")
    edited = audit_set.edit_table(current)
    st.caption(", ".join(f"{value} {name}" for name, value in audit_set.summary(edited).items()))
    st.caption(md(audit_set.labelling_line(edited)))
    st.subheader("Checks")
    problems = audit_set.problem_lines(edited)
    for problem in problems:
        st.warning(md(problem))
    if not problems:
        st.success("No problems found.")
    left, middle, right = st.columns(3)
    left.download_button("Download the manifest", audit_set.manifest_download(edited), "manifest.yaml",
                         "application/x-yaml", icon=":material/download:", on_click="ignore",
                         key="tcm_audit_set_manifest_download")
    middle.download_button("Download the set (zip)", auditsets.zip_set(edited), "audit-set.zip", "application/zip",
                           icon=":material/download:", on_click="ignore", key="tcm_audit_set_zip_download")
    if right.button("Audit this set", icon=":material/balance:", key="tcm_audit_set_use", type="primary"):
        audit_set.use_for_audits(edited)
        st.success("The Audit page now runs on this set (open Audit in the menu).")
if audit_set.active_manifest_path():
    st.info(f"The Audit page runs on {audit_set.active_name()}.")
    if st.button("Audit the sample images again", key="tcm_audit_set_stop"):
        audit_set.stop_using()
        st.rerun()
