"""The Audit page's runs (cached: same inputs, same results) and the evidence they give the cost model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import costmodels
import measurements
import reports
import tcm
from costmodels import Scenario
from dashboard import jobs, lab
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


def audit_options(scenario: Scenario) -> tuple[OptionSpec, ...]:
    """The built-in image options the scenario's options name, then the options this session uploaded."""
    builtins = tuple(OptionSpec(option.name) for option in reports.scenario_image_options(scenario))
    return (*builtins, *lab.uploaded_options())


def request_form(options: tuple[OptionSpec, ...], seed: int, frame: str) -> AuditRequest | None:
    """The audit's settings; returns the request once the user has run it (kept across reruns)."""
    manifest = load_manifest()
    with st.form("audit"):
        left, middle, right = st.columns(3)
        column = left.selectbox("Group faces by", manifest.face_columns(), key="tcm_audit_column",
                                help="Skin tone is one annotator's perception (Monk scale, bucketed 1-3 / 4-6 / 7-10)")
        protocol = middle.selectbox("Card protocol", PROTOCOLS, key="tcm_audit_protocol")
        pairs = right.number_input("Pairs (each run in both orders)", 2, 60, 8, key="tcm_audit_pairs")
        if st.form_submit_button("Run the audits", icon=":material/play_arrow:"):
            st.session_state[_RUN] = AuditRequest(column, protocol, int(pairs), seed, frame, options)
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
    kept = lab.combined(lab.measure_with(store, keys, lab.sample_inputs(), request.options, request.frame,
                                         job.stage("Faces kept, per image").report),
                        request.options, request.frame)
    faces = measurements.group_faces(load_manifest(), request.column)
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


def evidence_in_use(parts: Sequence[costmodels.Evidence | None]) -> costmodels.Evidence | None:
    """The measurements the cost model uses: every part the user switched on (later parts win), None for none."""
    used = [part for part in parts if part is not None]
    if not used:
        return None
    merged = costmodels.Evidence()
    for part in used:
        merged = merged.merged(part)
    return merged


def evidence_runs(request: AuditRequest, kept: RetentionReport, audit: PairAudit) -> list[measurements.Evidence]:
    """Evidence records of the retention and pairs runs, with the command that reproduces each."""
    descriptors = [f"--descriptor {spec.descriptor_file}" for spec in request.options if not spec.is_builtin]
    options = " ".join([*descriptors, *(f"--option {spec.name}" for spec in request.options)])
    return [
        measurements.retention_evidence(kept, command=f"tcm audit retention --aspect {request.frame} {options}",
                                        tcm_version=tcm.__version__, options=request.options),
        measurements.pairs_evidence(
            audit, tcm_version=tcm.__version__, options=request.options,
            command=(f"tcm audit pairs --group-by {request.column} --protocol {request.protocol} "
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
