"""Every hostile scenario, link and estimate the issue observed, paired with the exact error it gives."""

from __future__ import annotations

import base64
import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml

import costmodels
import limits
from costmodels import (
    ScenarioError,
    SharedState,
    ShareLinkError,
    decode_share_token,
    encode_share_token,
    estimate_from_text,
    evidence_from_data,
    evidence_paths,
    load_scenario,
    scenario_from_data,
    scenario_from_yaml,
)
from costmodels._budget import simulation_cells
from costmodels._share import _DICTIONARIES
from tests.costmodels.conftest import two_option_data

HORIZON_WHY = limits.HORIZON_YEARS.why


def problems_of(data: object) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        scenario_from_data(data)
    return [str(problem) for problem in raised.value.problems]


def yaml_problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        scenario_from_yaml(text)
    return [str(problem) for problem in raised.value.problems]


def token_of(payload: object | bytes) -> str:
    text = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARIES["1"])
    return "1." + base64.urlsafe_b64encode(compressor.compress(text) + compressor.flush()).decode().rstrip("=")


def link_error(token: str) -> str:
    with pytest.raises(ShareLinkError) as raised:
        decode_share_token(token)
    return str(raised.value)


# ---- numbers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("horizon", "expected"), [
    (1000, f"horizon_years: 1,000 years is above the limit of 50 years ({HORIZON_WHY})"),
    (10**30, f"horizon_years: 1e+30 years is above the limit of 50 years ({HORIZON_WHY})"),
    (0, f"horizon_years: 0 years is below the minimum of 1 years ({HORIZON_WHY})"),
    (1e30, "horizon_years: 1e+30 is a number; expected a whole number from 1 to 50"),
])
def test_scenario_from_data_horizon_outside_its_limit_names_value_and_limit(horizon: object, expected: str) -> None:
    data = two_option_data()
    data["horizon_years"] = horizon
    assert problems_of(data) == [expected]


@pytest.mark.parametrize(("estimate", "expected"), [
    (1e308, "1e+308 is out of range; expected an amount from 0 to 1e15"),
    (1e308 * 10, "inf is not a finite number; expected an amount from 0 to 1e15"),
    (2**1100, f"{str(2**1100)[:37]}... is not a finite number; expected an amount from 0 to 1e15"),
    (float("nan"), "nan is not a finite number; expected an amount from 0 to 1e15"),
])
def test_scenario_from_data_overflowing_amounts_are_refused_with_their_path(estimate: object, expected: str) -> None:
    data = two_option_data()
    data["options"][0]["costs"][0]["estimate"] = estimate
    assert problems_of(data) == [f"options[0].costs[0].estimate: {expected}"]


def test_volume_grown_past_its_limit_over_the_horizon_is_refused() -> None:
    """Each number within its limit, together they made totals of 1e78 where every option came out equal."""
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["volume"]["yearly_growth"], data["horizon_years"] = 10, 50
    assert problems_of(data) == [
        "volume.yearly_growth: a growth of 10 a year over 50 years takes the volume to 2.67e+59 units a day in the "
        "last year, above the limit of 1e+12"]
    data["horizon_years"] = 5  # 250M x 11^4: 3.7e12, still past it; 4 years keep under it
    assert len(problems_of(data)) == 1
    data["horizon_years"] = 4
    assert scenario_from_data(data).horizon_years == 4


@pytest.mark.parametrize(("variants", "expected"), [
    ({f"v{n}": None for n in range(21)},
     f"the share link holds too many variants: 21 variants is above the limit of 20 variants ({limits.VARIANTS.why})"),
    ({"x" * 101: None}, "the share link's variant name 'xxxx"),
])
def test_share_link_variants_within_their_limits(variants: dict[str, None], expected: str) -> None:
    scenario = costmodels.default_scenario()
    token = encode_share_token(SharedState(scenario, variants={name: scenario for name in variants}))
    with pytest.raises(ShareLinkError) as raised:
        decode_share_token(token)
    assert str(raised.value).startswith(expected)


