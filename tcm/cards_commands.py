"""`tcm cards`: build N audit cards from a manifest's faces, streamed to disk, for scale tests.

Writes DIR/cards/card-NNNNNNNN.jpg and DIR/cards.parquet (the card list `tcm audit pairs --cards`
reads). Exit status: 0 when written; 2 for bad arguments (a missing manifest or column, --n over
the limit).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import limits
import measurements
import sample_images
from sample_images import ManifestError
from tcm import arguments
from tcm.audit_commands import positive_int, progress_printer, shown_path


def register(subparsers: Any) -> None:
    """Add `tcm cards` to the `tcm` parser."""
    cards = subparsers.add_parser("cards", help="build N audit cards (both protocols) for scale tests",
                                  description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cards.add_argument("--n", type=positive_int, required=True, metavar="N",
                       help=f"cards to build (at most {limits.show(limits.GENERATED_CARDS.maximum)})")
    cards.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the cards to")
    cards.add_argument("--manifest", type=Path, metavar="YAML", help="face annotations (default: the sample set)")
    cards.add_argument("--group-by", default="monk_skin_tone", metavar="COLUMN", help="manifest face column")
    cards.add_argument("--protocol", choices=[*measurements.PROTOCOLS, "both"], default="both",
                       help="card layout: both in turn (default), tall-card or side-by-side")
    cards.add_argument("--seed", type=arguments.seed, default=0, help="pair order seed (default 0)")
    cards.set_defaults(handler=run_cards)


def run_cards(args: argparse.Namespace) -> int:
    """`tcm cards`."""
    inputs = [] if args.manifest is None else [("--manifest", args.manifest)]
    problem = arguments.output_problem(args.out, folder=True, inputs=inputs)
    if problem is not None:
        print(f"tcm cards: --out {problem}", file=sys.stderr)
        return 2
    try:
        limits.check(limits.GENERATED_CARDS, args.n, "--n")
        manifest = sample_images.load_manifest(args.manifest) if args.manifest else sample_images.load_manifest()
        faces = measurements.group_faces(manifest, args.group_by)
        protocols = measurements.PROTOCOLS if args.protocol == "both" else (args.protocol,)
        made = measurements.generate_cards(faces, args.n, args.out, protocols=protocols, seed=args.seed,
                                           progress=progress_printer())
    except (measurements.MeasurementError, ManifestError, limits.LimitError) as error:
        print(f"tcm cards: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"tcm cards: cannot write to {args.out} ({error.strerror})", file=sys.stderr)
        return 2
    counts = ", ".join(f"{count} {protocol}" for protocol, count in made.per_protocol)
    print(f"{made.cards} cards ({counts}) listed in {shown_path(made.list_path)}")
    return 0
