"""TCM dashboard entry: open the session's scenario, lay out the pages, keep the link current."""

import streamlit as st

from dashboard import state, widgets

st.set_page_config(page_title="TCM: Total Cost of Model", page_icon=":material/balance:", layout="wide")
state.start_session()
for notice in state.notices():
    st.warning(notice)

page = st.navigation([
    st.Page("decision_page.py", title="Decision", icon=":material/gavel:", url_path="decision", default=True),
    st.Page("estimates_page.py", title="Estimates", icon=":material/edit_note:", url_path="estimates"),
    st.Page("variants_page.py", title="Variants", icon=":material/compare_arrows:", url_path="variants"),
    st.Page("image_lab_page.py", title="Image lab", icon=":material/photo_library:", url_path="lab"),
    st.Page("audit_page.py", title="Audit", icon=":material/balance:", url_path="audit"),
    st.Page("share_page.py", title="Report & share", icon=":material/share:", url_path="share"),
])
state.set_settings(widgets.run_settings(state.settings()))
state.note_page(page.url_path)
page.run()
state.publish_link()
