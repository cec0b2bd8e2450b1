"""Audit: the template's audits (who survives the crop, whose head the mask keeps), by group; the models' cards."""

from __future__ import annotations

import streamlit as st

import models
import templates
from dashboard import audits, masks, state, uploads

template = templates.template_of(state.scenario())  # its declared audits decide the sections below
st.title("Audit")
evidence_parts: list[audits.EvidencePart | None] = []  # each part the page has, on or off
if template.measures_crops:
    evidence_parts += audits.section(state.scenario(), state.settings())
    st.subheader("Your own model")
    uploads.option_form()
if template.measures_masks:
    evidence_parts += masks.section()

st.subheader("Evidence from elsewhere")
uploaded = uploads.evidence_form()
if uploaded:
    st.dataframe(uploads.evidence_table(uploaded, state.scenario()), hide_index=True, width="stretch")
    evidence_parts.append(uploads.use_uploaded_evidence(uploaded))
    uploads.forget_button()
if evidence_parts:  # only a part on this page may change what the cost model uses (a link's evidence stays)
    in_use = audits.evidence_in_use(evidence_parts)
    state.set_evidence(in_use.metrics if in_use else None, in_use.files if in_use else ())
    if state.evidence() is not None:
        st.success("The Decision page now uses the measured lines; the share link carries the measurements.")

st.subheader("Model cards")
for name in template.model_cards:
    card = models.load_model_card(name)
    with st.expander(card.title):
        st.code(models.card_path(name).read_text(encoding="utf-8"), language="yaml")
