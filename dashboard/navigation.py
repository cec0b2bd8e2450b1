"""The page list: what the scenario's template shows, then the gallery that starts a new decision."""

from __future__ import annotations

import streamlit as st

from templates import Template

_PAGES = {  # key (templates.PAGES) -> (file, title, icon, url path)
    "decision": ("decision_page.py", "Decision", ":material/gavel:", "decision"),
    "estimates": ("estimates_page.py", "Estimates", ":material/edit_note:", "estimates"),
    "variants": ("variants_page.py", "Variants", ":material/compare_arrows:", "variants"),
    "image_lab": ("image_lab_page.py", "Image lab", ":material/photo_library:", "lab"),
    "audit_set": ("audit_set_page.py", "Audit set", ":material/folder_open:", "audit-set"),
    "audit": ("audit_page.py", "Audit", ":material/balance:", "audit"),
    "share": ("share_page.py", "Report & share", ":material/share:", "share"),
}
GALLERY = ("gallery_page.py", "Templates", ":material/add_circle:", "templates")


def pages_for(template: Template) -> list[st.Page]:
    """The template's pages in menu order (the first is the default), then the gallery."""
    rows = [_PAGES[key] for key in _PAGES if template.shows(key)] + [GALLERY]
    return [st.Page(file, title=title, icon=icon, url_path=path, default=index == 0)
            for index, (file, title, icon, path) in enumerate(rows)]
