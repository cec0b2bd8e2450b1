"""Share links: a whole scenario and its settings in one short, versioned, validated URL token.

Token = "2." + base64url(zlib(canonical JSON)), compressed with a preset dictionary: the
templates' default scenarios' own JSON. An unchanged default then costs a few dozen bytes and an
edited one little more, with no diff logic. Each version's dictionary file is frozen (later
defaults may differ: compression gets a little worse, old links keep working). Version-1 tokens
(the cropping-only schema, with its own dictionary) still open: their scenarios are migrated.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import limits
from costmodels._budget import check_evaluation_size
from costmodels._dump import scenario_to_data
from costmodels._errors import ScenarioError
from costmodels._evidence import Evidence, evidence_from_data, evidence_to_data
from costmodels._parse import scenario_from_data
from costmodels._scenario import Scenario

SHARE_VERSION = "2"
_DICTIONARIES = {version: Path(__file__).with_name(name).read_bytes()
                 for version, name in (("1", "share_dictionary_v1.json"), ("2", "share_dictionary_v2.jsonl"))}
_PARTS = {"scenario", "settings", "evidence", "variants"}

Setting = str | int | float | bool


class ShareLinkError(ValueError):
    """A share link that cannot be opened: damaged, from another version, or invalid inside."""


@dataclass(frozen=True)
class SharedState:
    """What a share link carries: the scenario, the dashboard's settings and, when the cost model
    uses measurements, their metrics (so the link reproduces the measured numbers exactly)."""

    scenario: Scenario
    settings: Mapping[str, Setting] = field(default_factory=dict)
    evidence: Evidence | None = None
    variants: Mapping[str, Scenario] = field(default_factory=dict)  # named versions, e.g. "with the audit"


TOO_LONG_TO_SHARE = ("the share link would be too long: {problem}. Long rationales and descriptions (or many "
                     "variants and measurements) make it long; share the scenario as a YAML file instead")


def encode_share_token(state: SharedState) -> str:
    """The URL-safe token for a scenario and its settings; a ShareLinkError when it is longer than any link may be
    (`decode_share_token` would refuse it)."""
    token = state_key(state)
    if not limits.SHARE_TOKEN_CHARS.allows(len(token)):
        raise ShareLinkError(TOO_LONG_TO_SHARE.format(problem=limits.SHARE_TOKEN_CHARS.message(len(token))))
    return token


def state_key(state: SharedState) -> str:
    """The share token's text at any length: a canonical key for the state (to cache its evaluation)."""
    # A link never carries file names: evidence files are read only from a scenario on disk.
    scenario = dataclasses.replace(state.scenario, evidence=())
    payload: dict[str, object] = {"scenario": scenario_to_data(scenario), "settings": dict(state.settings)}
    if state.evidence is not None:
        payload["evidence"] = evidence_to_data(state.evidence)
    if state.variants:
        payload["variants"] = {name: scenario_to_data(dataclasses.replace(variant, evidence=()))
                               for name, variant in state.variants.items()}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARIES[SHARE_VERSION])
    packed = compressor.compress(text) + compressor.flush()
    return f"{SHARE_VERSION}.{base64.urlsafe_b64encode(packed).decode().rstrip('=')}"


