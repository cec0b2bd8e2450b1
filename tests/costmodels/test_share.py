from __future__ import annotations

import base64
import dataclasses
import json
import random
import re
import string
import zlib

import pytest

import costmodels
import limits
from costmodels import Fixed, SharedState, ShareLinkError, _share, decode_share_token, encode_share_token


def test_share_token_round_trips_scenario_and_settings() -> None:
    state = SharedState(costmodels.default_scenario(), {"aspect": "0.56", "draws": 20000, "seed": 7})
    assert decode_share_token(encode_share_token(state)) == state


def test_share_token_of_default_scenario_is_short() -> None:
    token = encode_share_token(SharedState(costmodels.default_scenario(), {"aspect": "0.56"}))
    assert len(token) < 420  # the whole dashboard link must stay under 2,000 characters (404 with `model:`)


def test_share_token_carries_an_edit() -> None:
    scenario = costmodels.default_scenario()
    option = scenario.options[1]
    line = dataclasses.replace(option.costs[1], estimate=Fixed(12345))
    edited = dataclasses.replace(scenario, options=(
        scenario.options[0], dataclasses.replace(option, costs=(option.costs[0], line, *option.costs[2:])),
        *scenario.options[2:]))
    decoded = decode_share_token(encode_share_token(SharedState(edited)))
    assert decoded.scenario.options[1].costs[1].estimate == Fixed(12345)


def forge(payload: bytes) -> str:
    compressor = zlib.compressobj(zdict=costmodels._share._DICTIONARIES["1"])
    return "1." + base64.urlsafe_b64encode(compressor.compress(payload) + compressor.flush()).decode()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "the share link is not a TCM scenario link (it has no version number)"),
        ("hello", "the share link is not a TCM scenario link (it has no version number)"),
        ("9.abc", "the share link is version 9; this TCM reads versions 1 and 2"),
        ("1.!!!!", "the share link is damaged (it does not decode): was it cut short or edited?"),
        ("1.eJzLSM3JyVcozy_KSQEAGgQEXQ", "the share link is damaged (it does not decode): was it cut short or edited?"),
        (forge(b'{"scenario": 1}'), "the share link is damaged: it does not hold a scenario and settings"),
        (forge(b"[not json"), "the share link is damaged (it does not decode): was it cut short or edited?"),
        (forge(b'{"scenario": {}, "settings": {}}'), "the share link's scenario is invalid:\n"
         "schema_version: None is not supported; expected 1 or 2\nquestion: missing; expected text\n"
         "horizon_years: missing; expected a whole number from 1 to 50\nvolume: missing; expected a volume: "
         "{units_per_day, yearly_growth}\noptions: missing; expected a list of options"),
        (forge(b" " * 2_000_000), "the share link expands to more than 1,000,000 bytes, the limit ("
         + limits.SHARE_EXPANDED_BYTES.why + ")"),
    ],
)
def test_decode_share_token_rejects_bad_links_with_exact_message(token: str, message: str) -> None:
    with pytest.raises(ShareLinkError) as error:
        decode_share_token(token)
    assert str(error.value) == message


def test_decode_share_token_detects_a_flipped_character() -> None:
    token = encode_share_token(SharedState(costmodels.default_scenario()))
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    with pytest.raises(ShareLinkError):
        decode_share_token(tampered)


def test_share_token_carries_named_variants() -> None:
    scenario = costmodels.default_scenario()
    variant = dataclasses.replace(scenario, horizon_years=3)
    state = SharedState(scenario, {"draws": 20000}, variants={"as estimated": scenario, "three years": variant})
    decoded = decode_share_token(encode_share_token(state))
    assert list(decoded.variants) == ["as estimated", "three years"]
    assert decoded.variants["three years"].horizon_years == 3
    assert decoded == state


def old_style_token(payload: dict[str, object]) -> str:
    """A token packed as any version-1 encoder packs it, from a payload written by hand."""
    compressor = zlib.compressobj(level=9, zdict=_share._DICTIONARIES["1"])
    packed = compressor.compress(json.dumps(payload).encode()) + compressor.flush()
    return "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_share_token_without_variants_still_opens() -> None:
    # A link made before variants existed: its payload has no "variants" part at all.
    scenario = costmodels.default_scenario()
    token = old_style_token({"scenario": costmodels.scenario_to_data(scenario), "settings": {"seed": 7}})
    decoded = decode_share_token(token)
    assert decoded == SharedState(scenario, {"seed": 7})
    assert decoded.variants == {}


def test_share_token_with_an_invalid_variant_says_which() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    token = old_style_token({"scenario": data, "settings": {}, "variants": {"broken": {"question": "q"}}})
    with pytest.raises(ShareLinkError, match="the share link's variant 'broken' is invalid"):
        decode_share_token(token)


def test_decode_share_token_refuses_a_misspelt_template_naming_the_known_ones() -> None:
    typo = dataclasses.replace(costmodels.default_scenario(), template="virtual_backgrond")
    with pytest.raises(ShareLinkError) as error:
        decode_share_token(encode_share_token(SharedState(typo)))
    assert str(error.value) == ("the share link's scenario is invalid:\ntemplate: 'virtual_backgrond' is not a "
                                "template; choose image_cropping, virtual_background or blank")


def long_rationale_scenario() -> costmodels.Scenario:
    """The default scenario with a 4,000-character rationale of random letters on every cost line."""
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    rng = random.Random(1)
    for option in data["options"]:
        for line in option["costs"]:
            line["rationale"] = "".join(rng.choice(string.ascii_letters + " ")
                                        for _ in range(limits.RATIONALE_CHARS.maximum))
    return costmodels.scenario_from_data(data)


def test_encode_share_token_refuses_a_token_decoding_would_refuse() -> None:
    with pytest.raises(ShareLinkError) as refused:
        encode_share_token(SharedState(long_rationale_scenario()))
    assert re.fullmatch(
        r"the share link would be too long: [0-9,]+ characters is above the limit of 64,000 characters \(browsers and "
        r"servers cut longer URLs\)\. Long rationales and descriptions \(or many variants and measurements\) make it "
        r"long; share the scenario as a YAML file instead", str(refused.value))
    key = costmodels.state_key(SharedState(long_rationale_scenario()))
    assert len(key) > limits.SHARE_TOKEN_CHARS.maximum  # the key behind caches has no such limit
