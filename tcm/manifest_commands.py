"""`tcm manifest from-csv`: a team's images and labels CSV to a checked manifest.

The CSV has one row per face: `file`, optional `left, top, right, bottom` (stored pixels, right and
bottom exclusive) and any grouping columns (a perceived skin tone, or whatever the team audits).
With `--detect`, BlazeFace full range proposes a box where a row has none and for each image
without a row; proposed boxes are written with `box_source: proposed` until a person confirms them
(edit the manifest to `confirmed`, or use the dashboard's Audit set page); audits leave them out.
Exit status: 0 when the set has no problem; 1 when the manifest was written but problems were
found (each printed as `file, row N: problem`); 2 when the input cannot be read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import auditsets
import limits
from auditsets import AuditSetError, Labelling
from imageoptions import ImageOptionsError
from measurements import IMAGE_SUFFIXES
from tcm import arguments

NO_FOLDER = "--images {folder}: not a folder"
CANNOT_READ = "{path}: cannot read ({problem})"
CANNOT_WRITE = "--out {path}: cannot write the manifest ({problem})"


def register(subparsers: Any) -> None:
    """Add `tcm manifest` and its sub-commands to the `tcm` parser."""
    manifest = subparsers.add_parser("manifest", help="make a manifest for your own images",
                                     description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = manifest.add_subparsers(dest="manifest_command", required=True)
    from_csv = commands.add_parser("from-csv", help="a labels CSV and a folder of images to a checked manifest")
    from_csv.add_argument("labels", type=Path, metavar="LABELS.csv")
    from_csv.add_argument("--images", type=Path, required=True, metavar="DIR", help="the folder of images")
    from_csv.add_argument("--out", type=Path, required=True, metavar="YAML", help="the manifest to write")
    from_csv.add_argument("--detect", action="store_true",
                          help="propose boxes (BlazeFace full range) for rows without one and images without rows")
    from_csv.add_argument("--labelled-by", default="not recorded", metavar="TEXT",
                          help="who labelled the faces (recorded in the manifest and every report)")
    from_csv.add_argument("--rules", default="not recorded", metavar="TEXT",
                          help="the labelling rules the labellers followed")
    from_csv.set_defaults(handler=run_from_csv)


def run_from_csv(args: argparse.Namespace) -> int:
    """Build, check and write the manifest; print every problem by file and row."""
    if not args.images.is_dir():
        return fail(NO_FOLDER.format(folder=args.images))
    inputs = [("LABELS.csv", args.labels)]
    if args.out.suffix.lower() in IMAGE_SUFFIXES:  # an image of the set, written over, would be lost too
        inputs.append(("an image in --images", args.images / args.out.name))
    refused = arguments.output_problem(args.out, inputs=inputs)
    if refused is not None:
        return fail(f"--out {refused}")
    try:
        labels = auditsets.read_labels(limits.read_file(args.labels, limits.LABELS_CSV_BYTES), args.labels.name)
        detector = None
        if args.detect:
            from imageoptions.registry import build_blazeface

            detector = build_blazeface()
        audit_set = auditsets.build_audit_set(args.images, labels, detector=detector,
                                              labelling=Labelling(args.labelled_by, args.rules))
    except OSError as error:
        return fail(CANNOT_READ.format(path=error.filename or args.labels, problem=error.strerror))
    except (AuditSetError, limits.LimitError, ImageOptionsError) as error:
        return fail(error)
    try:
        auditsets.write_manifest(audit_set, args.out)
    except OSError as error:
        return fail(CANNOT_WRITE.format(path=args.out, problem=error.strerror or error))
    problems = audit_set.problems()
    faces = len(auditsets.usable_rows(audit_set))
    print(f"{args.out}: {len(audit_set.images)} images, {faces} faces, {len(problems)} problems")
    for problem in problems:
        print(f"tcm manifest from-csv: {problem}", file=sys.stderr)
    return 1 if problems else 0


def fail(message: object) -> int:
    """Report input that cannot be read and return exit status 2."""
    print(f"tcm manifest from-csv: {message}", file=sys.stderr)
    return 2