def test_scenario_from_yaml_integer_beyond_any_float_is_refused() -> None:
    text = yaml.safe_dump(two_option_data()).replace("estimate: 1000", "estimate: 1" + "0" * 400)
    assert yaml_problems(text) == [
        "options[0].costs[0].estimate: 1000000000000000000000000000000000000... is not a finite number; "
        "expected an amount from 0 to 1e15"]


def test_scenario_from_yaml_integer_of_5000_digits_is_refused_not_raised() -> None:
    text = yaml.safe_dump(two_option_data()).replace("estimate: 1000", "estimate: 1" + "0" * 5000)
    problems = yaml_problems(text)
    assert len(problems) == 1 and problems[0].startswith("line 1: Exceeds the limit (4300 digits)")


def test_estimate_from_text_number_no_float_holds_is_an_error_not_a_crash() -> None:
    with pytest.raises(ScenarioError, match=r"^'1e1000000' is not an estimate; expected a number"):
        estimate_from_text("1e1000000")


@pytest.mark.parametrize("text", ["-5M / -1M / 2M", "-3", " -1.5k"])
def test_estimate_from_text_negative_numbers_say_so(text: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        estimate_from_text(text)
    assert str(raised.value) == (f"{text.strip()!r} has a negative number; estimates are 0 or more (a saving is a "
                                 "benefit line; a smaller cost, a smaller estimate)")


def test_estimate_from_text_very_long_text_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"is 5,000 characters; an estimate is at most 200"):
        estimate_from_text("9" * 5000)


# ---- YAML ------------------------------------------------------------------------------------------

def test_scenario_from_yaml_alias_bomb_is_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    start = time.perf_counter()
    assert yaml_problems(bomb) == ["line 1: anchors and aliases (&, *) are not allowed in a scenario"]
    assert time.perf_counter() - start < 1


def test_scenario_from_yaml_deep_nesting_stops_at_the_limit() -> None:
    assert yaml_problems("[" * 5000 + "]" * 5000) == [
        "line 1: nesting is too deep: 21 levels is above the limit of 20 levels "
        f"({limits.NESTING_DEPTH.why})"]


def test_scenario_from_yaml_duplicate_keys_are_refused_with_their_path() -> None:
    text = yaml.safe_dump(two_option_data(), sort_keys=False)
    text = text.replace("- category: development\n    estimate: 1000\n",
                        "- category: development\n    estimate: 1000\n    estimate: 5\n")
    text += "question: Again?\n"
    assert yaml_problems(text) == [
        "options[0].costs[0].estimate: line 14: the key 'estimate' appears twice; expected each key once",
        "question: line 22: the key 'question' appears twice; expected each key once",
    ]


def test_scenario_from_yaml_larger_than_the_limit_is_refused_before_parsing() -> None:
    text = "question: " + "x" * limits.SCENARIO_BYTES.maximum
    assert yaml_problems(text) == [
        f"1,000,010 bytes is above the limit of 1,000,000 bytes ({limits.SCENARIO_BYTES.why})"]


def test_load_scenario_reads_no_further_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (limits.SCENARIO_BYTES.maximum + 10))
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert str(raised.value) == (f"{path}: more than 1,000,001 bytes is above the limit of 1,000,000 bytes "
                                 f"({limits.SCENARIO_BYTES.why})")


# ---- sizes and text --------------------------------------------------------------------------------

def test_scenario_from_data_too_many_options_and_lines_are_counted_first() -> None:
    data = two_option_data()
    line = {"category": "development", "estimate": 1}
    data["options"] = [{"name": f"o{i}", "kind": "ml", "costs": [line] * 41} for i in range(21)]
    assert problems_of(data)[:3] == [
        f"options: 21 options is above the limit of 20 options ({limits.OPTIONS.why})",
        f"options[0]: 41 lines is above the limit of 40 lines ({limits.LINES_PER_OPTION.why})",
        f"options[1]: 41 lines is above the limit of 40 lines ({limits.LINES_PER_OPTION.why})",
    ]
    assert problems_of(data)[-1] == f"options: 861 lines is above the limit of 200 lines ({limits.LINES_TOTAL.why})"


