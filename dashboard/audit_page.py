"""Audit: who survives the crop, by group; how robust each option is; the models' cards."""

from __future__ import annotations

import streamlit as st

import charts
import models
from dashboard import audits, state
from dashboard.markup import md
from reports import scenario_image_options

st.title("Audit")
st.caption("Measured on the sample images. Groups are perceived skin tone (or any face column of the manifest); "
           "a flag is a screening signal, not a verdict, and small groups give wide intervals.")
options = tuple(option.name for option in scenario_image_options(state.scenario()))
request = audits.request_form(options, state.settings().seed, state.settings().aspect)

if request is not None:
    kept = audits.retention(request.options, request.frame)
    audit = audits.pairs(request)
    st.subheader("Pairwise survival")
    st.plotly_chart(charts.survival_figure(audit), width="stretch")
    st.dataframe(audits.group_table(audit), hide_index=True, width="stretch")
    st.dataframe(audits.comparison_table(audit), hide_index=True, width="stretch")
    st.markdown("**Position bias and brittleness** (every pair runs in both orders)")
    st.dataframe(audits.position_table(audit), hide_index=True, width="stretch")
    for error in audit.errors + kept.errors:
        st.warning(md(error))
    use = st.toggle("Use these measurements in the cost model (latency, faces cut, survival gap)",
                    value=state.evidence() is not None)
    state.set_evidence(audits.cost_evidence(audits.evidence_runs(request, kept, audit)) if use else None)
    if use:
        st.success("The Decision page now uses the measured lines; the share link carries the measurements.")

st.subheader("Robustness")
if st.button("Run the robustness check", icon=":material/blur_on:"):
    st.session_state["tcm_robustness"] = True
if st.session_state.get("tcm_robustness"):
    report = audits.robustness(options, state.settings().aspect, state.settings().seed)
    st.plotly_chart(charts.robustness_figure(report), width="stretch")

st.subheader("Model cards")
for name in models.KNOWN_MODELS:
    card = models.load_model_card(name)
    with st.expander(card.title):
        st.code(models.card_path(name).read_text(encoding="utf-8"), language="yaml")
