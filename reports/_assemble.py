"""One way to put a report together, for the command line and the dashboard alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import auditsets
import charts
import models
from costmodels import Evaluation, Scenario
from imageoptions import Frame, ImageOption, OptionSpec, build_options, builtin_options
from reports._build import build_report, evidence_labels, template_evidence
from reports._crops import build_crop_grid
from reports._document import Report
from reports._evidence import EvidenceFile
from reports._provenance import collect_provenance
from reports._uploaded import uploaded_options
from sample_images import LabelProvenance, load_manifest
from templates import template_of

SAMPLE_SET = "the sample set"
OUTLINED_SET = "the sample set's outlined photos"


def sample_labels(*, outlined_only: bool = False) -> LabelProvenance:
    """The sample set's labels as reports state them: from its manifest's notes, grouped by skin tone; with
    `outlined_only`, of the photos with a person outline only (the faces the head-retention audit uses)."""
    manifest = load_manifest()
    if outlined_only:
        manifest = dataclasses.replace(manifest, images=tuple(entry for entry in manifest.images
                                                              if entry.person_outlines))
    return auditsets.label_provenance(manifest, "monk_skin_tone", OUTLINED_SET if outlined_only else SAMPLE_SET)


def report_labels(scenario: Scenario, evidence: Sequence[EvidenceFile], known: LabelProvenance | None = None
                  ) -> tuple[LabelProvenance, ...]:
    """The labelled sets a report names beside those its evidence carries. None for a template whose audits use
    no labelled faces (`Template.uses_face_labels`: a blank decision); else `known` (the set the audits in use
    ran on), else the sample set's faces its audits use (all, or the outlined photos for person masks) when no
    evidence of the template names a set."""
    template = template_of(scenario)
    if not template.uses_face_labels:
        return ()
    if known is not None:
        return (known,)
    if evidence_labels(template_evidence(evidence, template)):
        return ()
    return (sample_labels(outlined_only=not template.measures_crops),)


def scenario_image_options(scenario: Scenario) -> tuple[ImageOption, ...]:
    """The built-in image options the scenario's options name, in scenario order (all if none)."""
    available = {option.name: option for option in builtin_options()}
    chosen = tuple(available[o.implementation] for o in scenario.options if o.implementation in available)
    return chosen or tuple(available.values())


def report_image_options(scenario: Scenario, options: Sequence[OptionSpec] = ()) -> tuple[ImageOption, ...]:
    """The image options a report's crop grid shows: the scenario's built-ins, then the bring-your-own ones
    among `options` (measured beside them in the audits)."""
    return (*scenario_image_options(scenario), *build_options(uploaded_options(options)))


def template_model_cards(scenario: Scenario) -> list[models.ModelCard]:
    """The model cards of the scenario's template that this checkout has."""
    return [models.load_model_card(name) for name in template_of(scenario).model_cards if name in models.KNOWN_MODELS]


def assemble_report(
    scenario: Scenario,
    evaluation: Evaluation,
    *,
    command: str,
    images: Sequence[Path] = (),
    frame: Frame | None = None,
    evidence: Sequence[EvidenceFile] = (),
    decision: str | None = None,
) -> Report:
    """The report: the evaluation, the crop grid of `images` (when given, in `frame`, for a template
    with image options), the evidence, the template's model cards, and the provenance of `command`,
    which regenerates it."""
    template = template_of(scenario)
    grid = None
    if images and frame is not None and template.measures_crops:
        options = scenario_image_options(scenario)
        grid = build_crop_grid(images, options, frame, labels=charts.display_names(scenario, options))
    return build_report(
        scenario, evaluation,
        provenance=collect_provenance(command),
        evidence=evidence, crop_grid=grid, decision=decision, labels=report_labels(scenario, evidence),
        model_cards=template_model_cards(scenario),
    )
