"""TCM dashboard entry: open the session's scenario, lay out the pages, keep the link current."""

import streamlit as st

from costmodels import ScenarioError, ShareLinkError
from dashboard import lab, state, widgets
from dashboard.markup import md
from imageoptions import ImageOptionsError
from limits import LimitError

REFUSED = (ScenarioError, ShareLinkError, LimitError, ImageOptionsError)

st.set_page_config(page_title="TCM: Total Cost of Model", page_icon=":material/balance:", layout="wide")
lab.sweep_once()  # upload folders of servers that are gone
state.start_session()
for notice in state.notices():
    st.warning(md(notice))

page = st.navigation([
    st.Page("decision_page.py", title="Decision", icon=":material/gavel:", url_path="decision", default=True),
    st.Page("estimates_page.py", title="Estimates", icon=":material/edit_note:", url_path="estimates"),
    st.Page("variants_page.py", title="Variants", icon=":material/compare_arrows:", url_path="variants"),
    st.Page("image_lab_page.py", title="Image lab", icon=":material/photo_library:", url_path="lab"),
    st.Page("audit_set_page.py", title="Audit set", icon=":material/folder_open:", url_path="audit-set"),
    st.Page("audit_page.py", title="Audit", icon=":material/balance:", url_path="audit"),
    st.Page("share_page.py", title="Report & share", icon=":material/share:", url_path="share"),
])
state.set_settings(widgets.run_settings(state.settings()))
state.note_page(page.url_path)
try:
    page.run()
except REFUSED as error:  # input a library refused, found while drawing the page: warn, keep the session
    st.warning(md(f"This page cannot be shown for this input: {error}"), icon=":material/warning:")
state.publish_link()
