"""The pairwise survival audit: two faces on one card, which one does the crop keep?

Counting rules (per option, on the baseline layout):

- A face *survives* when the crop keeps it under the retention rule (not cut).
- A card is *decided* when exactly one face survives; that face's group wins. When both survive
  it is a *tie*, when neither does it is *none*: both are counted and reported, never in win rates.
- Every pair runs in both orders, so each group sits first (left / top) as often as second, and
  the first position's share of decided cards is reported on its own as position bias.
- The face, not the card, is the unit: a face recurs on many cards, so rates and intervals are
  face-clustered (`clustered_rate`), each group row and comparison counts its distinct faces, and
  a comparison with fewer than `min_faces` distinct faces in either group is "not enough faces to
  measure": it is reported but never drives a cost.
- A face-centred option that finds no face falls back to the centre crop; such cards are counted
  as fallbacks per option, never folded into the outcomes' "none".
"""

from __future__ import annotations

import functools
import itertools
import random
from array import array
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from evidence import MIN_FACES
from imageoptions import (
    ImageLoadError,
    ImageOptionsError,
    LoadedImage,
    OptionSpec,
    build_options,
    load_image,
    parse_frame,
    resolve_specs,
)
from measurements._errors import TOO_FEW_GROUPS, UNKNOWN_COLUMN, UNKNOWN_GROUP, MeasurementError
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._inputs import float_box
from measurements._layouts import DEFAULT_FRAMES, PairLayout
from measurements._retention import RetentionRule, judge_face
from measurements._statistics import (
    PARITY,
    ClusteredRate,
    FaceCounts,
    LatencySummary,
    Proportion,
    clustered_rate,
    clustered_rate_of_counts,
    count_card,
    outside_band,
    summarise_latency,
    win_ratio,
)
from measurements._workers import timed_run
from sample_images import Manifest
from sample_images.cards import LabelledImage

Outcome = Literal["first", "second", "tie", "none"]
OUTCOMES: tuple[Outcome, ...] = ("first", "second", "tie", "none")
UNKNOWN = "unknown"
SKIN_TONE_COLUMN = "monk_skin_tone"
SKIN_TONE_BUCKETS = ((1, 3, "monk_1-3"), (4, 6, "monk_4-6"), (7, 10, "monk_7-10"))
BASELINE = "baseline"
IntBox = tuple[int, int, int, int]
NOT_ENOUGH_FACES = "not enough faces to measure ({faces}; at least {minimum} each)"
NOT_ENOUGH_FACES_AGAINST = "not enough faces to measure ({own} of its own, {against} against it; at least {minimum})"
NO_DECIDED_CARDS = "no decided cards"
BAD_MIN_FACES = "min_faces must be a whole number of at least 2, not {value!r}"


@dataclass(frozen=True)
class FaceRef:
    """One annotated face to put on cards: its file, its index in the manifest entry, box and group."""

    path: str
    face_index: int
    box: IntBox
    group: str

    @property
    def file(self) -> str:
        """The image's file name."""
        return Path(self.path).name

    @property
    def key(self) -> tuple[str, int]:
        """The face's identity across cards: its file and its index there."""
        return self.path, self.face_index


@dataclass(frozen=True)
class FacePair:
    """Two faces from different groups; the audit shows them in both orders."""

    index: int
    a: FaceRef
    b: FaceRef


@dataclass(frozen=True)
class CardTask:
    """A picklable work item: one pair in one order, on the baseline layout and each sweep variant."""

    pair: FacePair
    swapped: bool  # False: `a` first (left / top)
    layouts: tuple[tuple[str, PairLayout], ...]
    options: tuple[OptionSpec, ...]
    frame: str
    rule: RetentionRule
    card_file: str = ""  # a card already built (`tcm cards`): read it instead of building, baseline only
    card_faces: tuple[IntBox, IntBox] | None = None  # the two faces' boxes on that card, first then second

    @property
    def first(self) -> FaceRef:
        """The face in the first (left / top) position."""
        return self.pair.b if self.swapped else self.pair.a

    @property
    def second(self) -> FaceRef:
        """The face in the second (right / bottom) position."""
        return self.pair.a if self.swapped else self.pair.b


