"""The registry: every built-in option as one row of an explicit table.

Adding an option is one module, one row here, one test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from imageoptions.center_crop import CenterCrop
from imageoptions.detection import FaceDetector
from imageoptions.errors import UnknownOptionError
from imageoptions.face_crop import FaceCrop, LazyDetector
from imageoptions.fixed_crop import FixedCrop
from imageoptions.option import ImageOption
from imageoptions.saliency import SpectralResidual
from imageoptions.saliency_crop import SaliencyCrop
from imageoptions.scale import ScaleToFit
from imageoptions.shipped_policy import ShippedPolicy

UNKNOWN_OPTION = "unknown option {name!r}; known options: {known}"

BUILTIN_MODEL_CARDS = {"face_crop_centerface": "centerface", "face_crop_blazeface": "blazeface_full_range"}
"""The model card (models/NAME.yaml) each built-in ML option runs: a scenario option without `model:` gets it."""


def build_centerface() -> FaceDetector:
    """The CenterFace detector (imported late: the module needs onnxruntime and the model file)."""
    from imageoptions.detectors.centerface import CenterFace

    detector: FaceDetector = CenterFace()
    return detector


def build_blazeface() -> FaceDetector:
    """The BlazeFace full-range detector (imported late, like CenterFace).

    Full range, not short range: short range shrinks the image to 128 pixels and misses large faces
    on wide or tall images (see models/blazeface_full_range.yaml).
    """
    from imageoptions.detectors.blazeface import FULL_RANGE, BlazeFace

    detector: FaceDetector = BlazeFace(variant=FULL_RANGE)
    return detector


def builtin_options() -> tuple[ImageOption, ...]:
    """Every built-in option, freshly built; ML models load on first use, not here."""
    return (
        ImageOption("scale_to_fit", "Scale to fit (whole image, letterboxed)", "non_ml", ScaleToFit()),
        ImageOption("fixed_crop", "Fixed crop from the top-left corner", "non_ml", FixedCrop()),
        ImageOption("center_crop", "Center crop", "non_ml", CenterCrop()),
        ImageOption(
            "face_crop_centerface",
            "Face-centred crop (CenterFace)",
            "ml",
            FaceCrop(detector=LazyDetector("CenterFace", build_centerface)),
        ),
        ImageOption(
            "face_crop_blazeface",
            "Face-centred crop (BlazeFace full range)",
            "ml",
            FaceCrop(detector=LazyDetector("BlazeFace full range", build_blazeface)),
        ),
        ImageOption(
            "saliency_crop",
            "Saliency crop (spectral residual, not learned)",
            "non_ml",
            SaliencyCrop(source=SpectralResidual()),
        ),
        ImageOption("shipped_policy", "Shipped policy (2021): whole unless extreme", "non_ml", ShippedPolicy()),
    )


def option_names(options: Iterable[ImageOption] | None = None) -> tuple[str, ...]:
    """The machine names of `options` (the built-in ones by default), in table order."""
    return tuple(option.name for option in (builtin_options() if options is None else options))


def select_options(names: Sequence[str], options: Sequence[ImageOption]) -> tuple[ImageOption, ...]:
    """The named options in the order named (all of them when no name is given)."""
    if not names:
        return tuple(options)
    by_name = {option.name: option for option in options}
    for name in names:
        if name not in by_name:
            raise UnknownOptionError(UNKNOWN_OPTION.format(name=name, known=", ".join(by_name)))
    return tuple(by_name[name] for name in names)
