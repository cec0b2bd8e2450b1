"""The scenario: one decision, its options, and each option's cost, benefit and risk lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from costmodels._errors import Problem, ScenarioError
from costmodels._estimates import Estimate, Fixed, Level, Triple, resolve_level

SCHEMA_VERSION = 2  # version 1 files (images_per_day, per_image, image_option) are migrated on read
DEFAULT_CPU_HOUR_USD = 0.0316  # GCP n2, per vCPU-hour (public price table, 2026)
# The decision templates a scenario may name, in gallery order. The engine cannot import templates/
# (it imports the engine), so the names are kept here and the registry imports each name's folder.
TEMPLATE_NAMES = ("image_cropping", "virtual_background", "blank")
NOT_A_TEMPLATE = "{name} is not a template; choose " + ", ".join(TEMPLATE_NAMES[:-1]) + " or " + TEMPLATE_NAMES[-1]


class LineKind(StrEnum):
    """When a line's money is spent: once, every year, per unit of volume, or when a risk event happens."""

    ONE_OFF = "one_off"
    PER_YEAR = "per_year"
    PER_UNIT = "per_unit"
    RISK = "risk"


@dataclass(frozen=True)
class UnitWords:
    """What one unit of volume is called in sentences: "image" / "images"; a template names it."""

    singular: str = "unit"
    plural: str = "units"


class OptionKind(StrEnum):
    """Whether an option relies on a learned model."""

    ML = "ml"
    NON_ML = "non_ml"


KNOWN_CATEGORIES: Mapping[str, LineKind] = MappingProxyType({
    "development": LineKind.ONE_OFF,
    "data_labelling": LineKind.ONE_OFF,
    "integration": LineKind.ONE_OFF,
    "fairness_audit": LineKind.ONE_OFF,
    "maintenance": LineKind.PER_YEAR,
    "monitoring": LineKind.PER_YEAR,
    "retraining": LineKind.PER_YEAR,
    "hosting": LineKind.PER_YEAR,
    "dependency_upgrades": LineKind.PER_YEAR,
    "compliance_review": LineKind.PER_YEAR,
    "compute": LineKind.PER_UNIT,
    "model_risk": LineKind.RISK,
    "reputation_risk": LineKind.RISK,
    "regulatory_risk": LineKind.RISK,
})
"""Categories a line may name without saying its kind; any other category needs `kind`."""


class EventModel(StrEnum):
    """How a risk line's events happen: at most once a year with its probability, or a yearly
    count (Poisson) whose mean is the line's rate."""

    BERNOULLI = "bernoulli"
    POISSON = "poisson"


@dataclass(frozen=True)
class RiskEstimate:
    """A risk event: its probability per year and its cost (USD) when it happens; no impact when
    the scenario's `incident_impacts` sets it once for every option."""

    probability: Estimate
    impact: Estimate | None = None


@dataclass(frozen=True)
class IncidentImpact:
    """What one incident of a kind costs the platform (USD), whichever option caused it."""

    estimate: Estimate
    rationale: str = ""


DEFAULT_PRIOR_SD = 0.1  # skeptical prior on a true group gap: N(0, 0.1^2)
DEFAULT_TOLERANCE = 0.02  # gaps below 2 points do not make incidents likelier
DEFAULT_FLOOR = 0.2  # a share of the risk no fairness evidence removes


@dataclass(frozen=True)
class MeasuredBy:
    """Which measured metric informs a line's estimate, and the team's calibration.

    A latency metric sets a per-unit line (latency x the CPU-hour price x scale); a count metric
    sets a risk's probability per year as scale x the rate; `survival_gap` weighs the estimated
    probability by the measured group gap (prior_sd, tolerance, floor; `scale` is superseded
    there and ignored).
    """

    metric: str
    scale: float = 1.0
    prior_sd: float = DEFAULT_PRIOR_SD
    tolerance: float = DEFAULT_TOLERANCE
    floor: float = DEFAULT_FLOOR


@dataclass(frozen=True)
class Line:
    """One cost or benefit line of an option."""

    category: str
    kind: LineKind
    estimate: Estimate | RiskEstimate
    rationale: str = ""
    measured_by: MeasuredBy | None = None  # used only when evidence for it is given
    events: EventModel = EventModel.BERNOULLI  # risk lines only
    shared_cause: str = ""  # risk lines naming the same cause have their events in the same years
    rationale_for: str = ""  # the estimate the rationale was written for, when it was another one


@dataclass(frozen=True)
class Option:
    """One way to answer the question, e.g. "scale to fit" or "ML saliency crop"."""

    name: str
    kind: OptionKind
    description: str = ""
    costs: tuple[Line, ...] = ()
    benefits: tuple[Line, ...] = ()
    implementation: str | None = None  # what implements it (e.g. an image option), to find its measurements
    model: str | None = None  # the model card (models/NAME.yaml) of the model it runs, for reports


@dataclass(frozen=True)
class Volume:
    """How many units (images, participant-hours, messages: the template names them) a day the option handles."""

    units_per_day: Fixed | Triple
    yearly_growth: float = 0.0
    rationale: str = ""


@dataclass(frozen=True)
class RiskScaleEntry:
    """What a qualitative level means for a risk: a probability per year and an impact."""

    probability: Triple
    impact: Triple


AmountScale = Mapping[str, Triple]
RiskScale = Mapping[str, RiskScaleEntry]


