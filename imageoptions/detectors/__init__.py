"""ONNX face detectors implementing imageoptions.detection.FaceDetector."""

from __future__ import annotations

from imageoptions.detectors.blazeface import FULL_RANGE, SHORT_RANGE, BlazeFace, BlazeFaceSettings, BlazeFaceVariant
from imageoptions.detectors.centerface import CenterFace, CenterFaceSettings
from imageoptions.detectors.sessions import DEFAULT_THREADS, load_model

__all__ = [
    "DEFAULT_THREADS",
    "FULL_RANGE",
    "SHORT_RANGE",
    "BlazeFace",
    "BlazeFaceSettings",
    "BlazeFaceVariant",
    "CenterFace",
    "CenterFaceSettings",
    "load_model",
]