@pytest.mark.parametrize(("where", "value", "expected"), [
    (("question",), "q" * 501,
     f"question: text is too long: 501 characters is above the limit of 500 characters ({limits.QUESTION_CHARS.why})"),
    (("options", 0, "name"), "n" * 101,
     f"options[0].name: text is too long: 101 characters is above the limit of 100 characters "
     f"({limits.NAME_CHARS.why})"),
    (("question",), "bad \ud800 text",
     "question: text holds a lone surrogate (such as \\ud800); expected valid Unicode"),
])
def test_scenario_from_data_text_over_its_limit_names_field_and_limit(
    where: tuple[Any, ...], value: str, expected: str
) -> None:
    data = two_option_data()
    parent: Any = data
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    assert problems_of(data) == [expected]


# ---- evaluation size -------------------------------------------------------------------------------

def test_simulation_cells_counts_options_inputs_and_risk_years() -> None:
    # 2 options (x3: totals, sorted, expected given the estimates), 1 volume, 3 plain inputs:
    # development#0, maintenance#0, compute#0; horizon 2.
    scenario = scenario_from_data(two_option_data())
    assert simulation_cells(scenario, 10) == 10 * (1 + 6 + 3)


def test_evaluate_too_many_draws_is_refused_before_allocating() -> None:
    with pytest.raises(ScenarioError) as raised:
        costmodels.evaluate(costmodels.default_scenario(), draws=10**9)
    assert str(raised.value) == (
        f"draws: 1,000,000,000 draws is above the limit of 1,000,000 draws ({limits.DRAWS.why})")


def test_evaluate_draws_x_risk_years_over_the_budget_names_the_largest_draws() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["horizon_years"] = 50
    scenario = scenario_from_data(data)
    with pytest.raises(ScenarioError, match=r"^draws: 1,000,000 draws of this scenario hold .* use at most "
                                            r"333,333 draws, a shorter horizon or fewer risk lines$"):
        costmodels.evaluate(scenario, draws=1_000_000)


# ---- share links -----------------------------------------------------------------------------------

def test_decode_share_token_deep_nesting_is_refused_before_parsing() -> None:
    assert link_error(token_of(b"[" * 100_000 + b"]" * 100_000)) == (
        f"the share link nests too deep: 100,000 levels is above the limit of 20 levels ({limits.JSON_DEPTH.why})")


