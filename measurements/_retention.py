"""Face retention: how much of each face box an option's crop keeps, and whether the face counts as cut."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from imageoptions import (
    ImageLoadError,
    ImageOptionsError,
    LoadedImage,
    OptionSpec,
    build_options,
    load_image,
    parse_frame,
    resolve_specs,
)
from imageoptions.face_crop import to_original
from measurements._errors import NO_DEFAULT_DETECTOR
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._inputs import FloatBox, ImageInput, float_box
from measurements._statistics import LatencySummary, Proportion, clustered_share, summarise_latency
from measurements._workers import default_detector, timed_run

FaceSource = Literal["manifest", "detector"]
DEFAULT_MIN_KEPT_SHARE = 0.9
DEFAULT_TOP_TOLERANCE = 0.05


@dataclass(frozen=True)
class RetentionRule:
    """When a face counts as cut: under `min_kept_share` of its box kept, or its top cut off.

    The top counts as cut when the crop starts more than `top_tolerance` of the face's height
    below the face's top: hand-drawn box tops sit at the hairline give or take a few pixels,
    so a crop grazing the hairline is not a head cut off.
    """

    min_kept_share: float = DEFAULT_MIN_KEPT_SHARE
    top_tolerance: float = DEFAULT_TOP_TOLERANCE

    def __post_init__(self) -> None:
        if not 0 < self.min_kept_share <= 1:
            raise ValueError(f"min_kept_share must be in (0, 1], not {self.min_kept_share}")
        if not 0 <= self.top_tolerance < 1:
            raise ValueError(f"top_tolerance must be in [0, 1), not {self.top_tolerance}")


@dataclass(frozen=True)
class FaceRetention:
    """One face under one crop: the share of its box kept, whether its top was cut, and the verdict."""

    box: FloatBox
    source: FaceSource
    kept_share: float
    top_cut: bool
    cut: bool


@dataclass(frozen=True)
class OptionRetention:
    """One option on one image: its crop box (original pixels), CPU time, fallback and each face's fate."""

    option: str
    box: tuple[int, int, int, int] | None
    latency_ms: float | None  # CPU time of the option's work
    fallback: str | None
    faces: tuple[FaceRetention, ...]
    error: str | None = None
    wall_ms: float | None = None  # elapsed time, load-dependent

    @property
    def any_cut(self) -> bool:
        """True when at least one face was cut."""
        return any(face.cut for face in self.faces)


@dataclass(frozen=True)
class ImageRetention:
    """Every option on one image; `error` is set (and `options` empty) when the image cannot be used."""

    file: str
    path: str
    sha256: str | None
    face_source: FaceSource | None
    options: tuple[OptionRetention, ...]
    error: str | None = None


@dataclass(frozen=True)
class RetentionTask:
    """A picklable work item: one image, the options to run and how to judge the faces."""

    image: ImageInput
    options: tuple[OptionSpec, ...]
    frame: str
    rule: RetentionRule


@dataclass(frozen=True)
class RetentionSummary:
    """One option over all images: images and faces cut (95% intervals), CPU latency, fallbacks, errors.

    Images are the independent unit: `images_cut` has a Wilson interval over images with a face.
    Faces on one image share its crop, so `faces_cut`'s interval is clustered by image
    (`face_images` of them), not a Wilson interval over faces as if each were independent.
    `fallbacks` counts the `runs` on which the option fell back (`fallback_reasons` says why).
    """

    option: str
    images_cut: Proportion
    faces_cut: Proportion
    latency_ms: LatencySummary | None
    errors: int
    face_images: int = 0
    runs: int = 0
    fallbacks: int = 0
    fallback_reasons: tuple[str, ...] = ()
    wall_latency_ms: LatencySummary | None = None


@dataclass(frozen=True)
class RetentionReport:
    """A retention run: its settings, the per-image results and the per-option summaries."""

    frame: str
    rule: RetentionRule
    images: tuple[ImageRetention, ...]
    summaries: tuple[RetentionSummary, ...]

    @property
    def errors(self) -> tuple[str, ...]:
        """Every image or image x option that failed, as messages."""
        image_errors = [image.error for image in self.images if image.error]
        option_errors = [option.error for image in self.images for option in image.options if option.error]
        return tuple(image_errors + option_errors)


def kept_share(face: FloatBox, crop: FloatBox) -> float:
    """The share of the face box's area inside the crop box.

    >>> kept_share((0, 0, 10, 10), (5, 0, 20, 20))
    0.5
    """
    width = min(face[2], crop[2]) - max(face[0], crop[0])
    height = min(face[3], crop[3]) - max(face[1], crop[1])
    area = (face[2] - face[0]) * (face[3] - face[1])
    if width <= 0 or height <= 0 or area <= 0:
        return 0.0
    return width * height / area


