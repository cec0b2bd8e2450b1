"""A decision template: the words, options, measurements, limits and pages of one kind of decision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import costmodels
from costmodels import Scenario, UnitWords

PAGES = ("decision", "estimates", "variants", "image_lab", "audit_set", "audit", "share")
"""Every dashboard page a template may show, in menu order (the gallery is always shown)."""

FACE_LABEL_AUDITS = ("retention", "pairs", "head-retention")
"""The audits whose numbers rest on faces a person boxed and labelled (robustness compares an option with itself)."""

UNKNOWN_PAGE = "template {name!r}: unknown page {page!r}; expected some of {pages}"
EMPTY_FIELD = "template {name!r}: {field} is empty"


@dataclass(frozen=True)
class Implementation:
    """One way a template's options can be built, e.g. the image option `fixed_crop`."""

    name: str  # what a scenario option's `implementation` says
    title: str
    kind: str  # "ml" or "non_ml"


@dataclass(frozen=True, kw_only=True)
class Template:
    """One kind of decision: its default scenario and what every layer shows for it."""

    name: str
    title: str
    summary: str  # one sentence for the gallery
    scenario_file: Path
    units: UnitWords
    implementation_word: str = "implementation"  # "image option", "mask option"
    implementations: tuple[Implementation, ...] = ()
    audits: tuple[str, ...] = ()  # `tcm audit` sub-commands that measure this template's options
    measured_words: str = ""  # what those audits measure, in words: "latency, faces cut and the survival gap"
    evidence_kinds: tuple[str, ...] = ()  # evidence file kinds (what `tcm audit` writes) its reports show
    metrics: tuple[str, ...] = ()  # evidence metrics its cost lines may be `measured_by`
    model_cards: tuple[str, ...] = ()  # models/<name>.yaml its reports include
    limitations: tuple[str, ...] = ()
    pages: tuple[str, ...] = ("decision", "estimates", "variants", "share")
    quick_categories: tuple[str, ...] = ("development", "model_risk", "reputation_risk")

    def __post_init__(self) -> None:
        for page in self.pages:
            if page not in PAGES:
                raise ValueError(UNKNOWN_PAGE.format(name=self.name, page=page, pages=", ".join(PAGES)))
        for field in ("name", "title", "summary", "limitations", "quick_categories"):
            if not getattr(self, field):
                raise ValueError(EMPTY_FIELD.format(name=self.name, field=field))

    @property
    def units_a_day(self) -> str:
        """The volume in words: "images a day"."""
        return f"{self.units.plural} a day"

    @property
    def per_unit(self) -> str:
        """A per-unit line's kind in words: "per image"."""
        return f"per {self.units.singular}"

    def kind_words(self) -> dict[str, str]:
        """Every line kind in this template's words."""
        return {"one_off": "one-off", "per_year": "per year", "per_unit": self.per_unit, "risk": "risk per year"}

    def scenario(self) -> Scenario:
        """The template's default scenario, read from its folder."""
        return costmodels.load_scenario(self.scenario_file)

    def scenario_yaml(self) -> str:
        """The default scenario as the file holds it (comments and all)."""
        return self.scenario_file.read_text(encoding="utf-8")

    @property
    def measures_crops(self) -> bool:
        """Whether its options crop images (crop sections, crop grid): it declares the face-retention audit."""
        return "retention" in self.audits

    @property
    def measures_masks(self) -> bool:
        """Whether its options make person masks (mask sections): it declares the head-retention audit."""
        return "head-retention" in self.audits

    @property
    def uses_face_labels(self) -> bool:
        """Whether its audits rest on faces a person boxed and labelled, so its reports say who labelled them."""
        return any(audit in FACE_LABEL_AUDITS for audit in self.audits)

    def shows(self, page: str) -> bool:
        """Whether the dashboard shows `page` for this template."""
        return page in self.pages
