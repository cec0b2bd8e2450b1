"""Robustness and confidence: how each option's crop moves under graded perturbations, and when to distrust it."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from imageoptions import (
    Detection,
    ImageLoadError,
    ImageOption,
    ImageOptionsError,
    LoadedImage,
    OptionResult,
    OptionSpec,
    build_options,
    load_image,
    parse_frame,
    resolve_specs,
    run_option,
)
from measurements._errors import NO_DEFAULT_DETECTOR
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._inputs import FloatBox, ImageInput, float_box
from measurements._perturbations import (
    PERTURBATIONS,
    Perturbation,
    Perturbed,
    box_iou,
    perturb,
    rotate_box,
    rotate_point,
    to_clean_pixels,
)
from measurements._retention import RetentionRule, faces_to_track, judge_face
from measurements._workers import timed_run

MILD_PERTURBATIONS = ("blur", "noise", "jpeg")
"""Severity 1 of these is 'mild': a trustworthy crop barely moves under them."""


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds that mark an output unreliable; each broken one adds a reason."""

    min_sharpness: float = 50.0  # variance of the Laplacian of the 0..255 grey image
    min_mean_luminance: float = 40.0
    max_mean_luminance: float = 215.0
    max_clipped_share: float = 0.5  # pixels at <= 5 or >= 250; plain studio backdrops reach 0.4
    min_face_px: float = 32.0  # the smallest tracked face's height
    min_detector_score: float = 0.7
    min_stability_iou: float = 0.8

    def __post_init__(self) -> None:
        if not self.min_mean_luminance < self.max_mean_luminance:
            raise ValueError("min_mean_luminance must be below max_mean_luminance")
        if not 0 <= self.min_stability_iou <= 1 or not 0 <= self.max_clipped_share <= 1:
            raise ValueError("min_stability_iou and max_clipped_share must be within 0..1")


@dataclass(frozen=True)
class QualitySignals:
    """Measurable signals of an input image's quality."""

    sharpness: float
    mean_luminance: float
    clipped_share: float
    min_face_px: float | None


@dataclass(frozen=True)
class OutputQuality:
    """One option's clean output on one image: its confidence signals and why (if) it is unreliable."""

    option: str
    latency_ms: float  # CPU time of the clean run
    detector_score: float | None
    stability_iou: float | None
    reasons: tuple[str, ...]
    fallback: str | None = None  # why the clean run fell back, if it did
    wall_ms: float | None = None  # elapsed time of the clean run, load-dependent

    @property
    def unreliable(self) -> bool:
        """True when any signal broke its threshold."""
        return bool(self.reasons)


@dataclass(frozen=True)
class PerturbedRun:
    """One option on one image at one perturbation and severity (0 = clean), compared with its clean run."""

    option: str
    perturbation: str
    severity: int
    level: float | None
    box: FloatBox
    iou: float
    faces: int
    faces_cut: int
    kept_change: float | None  # mean kept share minus the clean mean; None without faces
    score: float | None  # ML options: the top detection score (0 when nothing is found)
    score_change: float | None
    landmark_drift: float | None  # mean landmark error / clean inter-ocular distance


@dataclass(frozen=True)
class ImageRobustness:
    """Every option, perturbation and severity on one image, plus its quality signals and output flags."""

    file: str
    path: str
    signals: QualitySignals | None
    outputs: tuple[OutputQuality, ...]
    runs: tuple[PerturbedRun, ...]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RobustnessTask:
    """A picklable work item: one image, the options, perturbations, seed and thresholds."""

    image: ImageInput
    options: tuple[OptionSpec, ...]
    frame: str
    rule: RetentionRule
    perturbations: tuple[Perturbation, ...]
    seed: int
    quality: QualitySettings


@dataclass(frozen=True)
class CurvePoint:
    """One option x perturbation x severity, averaged over images (None where nothing was measured)."""

    option: str
    perturbation: str
    severity: int
    level: float | None
    images: int
    mean_iou: float
    mean_kept_change: float | None
    faces: int
    faces_cut: int
    mean_score_change: float | None
    mean_landmark_drift: float | None