@dataclass(frozen=True)
class CardOutcome:
    """One option on one card variant: how much of each face it kept and which survived."""

    option: str
    variant: str
    first_kept: float
    second_kept: float
    first_survived: bool
    second_survived: bool
    latency_ms: float  # CPU time of the option's work on this card
    wall_ms: float = 0.0  # elapsed time, load-dependent: kept for reference
    fallback: str | None = None  # why the option fell back (e.g. no face found: centre crop)

    @property
    def outcome(self) -> Outcome:
        """'first' or 'second' when exactly that face survived, 'tie' for both, 'none' for neither."""
        if self.first_survived and self.second_survived:
            return "tie"
        if self.first_survived:
            return "first"
        return "second" if self.second_survived else "none"


@dataclass(frozen=True)
class CardResult:
    """Every option on one pair in one order; `errors` lists pictures or options that failed."""

    pair_index: int
    swapped: bool
    first: FaceRef
    second: FaceRef
    outcomes: tuple[CardOutcome, ...]
    errors: tuple[str, ...] = ()

    def outcome(self, option: str, variant: str = BASELINE) -> CardOutcome | None:
        """The outcome for one option and variant, None when it failed."""
        for found in self.outcomes:
            if found.option == option and found.variant == variant:
                return found
        return None


@dataclass(frozen=True)
class GroupSurvival:
    """A group over the decided cards it was on: how often its face was the one kept.

    `n` (= `n_cards`) counts decided cards, `n_faces` the group's distinct faces on them and
    `n_faces_against` the distinct faces it faced; the standard error and 95% interval are
    face-clustered. `enough_faces` is False (and `note` says "not enough faces to measure") when
    either count is under the audit's `min_faces`.
    """

    group: str
    n: int
    wins: int
    survival_rate: float | None
    ci_low: float
    ci_high: float
    shown: int  # faces of this group on cards (decided or not)
    kept: int  # of those, faces that survived
    n_cards: int = 0
    n_faces: int = 0
    standard_error: float | None = None
    enough_faces: bool = False
    note: str = ""
    n_faces_against: int = 0


@dataclass(frozen=True)
class GroupComparison:
    """Two groups head to head over their decided cards; `flagged` when the win ratio leaves [0.8, 1.25].

    `difference` (= `gap`) is the first group's win share minus 0.5 (parity), with its face-clustered
    `standard_error` and 95% interval `gap_ci_low`..`gap_ci_high` (`ci_low`..`ci_high` bound the win
    share itself); `ratio` is first wins over second wins, None when the second group never won
    (unbounded). `n_faces` counts each group's distinct faces on the decided cards; with fewer than
    the audit's `min_faces` in either group `enough_faces` is False, `note` says "not enough faces
    to measure", nothing is flagged and the comparison never drives a cost. The flag screens, it is
    not a verdict.
    """

    first: str
    second: str
    first_wins: int
    second_wins: int
    ties: int
    nones: int
    decided: int
    first_rate: float | None
    ci_low: float
    ci_high: float
    difference: float | None
    ratio: float | None
    flagged: bool
    n_cards: int = 0
    n_faces: tuple[int, int] = (0, 0)
    gap: float | None = None
    standard_error: float | None = None
    gap_ci_low: float = -PARITY
    gap_ci_high: float = PARITY
    enough_faces: bool = False
    note: str = ""


@dataclass(frozen=True)
class PositionBias:
    """The first (left / top) position's share of decided cards, with its Wilson interval; 0.5 is no bias."""

    first_wins: int
    decided: int
    rate: float | None
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class VariantFlips:
    """One sweep variant: on how many cards its outcome differs from the baseline's."""

    variant: str
    cards: int
    flips: int
    flip_rate: float | None


@dataclass(frozen=True)
class SweepSummary:
    """The brittleness sweep over all variants: how often the winner flips."""

    cards: int
    flips: int
    flip_rate: float | None
    variants: tuple[VariantFlips, ...]


@dataclass(frozen=True)
class OutcomeCounts:
    """Baseline cards by outcome."""

    first: int
    second: int
    tie: int
    none: int


@dataclass(frozen=True)
class PairOptionSummary:
    """One option's audit: outcomes, per-group survival, head-to-head comparisons, position bias, sweep.

    `latency_ms` is CPU time per card, `wall_latency_ms` the elapsed time; `fallbacks` counts the
    baseline `cards` on which the option fell back (`fallback_reasons` says why), apart from the outcomes.
    """

    option: str
    outcomes: OutcomeCounts
    groups: tuple[GroupSurvival, ...]
    comparisons: tuple[GroupComparison, ...]
    position_bias: PositionBias
    sweep: SweepSummary
    latency_ms: LatencySummary | None
    errors: int
    cards: int = 0
    fallbacks: int = 0
    fallback_reasons: tuple[str, ...] = ()
    wall_latency_ms: LatencySummary | None = None
    min_faces: int = MIN_FACES

    def largest_gap(self) -> GroupComparison | None:
        """Among comparisons with enough faces, the one furthest from parity (more decided cards breaks ties)."""
        usable = [c for c in self.comparisons if c.enough_faces and c.gap is not None]
        if not usable:
            return None
        return max(usable, key=lambda c: (abs(c.gap or 0.0), c.decided))