def test_decode_share_token_brackets_inside_strings_do_not_count() -> None:
    scenario = scenario_from_data({**two_option_data(), "question": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[?"})
    assert decode_share_token(encode_share_token(SharedState(scenario))).scenario == scenario


def test_decode_share_token_lone_surrogate_is_refused() -> None:
    payload = {"scenario": {**two_option_data(), "question": "x"}, "settings": {}}
    text = json.dumps(payload).replace('"x"', '"\\ud800"').encode()
    assert link_error(token_of(text)) == (
        "the share link holds an invalid character (a lone surrogate such as \\ud800)")


def test_decode_share_token_evidence_with_text_count_is_a_share_link_error() -> None:
    payload = {"scenario": two_option_data(), "settings": {}, "evidence": {"schema_version": 1, "metrics": {
        "scale_to_fit": {"latency_ms": {"p10": 1, "p50": 2, "p90": 3, "n": "x"}}}}}
    assert link_error(token_of(payload)) == (
        "the share link's measurements are invalid:\n"
        "metrics.scale_to_fit.latency_ms.n: 'x' is not a whole number >= 1")


def test_decode_share_token_huge_horizon_is_refused() -> None:
    data = {**two_option_data(), "horizon_years": 1000}
    assert link_error(token_of({"scenario": data, "settings": {}})) == (
        "the share link's scenario is invalid:\n"
        f"horizon_years: 1,000 years is above the limit of 50 years ({HORIZON_WHY})")


def test_decode_share_token_too_long_is_refused_before_decoding() -> None:
    assert link_error("1." + "A" * 70_000) == (
        "the share link is too long: 70,002 characters is above the limit of 64,000 characters "
        f"({limits.SHARE_TOKEN_CHARS.why})")


def test_decode_share_token_draws_that_do_not_fit_the_scenario_are_refused() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["horizon_years"] = 50
    message = link_error(token_of({"scenario": data, "settings": {"draws": 1_000_000}}))
    assert message.startswith("the share link's settings are too large:\ndraws: 1,000,000 draws of this scenario")


def test_decode_share_token_never_carries_evidence_file_names() -> None:
    scenario = scenario_from_data({**two_option_data(), "evidence": ["runs/audit.json"]})
    token = encode_share_token(SharedState(scenario))
    assert decode_share_token(token).scenario.evidence == ()
    data = {**two_option_data(), "evidence": ["runs/audit.json"]}
    assert decode_share_token(token_of({"scenario": data, "settings": {}})).scenario.evidence == ()


# ---- evidence files --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("/etc/passwd", "'/etc/passwd' is not a relative file name; expected a path inside the scenario's folder"),
    ("/dev/zero", "'/dev/zero' is not a relative file name; expected a path inside the scenario's folder"),
    ("../../secret.json", "'../../secret.json' climbs out of the scenario's folder; expected a path inside it"),
    ("runs/../../x.json", "'runs/../../x.json' climbs out of the scenario's folder; expected a path inside it"),
])
def test_scenario_from_data_evidence_outside_the_folder_is_refused(name: str, expected: str) -> None:
    assert problems_of({**two_option_data(), "evidence": [name]}) == [f"evidence[0]: {expected}"]


def test_evidence_paths_resolve_inside_the_folder(tmp_path: Path) -> None:
    assert evidence_paths(("runs/a.json",), tmp_path) == (tmp_path.resolve() / "runs" / "a.json",)


def test_evidence_paths_refuse_a_symbolic_link_out_of_the_folder(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "zero.json")
    with pytest.raises(ScenarioError) as raised:
        evidence_paths(("zero.json",), tmp_path)
    assert str(raised.value) == (f"evidence[0]: 'zero.json' resolves to /dev/zero, outside the scenario's folder "
                                 f"{tmp_path.resolve()}; expected a file inside it")


def test_load_evidence_reads_no_further_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (limits.EVIDENCE_BYTES.maximum + 1))
    with pytest.raises(ScenarioError) as raised:
        costmodels.load_evidence([path])
    assert str(raised.value) == (f"{path}: cannot read the evidence file ({path}: 20,000,001 bytes is above the "
                                 f"limit of 20,000,000 bytes ({limits.EVIDENCE_BYTES.why}))")


def test_evidence_from_data_huge_integer_is_an_error_not_a_crash() -> None:
    with pytest.raises(ScenarioError) as raised:
        evidence_from_data({"schema_version": 1, "metrics": {"a": {"latency_ms": {"p10": 1, "p50": 10**400,
                                                                                  "p90": 3, "n": 5}}}})
    assert str(raised.value) == ("metrics.a.latency_ms.p50: 1000000000000000000000000000000000000... "
                                 "is larger than 1e+12")


def test_scenario_from_yaml_lone_surrogate_is_refused() -> None:
    assert yaml_problems("question: \ud800") == [
        "character 11 is a lone surrogate (such as \\ud800); expected valid Unicode"]


def test_scenario_from_yaml_too_many_values_are_refused_before_building_them() -> None:
    start = time.perf_counter()
    assert yaml_problems("unknown: [" + "1," * 400_000 + "1]") == [
        f"line 1: too many values: 20,001 values is above the limit of 20,000 values ({limits.SCENARIO_VALUES.why})"]
    assert time.perf_counter() - start < 5


def test_evidence_from_data_latency_beyond_an_hour_is_refused() -> None:
    with pytest.raises(ScenarioError) as raised:
        evidence_from_data({"schema_version": 1, "metrics": {"a": {"latency_ms": {"p10": 1, "p50": 2,
                                                                                  "p90": 1e7, "n": 5}}}})
    assert str(raised.value) == "metrics.a.latency_ms.p90: 10000000.0 is not in [0, 3.6e+06]"
