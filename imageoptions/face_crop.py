"""Face-centred crop: the frame's window centred on a detected face, centre crop when there is none."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from imageoptions.detection import Box, Detection, FaceDetector
from imageoptions.errors import ImageOptionsError, ModelUnavailableError
from imageoptions.frames import Frame
from imageoptions.geometry import CropBox, Size, centre_window, largest_window, place_window
from imageoptions.loading import LoadedImage
from imageoptions.results import Choice

NO_FACE = "no face found: centre crop"
MODEL_UNAVAILABLE = "{detector} model is not available ({reason}); run `make setup`"


class FaceRule(StrEnum):
    """Which face the window centres on."""

    MOST_CONFIDENT = "most_confident"
    LARGEST = "largest"
    ALL_FACES = "all_faces"  # the box around every face


@dataclass(frozen=True)
class FaceCropSettings:
    """Which face to follow, and the lowest score that counts as a face."""

    rule: FaceRule = FaceRule.MOST_CONFIDENT
    min_score: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.rule, FaceRule):
            raise ValueError(f"rule must be one of {[r.value for r in FaceRule]}, not {self.rule!r}")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be within 0..1, not {self.min_score}")


class LazyDetector:
    """Builds its detector on first use, once, thread-safely; a failure is a clear per-option error."""

    def __init__(self, name: str, build: Callable[[], FaceDetector], identity: object = None) -> None:
        self.name = name
        # What defines the model for fingerprints: its name, or the descriptor it was built from.
        self.identity = identity if identity is not None else name
        self._build = build
        self._lock = threading.Lock()
        self._detector: FaceDetector | None = None

    def get(self) -> FaceDetector:
        """The detector, built now if this is the first call."""
        with self._lock:
            if self._detector is None:
                self._detector = self._build_or_explain()
            return self._detector

    def _build_or_explain(self) -> FaceDetector:
        try:
            return self._build()
        except ImageOptionsError:  # already says what is wrong
            raise
        # Detector constructors surface onnxruntime's errors, which derive only from Exception;
        # a missing or broken model must become one option's error, never a crash.
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise ModelUnavailableError(MODEL_UNAVAILABLE.format(detector=self.name, reason=reason)) from exc


@dataclass(frozen=True)
class FaceCropConfig:
    """Everything that decides a face crop's box: the detector's identity and the crop tunables."""

    detector: object
    crop: FaceCropSettings


@dataclass(frozen=True)
class FaceCrop:
    """Centre the frame's largest window on the chosen face; centre crop (and say so) without one."""

    detector: LazyDetector = field(compare=False)
    crop: FaceCropSettings = FaceCropSettings()

    @property
    def settings(self) -> FaceCropConfig:
        """The detector's identity and the crop tunables, for the fingerprint."""
        return FaceCropConfig(detector=self.detector.identity, crop=self.crop)

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The window around the chosen face, or the centre crop as a fallback."""
        ratio = frame.ratio_for(image.original_size)
        found = self.detector.get().detect(image.image)
        faces = tuple(to_original(face, image) for face in found if face.score >= self.crop.min_score)
        box = window_around(faces, image.original_size, ratio, self.crop.rule)
        if box is None:
            return Choice(box=centre_window(image.original_size, ratio), fallback=NO_FACE)
        return Choice(box=box, detections=faces)

    def prepare(self) -> None:
        """Build the detector now, so timed runs measure per-image work only."""
        self.detector.get()

    def model_sha256(self) -> str | None:
        """The detector's model hash (builds the detector)."""
        return self.detector.get().model_sha256


def window_around(
    faces: Sequence[Detection],
    image_size: Size,
    ratio: float,
    rule: FaceRule = FaceRule.MOST_CONFIDENT,
) -> CropBox | None:
    """The largest window of `ratio` centred on the face `rule` picks, clamped; None without faces."""
    focus = choose_focus(faces, rule)
    if focus is None:
        return None
    centre = ((focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2)
    return place_window(largest_window(image_size, ratio), centre, image_size)


def choose_focus(faces: Sequence[Detection], rule: FaceRule) -> Box | None:
    """The box to centre on: the most confident face, the largest, or the box around them all."""
    if not faces:
        return None
    if rule is FaceRule.MOST_CONFIDENT:
        return max(faces, key=lambda face: face.score).box
    if rule is FaceRule.LARGEST:
        return max(faces, key=lambda face: box_area(face.box)).box
    return (
        min(face.box[0] for face in faces),
        min(face.box[1] for face in faces),
        max(face.box[2] for face in faces),
        max(face.box[3] for face in faces),
    )


def box_area(box: Box) -> float:
    """The area of a box, zero when it is inverted."""
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def to_original(face: Detection, image: LoadedImage) -> Detection:
    """A detection on the decoded image mapped to original-image pixels."""
    scale_x, scale_y = image.scale
    if scale_x == 1.0 and scale_y == 1.0:
        return face
    left, top, right, bottom = face.box
    return Detection(
        box=(left / scale_x, top / scale_y, right / scale_x, bottom / scale_y),
        score=face.score,
        landmarks=tuple((x / scale_x, y / scale_y) for x, y in face.landmarks),
    )
