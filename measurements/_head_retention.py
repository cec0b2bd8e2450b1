"""Head retention for person masks: how much of each annotated head a mask option keeps, by group.

Per face, two regions, each intersected with the hand-drawn person outline (so wall or sky in a
box's corners or beside short hair does not count): the annotated face box, and the head region
above it, defined here as the band half the box's height directly above the box, as wide as the
box, clipped at the image top.
A face's head retention is the smaller of the two kept shares: a head is only as kept as its worse
part. Faces (not images) are the unit; intervals are clustered by image, and a group with fewer
than `min_faces` faces is "not enough faces to measure".
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image

from evidence import MIN_FACES
from imageoptions import ImageOptionsError
from imageoptions.detectors.sessions import THREADS_VARIABLE
from imageoptions.masks import MaskOption, Scene, builtin_mask_options, run_mask_option, select_mask_options
from measurements._errors import MISSING_FILES, NO_OUTLINED_IMAGES, MeasurementError
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._perturbations import perturb
from measurements._statistics import Proportion, clustered_share
from sample_images import ImageEntry, Manifest
from sample_images.composites import composite_paths, composites_dir, polygon_mask

HEAD_ABOVE_SHARE = 0.5  # the head region's height, as a share of the face box's height
KEPT_SHARE = 0.9  # a head counts as kept when at least this share of both regions is kept
NOT_OUTLINED = "{file!r} has no person outline in the manifest; outlined photos are the ones the audit uses"
NOT_ENOUGH = "not enough faces to measure (fewer than {min_faces})"
NOT_PERCEIVED = "not perceived"
MASK_PERTURBATIONS: tuple[tuple[str, float, str], ...] = (
    ("darken", 0.3, "dim light (brightness x0.3)"),
    ("backlight", 0.5, "backlight (window behind, strength 0.5)"),
    ("noise", 20.0, "sensor noise (sigma 20 on 0..255)"),
)

Box = tuple[int, int, int, int]
BoolMask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class FaceSpec:
    """One annotated face as a work item carries it: its box and perceived Monk Skin Tone."""

    box: Box
    monk_skin_tone: int | None


@dataclass(frozen=True)
class MaskTask:
    """One option on one outlined photo, perhaps perturbed: paths and numbers only, so it pickles."""

    option: str
    photo: Path
    green_screen: Path
    room: Path
    room_plate: Path
    size: tuple[int, int]
    outlines: tuple[tuple[tuple[int, int], ...], ...]
    faces: tuple[FaceSpec, ...]
    perturbation: str = ""
    level: float = 0.0


@dataclass(frozen=True)
class FaceHead:
    """What one mask kept of one head."""

    image: str
    box: Box
    group: str
    face_kept_share: float
    head_kept_share: float

    @property
    def head_retention(self) -> float:
        """The smaller of the two kept shares."""
        return min(self.face_kept_share, self.head_kept_share)

    @property
    def kept(self) -> bool:
        """Whether both regions are at least KEPT_SHARE kept."""
        return self.head_retention >= KEPT_SHARE


@dataclass(frozen=True)
class MaskRun:
    """One option on one image: the mask's IoU with the outline, each face's head, and the time taken."""

    option: str
    image: str
    perturbation: str
    iou: float
    faces: tuple[FaceHead, ...]
    latency_ms: float  # CPU time of the process (what compute costs), model loading excluded
    wall_ms: float = 0.0
    error: str = ""


@dataclass(frozen=True)
class GroupRetention:
    """Head retention of one group of faces under one option."""

    group: str
    n_faces: int
    mean_head_retention: float | None
    standard_error: float
    heads_kept: Proportion
    enough_faces: bool
    note: str = ""


@dataclass(frozen=True)
class RetentionGap:
    """Mean head retention of the first group minus the second, with its standard error (faces as the unit)."""

    groups: tuple[str, str]
    gap: float
    standard_error: float
    n_faces: tuple[int, int]
    enough_faces: bool
    note: str = ""


@dataclass(frozen=True)
class MaskOptionSummary:
    """One option over the image set: per-group head retention, group gaps, mean IoU, robustness."""

    option: str
    groups: tuple[GroupRetention, ...]
    gaps: tuple[RetentionGap, ...]
    mean_iou: float | None
    n_images: int
    heads_kept: Proportion
    latency_ms_median: float | None
    perturbed_mean_iou: tuple[tuple[str, float | None], ...]
    perturbed_head_retention: tuple[tuple[str, float | None], ...]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeadRetentionReport:
    """Every option's summary and every run, with the definitions used."""

    summaries: tuple[MaskOptionSummary, ...]
    runs: tuple[MaskRun, ...]
    images: tuple[str, ...]
    min_faces: int
    head_above_share: float = HEAD_ABOVE_SHARE
    kept_share: float = KEPT_SHARE


