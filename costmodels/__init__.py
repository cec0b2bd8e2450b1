"""Total-cost-of-model engine: scenarios of cost and risk estimates in, comparisons out.

Pure Python and numpy: no Streamlit, no file I/O beyond loading a scenario.
"""

from costmodels._analysis import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    BreakEven,
    Evaluation,
    OptionSummary,
    TornadoBar,
    evaluate,
    format_usd,
    verdict,
)
from costmodels._dump import scenario_to_data, scenario_to_yaml
from costmodels._errors import Problem, ScenarioError
from costmodels._estimates import LEVELS, Fixed, Level, Triple
from costmodels._parse import (
    DEFAULT_SCENARIO_PATH,
    default_scenario,
    load_scenario,
    scenario_from_data,
    scenario_from_yaml,
)
from costmodels._scenario import (
    BUILT_IN_LEVELS,
    KNOWN_CATEGORIES,
    SCHEMA_VERSION,
    LevelScales,
    Line,
    LineKind,
    Option,
    OptionKind,
    RiskEstimate,
    RiskScaleEntry,
    Scenario,
    Volume,
)
from costmodels._share import SharedState, ShareLinkError, decode_share_token, encode_share_token
from costmodels._text import estimate_from_text, estimate_to_text, number_to_text

__all__ = [
    "BUILT_IN_LEVELS",
    "DEFAULT_DRAWS",
    "DEFAULT_SCENARIO_PATH",
    "DEFAULT_SEED",
    "KNOWN_CATEGORIES",
    "LEVELS",
    "SCHEMA_VERSION",
    "BreakEven",
    "Evaluation",
    "Fixed",
    "Level",
    "LevelScales",
    "Line",
    "LineKind",
    "Option",
    "OptionKind",
    "OptionSummary",
    "Problem",
    "RiskEstimate",
    "RiskScaleEntry",
    "Scenario",
    "ScenarioError",
    "ShareLinkError",
    "SharedState",
    "TornadoBar",
    "Triple",
    "Volume",
    "decode_share_token",
    "default_scenario",
    "encode_share_token",
    "estimate_from_text",
    "estimate_to_text",
    "evaluate",
    "format_usd",
    "load_scenario",
    "number_to_text",
    "scenario_from_data",
    "scenario_from_yaml",
    "scenario_to_data",
    "scenario_to_yaml",
    "verdict",
]
