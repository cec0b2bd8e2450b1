"""The Audit page's runs (cached: same inputs, same results) and the evidence they give the cost model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import charts
import costmodels
import evidence
import measurements
import reports
import tcm
from costmodels import Scenario
from dashboard import audit_set, jobs, lab, state, widgets
from dashboard.markup import md
from dashboard.settings import Settings
from imageoptions import OptionSpec
from measurements import PERTURBATIONS, PairAudit, Perturbation, RetentionReport, RobustnessReport
from sample_images import load_manifest

PROTOCOLS = ("tall-card", "side-by-side")
_RUN = "tcm_audit_run"


@dataclass(frozen=True)
class AuditRequest:
    """What to audit: the grouping column, the card protocol, how many pairs, which options."""

    column: str
    protocol: str
    pairs: int
    seed: int
    frame: str
    options: tuple[OptionSpec, ...]
    manifest: str = ""  # the session's own audit set; "" for the sample set


def audit_options(scenario: Scenario) -> tuple[OptionSpec, ...]:
    """The built-in image options the scenario's options name, then the options this session uploaded."""
    builtins = tuple(OptionSpec(option.name) for option in reports.scenario_image_options(scenario))
    return (*builtins, *lab.uploaded_options())


def request_form(options: tuple[OptionSpec, ...], seed: int, frame: str) -> AuditRequest | None:
    """The audit's settings; returns the request once the user has run it (kept across reruns)."""
    manifest_path = audit_set.active_manifest_path()
    manifest = load_manifest(manifest_path or None)
    with st.form("audit"):
        left, middle, right = st.columns(3)
        column = left.selectbox("Group faces by", manifest.labelled_columns() or manifest.face_columns(),
                                key="tcm_audit_column",
                                help="Skin tone is one annotator's perception (Monk scale, bucketed 1-3 / 4-6 / 7-10)")
        protocol = middle.selectbox("Card protocol", PROTOCOLS, key="tcm_audit_protocol")
        pairs = right.number_input("Pairs (each run in both orders)", 2, 60, 8, key="tcm_audit_pairs")
        if st.form_submit_button("Run the audits", icon=":material/play_arrow:"):
            st.session_state[_RUN] = AuditRequest(column, protocol, int(pairs), seed, frame, options, manifest_path)
    request: AuditRequest | None = st.session_state.get(_RUN)
    return request


# The quick robustness check: each perturbation at its second-strongest level only, on the sample photos (the
# synthetic cards are drawn from the same faces); the full sweep runs every level on every sample image.
QUICK_PERTURBATIONS = tuple(Perturbation(p.name, (p.levels[-2],), p.unit) for p in PERTURBATIONS)


@dataclass(frozen=True)
class AuditResults:
    """What the audits found: faces kept per option over the sample set, and the pairwise survival audit."""

    kept: RetentionReport
    audit: PairAudit


@dataclass(frozen=True)
class RobustnessRequest:
    """Which robustness check: the options, the frame, the seed, and whether to sweep every level."""

    options: tuple[OptionSpec, ...]
    frame: str
    seed: int
    full: bool


def run_audits(request: AuditRequest, store: lab.Store, keys: tuple[str, ...], job: jobs.Job) -> AuditResults:
    """Face retention (from the Image lab's store where an image already ran), then the pairs audit; the
    job shows each stage's progress. Runs in a background thread: no Streamlit calls here."""
    manifest = load_manifest(request.manifest or None)
    inputs = list(measurements.annotate([manifest.path_of(entry) for entry in manifest.images], manifest))
    kept = lab.combined(lab.measure_with(store, keys, inputs, request.options, request.frame,
                                         job.stage("Faces kept, per image").report),
                        request.options, request.frame)
    faces = measurements.group_faces(manifest, request.column)
    audit = measurements.audit_pairs(faces, request.options, measurements.default_layout(request.protocol),
                                     pairs=request.pairs, seed=request.seed, column=request.column,
                                     progress=job.stage("Pairwise survival", unit="cards").report)
    job.stage("The audits")
    return AuditResults(kept, audit)


def run_robustness(request: RobustnessRequest, job: jobs.Job) -> RobustnessReport:
    """Robustness of each option over the sample set: the quick check, or the full sweep on request."""
    manifest = load_manifest()
    entries = [entry for entry in manifest.images if request.full or entry.generated_by is None]
    images = measurements.annotate([manifest.path_of(entry) for entry in entries], manifest)
    return measurements.measure_robustness(images, request.options, frame=request.frame, seed=request.seed,
                                           perturbations=PERTURBATIONS if request.full else QUICK_PERTURBATIONS,
                                           progress=job.report)


def levels_table(report: RobustnessReport) -> pd.DataFrame:
    """The level of each perturbation the check used, and what the number means."""
    return pd.DataFrame([{"perturbation": p.name, "levels": ", ".join(f"{level:g}" for level in p.levels),
                          "unit": p.unit} for p in report.perturbations])


