"""The report's section on what to find out before deciding and how robust the choice is."""

from __future__ import annotations

import charts
from costmodels import Evaluation, Scenario
from reports._document import Block, BulletList, Callout, Heading, Paragraph, Table

EVPI_IN_WORDS = ("The value of information is what the decision would save, on average, if an estimate were known "
                 "before choosing instead of after: an upper bound on what a study, a pilot or an audit that "
                 "measures it is worth. Perfect information about every estimate at once (EVPI) bounds them all.")


def money(amount: float) -> str:
    """Whole dollars with separators (as the report's other tables)."""
    return f"-${-amount:,.0f}" if amount < 0 else f"${amount:,.0f}"


def information_blocks(evaluation: Evaluation) -> tuple[Block, ...]:
    """The value-of-information ranking, the switch points and the dominated options."""
    blocks: list[Block] = []
    information = evaluation.value_of_information
    if information is not None:
        blocks += [Callout(information.sentence(charts.input_label)), Paragraph(EVPI_IN_WORDS)]
        if information.enough_draws:
            rows = [("every estimate at once (EVPI)", money(information.evpi_usd),
                     money(information.evpi_standard_error_usd))]
            rows += [(charts.input_label(worth.input), money(worth.evppi_usd), money(worth.standard_error_usd))
                     for worth in information.evppi]
            blocks.append(Table(f"Value of information, largest first ({information.basis})",
                                ("input", "worth knowing before deciding", "standard error"), tuple(rows),
                                (False, True, True)))
    robust = evaluation.robustness
    if robust is not None:
        blocks += [Heading("How robust the choice is"), Paragraph(robust.sentence(charts.input_label))]
        reachable = [point for point in robust.switch_points if point.within_range]
        if reachable:
            blocks.append(Table(
                f"Switch points ({robust.switch_basis})",
                ("input", "mean", "the choice holds while it is", "beyond that, the choice is", "chance it is beyond"),
                tuple((charts.input_label(point.input), point.in_units(point.mean), point.span(),
                       point.switches_to(), f"{point.chance_of_switch:.1%}") for point in reachable),
                (False, True, False, False, True)))
        blocks.append(Paragraph(f"{robust.steady_inputs} uncertain input(s) cannot change the choice anywhere in "
                                "their range."))
        if robust.dominated:
            blocks.append(Table(f"Dominated options ({robust.dominance_basis})", ("option", "costlier than"),
                                tuple((d.option, ", ".join(d.dominated_by)) for d in robust.dominated)))
    return tuple(blocks)


def correlation_blocks(scenario: Scenario) -> tuple[Block, ...]:
    """The inputs the scenario says move together, if any."""
    if not scenario.correlations:
        return ()
    return (Table("Inputs that move together (Spearman rank correlations; each input keeps its own distribution)",
                  ("input", "with", "rank correlation", "rationale"),
                  tuple((c.between[0], c.between[1], f"{c.rank:g}", " ".join(c.rationale.split()))
                        for c in scenario.correlations), (False, False, True, False)),
            BulletList(("Options draw a category from the same random numbers, so a pair holds for every "
                        "option's lines of those two categories.",)))
