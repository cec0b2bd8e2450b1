"""A mask option: a named maker of person masks, run and timed the same way for every option."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Protocol

from imageoptions.masks.scene import Mask, MaskResult, Scene, SceneKind
from imageoptions.option import KINDS, Kind

_MACHINE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
WRONG_SCENE = "option {option} needs a {needed!r} scene (see MaskOption.scene_kind), not {given!r}"


class Segmenter(Protocol):
    """The part that differs between mask options: a person mask (True = kept) for one scene."""

    @property
    def scene_kind(self) -> SceneKind:
        """Which scene it needs: a plain photo, a green-screen frame, or a room frame with a clean plate."""
        ...

    @property
    def settings(self) -> object:
        """The tunables (a frozen dataclass, or None)."""
        ...

    def prepare(self) -> None:
        """Load any model now (raising ModelUnavailableError if it cannot)."""
        ...

    def model_sha256(self) -> str | None:
        """The model file's sha256 for ML options, None otherwise."""
        ...

    def segment(self, scene: Scene) -> Mask:
        """The person mask, the frame's height x width."""
        ...


@dataclass(frozen=True)
class MaskOption:
    """A registry entry: a stable machine name, a human label, its kind and its segmenter."""

    name: str
    label: str
    kind: Kind
    segmenter: Segmenter

    def __post_init__(self) -> None:
        if not _MACHINE_NAME.match(self.name):
            raise ValueError(f"option name {self.name!r} must be lower_snake_case")
        if self.kind not in KINDS:
            raise ValueError(f"option {self.name}: kind must be one of {KINDS}, not {self.kind!r}")

    @property
    def scene_kind(self) -> SceneKind:
        """The scene this option needs."""
        return self.segmenter.scene_kind


def run_mask_option(option: MaskOption, scene: Scene) -> MaskResult:
    """Run one option on one scene and time it (not model loading)."""
    if scene.kind != option.scene_kind:
        raise ValueError(WRONG_SCENE.format(option=option.name, needed=option.scene_kind, given=scene.kind))
    option.segmenter.prepare()
    start = time.perf_counter()
    mask = option.segmenter.segment(scene)
    latency_ms = (time.perf_counter() - start) * 1000
    return MaskResult(option=option.name, mask=mask, latency_ms=latency_ms)