@dataclass(frozen=True)
class PairAudit:
    """A pairs run: its settings, each card's results and the per-option summaries."""

    protocol: str
    layout: PairLayout
    frame: str
    column: str
    seed: int
    rule: RetentionRule
    pairs: tuple[FacePair, ...]
    cards: tuple[CardResult, ...]
    summaries: tuple[PairOptionSummary, ...]
    min_faces: int = MIN_FACES

    @property
    def errors(self) -> tuple[str, ...]:
        """Every picture or option that failed, once each."""
        return tuple(dict.fromkeys(error for card in self.cards for error in card.errors))


def group_label(value: object, column: str) -> str:
    """A face's group: Monk Skin Tone buckets 1-3 / 4-6 / 7-10 for skin tone, the value as text otherwise.

    >>> group_label(5, "monk_skin_tone"), group_label(None, "monk_skin_tone"), group_label("profile", "pose")
    ('monk_4-6', 'unknown', 'profile')
    """
    if value is None:
        return UNKNOWN
    if column == SKIN_TONE_COLUMN and isinstance(value, int):
        for low, high, label in SKIN_TONE_BUCKETS:
            if low <= value <= high:
                return label
    return str(value).lower() if isinstance(value, bool) else str(value)


def group_faces(
    manifest: Manifest, column: str, *, groups: Sequence[str] = (), folder: Path | None = None
) -> tuple[FaceRef, ...]:
    """Every annotated face of the manifest's photos with its group (synthetic images repeat photos, and a
    detector's proposal is not a label until a person confirms it: both skipped)."""
    if column not in manifest.face_columns():
        raise MeasurementError(UNKNOWN_COLUMN.format(column=column, known=", ".join(manifest.face_columns())))
    faces = tuple(
        FaceRef(
            path=str((folder / entry.file) if folder is not None else manifest.path_of(entry)),
            face_index=index,
            box=face.box,
            group=group_label(face.value(column), column),
        )
        for entry in manifest.images
        if not entry.is_synthetic
        for index, face in enumerate(entry.faces)
        if face.box_source != "proposed"
    )
    known = sorted({face.group for face in faces})
    for group in groups:
        if group not in known:
            raise MeasurementError(UNKNOWN_GROUP.format(group=group, column=column, known=", ".join(known)))
    chosen = tuple(face for face in faces if not groups or face.group in groups)
    present = sorted({face.group for face in chosen})
    if len(present) < 2:
        raise MeasurementError(TOO_FEW_GROUPS.format(column=column, count=len(present), groups=", ".join(present)))
    return chosen


def sample_pairs(faces: Sequence[FaceRef], count: int, seed: int) -> tuple[FacePair, ...]:
    """Up to `count` cross-group pairs, drawn in turn from each pairing of groups (seeded, no repeats).

    Taking each pairing of groups in turn keeps a small group from being swamped by a large one.
    """
    rng = random.Random(seed)
    groups = sorted({face.group for face in faces})
    pools = []
    for first, second in itertools.combinations(groups, 2):
        pool = [
            (a, b)
            for a in faces
            if a.group == first
            for b in faces
            if b.group == second
        ]
        rng.shuffle(pool)
        pools.append(pool)
    chosen: list[tuple[FaceRef, FaceRef]] = []
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    return tuple(FacePair(index, a, b) for index, (a, b) in enumerate(chosen))


@functools.lru_cache(maxsize=32)
def load_picture(path: str) -> LoadedImage:
    """An image for cards, decoded once per process (a face appears on many cards)."""
    return load_image(path)


def labelled(face: FaceRef) -> LabelledImage:
    """The face's photo with only this face labelled."""
    return LabelledImage(load_picture(face.path).image, (face.box,))