def head_region(box: Box, outline: BoolMask) -> BoolMask:
    """The head region above a face box (see the module docstring), as a mask of the image's size."""
    left, top, right, bottom = box
    height = bottom - top
    region = np.zeros_like(outline)
    region[max(0, top - math.ceil(height * HEAD_ABOVE_SHARE)) : top, left:right] = True
    return region & outline


def kept_share(mask: BoolMask, region: BoolMask) -> float:
    """The share of a region's pixels the mask keeps (1.0 for an empty region: nothing to lose).

    >>> mask = np.zeros((4, 4), dtype=bool); mask[:2] = True
    >>> kept_share(mask, np.ones((4, 4), dtype=bool))
    0.5
    """
    total = int(region.sum())
    return float((mask & region).sum() / total) if total else 1.0


def mask_iou(mask: BoolMask, truth: BoolMask) -> float:
    """Intersection over union of two masks (1.0 when both are empty).

    >>> first = np.zeros((2, 2), dtype=bool); first[0] = True
    >>> mask_iou(first, np.ones((2, 2), dtype=bool))
    0.5
    """
    union = int((mask | truth).sum())
    return float((mask & truth).sum() / union) if union else 1.0


def group_of(face: FaceSpec) -> str:
    """A face's group label: its perceived Monk Skin Tone, or 'not perceived'."""
    return NOT_PERCEIVED if face.monk_skin_tone is None else f"monk {face.monk_skin_tone}"


def judge_heads(mask: BoolMask, truth: BoolMask, faces: Sequence[FaceSpec], image: str) -> tuple[FaceHead, ...]:
    """Each face's kept shares of its box and its head region."""
    heads = []
    for face in faces:
        left, top, right, bottom = face.box
        box_region = np.zeros_like(mask)
        box_region[top:bottom, left:right] = True
        box_region &= truth
        heads.append(FaceHead(image=image, box=face.box, group=group_of(face),
                              face_kept_share=round(kept_share(mask, box_region), 4),
                              head_kept_share=round(kept_share(mask, head_region(face.box, truth)), 4)))
    return tuple(heads)


def truth_mask(task: MaskTask) -> BoolMask:
    """The task's hand-drawn outlines as a mask."""
    return polygon_mask(task.size, task.outlines)


def load_rgb(path: Path) -> npt.NDArray[np.uint8]:
    """An image file as an RGB array."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def scene_for(task: MaskTask, option: MaskOption) -> Scene:
    """The scene an option needs, from the task's files, perturbed if the task says so."""
    frame_path = {"photo": task.photo, "green_screen": task.green_screen, "room": task.room}[option.scene_kind]
    frame = load_rgb(frame_path)
    if task.perturbation:
        frame = np.asarray(perturb(Image.fromarray(frame), task.perturbation, task.level).image)
    plate = load_rgb(task.room_plate) if option.scene_kind == "room" else None
    return Scene(frame=frame, kind=option.scene_kind, clean_plate=plate)


@functools.cache
def _process_options() -> tuple[MaskOption, ...]:
    return builtin_mask_options()


