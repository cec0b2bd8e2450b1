"""The registry: the template folder of every name the scenario reader accepts, found by name."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType

from costmodels import NOT_A_TEMPLATE, TEMPLATE_NAMES, Scenario
from templates._template import Template

# The names live in costmodels (the reader refuses any other; it cannot import this package): a new template
# is its folder here plus its name there.
TEMPLATES: Mapping[str, Template] = MappingProxyType({
    name: importlib.import_module(f"templates.{name}").TEMPLATE for name in TEMPLATE_NAMES
})
"""Every template by name, in gallery order."""

DEFAULT_TEMPLATE = "image_cropping"


class UnknownTemplateError(ValueError):
    """A template name no row of the registry has."""


def template_names() -> tuple[str, ...]:
    """The templates' names, in gallery order."""
    return tuple(TEMPLATES)


def get_template(name: str) -> Template:
    """The template called `name`; UnknownTemplateError lists the known ones.

    >>> get_template("blank").units.plural
    'units'
    """
    try:
        return TEMPLATES[name]
    except KeyError:
        raise UnknownTemplateError(NOT_A_TEMPLATE.format(name=repr(name)[:80])) from None


def template_of(scenario: Scenario) -> Template:
    """The template a scenario names; a name no template has reads as `blank` (its words are neutral)."""
    return TEMPLATES.get(scenario.template, TEMPLATES["blank"])
