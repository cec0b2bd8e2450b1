"""`tcm audit`: measure the image options: face retention, pairwise survival, robustness, head retention.

Images default to the built-in sample set and its manifest. Exit status: 0 when everything
was measured; 1 when some images (or options on them) failed, each reported on stderr while
the rest are still measured; 2 for bad arguments (a missing folder or manifest column, an
unknown group or option, a folder with no images).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import auditsets
import evidence
import measurements
import sample_images
from imageoptions import (
    FrameError,
    ImageOptionsError,
    OptionSpec,
    descriptor_spec,
    option_names,
    parse_frame,
    resolve_specs,
)
from imageoptions.masks import mask_option_names
from measurements import (
    Evidence,
    Executor,
    GroupComparison,
    GroupSurvival,
    HeadRetentionReport,
    ImageInput,
    MeasurementError,
    PairAudit,
    ProcessPool,
    RetentionReport,
    RetentionRule,
    RobustnessReport,
    SerialExecutor,
)
from sample_images import Manifest, ManifestError
from tcm import __version__, arguments

ENGINES = ("serial", "pool", "ray")
RAY_ONLY = "--ray-address and --ray-dashboard need --engine ray"
CARDS_AND_IMAGES = "--cards audits cards built beforehand; it takes no --images, --manifest, --group or --pairs"
PAIRS_NEED_MANIFEST = "--images without --manifest: the pairs audit needs annotated faces and their groups"
MISSING_FILE = "{path}: listed in the manifest but not found; its faces are left out"
CANNOT_WRITE_EVIDENCE = "--evidence {path}: cannot write the evidence file ({problem}); the results above are not saved"


def register(subparsers: Any) -> None:
    """Add `tcm audit` and its sub-commands to the `tcm` parser."""
    audit = subparsers.add_parser("audit", help="measure the image options on images", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = audit.add_subparsers(dest="audit_command", required=True)

    retention = commands.add_parser("retention", help="how much of each face each option keeps")
    add_common(retention, default_aspect="0.56")
    retention.set_defaults(handler=run_retention)

    pairs = commands.add_parser("pairs", help="pairwise survival audit: which of two faces the crop keeps")
    add_common(pairs, default_aspect=None)
    pairs.add_argument("--group-by", default="monk_skin_tone", metavar="COLUMN",
                       help="manifest face column to group by (default: monk_skin_tone, bucketed 1-3/4-6/7-10)")
    pairs.add_argument("--group", dest="groups", action="append", default=[], metavar="NAME",
                       help="compare only these groups (repeatable; all by default)")
    pairs.add_argument("--protocol", choices=measurements.PROTOCOLS, default="tall-card")
    pairs.add_argument("--pairs", type=positive_int, default=20, metavar="N", help="pairs to sample (default 20)")
    pairs.add_argument("--seed", type=arguments.seed, default=0, help="sampling seed (default 0)")
    pairs.add_argument("--no-sweep", dest="sweep", action="store_false", help="skip the brittleness sweep")
    pairs.add_argument("--cards", type=Path, metavar="LIST",
                       help="audit cards built beforehand (`tcm cards`): their Parquet or CSV list; baseline only")
    pairs.add_argument("--results", type=Path, metavar="DIR",
                       help="results folder of Parquet shards; a rerun with the same arguments resumes it "
                            "(default: OUT.results beside --evidence OUT.json, else a temporary folder)")
    pairs.add_argument("--min-faces", type=at_least_two, default=evidence.MIN_FACES, metavar="N",
                       help="distinct faces each group needs before a comparison is measured and may drive a cost "
                            f"(default {evidence.MIN_FACES})")
    pairs.set_defaults(handler=run_pairs)

    robustness = commands.add_parser("robustness", help="crop stability under blur, JPEG, noise, light, scale...")
    add_common(robustness, default_aspect="0.56")
    robustness.add_argument("--perturbation", dest="perturbations", action="append", default=[], metavar="NAME",
                            help="a perturbation to apply (repeatable; all by default: "
                                 f"{', '.join(p.name for p in measurements.PERTURBATIONS)})")
    robustness.add_argument("--seed", type=arguments.seed, default=0, help="noise seed (default 0)")
    robustness.set_defaults(handler=run_robustness)

    heads = commands.add_parser(
        "head-retention",
        help="person-mask options: heads kept by perceived skin tone, mask IoU, dim light / backlight / noise",
    )
    heads.add_argument("--manifest", type=Path, metavar="YAML",
                       help="a manifest with person_outlines (default: the sample manifest; its composites come "
                            "from `python -m sample_images.prepare`)")
    heads.add_argument("--option", dest="options", action="append", default=[], metavar="NAME",
                       help=f"a mask option to measure (repeatable; all by default: {', '.join(mask_option_names())})")
    heads.add_argument("--min-faces", type=at_least_two, default=evidence.MIN_FACES, metavar="N",
                       help=f"faces each group needs before it is measured (default {evidence.MIN_FACES})")
    heads.add_argument("--no-robustness", dest="robustness", action="store_false",
                       help="skip the dim-light, backlight and noise runs")
    heads.add_argument("--workers", type=positive_int, metavar="N", help="worker processes (default: all cores)")
    heads.add_argument("--json", action="store_true", help="machine-readable output")
    heads.add_argument("--evidence", "--evidence-out", dest="evidence", type=Path, metavar="OUT.json",
                       help="also write an evidence file")
    heads.set_defaults(handler=run_head_retention, images=None)


def add_common(parser: argparse.ArgumentParser, *, default_aspect: str | None) -> None:
    """The arguments every audit takes."""
    parser.add_argument("--images", type=Path, metavar="DIR", help="folder of images (default: the sample set)")
    parser.add_argument("--manifest", type=Path, metavar="YAML",
                        help="face annotations (default: the sample manifest when --images is not given)")
    parser.add_argument("--aspect", type=frame_text, default=default_aspect, metavar="0.56|1.0|1.14|2.0|original|WxH",
                        help=f"target frame (default {default_aspect or '1.0 side-by-side, 0.56 tall-card'})")
    parser.add_argument("--option", dest="options", action="append", default=[], metavar="NAME",
                        help=f"an option to measure (repeatable; all by default: {', '.join(option_names())})")
    parser.add_argument("--descriptor", dest="descriptors", action="append", default=[], type=Path, metavar="YAML",
                        help="a bring-your-own ONNX model descriptor; adds its option beside the built-ins "
                             "(repeatable)")
    parser.add_argument("--threshold", type=share, default=0.9, metavar="SHARE",
                        help="a face is cut below this share of its box kept (default 0.9)")
    parser.add_argument("--workers", type=positive_int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--engine", choices=ENGINES, default="pool",
                        help="serial (one process), pool (local worker processes, the default) or ray "
                             "(a local Ray, or the cluster at --ray-address; needs the [ray] extra)")
    parser.add_argument("--ray-address", metavar="ADDRESS", help="join this Ray cluster (with --engine ray)")
    parser.add_argument("--ray-dashboard", action="store_true",
                        help="start Ray's dashboard and print its address (with --engine ray)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--evidence", type=Path, metavar="OUT.json", help="also write an evidence file")


def frame_text(text: str) -> str:
    """argparse type for --aspect: the frame's label, checked."""
    try:
        return parse_frame(text).label
    except FrameError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_int(text: str) -> int:
    """argparse type for a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def at_least_two(text: str) -> int:
    """argparse type for a whole number of at least 2."""
    if not text.isdigit() or int(text) < 2:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 2")
    return int(text)


def share(text: str) -> float:
    """argparse type for a share in (0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not in (0, 1]")
    return value


def fail(command: str, message: object) -> int:
    """Report a bad argument and return exit status 2."""
    print(f"tcm audit {command}: {message}", file=sys.stderr)
    return 2


def read_manifest(args: argparse.Namespace) -> Manifest | None:
    """The manifest named, or the built-in one when no folder is named either."""
    if args.manifest is not None:
        return sample_images.load_manifest(args.manifest)  # a ManifestError names the file and the fault
    return sample_images.load_manifest() if args.images is None else None


def images_folder(args: argparse.Namespace, manifest: Manifest | None) -> Path:
    """--images, else the manifest's own folder, else the sample set."""
    if args.images is not None:
        return Path(args.images)
    return manifest.folder if manifest is not None else sample_images.images_dir()


def chosen_specs(args: argparse.Namespace) -> tuple[OptionSpec, ...]:
    """The options to measure: --option names among the built-ins and the --descriptor options (all by default)."""
    return resolve_specs(args.options, [descriptor_spec(path) for path in args.descriptors])


def choose_executor(args: argparse.Namespace, items: int, specs: Sequence[OptionSpec]) -> Executor:
    """The --engine: serial; a process pool over the cores (serial for tiny jobs); or Ray. Workers load the
    models up front."""
    initializer = functools.partial(measurements.warm_up, tuple(specs))
    if args.engine != "ray" and (args.ray_address or args.ray_dashboard):
        raise MeasurementError(RAY_ONLY)
    if args.engine == "ray":
        return measurements.RayExecutor(args.workers, address=args.ray_address, initializer=initializer,
                                        dashboard=args.ray_dashboard)
    pool = ProcessPool(args.workers, initializer=initializer)
    if args.engine == "serial" or pool.workers == 1 or items <= pool.workers:
        return SerialExecutor()
    return pool


@contextlib.contextmanager
def running(executor: Executor) -> Iterator[Executor]:
    """Start the engine (Ray: local or the cluster, its dashboard address printed when on), stop it after."""
    if not isinstance(executor, measurements.RayExecutor):
        yield executor
        return
    with executor:
        if executor.dashboard_url:
            print(f"Ray dashboard: {executor.dashboard_url}", file=sys.stderr)
        yield executor


def progress_printer() -> Callable[[int, int], None] | None:
    """A progress line on stderr when it is a terminal: done/total, rate and time left."""
    if not sys.stderr.isatty():
        return None
    started: list[float] = []
    first: list[int] = []

    def show(done: int, total: int) -> None:
        if not started:  # the first call reports the cards already done (a resumed run)
            started.append(time.monotonic())
            first.append(done)
        line = measurements.progress_line(done, total, time.monotonic() - started[0], already=first[0])
        print(f"\r{line}   ", end="\n" if done == total else "", file=sys.stderr, flush=True)

    return show


def reproduce(args: argparse.Namespace, folder: Path, manifest: Manifest | None, extra: Sequence[str]) -> str:
    """The exact `tcm audit` command that reproduces this run, every setting spelled out."""
    # The built-in sample set is the default: left out, so no local path of this machine is recorded.
    words = ["tcm", "audit", args.audit_command]
    if args.images is not None:
        words += ["--images", shown_path(folder)]
    if args.manifest is not None and manifest is not None:
        words += ["--manifest", shown_path(manifest.path)]
    if args.aspect is not None:
        words += ["--aspect", args.aspect]
    for path in args.descriptors:
        words += ["--descriptor", shown_path(path)]
    for name in args.options:
        words += ["--option", name]
    # Worker count changes timings (workers share the cores), never the measured crops.
    words += ["--threshold", str(args.threshold), *extra, "--workers", str(args.workers or os.cpu_count() or 1)]
    return shlex.join(words)


def output_problem(args: argparse.Namespace) -> str | None:
    """Why --evidence (or the pairs audit's results folder) cannot be written, checked before the audit starts."""
    inputs = [(f"--{name}", path) for name in ("manifest", "cards") if (path := getattr(args, name, None))]
    inputs += [("--descriptor", path) for path in getattr(args, "descriptors", ())]
    if args.evidence is not None:
        problem = arguments.output_problem(args.evidence, inputs=inputs)
        if problem is not None:
            return f"--evidence {problem}"
    results = getattr(args, "results", None) or (args.evidence.with_suffix(".results")
                                                 if args.audit_command == "pairs" and args.evidence else None)
    if results is not None:
        problem = arguments.output_problem(results, folder=True, inputs=inputs)
        if problem is not None:
            return f"results folder {problem}"
    return None


def finish(args: argparse.Namespace, data: object, text: str, errors: Sequence[str], evidence: Evidence | None) -> int:
    """Print the result, write the evidence, report errors; 1 when any image failed or the evidence could not be
    written (the summary is printed first, so it is never lost)."""
    print(json.dumps(measurements.to_plain(data), indent=2) if args.json else text)
    if evidence is not None and args.evidence is not None:
        try:
            measurements.write_evidence(args.evidence, evidence)
        except OSError as failure:
            errors = [*errors, CANNOT_WRITE_EVIDENCE.format(path=args.evidence, problem=failure.strerror or failure)]
    for error in errors:
        print(f"tcm audit {args.audit_command}: {error}", file=sys.stderr)
    return 1 if errors else 0


def prepare_images(args: argparse.Namespace) -> tuple[Path, Manifest | None, tuple[ImageInput, ...]]:
    """The folder, the manifest and each image with its annotated faces."""
    manifest = read_manifest(args)
    folder = images_folder(args, manifest)
    return folder, manifest, measurements.annotate(measurements.discover_images(folder), manifest)


def run_retention(args: argparse.Namespace) -> int:
    """`tcm audit retention`."""
    if (problem := output_problem(args)) is not None:
        return fail("retention", problem)
    try:
        specs = chosen_specs(args)
        folder, manifest, images = prepare_images(args)
        rule = RetentionRule(min_kept_share=args.threshold)
        with running(choose_executor(args, len(images), specs)) as executor:
            report = measurements.measure_retention(images, specs, frame=args.aspect, rule=rule, executor=executor,
                                                    progress=progress_printer())
    except (MeasurementError, ManifestError, ImageOptionsError) as error:
        return fail("retention", error)
    evidence = None
    if args.evidence is not None:
        evidence = measurements.retention_evidence(report, command=reproduce(args, folder, manifest, []),
                                                   tcm_version=__version__, options=specs)
    data = {"frame": report.frame, "rule": report.rule, "machine": measurements.this_machine(),
            "options": report.summaries, "images": report.images, "errors": report.errors}
    return finish(args, data, format_retention(report), report.errors, evidence)


def run_pairs(args: argparse.Namespace) -> int:
    """`tcm audit pairs`: streamed to a results folder of Parquet shards on any engine, resumable."""
    if args.cards is not None and (args.images is not None or args.manifest is not None or args.groups):
        return fail("pairs", CARDS_AND_IMAGES)
    if args.images is not None and args.manifest is None:
        return fail("pairs", PAIRS_NEED_MANIFEST)
    if (problem := output_problem(args)) is not None:
        return fail("pairs", problem)
    missing: list[str] = []
    try:
        specs = chosen_specs(args)
        faces: tuple[measurements.FaceRef, ...] = ()
        manifest: Manifest | None = None
        if args.cards is not None:
            folder = args.cards.parent
            cards = measurements.read_card_list(args.cards, args.protocol)
        else:
            folder, manifest, faces, missing = pair_faces(args)
            cards = None
        extra = pairs_arguments(args)
        command = reproduce(args, folder, manifest, extra)
        with results_folder(args) as results, \
                running(choose_executor(args, 2 * args.pairs if cards is None else len(cards), specs)) as executor:
            run = measurements.stream_pairs(
                faces, specs, measurements.default_layout(args.protocol), results, pairs=args.pairs, seed=args.seed,
                frame=args.aspect, rule=RetentionRule(min_kept_share=args.threshold), sweep=args.sweep,
                column=args.group_by, min_faces=args.min_faces, executor=executor, progress=progress_printer(),
                cards=cards,
            )
    except (MeasurementError, ManifestError, ImageOptionsError) as error:
        return fail("pairs", error)
    errors = [MISSING_FILE.format(path=path) for path in missing] + list(run.errors)
    record = None
    if args.evidence is not None:
        labels = None if manifest is None else auditsets.label_provenance(
            manifest, args.group_by, "the sample set" if args.manifest is None else shown_path(args.manifest))
        record = measurements.pairs_run_evidence(run, command=command, tcm_version=__version__,
                                                 evidence_path=args.evidence, options=specs, labels=labels)
    data = {"protocol": run.protocol, "frame": run.frame, "group_by": run.column, "seed": run.seed,
            "min_faces": run.min_faces, "pairs": len(run.pairs), "cards": run.cards, "measured": run.measured,
            "results": shown_path(run.results.path) if args.results or args.evidence else None,
            "results_sha256": run.results.sha256,
            "machine": measurements.this_machine(), "options": run.summaries, "examples": run.examples,
            "errors": errors}
    return finish(args, data, format_pairs(run), errors, record)


def pair_faces(args: argparse.Namespace) -> tuple[Path, Manifest | None, tuple[measurements.FaceRef, ...], list[str]]:
    """The folder, manifest and annotated faces to pair (faces whose photo is missing left out and listed)."""
    manifest = read_manifest(args)
    assert manifest is not None  # read_manifest returns one whenever --images is absent
    folder = images_folder(args, manifest)
    if not folder.is_dir():
        raise MeasurementError(f"{folder}: not a folder")
    # Absolute photo paths in the card plan: Ray workers do not share this working folder.
    faces = measurements.group_faces(manifest, args.group_by, groups=args.groups, folder=folder.resolve())
    missing = sorted({face.path for face in faces if not Path(face.path).is_file()})
    faces = tuple(face for face in faces if face.path not in missing)
    if len({face.group for face in faces}) < 2:
        raise MeasurementError(f"fewer than two groups have faces in {folder}")
    return folder, manifest, faces, missing


def pairs_arguments(args: argparse.Namespace) -> list[str]:
    """The pairs audit's own arguments, spelled out for the reproducing command."""
    if args.cards is not None:
        return ["--cards", shown_path(args.cards), "--protocol", args.protocol, "--min-faces", str(args.min_faces)]
    return ["--group-by", args.group_by, *[w for g in args.groups for w in ("--group", g)],
            "--protocol", args.protocol, "--pairs", str(args.pairs), "--seed", str(args.seed),
            "--min-faces", str(args.min_faces), *([] if args.sweep else ["--no-sweep"])]


@contextlib.contextmanager
def results_folder(args: argparse.Namespace) -> Iterator[Path]:
    """--results, else OUT.results beside --evidence OUT.json (a rerun resumes either), else a temporary folder."""
    if args.results is not None or args.evidence is not None:
        yield args.results or args.evidence.with_suffix(".results")
        return
    with tempfile.TemporaryDirectory(prefix="tcm-pairs-") as scratch:
        yield Path(scratch)


def shown_path(path: Path) -> str:
    """A path as commands and evidence show it: relative to the working folder, never absolute."""
    return Path(os.path.relpath(Path(path).resolve())).as_posix()


def run_robustness(args: argparse.Namespace) -> int:
    """`tcm audit robustness`."""
    try:
        perturbations = measurements.select_perturbations(args.perturbations)
    except ValueError as error:
        return fail("robustness", error)
    if (problem := output_problem(args)) is not None:
        return fail("robustness", problem)
    try:
        specs = chosen_specs(args)
        folder, manifest, images = prepare_images(args)
        with running(choose_executor(args, len(images), specs)) as executor:
            report = measurements.measure_robustness(
                images, specs, frame=args.aspect, perturbations=perturbations, seed=args.seed,
                rule=RetentionRule(min_kept_share=args.threshold), executor=executor, progress=progress_printer(),
            )
    except (MeasurementError, ManifestError, ImageOptionsError) as error:
        return fail("robustness", error)
    evidence = None
    if args.evidence is not None:
        extra = [*[w for p in args.perturbations for w in ("--perturbation", p)], "--seed", str(args.seed)]
        evidence = measurements.robustness_evidence(report, command=reproduce(args, folder, manifest, extra),
                                                    tcm_version=__version__, options=specs)
    data = {"frame": report.frame, "seed": report.seed, "machine": measurements.this_machine(),
            "options": report.summaries, "images": report.images, "errors": report.errors}
    return finish(args, data, format_robustness(report), report.errors, evidence)


def run_head_retention(args: argparse.Namespace) -> int:
    """`tcm audit head-retention`."""
    if (problem := output_problem(args)) is not None:
        return fail("head-retention", problem)
    try:
        manifest = read_manifest(args)
        assert manifest is not None  # head-retention takes no --images: the manifest is always read
        items = len(args.options or mask_option_names()) * len(manifest.images)
        pool = ProcessPool(args.workers, initializer=functools.partial(measurements.warm_up_masks, tuple(args.options)))
        executor: Executor = SerialExecutor() if pool.workers == 1 or items <= pool.workers else pool
        report = measurements.measure_head_retention(manifest, args.options, executor=executor,
                                                     robustness=args.robustness, min_faces=args.min_faces,
                                                     progress=progress_printer())
    except (MeasurementError, ManifestError, ImageOptionsError) as error:
        return fail("head-retention", error)
    errors = [error for summary in report.summaries for error in summary.errors]
    record = None
    if args.evidence is not None:
        words = ["tcm", "audit", "head-retention",  # the sample manifest is the default; a path is never absolute
                 *([] if args.manifest is None else ["--manifest", shown_path(manifest.path)]),
                 *[w for name in args.options for w in ("--option", name)], "--min-faces", str(args.min_faces),
                 *([] if args.robustness else ["--no-robustness"])]
        record = measurements.head_retention_evidence(report, command=shlex.join(words), tcm_version=__version__)
    data = {"min_faces": report.min_faces, "head_above_share": report.head_above_share,
            "kept_share": report.kept_share, "machine": measurements.this_machine(), "options": report.summaries,
            "images": report.images, "errors": errors}
    return finish(args, data, format_head_retention(report), errors, record)


def format_head_retention(report: HeadRetentionReport) -> str:
    """Per mask option: heads kept, mask IoU, each group's mean head retention (or why not), gaps, robustness."""
    lines = [f"Head retention of person masks on {len(report.images)} outlined photos: per face, the smaller kept "
             f"share of its box and of the band {report.head_above_share:g} box-heights above it (both within the "
             f"hand-drawn outline); a head is kept at {report.kept_share:.0%}. Faces are the unit, at least "
             f"{report.min_faces} per group to measure."]
    for s in report.summaries:
        kept = _rate(s.heads_kept.count, s.heads_kept.n, s.heads_kept.ci_low, s.heads_kept.ci_high)
        iou = "-" if s.mean_iou is None else f"{s.mean_iou:.3f}"
        ms = "-" if s.latency_ms_median is None else f"{s.latency_ms_median:.0f} ms"
        lines += ["", f"{s.option}: heads kept {kept}; mask IoU {iou} over {s.n_images} images; CPU {ms} median"]
        for g in s.groups:
            mean = "-" if g.mean_head_retention is None else f"{g.mean_head_retention:.3f}"
            face_word = "face" if g.n_faces == 1 else "faces"
            lines.append(f"  {g.group:<14} {g.n_faces} {face_word}, mean head retention {mean}"
                         + (f": {g.note}" if g.note else f" (standard error {g.standard_error:.3f})"))
        for gap in s.gaps:
            verdict = gap.note if gap.note else f"standard error {gap.standard_error:.3f}"
            lines.append(f"  {gap.groups[0]} - {gap.groups[1]}: {gap.gap:+.3f}; {verdict}")
        if s.perturbed_mean_iou:
            iou_cells = ", ".join(f"{name} {'-' if v is None else f'{v:.3f}'}" for name, v in s.perturbed_mean_iou)
            head_cells = ", ".join(f"{name} {'-' if v is None else f'{v:.3f}'}"
                                   for name, v in s.perturbed_head_retention)
            lines.append(f"  robustness: mask IoU {iou_cells}; mean head retention {head_cells}")
    return "\n".join(lines)


def _rate(count: int, n: int, low: float, high: float) -> str:
    return f"{count}/{n} ({low:.0%}-{high:.0%})" if n else "0/0"


def fallback_note(fallbacks: int, runs: int, reasons: Sequence[str], unit: str) -> str:
    """' (fell back to centre crop on 40 of 40 cards)' when the option fell back, else ''.

    >>> fallback_note(40, 40, ["no face found: centre crop"], "cards"), fallback_note(0, 12, [], "images")
    (' (fell back to centre crop on 40 of 40 cards)', '')
    """
    if not fallbacks:
        return ""
    targets = sorted({reason.rpartition(": ")[2] for reason in reasons}) or ["another crop"]
    return f" (fell back to {' or '.join(targets)} on {fallbacks} of {runs} {unit})"


def format_retention(report: RetentionReport) -> str:
    """Per option: images and faces cut with 95% intervals (faces clustered by image), fallbacks, CPU time."""
    lines = [f"Face retention at frame {report.frame} (cut: under {report.rule.min_kept_share:.0%} kept, or top cut)",
             f"{'option':<22} {'images cut (95% CI)':<22} {'faces cut (95% CI)':<22} {'CPU ms p50':>10}"]
    for s in report.summaries:
        ms = f"{s.latency_ms.p50:10.1f}" if s.latency_ms else f"{'-':>10}"
        images = _rate(s.images_cut.count, s.images_cut.n, s.images_cut.ci_low, s.images_cut.ci_high)
        faces = _rate(s.faces_cut.count, s.faces_cut.n, s.faces_cut.ci_low, s.faces_cut.ci_high)
        note = fallback_note(s.fallbacks, s.runs, s.fallback_reasons, "images")
        lines.append(f"{s.option:<22} {images:<22} {faces:<22} {ms}{note}")
    lines.append(f"Faces on one image share its crop: the faces' interval is clustered by image. "
                 f"CPU time on {measurements.this_machine().describe()}.")
    return "\n".join(lines)


def format_group(group: GroupSurvival) -> str:
    """One group row: decided cards and distinct faces, and its face-clustered survival rate or why not."""
    counts = f"{group.n_cards} decided cards, {group.n_faces} face{'s' if group.n_faces != 1 else ''}"
    if not group.enough_faces:
        return f"  {group.group:<14} {counts}: {group.note}"
    return f"  {group.group:<14} kept in {_rate(group.wins, group.n, group.ci_low, group.ci_high)} ({counts})"


def format_comparison(comparison: GroupComparison) -> str:
    """One head-to-head row: wins, ties, nones, and the gap with its face-clustered interval or why not."""
    c = comparison
    line = f"  {c.first} vs {c.second}: {c.first_wins}-{c.second_wins} (ties {c.ties}, none {c.nones}); "
    if not c.enough_faces or c.gap is None:
        return line + c.note
    line += f"gap {c.gap:+.2f} ({c.gap_ci_low:+.2f} to {c.gap_ci_high:+.2f}), faces {c.n_faces[0]} and {c.n_faces[1]}"
    return line + ("  FLAG: ratio outside 0.8-1.25" if c.flagged else "")


def cards_text(audit: PairAudit | measurements.PairRun) -> str:
    """'20 pairs x 2 orders', or '2000 cards built beforehand' for a run over a card list."""
    if audit.pairs:
        return f"{len(audit.pairs)} pairs x 2 orders"
    return f"{audit.cards if isinstance(audit.cards, int) else len(audit.cards)} cards built beforehand"


def format_pairs(audit: PairAudit | measurements.PairRun) -> str:
    """Per option: outcomes, fallbacks, group survival, comparisons, position bias and the sweep's flip rate."""
    lines = [f"Pairwise survival, {audit.protocol} at frame {audit.frame}, groups by {audit.column}, "
             f"{cards_text(audit)} (seed {audit.seed}); faces are the unit, "
             f"at least {audit.min_faces} per group to measure"]
    for s in audit.summaries:
        o = s.outcomes
        flip = "-" if s.sweep.flip_rate is None else f"{s.sweep.flip_rate:.0%}"
        bias = s.position_bias
        position = _rate(bias.first_wins, bias.decided, bias.ci_low, bias.ci_high)
        fell_back = fallback_note(s.fallbacks, s.cards, s.fallback_reasons, "cards")
        lines += ["", f"{s.option}{fell_back}: first {o.first}, second {o.second}, tie {o.tie}, none {o.none}; "
                      f"first-position wins {position}; sweep flips {flip}"]
        lines += [format_group(g) for g in s.groups]
        lines += [format_comparison(c) for c in s.comparisons]
    return "\n".join(lines)


def format_robustness(report: RobustnessReport) -> str:
    """Per option: mean crop IoU at the strongest severity of each perturbation, unreliable outputs, fallbacks."""
    lines = [f"Robustness at frame {report.frame}: mean crop IoU against the clean crop at the strongest severity"]
    for s in report.summaries:
        strongest: dict[str, float] = {}
        for point in s.curve:
            strongest[point.perturbation] = point.mean_iou
        cells = ", ".join(f"{name} {iou:.2f}" for name, iou in strongest.items())
        fell_back = f"; fell back on {s.fallbacks} of {s.outputs} clean runs" if s.fallbacks else ""
        lines.append(f"{s.option:<22} unreliable {s.unreliable}/{s.outputs}{fell_back}; {cells}")
    return "\n".join(lines)
