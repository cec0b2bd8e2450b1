"""One home for what a reader sees of an option or a category: its name in words, its colour, its line.

The dashboard, the charts and the reports all ask here, so an option is called and coloured the same
on every page and in every report: the scenario's name for it (never the image option's machine
name), warm colours for ML options, cool ones for the rest, and a line style of its own so two
options with identical numbers still show as two lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from costmodels import Evaluation, Scenario
from imageoptions import ImageOption

# Okabe & Ito (2008), safe for the common colour-vision deficiencies. Warm for ML (orange first: the
# winner is never drawn red), cool for the rest.
ML_COLOURS = ("#E69F00", "#CC79A7", "#D55E00")
NON_ML_COLOURS = ("#0072B2", "#009E73", "#56B4E9", "#000000", "#999999", "#F0E442")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")


@dataclass(frozen=True)
class OptionStyle:
    """How one option is drawn and named everywhere."""

    name: str
    is_ml: bool
    colour: str
    dash: str
    marker: str

    @property
    def label(self) -> str:
        """The name with "(ML)" after it for an ML option: the legend's words."""
        return f"{self.name} (ML)" if self.is_ml else self.name


def option_styles(options: Iterable[tuple[str, bool]]) -> dict[str, OptionStyle]:
    """A style per (name, is ML) in order: ML options take warm colours in turn, the others cool ones;
    every option its own dash and marker."""
    styles: dict[str, OptionStyle] = {}
    counts = {True: 0, False: 0}
    for index, (name, is_ml) in enumerate(options):
        palette = ML_COLOURS if is_ml else NON_ML_COLOURS
        colour = palette[counts[is_ml] % len(palette)]
        counts[is_ml] += 1
        styles[name] = OptionStyle(name, is_ml, colour, DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)])
    return styles


def evaluation_styles(evaluation: Evaluation) -> dict[str, OptionStyle]:
    """The style of each option of an evaluation, keyed by its name (scenario order)."""
    return option_styles((option.name, option.kind == "ml") for option in evaluation.options)


def scenario_styles(scenario: Scenario) -> dict[str, OptionStyle]:
    """The style of each option of a scenario, keyed by its name: the same as its evaluation's."""
    return option_styles((option.name, option.kind.value == "ml") for option in scenario.options)


def image_option_styles(scenario: Scenario | None, image_options: Sequence[ImageOption]) -> dict[str, OptionStyle]:
    """The style of each image option, keyed by its machine name, named as the scenario names it.

    Image options the scenario uses come first, in scenario order, so they take the colours they have
    on the Decision page; the others follow, under their own labels."""
    by_name = {option.name: option for option in image_options}
    named = [(o.implementation, o.name, o.kind.value == "ml") for o in (scenario.options if scenario else ())
             if o.implementation in by_name]
    used = {machine for machine, _, _ in named}
    named += [(o.name, o.label, o.kind == "ml") for o in image_options if o.name not in used]
    styles = option_styles((display, is_ml) for _, display, is_ml in named)
    return {machine: styles[display] for machine, display, _ in named}


def display_names(scenario: Scenario | None, image_options: Sequence[ImageOption]) -> dict[str, str]:
    """Each image option's machine name -> the name a reader sees (the scenario's option name, else its label)."""
    return {machine: style.name for machine, style in image_option_styles(scenario, image_options).items()}


def category_label(category: str) -> str:
    """A cost category in words: "reputation_risk" -> "reputation risk".

    >>> category_label("data_labelling (benefit)")
    'data labelling (benefit)'
    """
    return category.replace("_", " ")


def input_label(name: str) -> str:
    """A tornado input in words: "ML smart crop: reputation_risk probability" -> "ML smart crop: reputation risk
    probability" (the option's own name is left as the scenario wrote it).

    >>> input_label("Center crop: model_risk impact")
    'Center crop: model risk impact'
    """
    owner, separator, rest = name.partition(": ")
    return f"{owner}{separator}{category_label(rest)}" if separator else category_label(name)