def cost_evidence(runs: Sequence[measurements.Evidence], sources: Sequence[str] = ()) -> costmodels.Evidence:
    """The runs' metrics as the cost engine reads them (the same format as an evidence file); each run's
    source is named in `sources`, else "dashboard KIND audit"."""
    evidence = costmodels.Evidence()
    for index, run in enumerate(runs):
        source = sources[index] if index < len(sources) else f"dashboard {run.kind} audit"
        evidence = evidence.merged(costmodels.evidence_from_data(measurements.evidence_to_data(run), source=source))
    return evidence


@dataclass(frozen=True)
class EvidencePart:
    """Measurements a switch on the Audit page puts into the cost model: their metrics, and the evidence files
    behind them (name, bytes) that the report lists."""

    metrics: costmodels.Evidence
    files: tuple[tuple[str, bytes], ...]


def evidence_part(runs: Sequence[measurements.Evidence]) -> EvidencePart:
    """Runs made in this session: their metrics, and each as the file `tcm audit ... --evidence` would write."""
    return EvidencePart(cost_evidence(runs),
                        tuple((f"dashboard-{run.kind}-audit.json", evidence.evidence_bytes(run)) for run in runs))


def evidence_in_use(parts: Sequence[EvidencePart | None]) -> EvidencePart | None:
    """The measurements the cost model uses: every part the user switched on (later parts win), None for none."""
    used = [part for part in parts if part is not None]
    if not used:
        return None
    merged = costmodels.Evidence()
    for part in used:
        merged = merged.merged(part.metrics)
    return EvidencePart(merged, tuple(file for part in used for file in part.files))


def evidence_runs(request: AuditRequest, kept: RetentionReport, audit: PairAudit) -> list[measurements.Evidence]:
    """Evidence records of the retention and pairs runs, with the command that reproduces each."""
    descriptors = [f"--descriptor {spec.descriptor_file}" for spec in request.options if not spec.is_builtin]
    options = " ".join([*descriptors, *(f"--option {spec.name}" for spec in request.options)])
    manifest = f" --manifest {request.manifest}" if request.manifest else ""
    return [
        measurements.retention_evidence(kept, tcm_version=tcm.__version__, options=request.options,
                                        command=f"tcm audit retention{manifest} --aspect {request.frame} {options}"),
        measurements.pairs_evidence(
            audit, tcm_version=tcm.__version__, options=request.options,
            labels=audit_set.labels_of(request.manifest, request.column),
            command=(f"tcm audit pairs{manifest} --group-by {request.column} --protocol {request.protocol} "
                     f"--pairs {request.pairs} --seed {request.seed} {options}")),
    ]


def kept_table(kept: RetentionReport, names: Mapping[str, str]) -> pd.DataFrame:
    """Per option: images and faces cut with their 95% intervals, and how often it fell back to another crop."""
    return pd.DataFrame([
        {"option": names.get(s.option, s.option),
         "images with a face cut (95% interval)": reports.count_text(s.images_cut.count, s.images_cut.n,
                                                                     s.images_cut.ci_low, s.images_cut.ci_high),
         "faces cut (95% interval, clustered by image)": reports.count_text(s.faces_cut.count, s.faces_cut.n,
                                                                            s.faces_cut.ci_low, s.faces_cut.ci_high),
         "fallbacks": reports.fallback_text(s.fallbacks, s.runs, s.fallback_reasons, "images")}
        for s in kept.summaries
    ])


def group_table(audit: PairAudit, names: Mapping[str, str]) -> pd.DataFrame:
    """Per option and group: decided cards, distinct faces, faces met, and the survival rate with its
    face-clustered 95% interval, or "not enough faces to measure" (never a number) when too few faces."""
    return pd.DataFrame([
        {"option": names.get(s.option, s.option), "group": g.group, "decided cards": g.n_cards, "faces": g.n_faces,
         "faces met": g.n_faces_against,
         "survival rate (95% interval)": reports.survival_text(g.survival_rate, g.ci_low, g.ci_high,
                                                               g.enough_faces, g.note)}
        for s in audit.summaries for g in s.groups
    ])


def comparison_table(audit: PairAudit, names: Mapping[str, str]) -> pd.DataFrame:
    """Per option and pair of groups: decided cards, each group's faces, the gap from parity with its
    face-clustered 95% interval (or why it is not measured) and the screening flag."""
    return pd.DataFrame([
        {"option": names.get(s.option, s.option), "groups": f"{c.first} vs {c.second}", "decided cards": c.n_cards,
         "faces": f"{c.n_faces[0]} and {c.n_faces[1]}",
         "gap from parity (95% interval)": reports.gap_text(c.gap, c.gap_ci_low, c.gap_ci_high, c.enough_faces,
                                                            c.note),
         "flag (ratio outside 0.8-1.25)": "flag" if c.flagged else ""}
        for s in audit.summaries for c in s.comparisons
    ])