def built_cards(task: CardTask) -> Iterator[tuple[str, LabelledImage]]:
    """The card for each layout (built one at a time), or the card read from its file (baseline only) when it
    was built beforehand; the pictures are read first, so a missing one raises here."""
    if task.card_file:
        assert task.card_faces is not None  # a card file always comes with its face boxes
        image = load_image(task.card_file).image
        try:
            card = LabelledImage(image, task.card_faces)
        except ValueError as error:  # a box of the card list outside this card: this card fails, the rest carry on
            raise ImageLoadError(task.card_file, f"{error} (the box given in the card list)") from None
        return iter([(BASELINE, card)])
    pictures = labelled(task.first), labelled(task.second)
    return ((variant, layout.build(*pictures)) for variant, layout in task.layouts)


def measure_card(task: CardTask) -> CardResult:
    """Build the card for each layout and run every option on it (the worker function)."""
    first, second = task.first, task.second
    try:
        cards = built_cards(task)
    except ImageLoadError as error:
        return CardResult(task.pair.index, task.swapped, first, second, (), (str(error),))
    frame = parse_frame(task.frame)
    outcomes: list[CardOutcome] = []
    errors: list[str] = []
    for variant, card in cards:
        image = LoadedImage(image=card.image, source=f"card {first.file} | {second.file}", sha256="",
                            original_size=card.image.size)
        for option in build_options(task.options):
            try:
                timed = timed_run(option, image, frame)
            except ImageOptionsError as error:
                errors.append(f"{option.name}: {error}")
                continue
            result = timed.result
            crop = float_box(result.box)
            top = judge_face(float_box(card.faces[0]), crop, task.rule)
            bottom = judge_face(float_box(card.faces[1]), crop, task.rule)
            outcomes.append(CardOutcome(
                option=option.name,
                variant=variant,
                first_kept=top.kept_share,
                second_kept=bottom.kept_share,
                first_survived=not top.cut,
                second_survived=not bottom.cut,
                latency_ms=timed.cpu_ms,
                wall_ms=timed.wall_ms,
                fallback=result.fallback,
            ))
    return CardResult(task.pair.index, task.swapped, first, second, tuple(outcomes), tuple(dict.fromkeys(errors)))


def _faces_note(faces: Sequence[int], minimum: int) -> str:
    return NOT_ENOUGH_FACES.format(faces=" and ".join(f"{n} face{'s' if n != 1 else ''}" for n in faces),
                                   minimum=minimum)


FaceSides = tuple[dict[Hashable, FaceCounts], dict[Hashable, FaceCounts]]
"""Each face's (won, shown) decided cards: the faces of one side, then the faces they faced."""