def top_is_cut(face: FloatBox, crop: FloatBox, tolerance: float) -> bool:
    """True when the crop starts more than `tolerance` of the face's height below the face's top.

    >>> top_is_cut((0, 100, 10, 200), (0, 105, 10, 300), 0.05), top_is_cut((0, 100, 10, 200), (0, 106, 10, 300), 0.05)
    (False, True)
    """
    return crop[1] > face[1] + tolerance * (face[3] - face[1])


def judge_face(face: FloatBox, crop: FloatBox, rule: RetentionRule, source: FaceSource = "manifest") -> FaceRetention:
    """How one face fares under one crop."""
    share = kept_share(face, crop)
    top_cut = top_is_cut(face, crop, rule.top_tolerance)
    return FaceRetention(
        box=face,
        source=source,
        kept_share=round(share, 6),
        top_cut=top_cut,
        cut=share < rule.min_kept_share or top_cut,
    )


def measure_image(task: RetentionTask) -> ImageRetention:
    """Run every option on one image and judge each face (the worker function: module-level, picklable)."""
    file, path = task.image.file, task.image.path
    try:
        loaded = load_image(path)
    except ImageLoadError as error:
        return ImageRetention(file=file, path=path, sha256=None, face_source=None, options=(), error=str(error))
    try:
        faces, source = faces_to_track(task.image, loaded)
    except ImageOptionsError as error:
        message = f"{path}: {NO_DEFAULT_DETECTOR.format(reason=error)}"
        return ImageRetention(file=file, path=path, sha256=loaded.sha256, face_source=None, options=(), error=message)
    frame = parse_frame(task.frame)
    rows = []
    for option in build_options(task.options):
        try:
            timed = timed_run(option, loaded, frame)
        except ImageOptionsError as error:
            rows.append(OptionRetention(option.name, None, None, None, (), error=f"{path}: {option.name}: {error}"))
            continue
        result = timed.result
        judged = tuple(judge_face(face, float_box(result.box), task.rule, source) for face in faces)
        rows.append(OptionRetention(option.name, result.box, timed.cpu_ms, result.fallback, judged,
                                    wall_ms=timed.wall_ms))
    return ImageRetention(file=file, path=path, sha256=loaded.sha256, face_source=source, options=tuple(rows))


def faces_to_track(image: ImageInput, loaded: LoadedImage) -> tuple[tuple[FloatBox, ...], FaceSource]:
    """The annotated faces, or (for an image the manifest does not list) the default detector's."""
    if image.faces is not None:
        return image.faces, "manifest"
    detections = default_detector().detect(loaded.image)
    return tuple(float_box(to_original(found, loaded).box) for found in detections), "detector"


def summarise_option(option: str, images: Sequence[ImageRetention]) -> RetentionSummary:
    """One option's share of images with any face cut (of images with a face) and of faces cut (by image)."""
    rows = [(image.path, row) for image in images for row in image.options if row.option == option]
    measured = [(path, row) for path, row in rows if row.error is None]
    with_faces = [row for _, row in measured if row.faces]
    faces = [(path, face) for path, row in measured for face in row.faces]
    fell_back = [row.fallback for _, row in measured if row.fallback is not None]
    return RetentionSummary(
        option=option,
        images_cut=Proportion.of(sum(row.any_cut for row in with_faces), len(with_faces)),
        faces_cut=clustered_share([face.cut for _, face in faces], [path for path, _ in faces]),
        latency_ms=summarise_latency([row.latency_ms for _, row in measured if row.latency_ms is not None]),
        errors=len(rows) - len(measured),
        face_images=len(with_faces),
        runs=len(measured),
        fallbacks=len(fell_back),
        fallback_reasons=tuple(dict.fromkeys(fell_back)),
        wall_latency_ms=summarise_latency([row.wall_ms for _, row in measured if row.wall_ms is not None]),
    )


def measure_retention(
    images: Sequence[ImageInput],
    options: Sequence[OptionSpec | str],
    *,
    frame: str = "0.56",
    rule: RetentionRule | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RetentionReport:
    """Face retention of each option on each image, summarised per option."""
    rule = rule or RetentionRule()
    parse_frame(frame)  # a bad frame fails here, once, not in every worker
    specs = resolve_specs(options)
    names = tuple(spec.name for spec in specs)
    tasks = [RetentionTask(image=image, options=specs, frame=frame, rule=rule) for image in images]
    results = tuple((executor or SerialExecutor()).map(measure_image, tasks, progress=progress))
    return RetentionReport(
        frame=frame, rule=rule, images=results, summaries=tuple(summarise_option(name, results) for name in names)
    )
