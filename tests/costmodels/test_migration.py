"""Files and links written by version 1 (cropping-only words) open unchanged in version 2."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import costmodels
from costmodels import Fixed, LineKind, ScenarioError, decode_share_token, scenario_from_data
from costmodels._migrate import migrate_version_1

VERSION_1 = Path(__file__).parents[1] / "fixtures" / "version1"
EXAMPLES = sorted((Path(__file__).parents[2] / "docs" / "examples").glob("*.json"))


def test_version_1_default_scenario_reads_as_the_image_cropping_template() -> None:
    # The file costmodels/default_scenario.yaml held at version 1, copied before the rename.
    old = costmodels.load_scenario(VERSION_1 / "default_scenario.yaml")
    assert old.template == "image_cropping"
    # Version 2 adds only the ML option's `model:` card name (for reports) to the default.
    new = costmodels.default_scenario()
    assert old == replace(new, options=tuple(replace(option, model=None) for option in new.options))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_version_1_scenario_with_each_example_evidence_evaluates_as_version_2(example: Path) -> None:
    old = costmodels.load_scenario(VERSION_1 / "default_scenario.yaml")
    evidence = costmodels.load_evidence([example])
    before = costmodels.evaluate(old, draws=2000, seed=3, evidence=evidence)
    after = costmodels.evaluate(costmodels.default_scenario(), draws=2000, seed=3, evidence=evidence)
    assert [o.mean_usd for o in before.options] == [o.mean_usd for o in after.options]
    assert before.measured == after.measured


def share_links() -> dict[str, dict[str, Any]]:
    links: dict[str, dict[str, Any]] = json.loads((VERSION_1 / "share_links.json").read_text())
    return links


@pytest.mark.parametrize("name", list(share_links()))
def test_version_1_share_link_opens_with_the_same_numbers(name: str) -> None:
    # Tokens made by the version-1 encoder (git 3513dcd), with the means it evaluated then.
    link = share_links()[name]
    state = decode_share_token(link["token"])
    assert link["token"].startswith("1.")
    assert state.scenario.template == "image_cropping"
    result = costmodels.evaluate(state.scenario, draws=2000, seed=1, evidence=state.evidence)
    assert {o.name: o.mean_usd for o in result.options} == link["means_usd_2000_draws_seed_1"]


def test_version_1_share_link_keeps_its_edit_variant_and_evidence() -> None:
    state = decode_share_token(share_links()["edited_with_evidence_and_variant"]["token"])
    assert state.scenario.volume.units_per_day == Fixed(1_000_000)
    assert state.scenario.options[1].costs[1].estimate == Fixed(12345)
    assert list(state.variants) == ["original"]
    new = costmodels.default_scenario()
    assert state.variants["original"] == replace(new, options=tuple(replace(o, model=None) for o in new.options))
    assert state.evidence is not None and set(state.evidence.metrics) == {"fixed_crop"}
    assert state.settings == {"draws": 5000, "seed": 7}


def test_migrate_version_1_renames_every_image_word() -> None:
    data = {"schema_version": 1, "volume": {"images_per_day": 10, "yearly_growth": 0.1},
            "levels": {"per_image": {"low": 1}},
            "options": [{"name": "A", "image_option": "fixed_crop",
                         "benefits": [{"category": "x", "kind": "per_image", "estimate": 1}]}]}
    assert migrate_version_1(data) == {
        "schema_version": 2, "template": "image_cropping", "volume": {"units_per_day": 10, "yearly_growth": 0.1},
        "levels": {"per_unit": {"low": 1}},
        "options": [{"name": "A", "implementation": "fixed_crop",
                     "benefits": [{"category": "x", "kind": "per_unit", "estimate": 1}]}]}


def test_version_1_per_image_line_reads_as_per_unit() -> None:
    data = yaml.safe_load((VERSION_1 / "default_scenario.yaml").read_text())
    data["options"][0]["benefits"] = [{"category": "engagement", "kind": "per_image", "estimate": 1e-7}]
    assert scenario_from_data(data).options[0].benefits[0].kind is LineKind.PER_UNIT


def test_version_1_problems_name_the_fields_as_version_1_wrote_them() -> None:
    data = yaml.safe_load((VERSION_1 / "default_scenario.yaml").read_text())
    data["volume"]["images_per_day"] = "lots"
    data["options"][0]["image_option"] = 5
    data["options"][0]["benefits"] = [{"category": "engagement", "estimate": 1}]
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert str(error.value).splitlines() == [
        "volume.images_per_day: 'lots' is text; expected a number of units a day from 0 to 1e12",
        "options[0].benefits[0].kind: missing; category 'engagement' is not built in, so say one_off, per_year, "
        "per_image or risk",
        "options[0].image_option: 5 is a number; expected non-empty text",
    ]


def test_version_2_file_names_its_template_and_neutral_words() -> None:
    text = costmodels.scenario_to_yaml(costmodels.default_scenario())
    assert text.startswith("schema_version: 2\ntemplate: image_cropping\n")
    assert "units_per_day:" in text and "implementation: face_crop_centerface" in text
    assert "images_per_day" not in text and "image_option" not in text


@pytest.mark.parametrize("version", [True, 1.0, "1", 3])
def test_only_the_whole_number_1_reads_as_version_1(version: object) -> None:
    data = yaml.safe_load((VERSION_1 / "default_scenario.yaml").read_text())
    data["schema_version"] = version
    with pytest.raises(ScenarioError, match=r"^schema_version: .* is not supported; expected 1 or 2$"):
        scenario_from_data(data)