@dataclass
class PairTally:
    """One option's counts over some cards: all its summary needs, bounded by faces and groups, not cards.

    Tallies of disjoint cards `merge` into the tally of all of them, so a run can count shard by shard
    and still give exactly the summary of counting every card at once. Only the latencies keep one
    number per card (exact percentiles need every value): 16 bytes per card.
    """

    option: str
    variants: tuple[str, ...]
    cards: int = 0  # baseline cards with an outcome
    outcomes: Counter[str] = field(default_factory=Counter)
    shown: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    groups: dict[str, FaceSides] = field(default_factory=dict)  # a group's faces, and the faces against them
    tallies: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)  # groups in name order
    pairings: dict[tuple[str, str], FaceSides] = field(default_factory=dict)  # the first group's faces, the second's
    compared: Counter[str] = field(default_factory=Counter)  # per sweep variant
    flips: Counter[str] = field(default_factory=Counter)
    fallback_reasons: dict[str, int] = field(default_factory=dict)  # reason: the first card it happened on
    fallbacks: int = 0
    latencies_ms: array[float] = field(default_factory=lambda: array("d"))
    wall_latencies_ms: array[float] = field(default_factory=lambda: array("d"))

    def add(self, number: int, card: CardResult) -> None:
        """Count card `number` (its outcomes on the baseline and the sweep variants)."""
        base = card.outcome(self.option)
        for variant in self.variants:
            changed = card.outcome(self.option, variant)
            if base is not None and changed is not None:
                self.compared[variant] += 1
                self.flips[variant] += base.outcome != changed.outcome
        if base is None:
            return
        self.cards += 1
        self.outcomes[base.outcome] += 1
        for face, survived in ((card.first, base.first_survived), (card.second, base.second_survived)):
            self.shown[face.group] += 1
            self.kept[face.group] += survived
        self.latencies_ms.append(base.latency_ms)
        self.wall_latencies_ms.append(base.wall_ms)
        if base.fallback is not None:
            self.fallbacks += 1
            self.fallback_reasons[base.fallback] = min(number, self.fallback_reasons.get(base.fallback, number))
        first_group, second_group = sorted((card.first.group, card.second.group))
        tally = self.tallies.setdefault((first_group, second_group), Counter())
        if base.outcome in ("tie", "none"):
            tally[base.outcome] += 1
            return
        winner, loser = (card.first, card.second) if base.outcome == "first" else (card.second, card.first)
        tally[winner.group] += 1
        for group in dict.fromkeys((winner.group, loser.group)):
            own, other, won = (winner, loser, True) if winner.group == group else (loser, winner, False)
            faces = self.groups.setdefault(group, ({}, {}))
            count_card(faces[0], own.key, won)
            count_card(faces[1], other.key, won)
        firsts, seconds = (winner, loser) if winner.group == first_group else (loser, winner)
        pairing = self.pairings.setdefault((first_group, second_group), ({}, {}))
        count_card(pairing[0], firsts.key, winner.group == first_group)
        count_card(pairing[1], seconds.key, winner.group == first_group)

    def merge(self, other: PairTally) -> None:
        """Add the counts of another tally of the same option over other cards."""
        self.cards += other.cards
        self.fallbacks += other.fallbacks
        for mine, theirs in ((self.outcomes, other.outcomes), (self.shown, other.shown), (self.kept, other.kept),
                             (self.compared, other.compared), (self.flips, other.flips)):
            mine.update(theirs)
        for groups, tally in other.tallies.items():
            self.tallies.setdefault(groups, Counter()).update(tally)
        for merged, extra in ((self.groups, other.groups), (self.pairings, other.pairings)):
            for key, sides in extra.items():
                into = merged.setdefault(key, ({}, {}))  # type: ignore[arg-type]
                for side, counts in zip(into, sides, strict=True):
                    for face, (wins, shown) in counts.items():
                        before = side.get(face, (0, 0))
                        side[face] = (before[0] + wins, before[1] + shown)
        for reason, number in other.fallback_reasons.items():
            self.fallback_reasons[reason] = min(number, self.fallback_reasons.get(reason, number))
        self.latencies_ms.extend(other.latencies_ms)
        self.wall_latencies_ms.extend(other.wall_latencies_ms)

    def summary(self, total_cards: int, min_faces: int = MIN_FACES) -> PairOptionSummary:
        """The option's summary over `total_cards` cards (those without a baseline outcome count as errors)."""
        decided = self.outcomes["first"] + self.outcomes["second"]
        share = Proportion.of(self.outcomes["first"], decided)
        return PairOptionSummary(
            option=self.option,
            outcomes=OutcomeCounts(*(self.outcomes[name] for name in OUTCOMES)),
            groups=tuple(self._group(group, min_faces) for group in sorted(self.shown)),
            comparisons=tuple(compare(first, second, self.tallies[first, second],
                                      clustered_rate_of_counts(*self.pairings.get((first, second), ({}, {}))),
                                      min_faces) for first, second in sorted(self.tallies)),
            position_bias=PositionBias(share.count, share.n, share.rate, share.ci_low, share.ci_high),
            sweep=self._sweep(),
            latency_ms=summarise_latency(self.latencies_ms),
            errors=total_cards - self.cards,
            cards=self.cards,
            fallbacks=self.fallbacks,
            fallback_reasons=tuple(sorted(self.fallback_reasons, key=self.fallback_reasons.__getitem__)),
            wall_latency_ms=summarise_latency(self.wall_latencies_ms),
            min_faces=min_faces,
        )

    def _group(self, group: str, min_faces: int) -> GroupSurvival:
        rate = clustered_rate_of_counts(*self.groups.get(group, ({}, {})))
        enough = min(rate.n_faces) >= min_faces
        return GroupSurvival(
            group=group, n=rate.n_cards, wins=rate.wins, survival_rate=rate.rate, ci_low=rate.ci_low,
            ci_high=rate.ci_high, shown=self.shown[group], kept=self.kept[group], n_cards=rate.n_cards,
            n_faces=rate.n_faces[0], standard_error=rate.standard_error, enough_faces=enough,
            note="" if enough else NO_DECIDED_CARDS if rate.n_cards == 0 else NOT_ENOUGH_FACES_AGAINST.format(
                own=rate.n_faces[0], against=rate.n_faces[1], minimum=min_faces),
            n_faces_against=rate.n_faces[1],
        )

    def _sweep(self) -> SweepSummary:
        rows = tuple(VariantFlips(variant, self.compared[variant], self.flips[variant],
                                  self.flips[variant] / self.compared[variant] if self.compared[variant] else None)
                     for variant in self.variants)
        total, flipped = sum(row.cards for row in rows), sum(row.flips for row in rows)
        return SweepSummary(total, flipped, flipped / total if total else None, rows)