@dataclass(frozen=True)
class LevelScales:
    """Numeric meaning of each qualitative level, by category or, failing that, by line kind."""

    amounts: Mapping[str, AmountScale] = field(default_factory=dict)
    risks: Mapping[str, RiskScale] = field(default_factory=dict)

    def amount_scale(self, category: str, kind: LineKind) -> AmountScale:
        """The scale for a money line: its category's own, else its kind's."""
        return self.amounts.get(category) or self.amounts[kind.value]

    def risk_scale(self, category: str) -> RiskScale:
        """The scale for a risk line: its category's own, else the generic risk scale."""
        return self.risks.get(category) or self.risks[LineKind.RISK.value]


@dataclass(frozen=True)
class RankCorrelation:
    """Two inputs that move together: a Spearman rank correlation in [-1, 1] between their draws.

    Inputs are named by path: `<option>.<category>` (an amount, or a risk's probability),
    `<option>.<category>.impact`, `incident_impacts.<category>` or `volume.units_per_day`.
    """

    between: tuple[str, str]
    rank: float
    rationale: str = ""


@dataclass(frozen=True)
class Scenario:
    """One decision: a question, a horizon, a volume, and two or more options."""

    question: str
    horizon_years: int
    discount_rate: float
    volume: Volume
    options: tuple[Option, ...]
    levels: LevelScales
    currency: str = "USD"
    cpu_hour_usd: float = DEFAULT_CPU_HOUR_USD
    evidence: tuple[str, ...] = ()  # evidence files, relative to the scenario file
    incident_impacts: Mapping[str, IncidentImpact] = field(default_factory=dict)  # risk category -> impact
    template: str = "blank"  # the decision template that names its units, options and pages
    correlations: tuple[RankCorrelation, ...] = ()  # inputs that move together; independent otherwise

    def option(self, name: str) -> Option:
        """The option called `name`."""
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


def _triples(table: Mapping[str, tuple[float, float, float]]) -> dict[str, Triple]:
    return {level: Triple(*values) for level, values in table.items()}


def _risks(
    table: Mapping[str, tuple[tuple[float, float, float], tuple[float, float, float]]],
) -> dict[str, RiskScaleEntry]:
    return {
        level: RiskScaleEntry(Triple(*probability), Triple(*impact))
        for level, (probability, impact) in table.items()
    }


# The built-in scales, chosen so that the default scenario's qualitative words reproduce the
# sourced ranges in shared/reference/default-scenario-figures.md (e.g. development "medium to
# high" -> 250k / 650k / 1.6M; reputation "high" -> 0.05 / 0.15 / 0.4 x 0.5M / 5M / 100M).
BUILT_IN_LEVELS = LevelScales(
    amounts={
        "one_off": _triples({
            "near-zero": (0, 5e3, 15e3), "low": (15e3, 60e3, 250e3),
            "medium": (250e3, 400e3, 800e3), "high": (500e3, 900e3, 1.6e6),
        }),
        "per_year": _triples({
            "near-zero": (0, 3e3, 10e3), "low": (10e3, 30e3, 75e3),
            "medium": (75e3, 200e3, 500e3), "high": (300e3, 750e3, 2e6),
        }),
        "per_unit": _triples({
            "near-zero": (0, 1e-8, 5e-8), "low": (5e-8, 2e-7, 1e-6),
            "medium": (1e-7, 6e-7, 3e-6), "high": (1e-6, 5e-6, 2e-5),
        }),
    },
    risks={
        "risk": _risks({
            "near-zero": ((0.01, 0.02, 0.05), (5e3, 20e3, 50e3)),
            "low": ((0.2, 0.3, 0.5), (20e3, 50e3, 200e3)),
            "medium": ((0.3, 0.5, 0.7), (50e3, 150e3, 500e3)),
            "high": ((0.5, 0.7, 0.9), (200e3, 500e3, 2e6)),
        }),
        "reputation_risk": _risks({
            "near-zero": ((0.005, 0.01, 0.03), (50e3, 200e3, 1e6)),
            "low": ((0.01, 0.03, 0.1), (100e3, 500e3, 2e6)),
            "medium": ((0.03, 0.08, 0.2), (200e3, 1e6, 10e6)),
            "high": ((0.05, 0.15, 0.4), (500e3, 5e6, 100e6)),
        }),
    },
)


def resolve(estimate: Estimate, scale: AmountScale) -> Fixed | Triple:
    """A numeric estimate: levels looked up on `scale`, numbers and triples as they are."""
    return resolve_level(estimate, scale) if isinstance(estimate, Level) else estimate


def resolve_risk(
    estimate: RiskEstimate | Level, scale: RiskScale, shared_impact: Estimate | None = None
) -> tuple[Fixed | Triple, Fixed | Triple]:
    """A risk line's numeric (probability, impact); a single level sets both from `scale`,
    or only the probability when the scenario sets the impact once (`shared_impact`)."""
    probabilities = {level: entry.probability for level, entry in scale.items()}
    impacts = {level: entry.impact for level, entry in scale.items()}
    probability: Fixed | Triple
    if isinstance(estimate, Level):
        probability = resolve_level(estimate, probabilities)
        impact = shared_impact if shared_impact is not None else estimate
    else:
        probability = resolve(estimate.probability, probabilities)
        impact = shared_impact if shared_impact is not None else estimate.impact  # type: ignore[assignment]
    if impact is None:
        raise ScenarioError([Problem("estimate.impact", "missing; expected an impact, or the scenario's "
                                     "incident_impacts to set it for every option")])
    return probability, resolve(impact, impacts)
