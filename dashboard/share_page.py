"""Report & share: the link that reopens exactly this scenario, and the decision report."""

from __future__ import annotations

import streamlit as st

import costmodels
import templates
from costmodels import ShareLinkError
from dashboard import jobs, lab, reporting, state, widgets
from dashboard.markup import md

YAML_INSTEAD = ("build the report below as YAML (the scenario, re-importable), or use Export scenario (YAML) on the "
                "Estimates page")

st.title("Report & share")
st.info(md(costmodels.verdict(state.evaluation())), icon=":material/gavel:")

st.subheader("Share this scenario")
try:
    link = state.share_link()
except ShareLinkError as error:  # a scenario too long for a link: say so, and how to share it instead
    st.warning(md(f"{error}: {YAML_INSTEAD}"), icon=":material/link_off:")
else:
    st.code(link, language=None, wrap_lines=True)
    uploads = " (not uploaded images)" if templates.template_of(state.scenario()).audits else ""
    st.caption(
        f"{len(link):,} characters. The link holds the whole scenario and the simulation settings{uploads}; "
        "opening it reproduces exactly these numbers. Use the copy button at the right of the box. From a script, "
        ".venv/bin/tcm share SCENARIO.yaml --draws N --seed S --base-url URL prints the same link."
    )

st.subheader("Decision report")
left, right = st.columns([1, 2])
for key, default in (("tcm_report_format", "html"), ("tcm_report_crops", True), ("tcm_report_decision", "")):
    widgets.restore(key, default)  # the choices (and so the report built for them) back when the user returns
report_format = left.selectbox("Format", reporting.available_formats(), format_func=reporting.FORMAT_LABELS.get,
                               key="tcm_report_format", on_change=widgets.keeping("tcm_report_format"))
with_crops = templates.template_of(state.scenario()).measures_crops and right.checkbox(
    "Include the crop grid of the sample images (every option on each image)",
    key="tcm_report_crops", on_change=widgets.keeping("tcm_report_crops"))
decision = st.text_area("What the meeting decided (recorded in the report)", placeholder="e.g. Ship scale to fit.",
                        key="tcm_report_decision", on_change=widgets.keeping("tcm_report_decision"))
label = reporting.FORMAT_LABELS[report_format]
labels, uploaded, evidence_files = state.labels(), lab.uploaded_options(), state.evidence_files()
request = (report_format, with_crops, decision, state.state_key(), labels, uploaded, evidence_files)
if st.button(f"Build the {label} report", icon=":material/build:"):
    scenario, evaluation, settings = state.scenario(), state.evaluation(), state.settings()
    jobs.start("tcm_report_job", f"Building the {label} report", request,
               lambda job: reporting.build_report_bytes(scenario, evaluation, settings, report_format,
                                                        with_crops=with_crops, decision=decision or None,
                                                        progress=job.report, face_labels=labels,
                                                        options=uploaded, evidence_files=evidence_files),
               unit="steps")
jobs.show_progress("tcm_report_job")
built = jobs.current("tcm_report_job")
if built is not None and built.error:
    st.error(md(f"The report failed: {built.error}"))
elif built is not None and built.result is not None and built.key == request:
    st.caption(built.status())
    st.download_button(f"Download the {label} report", data=built.result,
                       file_name=reporting.file_name(report_format), mime=reporting.MIME_TYPES[report_format],
                       icon=":material/download:", on_click="ignore")
elif built is not None and built.result is not None:
    st.caption("The scenario or the report's settings changed since the last build: build it again.")
if not reporting.pdf_available():
    st.caption(reporting.NO_PDF)
