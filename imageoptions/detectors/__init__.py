"""ONNX face detectors implementing imageoptions.detection.FaceDetector."""

from __future__ import annotations

from imageoptions.detectors.blazeface import BlazeFace, BlazeFaceSettings
from imageoptions.detectors.centerface import CenterFace, CenterFaceSettings
from imageoptions.detectors.sessions import DEFAULT_THREADS, load_model

__all__ = [
    "DEFAULT_THREADS",
    "BlazeFace",
    "BlazeFaceSettings",
    "CenterFace",
    "CenterFaceSettings",
    "load_model",
]
