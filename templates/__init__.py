"""Decision templates: one folder each (default scenario plus a small module of words, options,
measurements, limitations, model cards and pages), and the registry that lists them.

Templates may import `costmodels`; the dashboard, reports and `tcm` read them. No Streamlit here.
"""

from templates._registry import (
    DEFAULT_TEMPLATE,
    TEMPLATES,
    UnknownTemplateError,
    get_template,
    template_names,
    template_of,
)
from templates._template import PAGES, Implementation, Template

__all__ = [
    "DEFAULT_TEMPLATE",
    "PAGES",
    "TEMPLATES",
    "Implementation",
    "Template",
    "UnknownTemplateError",
    "get_template",
    "template_names",
    "template_of",
]
