"""Tables for what to learn before deciding and how robust the choice is (Decision page and reports)."""

from __future__ import annotations

import pandas as pd

from charts._style import input_label
from costmodels import Evaluation

INFORMATION_ROWS = 10  # the inputs worth most; the rest are worth less than the last shown


def information_table(evaluation: Evaluation, *, rows: int = INFORMATION_ROWS) -> pd.DataFrame:
    """What knowing each input before deciding is worth, largest first, with all of them at once on top."""
    information = evaluation.value_of_information
    if information is None or not information.enough_draws:
        return pd.DataFrame(columns=["input", "worth knowing (USD)", "standard error (USD)"]).set_index("input")
    records = [{"input": "every estimate at once (EVPI)", "worth knowing (USD)": information.evpi_usd,
                "standard error (USD)": information.evpi_standard_error_usd}]
    records += [{"input": input_label(worth.input), "worth knowing (USD)": worth.evppi_usd,
                 "standard error (USD)": worth.standard_error_usd} for worth in information.evppi[:rows]]
    return pd.DataFrame(records).set_index("input")


def switch_table(evaluation: Evaluation, *, rows: int = INFORMATION_ROWS) -> pd.DataFrame:
    """The inputs whose own range can change the choice, likeliest switch first."""
    robust = evaluation.robustness
    points = [point for point in (robust.switch_points if robust else ()) if point.within_range][:rows]
    return pd.DataFrame(
        [{"input": input_label(point.input), "the choice holds while it is": point.span(),
          "beyond that, the choice is": point.switches_to(), "chance it is beyond": point.chance_of_switch}
         for point in points],
        columns=["input", "the choice holds while it is", "beyond that, the choice is", "chance it is beyond"],
    ).set_index("input")
