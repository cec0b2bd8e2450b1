"""Property-based fuzzing of every reader of untrusted input in the cost engine: whatever comes in,
the answer is a value or the library's own error with a message, never another exception.

Deterministic (derandomize=True) and bounded: 7,800 cases in all, about 30 s of CPU.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import zlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import costmodels
from costmodels import (
    Evidence,
    Scenario,
    ScenarioError,
    SharedState,
    ShareLinkError,
    decode_share_token,
    encode_share_token,
    estimate_from_text,
    evidence_from_data,
    scenario_from_data,
    scenario_from_yaml,
)
from costmodels._share import _DICTIONARIES

FUZZ = settings(max_examples=1000, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=400)
SLOW = settings(FUZZ, max_examples=600)  # each case parses and validates a whole scenario

DEFAULT_DATA = costmodels.scenario_to_data(costmodels.default_scenario())
# YAML is parsed in pure Python (the loader needs its hooks): mutate a small scenario, every syntax still there.
SMALL_YAML = costmodels.scenario_to_yaml(dataclasses.replace(costmodels.default_scenario(), options=tuple(
    dataclasses.replace(option, costs=option.costs[:3], benefits=option.benefits[:1])
    for option in costmodels.default_scenario().options[:2])))
DEFAULT_TOKEN = encode_share_token(SharedState(costmodels.default_scenario(), {"draws": 2000}))

def _integer_without_a_repr() -> int:
    return 10**5000  # more than Python's 4,300 digits: repr() and str() raise ValueError


# Hostile scalars: huge and non-finite numbers, lone surrogates, markup, paths, booleans.
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.sampled_from([0, -1, 1, 10**30, 2**1024, -(2**1024), 10**400]),
    st.builds(_integer_without_a_repr),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -1e308, 5e-324]),
    st.text(max_size=30),
    st.sampled_from(["\ud800", "high", "low to medium", "../../etc/passwd", "/dev/zero", "<a href='x'>y</a>",
                     "```", "", " ", "1e1000000", "nan", "inf", "medium to low", "risk", "per_year"]),
)
JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in plain data, as a tuple of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


DEFAULT_PATHS = _paths(DEFAULT_DATA)[1:]


def _mutated(path: tuple[Any, ...], new: object, action: str) -> object:
    data = copy.deepcopy(DEFAULT_DATA)
    parent: Any = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = new
    elif action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.extend([parent[last]] * 50)
    elif action == "wrap":
        parent[last] = [parent[last]] * 3
    return data


def _is_own_error(error: BaseException) -> bool:
    return type(error) in {ScenarioError, ShareLinkError} and bool(str(error))


@FUZZ
@given(st.sampled_from(DEFAULT_PATHS), JSON_LIKE, st.sampled_from(["replace", "delete", "duplicate", "wrap"]))
def test_scenario_from_data_mutated_default_gives_scenario_or_scenario_error(
    path: tuple[Any, ...], new: object, action: str
) -> None:
    data = _mutated(path, new, action)
    try:
        result = scenario_from_data(data)
    except ScenarioError as error:
        assert str(error)
    else:
        assert isinstance(result, Scenario)


@FEW
@given(JSON_LIKE)
def test_scenario_from_data_any_plain_data_gives_scenario_or_scenario_error(data: object) -> None:
    try:
        scenario_from_data(data)
    except ScenarioError as error:
        assert str(error)


@SLOW
@given(st.integers(0, len(SMALL_YAML)), st.integers(0, 40),
       st.text(alphabet=st.sampled_from(list("&*!|>{}[]:,-#?'\"\\\n\t %@`0123456789e.x")), max_size=12))
def test_scenario_from_yaml_mutated_text_gives_scenario_or_scenario_error(at: int, cut: int, insert: str) -> None:
    text = SMALL_YAML[:at] + insert + SMALL_YAML[at + cut:]
    try:
        result = scenario_from_yaml(text, source="fuzz.yaml")
    except ScenarioError as error:
        assert str(error).startswith("fuzz.yaml: ")
    else:
        assert isinstance(result, Scenario)


@FEW
@given(st.text(max_size=200))
def test_scenario_from_yaml_any_text_gives_scenario_or_scenario_error(text: str) -> None:
    try:
        scenario_from_yaml(text)
    except ScenarioError as error:
        assert str(error)


EVIDENCE_VALUES = st.one_of(
    JSON_LIKE,
    st.fixed_dictionaries({}, optional={"p10": SCALARS, "p50": SCALARS, "p90": SCALARS, "n": SCALARS}),
    st.fixed_dictionaries({}, optional={"count": SCALARS, "of": SCALARS, "centre": SCALARS}),
)


@SLOW
@given(st.one_of(st.just(1), SCALARS),
       st.dictionaries(st.text(max_size=10), st.dictionaries(
           st.sampled_from(["latency_ms", "face_cut_images", "survival_gap", "other"]), EVIDENCE_VALUES,
           max_size=3), max_size=3))
def test_evidence_from_data_gives_evidence_or_scenario_error(version: object, metrics: object) -> None:
    try:
        result = evidence_from_data({"schema_version": version, "metrics": metrics}, source="fuzz")
    except ScenarioError as error:
        assert str(error)
    else:
        assert isinstance(result, Evidence)


@FEW
@given(JSON_LIKE)
def test_evidence_from_data_any_plain_data_gives_evidence_or_scenario_error(data: object) -> None:
    try:
        evidence_from_data(data)
    except ScenarioError as error:
        assert str(error)


def _token_of(text: bytes) -> str:
    """A well-formed v1 token around any bytes: what an attacker who read the source can send."""
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARIES["1"])
    packed = compressor.compress(text) + compressor.flush()
    return "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def _decodes_or_refuses(token: str) -> None:
    try:
        result = decode_share_token(token)
    except ShareLinkError as error:
        assert str(error)
    else:
        assert isinstance(result, SharedState)


@FUZZ
@given(st.text(max_size=120))
def test_decode_share_token_any_text_gives_state_or_share_link_error(token: str) -> None:
    _decodes_or_refuses(token)


@FUZZ
@given(st.integers(2, len(DEFAULT_TOKEN) - 1), st.integers(0, 6),
       st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.", max_size=6))
def test_decode_share_token_mutated_link_gives_state_or_share_link_error(at: int, cut: int, insert: str) -> None:
    _decodes_or_refuses(DEFAULT_TOKEN[:at] + insert + DEFAULT_TOKEN[at + cut:])


@SLOW
@given(st.sampled_from(DEFAULT_PATHS), JSON_LIKE, st.sampled_from(["replace", "delete", "duplicate", "wrap"]),
       st.dictionaries(st.sampled_from(["draws", "seed", "aspect", "x"]), SCALARS, max_size=3),
       st.one_of(st.none(), JSON_LIKE))
def test_decode_share_token_well_formed_hostile_json_gives_state_or_share_link_error(
    path: tuple[Any, ...], new: object, action: str, link_settings: dict[str, object], evidence: object
) -> None:
    payload: dict[str, object] = {"scenario": _mutated(path, new, action), "settings": link_settings}
    if evidence is not None:
        payload["evidence"] = evidence
    try:
        text = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except ValueError:  # NaN is fine in json.dumps; this is for the odd unencodable key
        return
    _decodes_or_refuses(_token_of(text))


@FEW
@given(st.text(alphabet="[]{}\"\\,:0123456789ae ", max_size=400))
def test_decode_share_token_bracket_soup_gives_state_or_share_link_error(text: str) -> None:
    _decodes_or_refuses(_token_of(text.encode()))


@FUZZ
@given(st.one_of(st.text(max_size=60), st.text(alphabet="0123456789.,_e+-%kmbKMB$/x ", max_size=40)),
       st.booleans())
def test_estimate_from_text_gives_estimate_or_scenario_error(text: str, risk: bool) -> None:
    try:
        estimate_from_text(text, risk=risk)
    except ScenarioError as error:
        assert str(error)
