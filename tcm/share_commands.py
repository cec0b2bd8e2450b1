"""`tcm share`: the dashboard link for a scenario and its settings, so a script can post it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import costmodels
from costmodels import SharedState, ShareLinkError
from tcm import arguments
from tcm.scenario_commands import read_scenario_and_evidence

DEFAULT_BASE_URL = "http://localhost:8501"
# The dashboard's own limits and defaults (dashboard/settings.py; a test keeps the two equal): a link
# outside them would open with a warning instead of these numbers.
MIN_DRAWS, MAX_DRAWS = 1_000, 1_000_000
DEFAULT_ASPECT = "0.56"
DRAWS_OUT_OF_RANGE = "{value} is not from {low:,} to {high:,}"


def register(subparsers: Any) -> None:
    """Add `tcm share` to the `tcm` parser."""
    share = subparsers.add_parser("share", help="print the dashboard link (?s=...) for a scenario and its settings")
    source = share.add_mutually_exclusive_group(required=True)
    source.add_argument("scenario", nargs="?", help="a scenario YAML file")
    source.add_argument("--default", action="store_true", help="the built-in scenario")
    share.add_argument("--draws", type=draws, default=costmodels.DEFAULT_DRAWS,
                       help="Monte Carlo draws (default %(default)s)")
    share.add_argument("--seed", type=arguments.seed, default=costmodels.DEFAULT_SEED,
                       help="random seed (default %(default)s)")
    share.add_argument("--evidence", action="append", default=[], metavar="FILE",
                       help="an evidence file from `tcm audit` (repeatable): the link carries its measurements")
    share.add_argument("--base-url", default=DEFAULT_BASE_URL,
                       help="where the dashboard is served (default %(default)s)")
    share.set_defaults(handler=print_share_link)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def draws(text: str) -> int:
    """An argparse type: draws within the dashboard's limits."""
    value = _whole_number(text)
    if not MIN_DRAWS <= value <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(DRAWS_OUT_OF_RANGE.format(value=value, low=MIN_DRAWS, high=MAX_DRAWS))
    return value


def share_link(state: SharedState, base_url: str) -> str:
    """The link that opens the dashboard's Decision page on exactly this state.

    >>> share_link(SharedState(costmodels.default_scenario()), "http://tcm.example/").startswith(
    ...     "http://tcm.example/?s=2.")
    True
    """
    return f"{base_url.rstrip('/')}/?s={costmodels.encode_share_token(state)}"


def print_share_link(args: argparse.Namespace) -> int:
    """`tcm share SCENARIO.yaml`: print the dashboard link; bad input exits with status 2."""
    read = read_scenario_and_evidence(args)
    if read is None:
        return 2
    scenario, evidence = read
    settings = {"draws": args.draws, "seed": args.seed, "aspect": DEFAULT_ASPECT}
    try:
        link = share_link(SharedState(scenario, settings, evidence), args.base_url)
    except ShareLinkError as error:  # longer than any link may be: the YAML file itself is what to share
        print(f"tcm share: {error} (here: {args.scenario or 'tcm scenario --default'})", file=sys.stderr)
        return 2
    print(link)
    return 0
