"""`tcm scenario` and `tcm evaluate`: scenarios in, cost comparisons out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import costmodels
import limits
import templates
from costmodels import Evaluation, Evidence, Scenario, ScenarioError
from tcm import arguments

STDIN = "-"
NOT_UTF8 = "{source}: not UTF-8 text; expected scenario YAML"


def register(subparsers: Any) -> None:
    """Add the scenario commands to the `tcm` parser."""
    scenario = subparsers.add_parser("scenario", help="print a scenario as YAML, or list the decision templates")
    which = scenario.add_mutually_exclusive_group(required=True)
    which.add_argument("--default", action="store_true", help="the built-in timeline-cropping scenario")
    which.add_argument("--template", metavar="NAME", help="a template's default scenario (see --list-templates)")
    which.add_argument("--list-templates", action="store_true", help="the decision templates, one a line")
    scenario.set_defaults(handler=print_scenario)

    evaluate = subparsers.add_parser("evaluate", help="compare the options of a scenario")
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("scenario", nargs="?", help="a scenario YAML file, or - to read it from standard input")
    source.add_argument("--default", action="store_true", help="the built-in scenario")
    evaluate.add_argument("--draws", type=arguments.draws, default=costmodels.DEFAULT_DRAWS,
                          help="Monte Carlo draws (default %(default)s)")
    evaluate.add_argument("--seed", type=arguments.seed, default=costmodels.DEFAULT_SEED,
                          help="random seed (default %(default)s)")
    evaluate.add_argument("--evidence", action="append", default=[], metavar="FILE",
                          help="an evidence file from `tcm audit` (repeatable); measured lines use it")
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.set_defaults(handler=print_evaluation)


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value


def read_scenario(args: argparse.Namespace) -> Scenario | None:
    """The scenario named on the command line; None (with the problems on stderr) if invalid."""
    try:
        if args.default:
            return costmodels.default_scenario()
        if args.scenario == STDIN:
            return scenario_from_stdin()
        return costmodels.load_scenario(args.scenario)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return None


def scenario_from_stdin() -> Scenario:
    """A scenario piped in (`tcm scenario --template NAME | tcm evaluate -`), read no further than the limit."""
    data = limits.read_stream(sys.stdin.buffer, limits.SCENARIO_BYTES, "<stdin>")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([costmodels.Problem("", NOT_UTF8.format(source="<stdin>"))]) from None
    return costmodels.scenario_from_yaml(text, source="<stdin>")


def evidence_paths(args: argparse.Namespace, scenario: Scenario) -> list[Path]:
    """The scenario's own evidence files (relative to the scenario file, or to here for --default),
    then those named on the command line."""
    named = getattr(args, "scenario", None)
    base = Path(args.scenario).parent if named and named != STDIN else Path.cwd()
    # Files the scenario names stay inside its folder; those on the command line are the user's own choice.
    paths = [*costmodels.evidence_paths(scenario.evidence, base), *(Path(name) for name in args.evidence)]
    if len(paths) > limits.EVIDENCE_FILES.maximum:  # checked before any is read: 20 files of 20 MB take 40 s
        raise ScenarioError([costmodels.Problem("--evidence", limits.EVIDENCE_FILES.message(len(paths)))])
    return paths


def read_evidence(args: argparse.Namespace, scenario: Scenario) -> Evidence | None:
    """All the evidence files merged; None when there are none. Raises ScenarioError naming a
    file that cannot be read."""
    paths = evidence_paths(args, scenario)
    return costmodels.load_evidence(paths) if paths else None


def print_scenario(args: argparse.Namespace) -> int:
    """`tcm scenario --default | --template NAME | --list-templates`: a scenario as YAML, or the templates."""
    if args.list_templates:
        print(list_templates())
        return 0
    if args.template is not None:
        try:
            sys.stdout.write(templates.get_template(args.template).scenario_yaml())
        except templates.UnknownTemplateError as error:
            print(f"tcm scenario: {error}", file=sys.stderr)
            return 2
        return 0
    sys.stdout.write(costmodels.scenario_to_yaml(costmodels.default_scenario()))
    return 0


def list_templates() -> str:
    """One line per template: its name, what it decides, its unit and its `tcm audit` commands."""
    rows = []
    for template in templates.TEMPLATES.values():
        audits = ", ".join(f"tcm audit {name}" for name in template.audits) or "no audits"
        rows.append(f"{template.name:<20} {template.summary}")
        rows.append(f"{'':<20} volume in {template.units_a_day}; measured by {audits}")
    return "\n".join(rows)


def read_scenario_and_evidence(args: argparse.Namespace) -> tuple[Scenario, Evidence | None] | None:
    """The scenario and its merged evidence; None (the problem printed) when either cannot be read."""
    scenario = read_scenario(args)
    if scenario is None:
        return None
    try:
        return scenario, read_evidence(args, scenario)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return None


def print_evaluation(args: argparse.Namespace) -> int:
    """`tcm evaluate`: the comparison as a table or JSON; exit 2 on a bad scenario."""
    read = read_scenario_and_evidence(args)
    if read is None:
        return 2
    scenario, evidence = read
    units = templates.template_of(scenario).units
    evaluation = costmodels.evaluate(scenario, draws=args.draws, seed=args.seed, evidence=evidence, units=units)
    if args.json:
        print(json.dumps(evaluation.to_data(), indent=2))
    else:
        print(format_evaluation(scenario, evaluation))
    return 0


def format_evaluation(scenario: Scenario, evaluation: Evaluation) -> str:
    """A readable report of an evaluation for a terminal."""
    width = max(len(option.name) for option in evaluation.options)
    header = f"{'option':<{width}}  {'kind':<6}  {'likely':>9}  {'P10':>9}  {'P50':>9}  {'P90':>9}  {'P(cheapest)':>11}"
    rows = [
        f"{o.name:<{width}}  {o.kind:<6}  {_money(o.deterministic_usd)}  {_money(o.p10_usd)}  "
        f"{_money(o.p50_usd)}  {_money(o.p90_usd)}  {evaluation.p_cheapest[o.name]:>11.1%}"
        for o in evaluation.options
    ]
    lines = [
        scenario.question,
        f"Total cost of model over {scenario.horizon_years} years, present value in {scenario.currency} "
        f"at {scenario.discount_rate:.0%} ({evaluation.draws:,} draws, seed {evaluation.seed})",
        "",
        header,
        *rows,
        "",
        costmodels.verdict(evaluation),
        "",
        f"What matters most ({evaluation.tornado_basis}, {evaluation.tornado_range}):",
        *(f"  {bar.input:<{width + 30}} {_money(bar.low_usd)} .. {_money(bar.high_usd)}"
          for bar in evaluation.tornado[:5]),
    ]
    replaced = [line for line in evaluation.measured if line.replaced]
    kept = [line for line in evaluation.measured if not line.replaced]
    lines += ["", "Measured lines (evidence replaced the estimate):" if replaced else
              "All lines are estimates (attach evidence from `tcm audit ... --evidence FILE` to measure them)."]
    lines += [f"  {m.option}: {m.category}: {m.note}" for m in replaced]
    if kept:
        lines += ["", "Audited, the estimate kept:", *(f"  {m.option}: {m.category}: {m.note}" for m in kept)]
    for entry in evaluation.break_even:
        lines += ["", f"Break-even on {evaluation.break_even_basis}, {entry.option} vs {entry.versus}: "
                  f"{entry.volume_note}. {entry.benefit_needed()}"]
    return "\n".join(lines + information_lines(evaluation))


def information_lines(evaluation: Evaluation) -> list[str]:
    """What learning more is worth (the five inputs worth most) and how robust the choice is."""
    lines: list[str] = []
    information, robust = evaluation.value_of_information, evaluation.robustness
    if information is not None:
        lines += ["", information.sentence()]
        if information.enough_draws and information.evpi_usd > 0:
            lines += [f"Value of information ({information.basis}):",
                      f"  {'all inputs at once (EVPI)':<60} {_money(information.evpi_usd)}"
                      f" +/- {_money(information.evpi_standard_error_usd).strip()}"]
            lines += [f"  {worth.input[:60]:<60} {_money(worth.evppi_usd)} "
                      f"+/- {_money(worth.standard_error_usd).strip()}" for worth in information.evppi[:5]]
    if robust is not None:
        lines += ["", robust.sentence()]
        reachable = [point for point in robust.switch_points if point.within_range]
        if reachable:
            lines.append(f"Switch points ({robust.switch_basis}):")
            lines += [f"  {point.input[:60]:<60} holds while {point.span()}; beyond: {point.switches_to()} "
                      f"({point.chance_of_switch:.0%} chance)" for point in reachable[:5]]
    return lines


def _money(amount: float) -> str:
    return f"{amount:>9,.0f}" if abs(amount) < 1e6 else f"{amount / 1e6:>8,.2f}M"
