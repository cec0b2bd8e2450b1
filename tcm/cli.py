"""The `tcm` command: adapts arguments to the libraries, prints results, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import limits
from costmodels import ScenarioError, ShareLinkError
from tcm import (
    __version__,
    audit_commands,
    cards_commands,
    crop_commands,
    manifest_commands,
    report_commands,
    scenario_commands,
    share_commands,
)

# One line per command group: each module has `register(subparsers)`, which sets `handler`.
COMMAND_MODULES = (scenario_commands, crop_commands, manifest_commands, audit_commands, cards_commands,
                   report_commands, share_commands)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every `tcm` sub-command."""
    parser = argparse.ArgumentParser(prog="tcm", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tcm {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `tcm` command and return its exit status (2 for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except BrokenPipeError:  # `tcm ... | head` closed the pipe: not an error
        return 0
    except (ScenarioError, ShareLinkError, limits.LimitError) as error:
        # Input refused by a library (a limit, a scenario problem) after the command's own checks.
        print(f"tcm: {error}", file=sys.stderr)
        return 2
    except MemoryError:
        print("tcm: out of memory; the input is larger than this machine can hold (see README, Limits)",
              file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
