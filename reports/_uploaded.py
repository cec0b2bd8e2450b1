"""Bring-your-own ONNX options in a report: the team's model named by its descriptor, file and sha256."""

from __future__ import annotations

from collections.abc import Sequence

from costmodels import Scenario
from imageoptions import OptionSpec
from reports._document import Block, Heading, Paragraph, Table

NO_MODEL_CARD = "supplied by the team, no model card"
NOT_RERUN = ("The report's command does not rebuild this option's crops: `tcm crop --descriptor {descriptor}` runs "
             "it, with its model beside the descriptor.")


def uploaded_options(options: Sequence[OptionSpec]) -> tuple[OptionSpec, ...]:
    """The bring-your-own options among `options` (built-ins have model cards of their own)."""
    return tuple(spec for spec in options if not spec.is_builtin)


def uploaded_users(spec: OptionSpec, scenario: Scenario) -> str:
    """The scenario options that run this uploaded option (matched by the option's implementation)."""
    users = [option.name for option in scenario.options if option.implementation == spec.name]
    return ", ".join(users) or "no option of this scenario (measured in the audits)"


def uploaded_model_blocks(options: Sequence[OptionSpec], scenario: Scenario) -> tuple[Block, ...]:
    """Per bring-your-own option: its descriptor, model file and sha256, and that no model card comes with it."""
    blocks: list[Block] = []
    for spec in uploaded_options(options):
        facts = (
            ("used by", uploaded_users(spec, scenario)),
            ("descriptor", f"{spec.descriptor_file} (name {spec.name})"),
            ("model file", spec.model_file),
            ("model sha256", spec.model_sha256),
            ("model card", NO_MODEL_CARD),
        )
        blocks += [Heading(f"{spec.name}: {NO_MODEL_CARD}"),
                   Table(f"{spec.name}: provenance and use", ("field", "value"), facts),
                   Paragraph(NOT_RERUN.format(descriptor=spec.descriptor_file))]
    return tuple(blocks)


def uploaded_model_rows(options: Sequence[OptionSpec]) -> tuple[tuple[str, str, str], ...]:
    """The uploaded models as rows of the report's table of model files: name, file, sha256.

    >>> spec = OptionSpec("team_boxes", "name: team_boxes", "team.yaml", "/tmp/model.onnx", "a" * 64, "team.onnx")
    >>> uploaded_model_rows([OptionSpec("center_crop"), spec])
    (('team_boxes', 'team.onnx', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),)
    """
    return tuple((spec.name, spec.model_file, spec.model_sha256) for spec in uploaded_options(options))
