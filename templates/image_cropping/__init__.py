"""Image cropping: how timeline photos fit a preview (the decision TCM was built for)."""

from __future__ import annotations

from pathlib import Path

from costmodels import UnitWords
from templates._template import Implementation, Template

TEMPLATE = Template(
    name="image_cropping",
    title="Image cropping",
    summary="How timeline photos fit a 16:9 preview: an ML crop against scaling, fixed and centre crops "
            "and the 2021 policy.",
    scenario_file=Path(__file__).with_name("scenario.yaml"),
    units=UnitWords("image", "images"),
    implementation_word="image option",
    implementations=(
        Implementation("scale_to_fit", "Scale to fit (whole image, letterboxed)", "non_ml"),
        Implementation("fixed_crop", "Fixed crop from the top-left corner", "non_ml"),
        Implementation("center_crop", "Center crop", "non_ml"),
        Implementation("face_crop_centerface", "Face-centred crop (CenterFace)", "ml"),
        Implementation("face_crop_blazeface", "Face-centred crop (BlazeFace full range)", "ml"),
        Implementation("saliency_crop", "Saliency crop (spectral residual, not learned)", "non_ml"),
        Implementation("shipped_policy", "Shipped policy (2021): whole unless extreme", "non_ml"),
    ),
    audits=("retention", "pairs", "robustness"),
    measured_words="latency, faces cut and the survival gap",
    evidence_kinds=("retention", "pairs", "robustness"),
    metrics=("latency_ms", "face_cut_images", "survival_gap"),
    model_cards=("centerface", "blazeface_short_range", "blazeface_full_range"),
    pages=("decision", "estimates", "variants", "image_lab", "audit_set", "audit", "share"),
    quick_categories=("development", "model_risk", "reputation_risk"),
    limitations=(
        "Formal fairness metrics are not sufficient on their own. Yee, Tantipongpipat and Mishra (2021), "
        "auditing this kind of cropper, found formal metrics \"insufficient for capturing the risk of "
        "representational harm\" (Image Cropping on Twitter: Fairness Metrics, their Limitations, and the "
        "Importance of Representation, Design, and Agency; CSCW 2021, arXiv:2105.08667): who is cropped out, "
        "and how, matters beyond any rate.",
        "\"Saliency\" has no agreed definition: eye-tracking saliency, a learned model's saliency and the "
        "spectral-residual method measured here are different things, so a result for one says little "
        "about another.",
        "Results flip with image size and resize ratio: the same pair of faces can survive one frame and "
        "not another, so the pairwise numbers hold for the frame they were measured at only.",
        "Group labels are perceptions, not identities: skin tone is one annotator's perception of a photo "
        "(lighting and colour grading move it), never anyone's race, ethnicity or identity.",
        "The sample set has few darker-skinned faces, so per-group figures at the dark end rest on one or "
        "two faces: treat them as smoke tests, not measurements.",
        "Costs and risks are estimates with ranges, simulated with a fixed seed; the percentiles describe "
        "those ranges, not the world. The tornado swings one input at a time and misses interactions.",
    ),
)
