"""The synthetic images the manifest lists, as a table of recipes over its real photos."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from sample_images.cards import LabelledImage, side_by_side, tall_card, text_panel

UNKNOWN_RECIPE = "no recipe named {name!r} (known: {known})"
WRONG_INPUTS = "recipe {name!r} takes {expected}, the manifest gives {given}"


@dataclass(frozen=True)
class Recipe:
    """How to draw one synthetic image from named input photos."""

    inputs: tuple[str, ...]
    build: Callable[[Sequence[LabelledImage]], LabelledImage]


def _side_by_side(pictures: Sequence[LabelledImage]) -> LabelledImage:
    return side_by_side(pictures[0], pictures[1])


def _tall_card(pictures: Sequence[LabelledImage]) -> LabelledImage:
    return tall_card(pictures[0], pictures[1])


def _text_panel(pictures: Sequence[LabelledImage]) -> LabelledImage:
    return text_panel(pictures[0], ("BIG SALE", "50% OFF", "TODAY"))


# One line per synthetic image; the manifest's generated_by.recipe names a key here.
RECIPES: Mapping[str, Recipe] = MappingProxyType(
    {
        "side_by_side_obama_biden": Recipe(("obama.jpg", "biden.jpg"), _side_by_side),
        "tall_card_obama_top": Recipe(("obama.jpg", "biden.jpg"), _tall_card),
        "tall_card_biden_top": Recipe(("biden.jpg", "obama.jpg"), _tall_card),
        "text_panel_hopper": Recipe(("grace_hopper.jpg",), _text_panel),
    }
)


def recipe_for(name: str, inputs: Sequence[str]) -> Recipe:
    """The recipe called `name`, after checking the manifest lists the inputs it takes."""
    if name not in RECIPES:
        raise ValueError(UNKNOWN_RECIPE.format(name=name, known=", ".join(RECIPES)))
    recipe = RECIPES[name]
    if tuple(inputs) != recipe.inputs:
        raise ValueError(WRONG_INPUTS.format(name=name, expected=list(recipe.inputs), given=list(inputs)))
    return recipe
