"""Report & share: the link that reopens exactly this scenario, and the decision report."""

from __future__ import annotations

import streamlit as st

import costmodels
from dashboard import reporting, state
from dashboard.markup import md

st.title("Report & share")
st.info(md(costmodels.verdict(state.evaluation())), icon=":material/gavel:")

st.subheader("Share this scenario")
link = state.share_link()
st.code(link, language=None, wrap_lines=True)
st.caption(
    f"{len(link):,} characters. The link holds the whole scenario and the simulation settings (not uploaded "
    "images); opening it reproduces exactly these numbers. Use the copy button at the right of the box."
)

st.subheader("Decision report")
left, right = st.columns([1, 2])
report_format = left.selectbox("Format", reporting.available_formats(), format_func=reporting.FORMAT_LABELS.get)
with_crops = right.checkbox("Include the crop grid of the sample images (takes a few seconds)", value=True)
decision = st.text_area("What the meeting decided (recorded in the report)", placeholder="e.g. Ship scale to fit.")
st.download_button(
    f"Download the {reporting.FORMAT_LABELS[report_format]} report",
    data=reporting.report_builder(state.scenario(), state.evaluation(), state.settings(), report_format,
                                  with_crops=with_crops, decision=decision or None),
    file_name=reporting.file_name(report_format), mime=reporting.MIME_TYPES[report_format],
    icon=":material/download:", on_click="ignore",
)
if not reporting.pdf_available():
    st.caption(reporting.NO_PDF)
