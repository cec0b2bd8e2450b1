"""Image options: ways to fit an image into a target frame, each returning the same kind of result.

Every option takes a loaded image and a frame and returns an `OptionResult`: the output image, the
crop box in original-image pixels, the time taken, whether it fell back (and why) and, for ML
options, what the model saw. Libraries here never import streamlit.
"""

from __future__ import annotations

from imageoptions.byo_onnx import (
    BoxDecoding,
    InputSpec,
    ModelDescriptor,
    OnnxBoxDetector,
    OnnxSaliency,
    build_byo_option,
    load_descriptor,
)
from imageoptions.center_crop import CenterCrop
from imageoptions.detection import Box, Detection, FaceDetector
from imageoptions.errors import (
    DescriptorError,
    FrameError,
    ImageLoadError,
    ImageOptionsError,
    ModelUnavailableError,
    UnknownOptionError,
)
from imageoptions.face_crop import FaceCrop, FaceCropSettings, FaceRule, LazyDetector, window_around
from imageoptions.fixed_crop import FixedCrop
from imageoptions.frames import PRESET_RATIOS, Frame, parse_frame
from imageoptions.geometry import CropBox, centre_window, largest_window, place_window
from imageoptions.loading import LoadedImage, LoadSettings, load_image
from imageoptions.option import Chooser, ImageOption, Kind, RenderSettings, run_option
from imageoptions.registry import BUILTIN_MODEL_CARDS, builtin_options, option_names, select_options
from imageoptions.results import Choice, OptionResult, SaliencySummary
from imageoptions.saliency import SaliencySource, SpectralResidual, SpectralResidualSettings
from imageoptions.saliency_crop import SaliencyCrop
from imageoptions.scale import ScaleSettings, ScaleToFit
from imageoptions.shipped_policy import ShippedPolicy, ShippedPolicySettings
from imageoptions.specs import (
    OptionSpec,
    build_option,
    build_options,
    builtin_specs,
    descriptor_spec,
    resolve_specs,
    uploaded_spec,
)
from imageoptions.testing import FixedDetector

__all__ = [
    "BUILTIN_MODEL_CARDS",
    "PRESET_RATIOS",
    "Box",
    "BoxDecoding",
    "CenterCrop",
    "Choice",
    "Chooser",
    "CropBox",
    "DescriptorError",
    "Detection",
    "FaceCrop",
    "FaceCropSettings",
    "FaceDetector",
    "FaceRule",
    "FixedCrop",
    "FixedDetector",
    "Frame",
    "FrameError",
    "ImageLoadError",
    "ImageOption",
    "ImageOptionsError",
    "InputSpec",
    "Kind",
    "LazyDetector",
    "LoadSettings",
    "LoadedImage",
    "ModelDescriptor",
    "ModelUnavailableError",
    "OnnxBoxDetector",
    "OnnxSaliency",
    "OptionResult",
    "OptionSpec",
    "RenderSettings",
    "SaliencyCrop",
    "SaliencySource",
    "SaliencySummary",
    "ScaleSettings",
    "ScaleToFit",
    "ShippedPolicy",
    "ShippedPolicySettings",
    "SpectralResidual",
    "SpectralResidualSettings",
    "UnknownOptionError",
    "build_byo_option",
    "build_option",
    "build_options",
    "builtin_options",
    "builtin_specs",
    "centre_window",
    "descriptor_spec",
    "largest_window",
    "load_descriptor",
    "load_image",
    "option_names",
    "parse_frame",
    "place_window",
    "resolve_specs",
    "run_option",
    "select_options",
    "uploaded_spec",
    "window_around",
]