def option_table(audit: PairAudit, names: Mapping[str, str]) -> pd.DataFrame:
    """Per option: its cards by outcome, its fallbacks (apart from "none"), how often the first (top or left)
    position won, and how often the sweep flipped the winner."""
    return pd.DataFrame([
        {"option": names.get(s.option, s.option), "cards": s.cards,
         "decided": s.outcomes.first + s.outcomes.second, "ties": s.outcomes.tie,
         "none (neither kept)": s.outcomes.none,
         "fallbacks": reports.fallback_text(s.fallbacks, s.cards, s.fallback_reasons, "cards"),
         "first position wins (95% interval)": reports.count_text(s.position_bias.first_wins, s.position_bias.decided,
                                                                  s.position_bias.ci_low, s.position_bias.ci_high),
         "sweep flip rate": "" if s.sweep.flip_rate is None else f"{s.sweep.flip_rate:.0%}"}
        for s in audit.summaries
    ])


def section(scenario: Scenario, settings: Settings) -> list[EvidencePart | None]:
    """The Audit page's crop audits (faces kept, pairwise survival, robustness); the evidence part they give the
    cost model (None while switched off), or no part until the audits have run."""
    st.caption(f"Measured on {audit_set.active_name()} (choose your own on the Audit set page). Groups are "
               "perceived skin tone (or any face column of the manifest); a flag is a screening signal, not a verdict, "
               "and small groups give wide intervals. Audits run in the background: you can keep working on other "
               "pages.")
    options = audit_options(scenario)  # the scenario's built-in options, then any uploaded below
    styles = lab.option_styles()
    request = request_form(options, settings.seed, settings.aspect)
    if request is not None:
        store, keys = lab.results_store(), lab.option_keys(request.options)
        jobs.start("tcm_audit_job", "Faces kept, per image", request,
                   lambda job: run_audits(request, store, keys, job))
    jobs.show_progress("tcm_audit_job")
    audit_job = jobs.current("tcm_audit_job")
    if audit_job is not None and audit_job.error:
        st.error(md(f"The audits failed: {audit_job.error}"))
    parts: list[EvidencePart | None] = []
    if audit_job is not None and isinstance(audit_job.result, AuditResults) and request is not None:
        st.caption(audit_job.status())
        parts.append(_show_audits(request, audit_job.result, styles))
    _robustness_section(options, settings, styles)
    return parts


def _show_audits(request: AuditRequest, results: AuditResults, styles: Mapping[str, charts.OptionStyle]
                 ) -> EvidencePart | None:
    """The audits' tables and chart, and their evidence when the user switches it into the cost model."""
    kept, audit = results.kept, results.audit
    names = {machine: style.name for machine, style in styles.items()}
    st.subheader("Faces kept")
    st.dataframe(kept_table(kept, names), hide_index=True, width="stretch")
    st.subheader("Pairwise survival")
    st.caption(f"Faces are the unit, not cards. A group needs {audit.min_faces} distinct faces of its own and "
               f"{audit.min_faces} it met, a comparison {audit.min_faces} on each side; with fewer the table says "
               "\"not enough faces to measure\", and it never drives a cost.")
    st.plotly_chart(charts.survival_figure(audit, styles), width="stretch")
    st.dataframe(group_table(audit, names), hide_index=True, width="stretch")
    st.dataframe(comparison_table(audit, names), hide_index=True, width="stretch")
    st.markdown("**Outcomes, fallbacks, position bias and brittleness** (every pair runs in both orders)")
    st.dataframe(option_table(audit, names), hide_index=True, width="stretch")
    for error in audit.errors + kept.errors:
        st.warning(md(error))
    use = widgets.kept_toggle("Use these measurements in the cost model (latency, faces cut, survival gap)",
                              "tcm_use_audit_evidence")
    state.set_labels(audit_set.labels_of(request.manifest, request.column) if use else None)  # for the report
    return evidence_part(evidence_runs(request, kept, audit)) if use else None


def _robustness_section(options: tuple[OptionSpec, ...], settings: Settings,
                        styles: Mapping[str, charts.OptionStyle]) -> None:
    """The robustness check, run on request in the background, and its chart."""
    st.subheader("Robustness (on the sample images)")
    full = st.checkbox("Full sweep: every level of every perturbation on all 12 sample images (a few minutes; "
                       "by default one strong level each, on the 8 photos)", key="tcm_robustness_full")
    if st.button("Run the robustness check", icon=":material/blur_on:", key="tcm_run_robustness"):
        robustness = RobustnessRequest(options, settings.aspect, settings.seed, full)
        jobs.start("tcm_robustness_job", "Robustness check", robustness,
                   lambda job: run_robustness(robustness, job))
    jobs.show_progress("tcm_robustness_job")
    robustness_job = jobs.current("tcm_robustness_job")
    if robustness_job is not None and robustness_job.error:
        st.error(md(f"The robustness check failed: {robustness_job.error}"))
    if robustness_job is not None and robustness_job.result is not None:
        st.caption(robustness_job.status())
        st.plotly_chart(charts.robustness_figure(robustness_job.result, styles), width="stretch")
        st.dataframe(levels_table(robustness_job.result), hide_index=True, width="stretch")