@dataclass(frozen=True)
class RobustnessSummary:
    """One option: its curves, how many of its clean outputs are flagged unreliable, and how many fell back."""

    option: str
    curve: tuple[CurvePoint, ...]
    unreliable: int
    outputs: int
    fallbacks: int = 0


@dataclass(frozen=True)
class RobustnessReport:
    """A robustness run: settings, per-image results and per-option summaries."""

    frame: str
    seed: int
    perturbations: tuple[Perturbation, ...]
    images: tuple[ImageRobustness, ...]
    summaries: tuple[RobustnessSummary, ...]

    @property
    def errors(self) -> tuple[str, ...]:
        """Every image or option that failed."""
        return tuple(error for image in self.images for error in image.errors)


def sharpness(image: Image.Image) -> float:
    """The variance of the 4-neighbour Laplacian of the grey image: low for blurred or flat images."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    if min(grey.shape) < 3:
        return 0.0
    laplacian = grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4 * grey[1:-1, 1:-1]
    return float(laplacian.var())


def measure_signals(image: Image.Image, faces: Sequence[FloatBox]) -> QualitySignals:
    """Sharpness, exposure (mean luminance, clipped share) and the smallest face's height."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    clipped = float(np.mean((grey <= 5) | (grey >= 250)))
    smallest = min((face[3] - face[1] for face in faces), default=None)
    return QualitySignals(
        sharpness=round(sharpness(image), 3),
        mean_luminance=round(float(grey.mean()), 3),
        clipped_share=round(clipped, 6),
        min_face_px=smallest,
    )


def input_reasons(signals: QualitySignals, settings: QualitySettings) -> tuple[str, ...]:
    """Why the input itself is out of the range the options were built for."""
    reasons = []
    if signals.sharpness < settings.min_sharpness:
        reasons.append(f"blurred (sharpness {signals.sharpness:.0f} < {settings.min_sharpness:.0f})")
    if not settings.min_mean_luminance <= signals.mean_luminance <= settings.max_mean_luminance:
        reasons.append(f"exposure (mean luminance {signals.mean_luminance:.0f})")
    if signals.clipped_share > settings.max_clipped_share:
        reasons.append(f"clipped ({signals.clipped_share:.0%} of pixels)")
    if signals.min_face_px is not None and signals.min_face_px < settings.min_face_px:
        reasons.append(f"small face ({signals.min_face_px:.0f} px < {settings.min_face_px:.0f})")
    return tuple(reasons)


def top_detection(detections: Sequence[Detection]) -> Detection | None:
    """The most confident detection."""
    return max(detections, key=lambda d: d.score, default=None)


def landmark_drift(
    clean: Detection, moved: Sequence[Detection], perturbed: Perturbed, size: tuple[int, int]
) -> float | None:
    """Mean distance of the matching face's landmarks from where the clean ones should be, per inter-ocular distance."""
    if len(clean.landmarks) < 2 or not moved:
        return None
    expected_box = rotate_box(clean.box, perturbed.angle_deg, size)
    mapped = [(found, _clean_pixels_detection(found, perturbed)) for found in moved]
    _, match = max(mapped, key=lambda pair: box_iou(expected_box, pair[1].box))
    if box_iou(expected_box, match.box) <= 0 or not match.landmarks:
        return None
    eyes = math.dist(clean.landmarks[0], clean.landmarks[1])
    if eyes <= 0:
        return None
    expected = [rotate_point(point, perturbed.angle_deg, size) for point in clean.landmarks]
    pairs = list(zip(expected, match.landmarks, strict=False))
    return statistics.fmean(math.dist(a, b) for a, b in pairs) / eyes