def measure_mask(task: MaskTask) -> MaskRun:
    """Run one task: the option's mask, its IoU with the outline, and each head's kept shares."""
    option = select_mask_options([task.option], _process_options())[0]
    truth = truth_mask(task)
    try:
        scene = scene_for(task, option)
        option.segmenter.prepare()
        start = time.process_time()
        result = run_mask_option(option, scene)
        cpu_ms = (time.process_time() - start) * 1000
    except Exception as error:  # one option failing on one image is reported, never a crash of the run
        problem = f"{type(error).__name__}: {error}"
        return MaskRun(task.option, task.photo.name, task.perturbation, 0.0, (), 0.0, 0.0, problem)
    return MaskRun(
        option=task.option,
        image=task.photo.name,
        perturbation=task.perturbation,
        iou=round(mask_iou(result.mask, truth), 4),
        faces=judge_heads(result.mask, truth, task.faces, task.photo.name),
        latency_ms=round(cpu_ms, 2),
        wall_ms=round(result.latency_ms, 2),
    )


@dataclass(frozen=True)
class MaskView:
    """One option's mask on one photo, with its heads and IoU: what the Image lab draws."""

    option: str
    mask: BoolMask
    heads: tuple[FaceHead, ...]
    iou: float
    latency_ms: float


def mask_views(manifest: Manifest, file: str, options: Sequence[str] = ()) -> tuple[MaskView, ...]:
    """Each mask option's mask on one outlined photo (on its composite where the option needs one)."""
    names = [option.name for option in select_mask_options(list(options), _process_options())]
    tasks = [task for task in tasks_for(manifest, names, robustness=False) if task.photo.name == file]
    if not tasks:
        raise MeasurementError(NOT_OUTLINED.format(file=file))
    check_files(tasks)
    views = []
    for task in tasks:
        option = select_mask_options([task.option], _process_options())[0]
        truth = truth_mask(task)
        result = run_mask_option(option, scene_for(task, option))
        views.append(MaskView(option=task.option, mask=result.mask,
                              heads=judge_heads(result.mask, truth, task.faces, file),
                              iou=round(mask_iou(result.mask, truth), 4), latency_ms=round(result.latency_ms, 2)))
    return tuple(views)


def tasks_for(manifest: Manifest, options: Sequence[str], *, robustness: bool = True) -> tuple[MaskTask, ...]:
    """A task per option and outlined photo, plus one per perturbation when `robustness` is on."""
    entries = [entry for entry in manifest.images if entry.person_outlines]
    if not entries:
        raise MeasurementError(NO_OUTLINED_IMAGES.format(manifest=manifest.path))
    perturbations = [("", 0.0)] + ([(name, level) for name, level, _ in MASK_PERTURBATIONS] if robustness else [])
    return tuple(
        _task(manifest, entry, option, name, level)
        for option in options
        for entry in entries
        for name, level in perturbations
    )


def _task(manifest: Manifest, entry: ImageEntry, option: str, perturbation: str, level: float) -> MaskTask:
    paths = composite_paths(entry, composites_dir(manifest))
    return MaskTask(
        option=option, photo=manifest.path_of(entry), green_screen=paths.green_screen, room=paths.room,
        room_plate=paths.room_plate, size=(entry.width, entry.height), outlines=entry.person_outlines,
        faces=tuple(FaceSpec(face.box, face.monk_skin_tone) for face in entry.faces),
        perturbation=perturbation, level=level,
    )


def check_files(tasks: Sequence[MaskTask]) -> None:
    """Raise MeasurementError naming a missing photo or composite before any work starts."""
    files = (path for task in tasks for path in (task.photo, task.green_screen, task.room, task.room_plate))
    needed = dict.fromkeys(files)
    missing = [path for path in needed if not path.is_file()]
    if missing:
        raise MeasurementError(MISSING_FILES.format(count=len(missing), example=missing[0]))


def warm_up_masks(names: Sequence[str]) -> None:
    """A pool worker's start: one onnxruntime thread per worker, then load the named mask options' models."""
    os.environ.setdefault(THREADS_VARIABLE, "1")
    for option in select_mask_options(list(names), _process_options()):
        with contextlib.suppress(ImageOptionsError):  # reported per image when the option runs
            option.segmenter.prepare()


