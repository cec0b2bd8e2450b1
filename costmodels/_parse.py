"""Scenario <-> plain data (what YAML holds), with every problem reported by its path."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import yaml

import limits
from costmodels._correlation import correlation_problems
from costmodels._errors import Problem, ScenarioError, collect, join_path, raise_if_any
from costmodels._estimates import LEVELS, Estimate, Fixed, Level, Triple
from costmodels._evidence import METRIC_KINDS, is_gap_metric
from costmodels._migrate import migrate_version_1, version_1_problems
from costmodels._reading import check_sizes, safe_yaml
from costmodels._scenario import (
    BUILT_IN_LEVELS,
    DEFAULT_CPU_HOUR_USD,
    DEFAULT_FLOOR,
    DEFAULT_PRIOR_SD,
    DEFAULT_TOLERANCE,
    KNOWN_CATEGORIES,
    NOT_A_TEMPLATE,
    SCHEMA_VERSION,
    TEMPLATE_NAMES,
    AmountScale,
    EventModel,
    IncidentImpact,
    LevelScales,
    Line,
    LineKind,
    MeasuredBy,
    Option,
    OptionKind,
    RankCorrelation,
    RiskEstimate,
    RiskScale,
    RiskScaleEntry,
    Scenario,
    Volume,
)

# The image_cropping template's default: the engine's worked example (its tests and benchmarks read it).
DEFAULT_SCENARIO_PATH = Path(__file__).parent.parent / "templates" / "image_cropping" / "scenario.yaml"

_SCENARIO_KEYS = ("schema_version", "template", "question", "horizon_years", "discount_rate", "currency",
                  "cpu_hour_usd", "evidence", "volume", "levels", "incident_impacts", "options", "correlations")
_CORRELATION_KEYS = ("between", "rank", "rationale")
_MACHINE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_OPTION_KEYS = ("name", "kind", "description", "implementation", "model", "costs", "benefits")
_LINE_KEYS = ("category", "kind", "estimate", "rationale", "rationale_for", "measured_by", "events", "shared_cause")
_MEASURED_KEYS = ("metric", "scale", "prior_sd", "tolerance", "floor")
_GAP_KEYS = ("prior_sd", "tolerance", "floor")  # only for group-gap metrics (is_gap_metric)
_VOLUME_KEYS = ("units_per_day", "yearly_growth", "rationale")
_TRIPLE_KEYS = ("low", "likely", "high")
_RISK_KEYS = ("probability", "impact")
_RISK_SCALE_KEYS = frozenset({LineKind.RISK.value} | {
    category for category, kind in KNOWN_CATEGORIES.items() if kind is LineKind.RISK
})

_UNSUPPORTED = "{version} is not supported; expected 1 or " + str(SCHEMA_VERSION)
T = TypeVar("T")
Bounds = tuple[float, float, str]  # minimum, maximum, what the number is
# Amounts stop far above any real budget but far below where sums of them overflow a float.
COST = (0.0, float(limits.AMOUNT.maximum), "an amount from 0 to 1e15")
PROBABILITY = (0.0, 1.0, "a probability per year in [0, 1]")
RATE = (0.0, 365.0, "an expected number of events per year in [0, 365]")
GROWN_PAST_LIMIT = ("a growth of {growth:g} a year over {years} years takes the volume to {last} units a day in "
                    "the last year, above the limit of {limit}")
VOLUME = (0.0, float(limits.UNITS_PER_DAY.maximum), "a number of units a day from 0 to 1e12")
assert limits.AMOUNT.maximum == 10**15 and limits.UNITS_PER_DAY.maximum == 10**12  # the texts above
_TEXT_LIMITS = {"question": limits.QUESTION_CHARS, "rationale": limits.RATIONALE_CHARS,
                "description": limits.RATIONALE_CHARS}


# ---- reading ------------------------------------------------------------------------------

def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file; a ScenarioError names the file and every problem."""
    path = Path(path)
    maximum = limits.SCENARIO_BYTES.maximum
    try:
        with path.open("rb") as file:
            data = file.read(maximum + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([Problem("", f"cannot read the file ({error})")], source=str(path)) from None
    if len(data) > maximum:
        raise ScenarioError([Problem("", f"more than {limits.SCENARIO_BYTES.message(len(data))}")],
                            source=str(path))
    return scenario_from_yaml(text, source=str(path))


def default_scenario() -> Scenario:
    """The built-in timeline-cropping decision."""
    return load_scenario(DEFAULT_SCENARIO_PATH)


def scenario_from_yaml(text: str, *, source: str = "") -> Scenario:
    """Parse scenario YAML text: safe tags only, no aliases, no duplicate keys, bounded size and depth."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.SCENARIO_BYTES.maximum:
        raise ScenarioError([Problem("", limits.SCENARIO_BYTES.message(size))], source=source)
    try:
        data = safe_yaml(text)
    except ScenarioError as error:
        raise ScenarioError(error.problems, source=source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioError([Problem("", f"{where}not valid YAML ({reason})")], source=source) from None
    try:
        return scenario_from_data(data)
    except ScenarioError as error:
        raise ScenarioError(error.problems, source=source) from None


def scenario_from_data(data: object) -> Scenario:
    """Validate plain data (as YAML loads it) into a Scenario, reporting all problems at once."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ScenarioError([Problem("", f"{_describe(data)}; expected a mapping of scenario fields")])
    check_sizes(data, problems)
    raise_if_any(problems)
    if type(data.get("schema_version")) is int and data["schema_version"] == 1:  # not True, not 1.0
        try:
            return _scenario_from_version_2(migrate_version_1(data))
        except ScenarioError as error:
            raise version_1_problems(error) from None
    return _scenario_from_version_2(data)


def _scenario_from_version_2(data: Mapping[str, Any]) -> Scenario:
    version = data.get("schema_version")
    if version != SCHEMA_VERSION and version is not None:  # another version's fields mean other things
        raise ScenarioError([Problem("schema_version", _UNSUPPORTED.format(version=limits.brief(version)))])
    problems: list[Problem] = []
    _check_keys(data, "", _SCENARIO_KEYS, problems)
    if version is None:
        problems.append(Problem("schema_version", _UNSUPPORTED.format(version=None)))
    template = _template(data, problems)
    question = _text(data, "question", "", problems, required=True)
    horizon = _integer(data.get("horizon_years"), "horizon_years", problems, limits.HORIZON_YEARS)
    rate = _number(data.get("discount_rate", 0.0), "discount_rate", problems,
                   (0.0, 1.0, "a yearly rate in [0, 1]"))
    currency = _text(data, "currency", "", problems) or "USD"
    cpu_hour = _number(data.get("cpu_hour_usd", DEFAULT_CPU_HOUR_USD), "cpu_hour_usd", problems,
                       (0.0, 1000.0, "a price per CPU-hour in [0, 1000]"))
    evidence = _file_names(data.get("evidence", []), "evidence", problems)
    volume = collect(problems, "volume", lambda: _volume(data.get("volume")))
    levels = collect(problems, "levels", lambda: _levels(data.get("levels", {})))
    impacts = collect(problems, "incident_impacts", lambda: _incident_impacts(data.get("incident_impacts", {})))
    options = _options(data.get("options"), problems, frozenset(impacts or ()))
    correlations = _correlations(data.get("correlations", []), problems)
    if volume is not None and horizon is not None:
        problems += _grown_volume_problems(volume, horizon)
    raise_if_any(problems)
    assert volume is not None and levels is not None and horizon is not None and rate is not None
    assert cpu_hour is not None and impacts is not None
    scenario = Scenario(question=question, horizon_years=horizon, discount_rate=rate, volume=volume,
                        options=options, levels=levels, currency=currency, cpu_hour_usd=cpu_hour,
                        evidence=evidence, incident_impacts=impacts, template=template,
                        correlations=correlations)
    raise_if_any(correlation_problems(scenario))  # names and a consistent matrix need the options
    return scenario


def _grown_volume_problems(volume: Volume, horizon: int) -> list[Problem]:
    """The volume's limit holds in every year, not only the first: growth over the horizon may not pass it
    (10x a year for 50 years made totals of 1e78, where every option came out equal)."""
    first = volume.units_per_day.high if isinstance(volume.units_per_day, Triple) else volume.units_per_day.value
    last = first * (1 + volume.yearly_growth) ** (horizon - 1)
    if last <= limits.UNITS_PER_DAY.maximum:
        return []
    return [Problem("volume.yearly_growth", GROWN_PAST_LIMIT.format(
        growth=volume.yearly_growth, years=horizon, last=f"{last:.3g}",
        limit=f"{limits.UNITS_PER_DAY.maximum:g}"))]


def _template(data: Mapping[str, Any], problems: list[Problem]) -> str:
    """The template the scenario names: one of TEMPLATE_NAMES, `blank` when the field is absent.

    A misspelt name is refused rather than read as blank: a blank template would hide the
    template's pages and words, and the user would not know why."""
    if data.get("template") is None:
        return "blank"
    count = len(problems)
    name = _text(data, "template", "", problems)
    if len(problems) == count and name not in TEMPLATE_NAMES:
        problems.append(Problem("template", NOT_A_TEMPLATE.format(name=limits.brief(name))))
    return name


def _correlations(data: object, problems: list[Problem]) -> tuple[RankCorrelation, ...]:
    """Pairs of inputs that move together: {between: [path, path], rank, rationale}."""
    if not isinstance(data, list):
        problems.append(Problem("correlations", f"{_describe(data)}; expected a list of "
                                "{between: [input, input], rank}"))
        return ()
    correlations = []
    for index, item in enumerate(data):
        path = f"correlations[{index}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(path, f"{_describe(item)}; expected {{between: [input, input], rank}}"))
            continue
        count = len(problems)
        _check_keys(item, path, _CORRELATION_KEYS, problems, required=("between", "rank"))
        between = item.get("between")
        if "between" in item and not (isinstance(between, list) and len(between) == 2
                                      and all(isinstance(name, str) and name for name in between)):
            problems.append(Problem(f"{path}.between", f"{_describe(between)}; expected two input paths such as "
                                    "[ML smart crop.development, ML smart crop.maintenance]"))
        rank = _number(item.get("rank"), f"{path}.rank", problems, (-1.0, 1.0, "a rank correlation in [-1, 1]")) \
            if "rank" in item else None
        rationale = _text(item, "rationale", path, problems)
        if len(problems) == count and rank is not None and isinstance(between, list):
            correlations.append(RankCorrelation((between[0], between[1]), rank, rationale))
    return tuple(correlations)


def _incident_impacts(data: object) -> dict[str, IncidentImpact]:
    """The impact of one incident of each kind, set once for every option: an estimate, or
    {estimate, rationale}."""
    problems: list[Problem] = []
    mapping = _mapping(data, "a mapping of risk category to impact: a number, {low, likely, high} or a level")
    impacts: dict[str, IncidentImpact] = {}
    for category, value in mapping.items():
        known = KNOWN_CATEGORIES.get(str(category))
        if known is not None and known is not LineKind.RISK:
            problems.append(Problem(str(category), f"{category!r} is a {known.value} category; expected a risk "
                                    "category such as reputation_risk"))
            continue
        impact = collect(problems, str(category), partial(_incident_impact, value))
        if impact is not None:
            impacts[str(category)] = impact
    raise_if_any(problems)
    return impacts


def _incident_impact(value: object) -> IncidentImpact:
    if not (isinstance(value, Mapping) and "estimate" in value):
        return IncidentImpact(_estimate(value, COST))
    problems: list[Problem] = []
    _check_keys(value, "", ("estimate", "rationale"), problems)
    rationale = _text(value, "rationale", "", problems)
    estimate = collect(problems, "estimate", partial(_estimate, value["estimate"], COST))
    raise_if_any(problems)
    assert estimate is not None
    return IncidentImpact(estimate, rationale)


def _options(data: object, problems: list[Problem], shared: frozenset[str] = frozenset()) -> tuple[Option, ...]:
    if not isinstance(data, list):
        problems.append(Problem("options", f"{_describe(data)}; expected a list of options"))
        return ()
    if len(data) < 2:
        problems.append(Problem("options", f"{len(data)} option(s); expected at least two to compare"))
    options: list[Option] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(data):
        path = f"options[{index}]"
        option = collect(problems, path, partial(_option, item, shared))
        if option is None:
            continue
        if option.name in first_index:
            problems.append(Problem(f"{path}.name", f"{option.name!r} is used by "
                                    f"options[{first_index[option.name]}] too; expected unique names"))
        first_index.setdefault(option.name, index)
        options.append(option)
    return tuple(options)


def _option(data: object, shared: frozenset[str] = frozenset()) -> Option:
    problems: list[Problem] = []
    mapping = _mapping(data, "an option")
    _check_keys(mapping, "", _OPTION_KEYS, problems)
    name = _text(mapping, "name", "", problems, required=True)
    kind = _choice(mapping.get("kind"), "kind", [k.value for k in OptionKind], problems)
    costs = _lines(mapping.get("costs", []), "costs", problems, allow_risk=True, shared=shared)
    benefits = _lines(mapping.get("benefits", []), "benefits", problems, allow_risk=False)
    description = _text(mapping, "description", "", problems)
    implementation = _text(mapping, "implementation", "", problems) or None
    model = _text(mapping, "model", "", problems) or None
    if model is not None and not _MACHINE_NAME.match(model):
        problems.append(Problem("model", f"{limits.brief(model)} is not a model card name (lower_snake_case, e.g. "
                                         "blazeface_full_range)"))
    raise_if_any(problems)
    assert kind is not None
    return Option(name=name, kind=OptionKind(kind), description=description, costs=costs,
                  benefits=benefits, implementation=implementation, model=model)


def _lines(data: object, path: str, problems: list[Problem], *, allow_risk: bool,
           shared: frozenset[str] = frozenset()) -> tuple[Line, ...]:
    if not isinstance(data, list):
        problems.append(Problem(path, f"{_describe(data)}; expected a list of lines"))
        return ()
    lines = [
        collect(problems, f"{path}[{index}]", partial(_line, item, allow_risk=allow_risk, shared=shared))
        for index, item in enumerate(data)
    ]
    return tuple(line for line in lines if line is not None)


def _line(data: object, *, allow_risk: bool, shared: frozenset[str] = frozenset()) -> Line:
    problems: list[Problem] = []
    mapping = _mapping(data, "a line")
    _check_keys(mapping, "", _LINE_KEYS, problems)
    category = _text(mapping, "category", "", problems, required=True)
    kind = _line_kind(mapping, category, problems)
    rationale = _text(mapping, "rationale", "", problems)
    rationale_for = _text(mapping, "rationale_for", "", problems)
    events, shared_cause = _event_fields(mapping, kind, problems)
    raise_if_any(problems)
    assert kind is not None
    measured_by = _wrap("measured_by", lambda: _measured_by(mapping["measured_by"], kind)) \
        if "measured_by" in mapping else None
    if kind is LineKind.RISK and not allow_risk:
        raise ScenarioError([Problem("kind", "'risk' is not a benefit; expected one_off, per_year or per_unit")])
    if "estimate" not in mapping:
        raise ScenarioError([Problem("estimate", "missing; expected a number, {low, likely, high} or a level")])
    value = mapping["estimate"]
    if kind is LineKind.RISK:
        bounds = RATE if events is EventModel.POISSON else PROBABILITY
        estimate: Estimate | RiskEstimate = _risk_estimate(value, bounds, shared_impact=category in shared)
    else:
        estimate = _wrap("estimate", lambda: _estimate(value, COST))
    return Line(category=category, kind=kind, estimate=estimate, rationale=rationale, measured_by=measured_by,
                events=events, shared_cause=shared_cause, rationale_for=rationale_for)


def _event_fields(mapping: Mapping[str, Any], kind: LineKind | None,
                  problems: list[Problem]) -> tuple[EventModel, str]:
    """A risk line's `events` (bernoulli or poisson) and `shared_cause`; other lines have neither."""
    for key in ("events", "shared_cause"):
        if key in mapping and kind is not None and kind is not LineKind.RISK:
            problems.append(Problem(key, f"only risk lines have {key}; this line is {kind.value}"))
    events = _choice(mapping.get("events", EventModel.BERNOULLI.value), "events",
                     [model.value for model in EventModel], problems)
    shared_cause = _text(mapping, "shared_cause", "", problems)
    return EventModel(events or EventModel.BERNOULLI.value), shared_cause


def _measured_by(value: object, kind: LineKind) -> MeasuredBy:
    problems: list[Problem] = []
    mapping = _mapping(value, "{metric, scale}")
    _check_keys(mapping, "", _MEASURED_KEYS, problems, required=("metric",))
    fitting = [name for name, (_, metric_kind) in METRIC_KINDS.items() if metric_kind is kind]
    metric = mapping.get("metric")
    if "metric" in mapping and metric not in fitting:
        expected = f"one of {', '.join(fitting)}" if fitting else "nothing: no metric measures this kind of line"
        problems.append(Problem("metric", f"{_describe(metric)}; expected {expected}"))
    scale = _number(mapping.get("scale", 1.0), "scale", problems, (0.0, 1e6, "a calibration factor >= 0"))
    for key in _GAP_KEYS:
        if key in mapping and not is_gap_metric(str(metric)):
            gaps = ", ".join(name for name in METRIC_KINDS if is_gap_metric(name))
            problems.append(Problem(key, f"only a line measured by a group gap ({gaps}) has {key}; "
                                    f"this one is {_describe(metric)}"))
    prior_sd = _number(mapping.get("prior_sd", DEFAULT_PRIOR_SD), "prior_sd", problems,
                       (0.005, 0.5, "a standard deviation of the true gap in [0.005, 0.5]"))
    tolerance = _number(mapping.get("tolerance", DEFAULT_TOLERANCE), "tolerance", problems,
                        (0.0, 0.5, "a gap in [0, 0.5]"))
    floor = _number(mapping.get("floor", DEFAULT_FLOOR), "floor", problems, (0.0, 1.0, "a share in [0, 1]"))
    if prior_sd is not None and tolerance is not None and tolerance > 3 * prior_sd:
        problems.append(Problem("tolerance", f"{tolerance:g} is more than 3 prior standard deviations "
                                f"({3 * prior_sd:g}): the prior would say no gap ever exceeds it"))
    raise_if_any(problems)
    assert scale is not None and prior_sd is not None and tolerance is not None and floor is not None
    return MeasuredBy(metric=str(metric), scale=scale, prior_sd=prior_sd, tolerance=tolerance, floor=floor)


def _file_names(value: object, path: str, problems: list[Problem]) -> tuple[str, ...]:
    """File names relative to the scenario's folder: never absolute, never climbing out with `..`."""
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        problems.append(Problem(path, f"{_describe(value)}; expected a list of file names"))
        return ()
    if len(value) > limits.EVIDENCE_FILES.maximum:
        problems.append(Problem(path, limits.EVIDENCE_FILES.message(len(value))))
        return ()
    for index, name in enumerate(value):
        reason = file_name_problem(name)
        if reason:
            problems.append(Problem(f"{path}[{index}]", f"{_quote(name)} {reason}"))
    return tuple(value)


def file_name_problem(name: str) -> str | None:
    """Why `name` cannot name a file inside the scenario's folder, or None when it can."""
    if len(name) > limits.NAME_CHARS.maximum:
        return "is too long: " + limits.NAME_CHARS.message(len(name))
    if "\0" in name or "\\" in name or name.startswith(("/", "~")) or (len(name) > 1 and name[1] == ":"):
        return "is not a relative file name; expected a path inside the scenario's folder"
    if ".." in Path(name).parts:
        return "climbs out of the scenario's folder; expected a path inside it"
    return None


def _line_kind(mapping: Mapping[str, Any], category: str, problems: list[Problem]) -> LineKind | None:
    known = KNOWN_CATEGORIES.get(category)
    if "kind" not in mapping:
        if known is None and category:
            problems.append(Problem("kind", f"missing; category {category!r} is not built in, so say "
                                    "one_off, per_year, per_unit or risk"))
        return known
    kind = _choice(mapping["kind"], "kind", [k.value for k in LineKind], problems)
    if kind and known is not None and kind != known.value:
        problems.append(Problem("kind", f"{kind!r} contradicts category {category!r}; expected {known.value!r}"))
    return LineKind(kind) if kind else None


def _risk_estimate(value: object, bounds: Bounds = PROBABILITY, *, shared_impact: bool = False) -> RiskEstimate | Level:
    if isinstance(value, str):
        return _wrap("estimate", lambda: Level(value))
    expected = "{probability}" if shared_impact else "{probability, impact}"
    mapping = _wrap("estimate", lambda: _mapping(value, f"a risk: {expected} or a level"))
    problems: list[Problem] = []
    _check_keys(mapping, "estimate", _RISK_KEYS, problems, required=("probability",) if shared_impact else _RISK_KEYS)
    if shared_impact and "impact" in mapping:
        problems.append(Problem("estimate.impact", "set once for every option in incident_impacts; "
                                "give only the probability here"))
    raise_if_any(problems)
    probability = collect(problems, "estimate.probability", lambda: _estimate(mapping["probability"], bounds))
    impact = None if shared_impact else collect(problems, "estimate.impact",
                                                lambda: _estimate(mapping["impact"], COST))
    raise_if_any(problems)
    assert probability is not None and (impact is not None or shared_impact)
    return RiskEstimate(probability=probability, impact=impact)


def _estimate(value: object, bounds: Bounds, *, levels_allowed: bool = True) -> Estimate:
    if isinstance(value, str) and levels_allowed:
        return Level(value)
    if isinstance(value, Mapping):
        return _triple(value, bounds)
    problems: list[Problem] = []
    number = _number(value, "", problems, bounds)
    raise_if_any(problems)
    assert number is not None
    return Fixed(number)


def _triple(mapping: Mapping[str, Any], bounds: Bounds) -> Triple:
    problems: list[Problem] = []
    _check_keys(mapping, "", _TRIPLE_KEYS, problems, required=_TRIPLE_KEYS)
    numbers = {key: _number(mapping.get(key), key, problems, bounds) for key in _TRIPLE_KEYS
               if key in mapping}
    raise_if_any(problems)
    return Triple(numbers["low"], numbers["likely"], numbers["high"])  # type: ignore[arg-type]


def _volume(data: object) -> Volume:
    problems: list[Problem] = []
    mapping = _mapping(data, "a volume: {units_per_day, yearly_growth}")
    _check_keys(mapping, "", _VOLUME_KEYS, problems, required=("units_per_day",))
    # Volumes are numbers: no scale gives a level such as "high" a meaning in units per day.
    per_day = collect(problems, "units_per_day",
                      lambda: _estimate(mapping.get("units_per_day"), VOLUME, levels_allowed=False))
    assert not isinstance(per_day, Level)
    growth = _number(mapping.get("yearly_growth", 0.0), "yearly_growth", problems,
                     (-1.0, 10.0, "a yearly growth rate in [-1, 10]"))
    rationale = _text(mapping, "rationale", "", problems)
    raise_if_any(problems)
    assert per_day is not None and growth is not None
    return Volume(units_per_day=per_day, yearly_growth=growth, rationale=rationale)


def _levels(data: object) -> LevelScales:
    problems: list[Problem] = []
    mapping = _mapping(data, "a mapping of scales by category or line kind")
    amounts: dict[str, AmountScale] = dict(BUILT_IN_LEVELS.amounts)
    risks: dict[str, RiskScale] = dict(BUILT_IN_LEVELS.risks)
    for key, table in mapping.items():
        if key in _RISK_SCALE_KEYS:
            risk_scale = collect(problems, str(key), partial(_scale, table, _risk_scale_entry))
            if risk_scale is not None:
                risks[key] = risk_scale
        else:
            amount_scale = collect(problems, str(key), partial(_scale, table, _amount_scale_entry))
            if amount_scale is not None:
                amounts[str(key)] = amount_scale
    raise_if_any(problems)
    return LevelScales(amounts=amounts, risks=risks)


def _scale(table: object, entry: Callable[[object], T]) -> dict[str, T]:
    problems: list[Problem] = []
    mapping = _mapping(table, "a scale: one entry for each of " + ", ".join(LEVELS))
    _check_keys(mapping, "", LEVELS, problems, required=LEVELS)
    scale = {level: collect(problems, level, partial(entry, mapping[level])) for level in LEVELS if level in mapping}
    raise_if_any(problems)
    return {level: value for level, value in scale.items() if value is not None}


def _amount_scale_entry(value: object) -> Triple:
    return _triple(_mapping(value, "{low, likely, high}"), COST)


def _risk_scale_entry(value: object) -> RiskScaleEntry:
    problems: list[Problem] = []
    mapping = _mapping(value, "{probability, impact}")
    _check_keys(mapping, "", _RISK_KEYS, problems, required=_RISK_KEYS)
    raise_if_any(problems)
    probability = collect(problems, "probability", lambda: _triple(
        _mapping(mapping["probability"], "{low, likely, high}"), PROBABILITY))
    impact = collect(problems, "impact", lambda: _triple(_mapping(mapping["impact"], "{low, likely, high}"), COST))
    raise_if_any(problems)
    assert probability is not None and impact is not None
    return RiskScaleEntry(probability=probability, impact=impact)


# ---- small checks -------------------------------------------------------------------------

def _wrap(path: str, build: Callable[[], T]) -> T:
    """Run `build`, locating any problems it raises under `path`."""
    try:
        return build()
    except ScenarioError as error:
        raise error.under(path) from None


def _mapping(value: object, expected: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError([Problem("", f"{_describe(value)}; expected {expected}")])
    return value


def _check_keys(mapping: Mapping[str, Any], path: str, allowed: tuple[str, ...], problems: list[Problem],
                *, required: tuple[str, ...] = ()) -> None:
    for key in mapping:
        if key not in allowed:
            problems.append(Problem(join_path(path, str(key)),
                                    f"unknown key; expected one of {', '.join(allowed)}"))
    for key in required:
        if key not in mapping:
            problems.append(Problem(join_path(path, key), "missing"))


def _text(mapping: Mapping[str, Any], key: str, path: str, problems: list[Problem],
          *, required: bool = False) -> str:
    value = mapping.get(key)
    if value is None:
        if required:
            problems.append(Problem(join_path(path, key), "missing; expected text"))
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(Problem(join_path(path, key), f"{_describe(value)}; expected non-empty text"))
        return ""
    reason = text_problem(value, _TEXT_LIMITS.get(key, limits.NAME_CHARS))
    if reason:
        problems.append(Problem(join_path(path, key), reason))
        return ""
    return value


def text_problem(value: str, limit: limits.Limit) -> str | None:
    """Why `value` cannot be a piece of scenario text (too long, not encodable), or None."""
    if len(value) > limit.maximum:
        return f"text is too long: {limit.message(len(value))}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "text holds a lone surrogate (such as \\ud800); expected valid Unicode"
    return None


def _choice(value: object, path: str, choices: list[str], problems: list[Problem]) -> str | None:
    if value in choices:
        return str(value)
    problems.append(Problem(path, f"{_describe(value)}; expected one of {', '.join(choices)}"))
    return None


def _number(value: object, path: str, problems: list[Problem], bounds: Bounds) -> float | None:
    minimum, maximum, what = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(Problem(path, f"{_describe(value)}; expected {what}"))
        return None
    number = _as_float(value)
    if number is None or not math.isfinite(number):
        problems.append(Problem(path, f"{limits.brief(value)} is not a finite number; expected {what}"))
    elif number < minimum or number > maximum:
        problems.append(Problem(path, f"{limits.brief(value)} is out of range; expected {what}"))
    else:
        return number
    return None


def _as_float(value: int | float) -> float | None:
    """The value as a float; None for an integer too large for one (above about 1.8e308)."""
    try:
        return float(value)
    except OverflowError:
        return None


def _integer(value: object, path: str, problems: list[Problem], limit: limits.Limit) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(path, f"{_describe(value)}; expected a whole number from {limit.minimum:,} "
                                f"to {limit.maximum:,}"))
        return None
    if not limit.allows(value):
        problems.append(Problem(path, limit.message(value)))
        return None
    return value


def _quote(text: str) -> str:
    return limits.brief(text)


def _describe(value: object) -> str:
    """How a wrong value is named in a message: `'abc' is text`, `missing`."""
    if value is None:
        return "missing"
    kinds = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list",
             dict: "a mapping"}
    kind = next((name for python_type, name in kinds.items() if isinstance(value, python_type)), None)
    if kind is None:
        return f"{limits.brief(value)} is not valid"
    return f"{limits.brief(value)} is {kind}"
