"""Share links: a whole scenario and its settings in one short, versioned, validated URL token.

Token = "1." + base64url(zlib(canonical JSON)), compressed with a preset dictionary: the v1
default scenario's own JSON. An unchanged default then costs a few dozen bytes and an edited one
little more, with no diff logic. The dictionary file is frozen for v1 (later defaults may differ:
compression gets a little worse, old links keep working).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from costmodels._dump import scenario_to_data
from costmodels._errors import ScenarioError
from costmodels._evidence import Evidence, evidence_from_data, evidence_to_data
from costmodels._parse import scenario_from_data
from costmodels._scenario import Scenario

SHARE_VERSION = "1"
_DICTIONARY = (Path(__file__).with_name("share_dictionary_v1.json")).read_bytes()
_PARTS = {"scenario", "settings", "evidence", "variants"}
_MAX_EXPANDED_BYTES = 1_000_000  # a real scenario is ~10 kB; anything far larger is hostile

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


def encode_share_token(state: SharedState) -> str:
    """The URL-safe token for a scenario and its settings."""
    payload: dict[str, object] = {"scenario": scenario_to_data(state.scenario), "settings": dict(state.settings)}
    if state.evidence is not None:
        payload["evidence"] = evidence_to_data(state.evidence)
    if state.variants:
        payload["variants"] = {name: scenario_to_data(variant) for name, variant in state.variants.items()}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARY)
    packed = compressor.compress(text) + compressor.flush()
    return f"{SHARE_VERSION}.{base64.urlsafe_b64encode(packed).decode().rstrip('=')}"


def decode_share_token(token: str) -> SharedState:
    """The scenario and settings in a token; a ShareLinkError says plainly what is wrong."""
    version, dot, body = token.strip().partition(".")
    if not dot or not version.isdigit():
        raise ShareLinkError("the share link is not a TCM scenario link (it has no version number)")
    if version != SHARE_VERSION:
        raise ShareLinkError(f"the share link is version {version}; this TCM reads version {SHARE_VERSION}")
    payload = _expand(body)
    if not isinstance(payload, dict) or not {"scenario", "settings"} <= set(payload) <= _PARTS:
        raise ShareLinkError("the share link is damaged: it does not hold a scenario and settings")
    try:
        scenario = scenario_from_data(payload["scenario"])
    except ScenarioError as error:
        raise ShareLinkError("the share link's scenario is invalid:\n" + str(error)) from None
    settings = payload["settings"]
    if not isinstance(settings, dict) or not all(
        isinstance(value, str | int | float | bool) for value in settings.values()
    ):
        raise ShareLinkError("the share link's settings are damaged")
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
    variants = {}
    for name, scenario in data.items():
        try:
            variants[name] = scenario_from_data(scenario)
        except ScenarioError as error:
            raise ShareLinkError(f"the share link's variant {name!r} is invalid:\n{error}") from None
    return variants


_DAMAGED = "the share link is damaged (it does not decode): was it cut short or edited?"


def dictionary_bytes(scenario: Scenario) -> bytes:
    """The preset dictionary made from a scenario: how share_dictionary_v1.json was written
    (`dictionary_bytes(default_scenario())`), before v1 was frozen."""
    payload = {"scenario": scenario_to_data(scenario), "settings": {}}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _expand(body: str) -> object:
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        decompressor = zlib.decompressobj(zdict=_DICTIONARY)
        text = decompressor.decompress(packed, _MAX_EXPANDED_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise ShareLinkError(_DAMAGED) from None
    if decompressor.unconsumed_tail:
        raise ShareLinkError("the share link expands to more than 1 MB; it is not a scenario")
    if not decompressor.eof:
        raise ShareLinkError(_DAMAGED)
    try:
        return json.loads(text)
    except ValueError:
        raise ShareLinkError(_DAMAGED) from None
