"""TCM dashboard entry: open the session's scenario, lay out the pages, keep the link current."""

import streamlit as st

import templates
from costmodels import ScenarioError, ShareLinkError
from dashboard import lab, navigation, state, widgets
from dashboard.markup import md
from imageoptions import ImageOptionsError
from limits import LimitError

REFUSED = (ScenarioError, ShareLinkError, LimitError, ImageOptionsError)

st.set_page_config(page_title="TCM: Total Cost of Model", page_icon=":material/balance:", layout="wide")
lab.sweep_once()  # upload folders of servers that are gone
state.start_session()
for notice in state.notices():
    st.warning(md(notice))

page = st.navigation(navigation.pages_for(templates.template_of(state.scenario())))
widgets.run_settings()
state.note_page(page.url_path)
try:
    page.run()
except REFUSED as error:  # input a library refused, found while drawing the page: warn, keep the session
    st.warning(md(f"This page cannot be shown for this input: {error}"), icon=":material/warning:")
state.publish_link()