def summarise_group(group: str, heads: Sequence[FaceHead], min_faces: int) -> GroupRetention:
    """Mean head retention, its standard error, and the share of heads kept, for one group."""
    values = np.asarray([head.head_retention for head in heads], dtype=np.float64)
    n = len(heads)
    error = float(values.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.5
    enough = n >= min_faces
    return GroupRetention(
        group=group, n_faces=n, mean_head_retention=round(float(values.mean()), 4) if n else None,
        standard_error=round(error, 4),
        heads_kept=clustered_share([head.kept for head in heads], [head.image for head in heads]),
        enough_faces=enough, note="" if enough else NOT_ENOUGH.format(min_faces=min_faces),
    )


def compare_groups(groups: Sequence[GroupRetention], min_faces: int) -> tuple[RetentionGap, ...]:
    """Every pair of groups: first minus second mean head retention; usable only with enough faces on both sides."""
    gaps = []
    for first, second in itertools.combinations([g for g in groups if g.mean_head_retention is not None], 2):
        assert first.mean_head_retention is not None and second.mean_head_retention is not None
        enough = first.enough_faces and second.enough_faces
        gaps.append(RetentionGap(
            groups=(first.group, second.group),
            gap=round(first.mean_head_retention - second.mean_head_retention, 4),
            standard_error=round(math.hypot(first.standard_error, second.standard_error), 4),
            n_faces=(first.n_faces, second.n_faces), enough_faces=enough,
            note="" if enough else NOT_ENOUGH.format(min_faces=min_faces),
        ))
    return tuple(gaps)


def summarise_option(option: str, runs: Sequence[MaskRun], min_faces: int) -> MaskOptionSummary:
    """One option's summary from its runs (clean and perturbed)."""
    clean = [run for run in runs if not run.perturbation and not run.error]
    heads = [head for run in clean for head in run.faces]
    by_group: dict[str, list[FaceHead]] = {}
    for head in heads:
        by_group.setdefault(head.group, []).append(head)
    groups = tuple(summarise_group(name, by_group[name], min_faces) for name in sorted(by_group))
    perturbed_names = list(dict.fromkeys(run.perturbation for run in runs if run.perturbation))

    def mean_of(values: Sequence[float]) -> float | None:
        return round(float(np.mean(values)), 4) if values else None

    return MaskOptionSummary(
        option=option, groups=groups, gaps=compare_groups(groups, min_faces),
        mean_iou=mean_of([run.iou for run in clean]), n_images=len(clean),
        heads_kept=clustered_share([head.kept for head in heads], [head.image for head in heads]),
        latency_ms_median=mean_of([float(np.median([run.latency_ms for run in clean]))]) if clean else None,
        perturbed_mean_iou=tuple(
            (name, mean_of([r.iou for r in runs if r.perturbation == name and not r.error])) for name in perturbed_names
        ),
        perturbed_head_retention=tuple(
            (name, mean_of([h.head_retention for r in runs if r.perturbation == name and not r.error for h in r.faces]))
            for name in perturbed_names
        ),
        errors=tuple(f"{run.image} {run.perturbation or 'clean'}: {run.error}" for run in runs if run.error),
    )


def measure_head_retention(
    manifest: Manifest,
    options: Sequence[str] = (),
    *,
    executor: Executor | None = None,
    robustness: bool = True,
    min_faces: int = MIN_FACES,
    progress: Progress | None = None,
) -> HeadRetentionReport:
    """Head retention, mask IoU and robustness of each mask option over the manifest's outlined photos."""
    names = [option.name for option in select_mask_options(list(options), _process_options())]
    tasks = tasks_for(manifest, names, robustness=robustness)
    check_files(tasks)
    runs = tuple((executor or SerialExecutor()).map(measure_mask, tasks, progress=progress))
    summaries = tuple(summarise_option(name, [run for run in runs if run.option == name], min_faces) for name in names)
    images = tuple(dict.fromkeys(str(task.photo) for task in tasks))
    return HeadRetentionReport(summaries=summaries, runs=runs, images=images, min_faces=min_faces)