def decode_share_token(token: str) -> SharedState:
    """The scenario and settings in a token; a ShareLinkError says plainly what is wrong.

    Refuses before it allocates: the token's length first, then the expanded size while it
    decompresses, then the JSON's nesting depth before parsing it."""
    if not isinstance(token, str):
        raise ShareLinkError("the share link is not text")
    if len(token) > limits.SHARE_TOKEN_CHARS.maximum:
        raise ShareLinkError("the share link is too long: " + limits.SHARE_TOKEN_CHARS.message(len(token)))
    version, dot, body = token.strip().partition(".")
    if not dot or not version.isdigit():
        raise ShareLinkError("the share link is not a TCM scenario link (it has no version number)")
    if version not in _DICTIONARIES:
        raise ShareLinkError(f"the share link is version {version}; this TCM reads versions "
                             f"{' and '.join(_DICTIONARIES)}")
    payload = _expand(body, _DICTIONARIES[version])
    if not isinstance(payload, dict) or not {"scenario", "settings"} <= set(payload) <= _PARTS:
        raise ShareLinkError("the share link is damaged: it does not hold a scenario and settings")
    try:
        scenario = scenario_from_data(payload["scenario"])
    except ScenarioError as error:
        raise ShareLinkError("the share link's scenario is invalid:\n" + str(error)) from None
    scenario = dataclasses.replace(scenario, evidence=())  # never file names from a link
    settings = payload["settings"]
    if not isinstance(settings, dict) or not all(
        isinstance(value, str | int | float | bool) and len(str(value)) <= limits.NAME_CHARS.maximum
        for value in settings.values()
    ) or len(settings) > limits.NAME_CHARS.maximum:
        raise ShareLinkError("the share link's settings are damaged")
    draws = settings.get("draws")
    if isinstance(draws, int) and not isinstance(draws, bool) and limits.DRAWS.allows(draws):
        # Out-of-range draws are the reader's to replace; in range, they must fit this scenario.
        try:
            check_evaluation_size(scenario, draws)
        except ScenarioError as error:
            raise ShareLinkError("the share link's settings are too large:\n" + str(error)) from None
    evidence = None
    if "evidence" in payload:
        try:
            evidence = evidence_from_data(payload["evidence"], source="share link")
        except ScenarioError as error:
            raise ShareLinkError("the share link's measurements are invalid:\n" + str(error)) from None
    return SharedState(scenario=scenario, settings=settings, evidence=evidence,
                       variants=_variants(payload.get("variants", {})))


def _variants(data: object) -> dict[str, Scenario]:
    """The named variants in a link (links made before variants have none)."""
    if not isinstance(data, dict) or not all(isinstance(name, str) for name in data):
        raise ShareLinkError("the share link's variants are damaged")
    if len(data) > limits.VARIANTS.maximum:
        raise ShareLinkError("the share link holds too many variants: " + limits.VARIANTS.message(len(data)))
    for name in data:
        if not 0 < len(name) <= limits.NAME_CHARS.maximum:
            raise ShareLinkError(f"the share link's variant name {limits.brief(name)}: "
                                 + limits.NAME_CHARS.message(len(name)))
    variants = {}
    for name, scenario in data.items():
        try:
            variants[name] = scenario_from_data(scenario)
        except ScenarioError as error:
            raise ShareLinkError(f"the share link's variant {name!r} is invalid:\n{error}") from None
    return variants


_DAMAGED = "the share link is damaged (it does not decode): was it cut short or edited?"


def dictionary_bytes(scenarios: Iterable[Scenario]) -> bytes:
    """The preset dictionary made from scenarios, the most often shared last (zlib favours the end):
    how share_dictionary_v2.json was written from the templates' defaults before v2 was frozen."""
    payloads = ({"scenario": scenario_to_data(scenario), "settings": {}} for scenario in scenarios)
    return b"\n".join(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
                      for payload in payloads)


def _expand(body: str, dictionary: bytes) -> object:
    maximum = limits.SHARE_EXPANDED_BYTES.maximum
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        decompressor = zlib.decompressobj(zdict=dictionary)
        text = decompressor.decompress(packed, maximum)
    except (binascii.Error, ValueError, zlib.error):
        raise ShareLinkError(_DAMAGED) from None
    if decompressor.unconsumed_tail:
        limit = limits.SHARE_EXPANDED_BYTES
        raise ShareLinkError(f"the share link expands to more than {maximum:,} bytes, the limit ({limit.why})")
    if not decompressor.eof:
        raise ShareLinkError(_DAMAGED)
    _check_depth(text)
    try:
        payload = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=limits.unique_keys)
    except ValueError:
        raise ShareLinkError(_DAMAGED) from None
    if not _is_valid_unicode(payload):
        raise ShareLinkError("the share link holds an invalid character (a lone surrogate such as \\ud800)")
    return payload


def _check_depth(text: bytes) -> None:
    """Refuse, before parsing, JSON nested deeper than the limit (strings' brackets do not count)."""
    depth = limits.json_depth(text)
    if depth > limits.JSON_DEPTH.maximum:
        raise ShareLinkError("the share link nests too deep: " + limits.JSON_DEPTH.message(depth))


def _is_valid_unicode(value: object) -> bool:
    """True when every string and key in the (depth-checked) JSON value encodes as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_is_valid_unicode(key) and _is_valid_unicode(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_is_valid_unicode(item) for item in value)
    return True


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")

