"""ML person segmentation with MediaPipe Selfie Segmentation (general, 256x256), split into steps."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import numpy.typing as npt
from PIL import Image

from imageoptions.errors import ImageOptionsError, ModelUnavailableError
from imageoptions.masks.scene import Mask, Scene, SceneKind
from models import model_path

if TYPE_CHECKING:
    from imageoptions.detectors.sessions import LoadedModel

MODEL_NAME = "selfie_segmentation"
INPUT_SIZE_PX = (256, 256)  # (width, height), from models/selfie_segmentation.yaml
MODEL_UNAVAILABLE = "{model}: the model cannot be loaded ({reason})"

Tensor = npt.NDArray[np.float32]


@dataclass(frozen=True)
class SegmentationSettings:
    """Tunables: the probability at or above which a pixel is person."""

    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise ValueError(f"threshold must be between 0 and 1, not {self.threshold}")


def preprocess(frame: npt.NDArray[np.uint8], input_size: tuple[int, int] = INPUT_SIZE_PX) -> Tensor:
    """The frame stretched to the model's input (MediaPipe does not keep the aspect ratio), 0..1, NCHW."""
    resized = Image.fromarray(frame).resize(input_size, Image.Resampling.BILINEAR)
    scaled = np.asarray(resized, dtype=np.float32) / 255.0
    return np.ascontiguousarray(scaled.transpose(2, 0, 1)[None])


def postprocess(probabilities: Tensor, size: tuple[int, int], threshold: float) -> Mask:
    """The model's probability map resized back to the frame's (width, height) and thresholded."""
    plane = np.asarray(probabilities, dtype=np.float32).reshape(probabilities.shape[-2:])
    resized = Image.fromarray(plane, mode="F").resize(size, Image.Resampling.BILINEAR)
    return np.asarray(resized) >= threshold


@dataclass
class SelfieSegmentation:
    """The model behind `person_segmentation_mediapipe`; its session loads on first use, once."""

    config: SegmentationSettings = field(default_factory=SegmentationSettings)
    model_name: str = MODEL_NAME
    scene_kind: ClassVar[SceneKind] = "photo"

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._session: LoadedModel | None = None

    @property
    def settings(self) -> SegmentationSettings:
        """The tunables."""
        return self.config

    def prepare(self) -> None:
        """Load the model now; a missing or broken file becomes ModelUnavailableError."""
        self._loaded()

    def model_sha256(self) -> str | None:
        """The prepared model file's sha256."""
        return self._loaded().sha256

    def run(self, tensor: Tensor) -> Tensor:
        """The model's person-probability map for one input tensor."""
        loaded = self._loaded()
        output = loaded.session.run([loaded.output_names[0]], {loaded.input_name: tensor})[0]
        return np.asarray(output, dtype=np.float32)

    def segment(self, scene: Scene) -> Mask:
        """Preprocess, run, postprocess."""
        probabilities = self.run(preprocess(scene.frame))
        return postprocess(probabilities, scene.size, self.config.threshold)

    def _loaded(self) -> LoadedModel:
        # Imported late, as the registry's detectors are: onnxruntime loads only when an ML option runs.
        from imageoptions.detectors.sessions import load_model

        with self._lock:
            if self._session is None:
                try:
                    self._session = load_model(model_path(self.model_name))
                except ImageOptionsError:
                    raise
                # onnxruntime's errors derive only from Exception; a broken model is one option's error.
                except Exception as exc:
                    reason = f"{type(exc).__name__}: {exc}"
                    raise ModelUnavailableError(MODEL_UNAVAILABLE.format(model=self.model_name, reason=reason)) from exc
            return self._session
