"""New decision: start from a template; the decision on screen stays recoverable (a variant, and undo)."""

from __future__ import annotations

import streamlit as st

import templates
from dashboard import state
from dashboard.markup import md

st.title("Templates")
st.caption("Start a new decision from a template. The decision on screen now is kept as a variant (Variants "
           "page), and Undo on the Estimates page brings it back.")
current = templates.template_of(state.scenario())
for template in templates.TEMPLATES.values():
    with st.container(border=True):
        on_screen = " (the template on screen)" if template is current else ""
        st.markdown(f"**{md(template.title)}**{on_screen}  \n{md(template.summary)}")
        st.caption(f"Volume in {template.units_a_day}; {len(template.scenario().options)} options; "
                   f"measured by {', '.join(f'tcm audit {name}' for name in template.audits) or 'nothing yet'}.")
        if st.button(f"Start from {template.title}", key=f"gallery-{template.name}", icon=":material/add:"):
            kept = state.start_from(template.scenario(), template.title)
            state.add_notice(f"Started a new decision from the {template.title.lower()} template; the previous "
                             + (f"one is kept as the variant \"{kept}\"." if kept else
                                "one is kept in Undo (the variants are full: delete one to keep it as a variant)."))
            st.switch_page("decision_page.py")
