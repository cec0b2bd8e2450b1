"""Image lab: the sample images (and uploads) through every option, side by side."""

from __future__ import annotations

import streamlit as st

from dashboard import lab, widgets
from dashboard.markup import md
from imageoptions import option_names

st.title("Image lab")
st.caption("What each option does to the same pictures: crop boxes, outputs, time and faces kept. "
           "Results are cached by image content, frame and option, so estimates can change freely.")
frame = widgets.frame_picker()
samples = lab.sample_inputs()
files = [image.file for image in samples]
chosen = st.multiselect("Sample images", files, default=files)
uploads = st.file_uploader("Add your own images (only you see them; up to 20 MB each)",
                           type=lab.UPLOAD_TYPES, accept_multiple_files=True)
uploaded, refused = lab.uploaded_inputs(uploads or [])
for problem in refused:
    st.warning(md(f"Not added: {problem}"))
images = [image for image in samples if image.file in chosen] + uploaded
if not images:
    st.info("Choose or upload at least one image.")
    st.stop()

names = option_names()
reports = lab.measure(images, names, frame)
st.subheader("Faces cut, by option")
st.dataframe(lab.summary_table(lab.combined(reports, names, frame)), width="stretch")
colours = lab.option_colours()
for report in reports:
    st.divider()
    lab.show_image(report, colours)
