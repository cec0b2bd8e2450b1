"""The registry: every template as one row of an explicit table, found by name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from costmodels import Scenario
from templates import blank, image_cropping, virtual_background
from templates._template import Template

TEMPLATES: Mapping[str, Template] = MappingProxyType({
    template.name: template
    for template in (image_cropping.TEMPLATE, virtual_background.TEMPLATE, blank.TEMPLATE)
})
"""Every template by name, in gallery order."""

DEFAULT_TEMPLATE = "image_cropping"
UNKNOWN_TEMPLATE = "unknown template {name}; expected one of {known}"


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
        raise UnknownTemplateError(UNKNOWN_TEMPLATE.format(name=repr(name)[:80], known=", ".join(TEMPLATES))) from None


def template_of(scenario: Scenario) -> Template:
    """The template a scenario names; a name no template has reads as `blank` (its words are neutral)."""
    return TEMPLATES.get(scenario.template, TEMPLATES["blank"])
