"""Virtual background: ML person segmentation against chroma key, empty-room subtraction and no replacement.

The mask options, the head-retention / mask-IoU / robustness measurements and `tcm audit
head-retention` live in `imageoptions.masks` and `measurements`; this module only names them.
"""

from __future__ import annotations

from pathlib import Path

from costmodels import UnitWords
from templates._template import Implementation, Template

TEMPLATE = Template(
    name="virtual_background",
    title="Virtual background",
    summary="How a video-call product replaces backgrounds: MediaPipe person segmentation against a green "
            "screen, an empty-room frame, or no replacement.",
    scenario_file=Path(__file__).with_name("scenario.yaml"),
    units=UnitWords("participant-hour", "participant-hours"),
    implementation_word="mask option",
    implementations=(
        Implementation("person_segmentation_mediapipe", "Person segmentation (MediaPipe selfie)", "ml"),
        Implementation("chroma_key", "Chroma key (user's green screen)", "non_ml"),
        Implementation("background_subtraction", "Background subtraction (empty-room frame)", "non_ml"),
        Implementation("no_replacement", "No replacement (blur off, framing guide)", "non_ml"),
    ),
    audits=("head-retention",),
    measured_words="latency, heads kept and the head-retention gap",
    evidence_kinds=("head_retention",),
    metrics=("latency_ms", "head_retention_gap", "heads_kept"),  # the last two: evidence kinds of the mask audit
    model_cards=("selfie_segmentation", "selfie_segmentation_landscape"),
    pages=("decision", "estimates", "variants", "image_lab", "audit", "share"),
    quick_categories=("development", "model_risk", "reputation_risk"),
    limitations=(
        "The model card's fairness evaluation is not this audit: Google measured person IoU on smartphone "
        "photos from the training source, about 80 images at Fitzpatrick type 6 (figures F16, F19); this "
        "audit measures head retention and mask IoU on a dozen sample photos, composited for the non-ML "
        "options. Neither is webcam video in real rooms.",
        "The incident that motivates this template (a Black faculty member's head erased by Zoom, figure F1) "
        "involved an unknown Zoom model; MediaPipe's numbers say nothing about Zoom's.",
        "Group labels are perceptions, not identities: skin tone is one annotator's perception of a photo, "
        "never anyone's race, ethnicity or identity. The sample set has few darker-skinned faces, so "
        "per-group figures at the dark end are smoke tests, not measurements.",
        "Head coverings and afro-textured hair have no documented failure data (figures F6, F8) and are "
        "barely represented in the sample images.",
        "The adoption loss rests on an unsourced value of the effect per participant-hour; the comparison "
        "moves with it more than with any sourced figure (see the tornado).",
        "Costs and risks are estimates with ranges, simulated with a fixed seed; the percentiles describe "
        "those ranges, not the world. The tornado swings one input at a time and misses interactions.",
    ),
)
