"""`tcm report`: a scenario (and any evidence and images) in, a decision report file out.

The format follows the extension of --out: .html (one self-contained file), .pdf (that HTML
printed by headless chromium), .md (for a wiki or a pull request) or .yaml (the scenario,
re-importable). Exit status: 0 on success; 1 when the PDF cannot be printed or the file cannot
be written; 2 for bad input (unknown extension, bad scenario, evidence or image folder).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

import costmodels
import limits
import reports
import templates
from costmodels import Scenario, ScenarioError
from imageoptions import Frame, FrameError, builtin_options, parse_frame
from reports import EvidenceFileError, PdfUnavailableError, UnknownFormatError
from tcm import arguments
from tcm.scenario_commands import evidence_paths, read_scenario

DEFAULT_ASPECT = "0.56"  # the default question's 16:9 preview, as height / width
NO_CROP_GRID = "tcm report: --images ignored: the {template} template has no crop grid"
NO_IMAGE_OPTIONS = "tcm report: no option of the scenario names a built-in image option; cropping with all of them"


def register(subparsers: Any) -> None:
    """Add `tcm report` to the `tcm` command."""
    parser = subparsers.add_parser(
        "report", help="write a decision report (.html, .pdf, .md or .yaml)", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("scenario", nargs="?", help="a scenario YAML file")
    source.add_argument("--default", action="store_true", help="the built-in scenario")
    parser.add_argument("--images", type=Path, metavar="DIR", help="crop every image in DIR with each option")
    parser.add_argument("--evidence", action="append", default=[], type=Path, metavar="E.json",
                        help="a measured-evidence file (repeatable)")
    parser.add_argument("--draws", type=arguments.draws, default=costmodels.DEFAULT_DRAWS,
                        help="Monte Carlo draws (default %(default)s)")
    parser.add_argument("--seed", type=arguments.seed, default=costmodels.DEFAULT_SEED,
                        help="random seed (default %(default)s)")
    parser.add_argument("--aspect", default=DEFAULT_ASPECT, metavar="0.56|1.0|1.14|2.0|original|WxH",
                        help="the frame for the crop grid (default %(default)s)")
    parser.add_argument("--decision", metavar="TEXT", help="the decision the meeting took, to record")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.(html|pdf|md|yaml)")
    parser.set_defaults(handler=write_report)


def regenerating_command(args: argparse.Namespace) -> str:
    """The `tcm report` command line that rebuilds this report, with every default made explicit."""
    words = ["tcm", "report", "--default" if args.default else args.scenario]
    if args.images is not None:
        words += ["--images", str(args.images), "--aspect", args.aspect]
    for path in args.evidence:
        words += ["--evidence", str(path)]
    words += ["--draws", str(args.draws), "--seed", str(args.seed)]
    if args.decision:
        words += ["--decision", args.decision]
    return shlex.join([*words, "--out", str(args.out)])


def write_report(args: argparse.Namespace) -> int:
    """The `tcm report` handler: returns the exit status."""
    try:
        report_format = reports.format_of(args.out)
        frame = parse_frame(args.aspect)
    except (UnknownFormatError, FrameError) as error:
        print(f"tcm report: {error}", file=sys.stderr)
        return 2
    scenario = read_scenario(args)
    if scenario is None:
        return 2
    problem = arguments.output_problem(args.out, inputs=report_inputs(args, scenario))
    if problem is not None:
        print(f"tcm report: --out {problem}", file=sys.stderr)
        return 2
    report = None
    if report_format != "yaml":
        report = build(args, scenario, frame)
        if report is None:
            return 2
    try:
        content = reports.render_report(report, scenario, report_format)
        limits.write_file(args.out, content)
    except PdfUnavailableError as error:
        print(f"tcm report: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"tcm report: cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(content):,} bytes)")
    return 0


def report_inputs(args: argparse.Namespace, scenario: Scenario) -> list[tuple[str, Path]]:
    """The files the report is made from, which --out must not overwrite."""
    named = [] if args.default else [("the scenario", Path(args.scenario))]
    try:
        paths = evidence_paths(args, scenario)
    except ScenarioError:  # a bad evidence name: `build` reports it
        paths = [Path(name) for name in args.evidence]
    return named + [("an evidence file", path) for path in paths]


def build(args: argparse.Namespace, scenario: Scenario, frame: Frame) -> reports.Report | None:
    """Evaluate the scenario with its evidence and build the report; None (problems on stderr) on bad input."""
    try:
        paths = evidence_paths(args, scenario)
        files = [reports.read_evidence_file(path) for path in paths]
        measured = costmodels.load_evidence(paths) if paths else None
        images = reports.image_files(args.images) if args.images is not None else ()
    except (EvidenceFileError, ValueError, OSError) as error:
        print(f"tcm report: {error}", file=sys.stderr)
        return None
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return None
    template = templates.template_of(scenario)
    if images and not template.measures_crops:
        print(NO_CROP_GRID.format(template=template.name), file=sys.stderr)
    elif images and not any(o.implementation in builtin_option_names() for o in scenario.options):
        print(NO_IMAGE_OPTIONS, file=sys.stderr)
    evaluation = costmodels.evaluate(scenario, draws=args.draws, seed=args.seed, evidence=measured,
                                     units=template.units)
    return reports.assemble_report(scenario, evaluation, command=regenerating_command(args), images=images,
                                   frame=frame, evidence=files, decision=args.decision)


def builtin_option_names() -> set[str]:
    """The names of the built-in image options."""
    return {option.name for option in builtin_options()}
