"""Audit: the template's audits (who survives the crop, whose head the mask keeps), by group; the models' cards."""

from __future__ import annotations

import streamlit as st

import charts
import models
import templates
from costmodels import Evidence
from dashboard import audit_set, audits, jobs, lab, masks, state, uploads, widgets
from dashboard.markup import md

template = templates.template_of(state.scenario())  # its declared audits decide the sections below
st.title("Audit")
evidence_parts: list[Evidence | None] = []  # each part the page has, on or off
if template.measures_crops:
    st.caption(f"Measured on {audit_set.active_name()} (choose your own on the Audit set page). Groups are "
               "perceived skin tone (or any face column of the manifest); a flag is a screening signal, not a verdict, "
               "and small groups give wide intervals. Audits run in the background: you can keep working on other "
               "pages.")
    options = audits.audit_options(state.scenario())  # the scenario's built-in options, then any uploaded below
    styles = lab.option_styles()
    names = {machine: style.name for machine, style in styles.items()}
    request = audits.request_form(options, state.settings().seed, state.settings().aspect)
    if request is not None:
        store, keys = lab.results_store(), lab.option_keys(request.options)
        jobs.start("tcm_audit_job", "Faces kept, per image", request,
                   lambda job: audits.run_audits(request, store, keys, job))
    jobs.show_progress("tcm_audit_job")
    audit_job = jobs.current("tcm_audit_job")
    if audit_job is not None and audit_job.error:
        st.error(md(f"The audits failed: {audit_job.error}"))
    if audit_job is not None and isinstance(audit_job.result, audits.AuditResults) and request is not None:
        kept, audit = audit_job.result.kept, audit_job.result.audit
        st.caption(audit_job.status())
        st.subheader("Faces kept")
        st.dataframe(audits.kept_table(kept, names), hide_index=True, width="stretch")
        st.subheader("Pairwise survival")
        st.caption(f"Faces are the unit, not cards. A group needs {audit.min_faces} distinct faces of its own and "
                   f"{audit.min_faces} it met, a comparison {audit.min_faces} on each side; with fewer the table says "
                   "\"not enough faces to measure\", and it never drives a cost.")
        st.plotly_chart(charts.survival_figure(audit, styles), width="stretch")
        st.dataframe(audits.group_table(audit, names), hide_index=True, width="stretch")
        st.dataframe(audits.comparison_table(audit, names), hide_index=True, width="stretch")
        st.markdown("**Outcomes, fallbacks, position bias and brittleness** (every pair runs in both orders)")
        st.dataframe(audits.option_table(audit, names), hide_index=True, width="stretch")
        for error in audit.errors + kept.errors:
            st.warning(md(error))
        use = widgets.kept_toggle("Use these measurements in the cost model (latency, faces cut, survival gap)",
                                  "tcm_use_audit_evidence")
        evidence_parts.append(audits.cost_evidence(audits.evidence_runs(request, kept, audit)) if use else None)
        state.set_labels(audit_set.labels_of(request.manifest, request.column) if use else None)  # for the report

    st.subheader("Robustness (on the sample images)")
    full = st.checkbox("Full sweep: every level of every perturbation on all 12 sample images (a few minutes; "
                       "by default one strong level each, on the 8 photos)", key="tcm_robustness_full")
    if st.button("Run the robustness check", icon=":material/blur_on:", key="tcm_run_robustness"):
        robustness = audits.RobustnessRequest(options, state.settings().aspect, state.settings().seed, full)
        jobs.start("tcm_robustness_job", "Robustness check", robustness,
                   lambda job: audits.run_robustness(robustness, job))
    jobs.show_progress("tcm_robustness_job")
    robustness_job = jobs.current("tcm_robustness_job")
    if robustness_job is not None and robustness_job.error:
        st.error(md(f"The robustness check failed: {robustness_job.error}"))
    if robustness_job is not None and robustness_job.result is not None:
        st.caption(robustness_job.status())
        st.plotly_chart(charts.robustness_figure(robustness_job.result, styles), width="stretch")
        st.dataframe(audits.levels_table(robustness_job.result), hide_index=True, width="stretch")

    st.subheader("Your own model")
    uploads.option_form()

if template.measures_masks:
    st.subheader("Head retention of person masks")
    if st.button("Run the head-retention audit", icon=":material/face:", key="tcm_head_retention_run"):
        jobs.start("tcm_head_retention_job", "Head retention", "sample set", masks.run_head_retention)
    jobs.show_progress("tcm_head_retention_job")
    heads_job = jobs.current("tcm_head_retention_job")
    if heads_job is not None and heads_job.error:
        st.error(md(f"The head-retention audit failed: {heads_job.error}"))
    if heads_job is not None and heads_job.result is not None:
        st.caption(f"Faces are the unit; a group needs {heads_job.result.min_faces} faces to be measured. "
                   "Head retention is the smaller kept share of the face box and the band half a box above it.")
        st.dataframe(masks.group_table(heads_job.result), hide_index=True, width="stretch")
        st.dataframe(masks.option_table(heads_job.result), hide_index=True, width="stretch")
        use = widgets.kept_toggle("Use these measurements in the cost model (latency, heads kept, head-retention gap)",
                                  "tcm_use_head_retention_evidence")
        evidence_parts.append(masks.cost_evidence(heads_job.result) if use else None)

st.subheader("Evidence from elsewhere")
uploaded = uploads.evidence_form()
if uploaded:
    st.dataframe(uploads.evidence_table(uploaded, state.scenario()), hide_index=True, width="stretch")
    evidence_parts.append(uploads.use_uploaded_evidence(uploaded))
    uploads.forget_button()
if evidence_parts:  # only a part on this page may change what the cost model uses (a link's evidence stays)
    state.set_evidence(audits.evidence_in_use(evidence_parts))
    if state.evidence() is not None:
        st.success("The Decision page now uses the measured lines; the share link carries the measurements.")

st.subheader("Model cards")
for name in template.model_cards:
    card = models.load_model_card(name)
    with st.expander(card.title):
        st.code(models.card_path(name).read_text(encoding="utf-8"), language="yaml")