def _clean_pixels_detection(found: Detection, perturbed: Perturbed) -> Detection:
    scale = perturbed.scale
    return Detection(
        box=to_clean_pixels(found.box, perturbed),
        score=found.score,
        landmarks=tuple((x / scale, y / scale) for x, y in found.landmarks),
    )


def compare_run(
    option: ImageOption,
    clean: OptionResult,
    result: OptionResult,
    perturbed: Perturbed,
    faces: Sequence[FloatBox],
    size: tuple[int, int],
    rule: RetentionRule,
    where: tuple[str, int, float | None],
) -> PerturbedRun:
    """One perturbed run measured against the clean run of the same option."""
    box = to_clean_pixels(float_box(result.box), perturbed)
    moved_faces = [rotate_box(face, perturbed.angle_deg, size) for face in faces]
    clean_kept = [judge_face(face, float_box(clean.box), rule).kept_share for face in faces]
    judged = [judge_face(face, box, rule) for face in moved_faces]
    is_ml = option.kind == "ml"
    clean_top, top = top_detection(clean.detections), top_detection(result.detections)
    score = (top.score if top else 0.0) if is_ml else None
    clean_score = (clean_top.score if clean_top else 0.0) if is_ml else None
    name, severity, level = where
    return PerturbedRun(
        option=option.name,
        perturbation=name,
        severity=severity,
        level=level,
        box=tuple(round(v, 3) for v in box),  # type: ignore[arg-type]
        iou=round(box_iou(float_box(clean.box), box), 6),
        faces=len(judged),
        faces_cut=sum(face.cut for face in judged),
        kept_change=round(statistics.fmean(f.kept_share for f in judged) - statistics.fmean(clean_kept), 6)
        if judged else None,
        score=None if score is None else round(score, 6),
        score_change=None if score is None or clean_score is None else round(score - clean_score, 6),
        landmark_drift=None if clean_top is None else _rounded(landmark_drift(clean_top, result.detections,
                                                                              perturbed, size)),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def measure_robustness_of_image(task: RobustnessTask) -> ImageRobustness:
    """Run every option on the clean image and each perturbed copy (the worker function)."""
    file, path = task.image.file, task.image.path
    try:
        loaded = load_image(path)
        faces, _ = faces_to_track(task.image, loaded)
    except ImageLoadError as error:
        return ImageRobustness(file, path, None, (), (), (str(error),))
    except ImageOptionsError as error:
        return ImageRobustness(file, path, None, (), (), (f"{path}: {NO_DEFAULT_DETECTOR.format(reason=error)}",))
    frame = parse_frame(task.frame)
    signals = measure_signals(loaded.image, faces)
    variants = perturbed_copies(loaded, faces, task.perturbations, task.seed)
    runs: list[PerturbedRun] = []
    outputs: list[OutputQuality] = []
    errors: list[str] = []
    for option in build_options(task.options):
        try:
            timed = timed_run(option, loaded, frame)
            clean = timed.result
            option_runs = [
                compare_run(option, clean, run_option(option, copy_image, frame), perturbed, faces,
                            loaded.original_size, task.rule, where)
                for where, perturbed, copy_image in variants
            ]
        except ImageOptionsError as error:
            errors.append(f"{path}: {option.name}: {error}")
            continue
        runs += option_runs
        outputs.append(dataclasses.replace(judge_output(option, clean, option_runs, signals, task.quality),
                                           latency_ms=timed.cpu_ms, wall_ms=timed.wall_ms,
                                           fallback=clean.fallback))
    return ImageRobustness(file, path, signals, tuple(outputs), tuple(runs), tuple(errors))


def perturbed_copies(
    loaded: LoadedImage, faces: Sequence[FloatBox], perturbations: Sequence[Perturbation], seed: int
) -> list[tuple[tuple[str, int, float | None], Perturbed, LoadedImage]]:
    """The clean image (severity 0) and every perturbation at every severity, as images the options take."""
    copies: list[tuple[tuple[str, int, float | None], Perturbed, LoadedImage]] = []
    for perturbation in perturbations:
        if perturbation.name == "occlude" and not faces:
            continue  # nothing to occlude
        copies.append(((perturbation.name, 0, None), Perturbed(loaded.image), loaded))
        for severity, level in enumerate(perturbation.levels, start=1):
            perturbed = perturb(loaded.image, perturbation.name, level, faces=faces, seed=seed * 1000 + severity)
            image = perturbed.image
            copies.append(((perturbation.name, severity, level), perturbed,
                           LoadedImage(image=image, source=loaded.source, sha256="", original_size=image.size)))
    return copies


def judge_output(
    option: ImageOption,
    clean: OptionResult,
    runs: Sequence[PerturbedRun],
    signals: QualitySignals,
    settings: QualitySettings,
) -> OutputQuality:
    """The clean output's flags: input quality, detector confidence, stability under mild perturbation."""
    reasons = list(input_reasons(signals, settings))
    score = None
    if option.kind == "ml":
        top = top_detection(clean.detections)
        score = top.score if top else 0.0
        if score < settings.min_detector_score:
            reasons.append(f"low detector confidence ({score:.2f} < {settings.min_detector_score:.2f})")
    mild = [run.iou for run in runs if run.perturbation in MILD_PERTURBATIONS and run.severity == 1]
    stability = min(mild, default=None)
    if stability is not None and stability < settings.min_stability_iou:
        reasons.append(f"unstable (crop IoU {stability:.2f} under mild perturbation)")
    return OutputQuality(
        option=option.name,
        latency_ms=round(clean.latency_ms, 3),
        detector_score=None if score is None else round(score, 6),
        stability_iou=stability,
        reasons=tuple(reasons),
    )


def _mean(values: Sequence[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return round(statistics.fmean(present), 6) if present else None


def summarise_curve(option: str, images: Sequence[ImageRobustness]) -> RobustnessSummary:
    """One option's mean IoU, retention change, score change and drift at each perturbation and severity."""
    runs = [run for image in images for run in image.runs if run.option == option]
    keys = list(dict.fromkeys((run.perturbation, run.severity) for run in runs))
    points = []
    for name, severity in keys:
        group = [run for run in runs if run.perturbation == name and run.severity == severity]
        points.append(CurvePoint(
            option=option,
            perturbation=name,
            severity=severity,
            level=group[0].level,
            images=len(group),
            mean_iou=round(statistics.fmean(run.iou for run in group), 6),
            mean_kept_change=_mean([run.kept_change for run in group]),
            faces=sum(run.faces for run in group),
            faces_cut=sum(run.faces_cut for run in group),
            mean_score_change=_mean([run.score_change for run in group]),
            mean_landmark_drift=_mean([run.landmark_drift for run in group]),
        ))
    outputs = [output for image in images for output in image.outputs if output.option == option]
    return RobustnessSummary(option, tuple(points), sum(o.unreliable for o in outputs), len(outputs),
                             sum(o.fallback is not None for o in outputs))


def measure_robustness(
    images: Sequence[ImageInput],
    options: Sequence[OptionSpec | str],
    *,
    frame: str = "0.56",
    perturbations: Sequence[Perturbation] = PERTURBATIONS,
    seed: int = 0,
    rule: RetentionRule | None = None,
    quality: QualitySettings | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RobustnessReport:
    """Robustness curves and reliability flags for each option over the images."""
    parse_frame(frame)
    specs = resolve_specs(options)
    names = tuple(spec.name for spec in specs)
    tasks = [
        RobustnessTask(image, specs, frame, rule or RetentionRule(), tuple(perturbations), seed,
                       quality or QualitySettings())
        for image in images
    ]
    results = tuple((executor or SerialExecutor()).map(measure_robustness_of_image, tasks, progress=progress))
    return RobustnessReport(
        frame=frame,
        seed=seed,
        perturbations=tuple(perturbations),
        images=results,
        summaries=tuple(summarise_curve(name, results) for name in names),
    )
