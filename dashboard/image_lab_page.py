"""Image lab: the template's options side by side (crops of your uploads and the sample images, or person masks)."""

from __future__ import annotations

import streamlit as st

import templates
from dashboard import lab, masks, state, widgets
from dashboard.markup import md

template = templates.template_of(state.scenario())  # its declared audits decide the sections below
st.title("Image lab")
if template.measures_crops:
    st.caption("What each option does to the same pictures: crop boxes, outputs, time and faces kept. Results are "
               "kept by image content, frame and option, for every session, so estimates can change freely.")
    frame = widgets.frame_picker()
    options = lab.lab_options()  # the built-ins, then any option uploaded on the Audit page
    styles = lab.option_styles()
    display = {machine: style.name for machine, style in styles.items()}
    colours = {machine: style.colour for machine, style in styles.items()}

    st.subheader("Your images")
    st.file_uploader("Add your own images (only you see them; up to 20 MB each)", type=lab.UPLOAD_TYPES,
                     accept_multiple_files=True, key=lab.UPLOADER_KEY, on_change=lab.keep_uploads)
    uploaded, refused = lab.kept_uploads()
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

if template.measures_masks:
    st.subheader("Person masks")
    st.caption("Each mask option on one outlined photo (chroma key and subtraction on their composites): magenta is "
               "what the mask removes; each face box and the band above it is green when at least 90% is kept.")
    mask_file = st.selectbox("Look at one outlined photo", masks.outlined_files(), key="tcm_mask_photo")
    with st.spinner("Running every mask option on this photo (the first visit only)..."):
        shown_masks = masks.mask_pictures(mask_file)
    if shown_masks.problem:
        st.warning(md(shown_masks.problem))
    st.image(list(shown_masks.jpegs), caption=list(shown_masks.captions), width=320)