def compare(
    first: str, second: str, tally: Counter[str], rate: ClusteredRate | None = None, min_faces: int = MIN_FACES
) -> GroupComparison:
    """One head-to-head comparison from its tally of wins, ties and nones and its face-clustered rate."""
    decided = tally[first] + tally[second]
    if rate is None:  # faces unknown: every card counted as its own face (tests and tallies only)
        rate = clustered_rate([True] * tally[first] + [False] * tally[second], range(decided), range(decided))
    enough = decided > 0 and min(rate.n_faces) >= min_faces
    gap = None if rate.rate is None else round(rate.rate - PARITY, 6)
    note = NO_DECIDED_CARDS if decided == 0 else "" if enough else _faces_note(rate.n_faces, min_faces)
    return GroupComparison(
        first=first,
        second=second,
        first_wins=tally[first],
        second_wins=tally[second],
        ties=tally["tie"],
        nones=tally["none"],
        decided=decided,
        first_rate=rate.rate,
        ci_low=rate.ci_low,
        ci_high=rate.ci_high,
        difference=gap,
        ratio=win_ratio(tally[first], tally[second]),
        flagged=enough and outside_band(tally[first], tally[second]),
        n_cards=decided,
        n_faces=rate.n_faces,
        gap=gap,
        standard_error=rate.standard_error,
        gap_ci_low=round(rate.ci_low - PARITY, 6),
        gap_ci_high=round(rate.ci_high - PARITY, 6),
        enough_faces=enough,
        note=note,
    )


def summarise_pairs(
    option: str, cards: Sequence[CardResult], variants: Sequence[str], min_faces: int = MIN_FACES
) -> PairOptionSummary:
    """One option's audit over all cards (numbered in order)."""
    tally = PairTally(option, tuple(variants))
    for number, card in enumerate(cards):
        tally.add(number, card)
    return tally.summary(len(cards), min_faces)


def checked_settings(
    options: Sequence[OptionSpec | str], layout: PairLayout, frame: str | None, rule: RetentionRule | None,
    min_faces: int,
) -> tuple[tuple[OptionSpec, ...], str, RetentionRule]:
    """A pairs audit's options, frame (the protocol's default if None) and rule, checked; min_faces checked too."""
    if isinstance(min_faces, bool) or not isinstance(min_faces, int) or min_faces < 2:
        raise MeasurementError(BAD_MIN_FACES.format(value=min_faces))
    frame = frame or DEFAULT_FRAMES[layout.protocol]
    parse_frame(frame)
    return resolve_specs(options), frame, rule or RetentionRule()


def card_tasks(
    pairs: Sequence[FacePair], layouts: tuple[tuple[str, PairLayout], ...], options: tuple[OptionSpec, ...], frame: str,
    rule: RetentionRule,
) -> list[CardTask]:
    """Every pair in both orders, on every layout."""
    return [CardTask(pair=pair, swapped=swapped, layouts=layouts, options=options, frame=frame, rule=rule)
            for pair in pairs for swapped in (False, True)]


def audit_pairs(
    faces: Sequence[FaceRef],
    options: Sequence[OptionSpec | str],
    layout: PairLayout,
    *,
    pairs: int = 20,
    seed: int = 0,
    frame: str | None = None,
    rule: RetentionRule | None = None,
    sweep: bool = True,
    column: str = SKIN_TONE_COLUMN,
    min_faces: int = MIN_FACES,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> PairAudit:
    """Run the pairwise survival audit: sample pairs, build cards in both orders, run, summarise."""
    specs, frame, rule = checked_settings(options, layout, frame, rule, min_faces)
    names = tuple(spec.name for spec in specs)
    variants = layout.sweep() if sweep else ()
    layouts = ((BASELINE, layout), *variants)
    chosen = sample_pairs(faces, pairs, seed)
    tasks = card_tasks(chosen, layouts, specs, frame, rule)
    cards = tuple((executor or SerialExecutor()).map(measure_card, tasks, progress=progress))
    variant_names = [name for name, _ in variants]
    return PairAudit(
        protocol=layout.protocol,
        layout=layout,
        frame=frame,
        column=column,
        seed=seed,
        rule=rule,
        pairs=chosen,
        cards=cards,
        summaries=tuple(summarise_pairs(name, cards, variant_names, min_faces) for name in names),
        min_faces=min_faces,
    )
