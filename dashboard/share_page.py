"""Report & share: the link that reopens exactly this scenario."""

from __future__ import annotations

import streamlit as st

import costmodels
from dashboard import state


def render() -> None:
    """The share link, ready to copy."""
    st.title("Report & share")
    st.info(costmodels.verdict(state.evaluation()), icon=":material/gavel:")
    st.subheader("Share this scenario")
    link = state.share_link()
    st.code(link, language=None, wrap_lines=True)
    st.caption(
        f"{len(link):,} characters. The link holds the whole scenario and the simulation settings (not uploaded "
        "images); opening it reproduces exactly these numbers. Use the copy button at the right of the box."
    )


render()
