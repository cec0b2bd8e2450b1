"""Image lab: your uploads first, then the sample images, through every option side by side."""

from __future__ import annotations

import streamlit as st

from dashboard import lab, widgets
from dashboard.markup import md

st.title("Image lab")
st.caption("What each option does to the same pictures: crop boxes, outputs, time and faces kept. "
           "Results are kept by image content, frame and option, for every session, so estimates can change freely.")
frame = widgets.frame_picker()
options = lab.lab_options()  # the built-ins, then any option uploaded on the Audit page
styles = lab.option_styles()
display = {machine: style.name for machine, style in styles.items()}
colours = {machine: style.colour for machine, style in styles.items()}

st.subheader("Your images")
uploads = st.file_uploader("Add your own images (only you see them; up to 20 MB each)",
                           type=lab.UPLOAD_TYPES, accept_multiple_files=True)
uploaded, refused = lab.uploaded_inputs(uploads or [])
for problem in refused:
    st.warning(md(f"Not added: {problem}"))
for report in lab.measure(uploaded, options, frame):
    lab.show_image(report.images[0], lab.pictures(report.images[0], colours, display), styles)

st.subheader("The sample images")
with st.spinner("Running every option on the sample images (the first visit for this frame only)..."):
    reports, pictures = lab.sample_set(frame, options, lab.option_keys(options), tuple(colours.items()),
                                       tuple(display.items()))
st.markdown("**Faces cut, by option** (all sample images)")
st.dataframe(lab.summary_table(lab.combined(reports, options, frame), display), width="stretch")
files = [report.images[0].file for report in reports]
chosen = st.selectbox("Look at one sample image", files)
chosen_report = reports[files.index(chosen)]
lab.show_image(chosen_report.images[0], pictures[chosen], styles)
