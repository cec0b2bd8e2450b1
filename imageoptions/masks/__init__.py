"""Mask options: ways to separate a person from the background, each returning a person mask.

The virtual-background decision's counterpart of the crop options: each option takes a `Scene`
(a frame, plus an empty-room clean plate for subtraction) and returns a `MaskResult` whose mask is
True where the person is kept.
"""

from __future__ import annotations

from imageoptions.masks.background_subtraction import BackgroundSubtraction, BackgroundSubtractionSettings
from imageoptions.masks.chroma_key import ChromaKey, ChromaKeySettings
from imageoptions.masks.no_replacement import NoReplacement
from imageoptions.masks.option import MaskOption, Segmenter, run_mask_option
from imageoptions.masks.registry import builtin_mask_options, mask_option_names, select_mask_options
from imageoptions.masks.scene import SCENE_KINDS, Mask, MaskResult, Scene, SceneKind
from imageoptions.masks.segmentation import SegmentationSettings, SelfieSegmentation

__all__ = [
    "SCENE_KINDS",
    "BackgroundSubtraction",
    "BackgroundSubtractionSettings",
    "ChromaKey",
    "ChromaKeySettings",
    "Mask",
    "MaskOption",
    "MaskResult",
    "NoReplacement",
    "Scene",
    "SceneKind",
    "SegmentationSettings",
    "Segmenter",
    "SelfieSegmentation",
    "builtin_mask_options",
    "mask_option_names",
    "run_mask_option",
    "select_mask_options",
]
