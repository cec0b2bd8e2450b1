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
    quantiles_of_sorted,
    verdict,
)
from costmodels._dump import scenario_to_data, scenario_to_yaml
from costmodels._errors import Problem, ScenarioError
from costmodels._estimates import LEVELS, Fixed, Level, MeasuredRate, Triple
from costmodels._evidence import (
    METRIC_KINDS,
    Evidence,
    LatencyMetric,
    RateMetric,
    evidence_from_data,
    load_evidence,
)
from costmodels._model import MeasuredLine
from costmodels._parse import (
    DEFAULT_SCENARIO_PATH,
    default_scenario,
    load_scenario,
    scenario_from_data,
    scenario_from_yaml,
)
from costmodels._reading import evidence_paths
from costmodels._scenario import (
    BUILT_IN_LEVELS,
    DEFAULT_CPU_HOUR_USD,
    KNOWN_CATEGORIES,
    SCHEMA_VERSION,
    LevelScales,
    Line,
    LineKind,
    MeasuredBy,
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
    "DEFAULT_CPU_HOUR_USD",
    "DEFAULT_DRAWS",
    "DEFAULT_SCENARIO_PATH",
    "DEFAULT_SEED",
    "KNOWN_CATEGORIES",
    "LEVELS",
    "METRIC_KINDS",
    "SCHEMA_VERSION",
    "BreakEven",
    "Evaluation",
    "Evidence",
    "Fixed",
    "LatencyMetric",
    "Level",
    "LevelScales",
    "Line",
    "LineKind",
    "MeasuredBy",
    "MeasuredLine",
    "MeasuredRate",
    "Option",
    "OptionKind",
    "OptionSummary",
    "Problem",
    "RateMetric",
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
    "evidence_from_data",
    "evidence_paths",
    "format_usd",
    "load_evidence",
    "load_scenario",
    "number_to_text",
    "quantiles_of_sorted",
    "scenario_from_data",
    "scenario_from_yaml",
    "scenario_to_data",
    "scenario_to_yaml",
    "verdict",
]
