"""The pairs audit at scale: cards measured shard by shard into a results folder, then summarised from it.

Every engine runs the same shards and writes the same Parquet rows (`measurements._results`), and one
aggregation reads them back option by option, sorted by card: so serial, pool and Ray give the same
numbers, a rerun resumes where a run stopped, and neither the driver nor the evidence ever holds every
card. Only the summaries and a handful of example cards chosen by rule come back.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from evidence import MIN_FACES
from imageoptions import OptionSpec
from measurements._errors import MeasurementError
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._layouts import PairLayout
from measurements._pairs import (
    BASELINE,
    CardOutcome,
    CardResult,
    CardTask,
    FacePair,
    FaceRef,
    PairOptionSummary,
    PairTally,
    card_tasks,
    checked_settings,
    measure_card,
    sample_pairs,
)
from measurements._results import (
    ResultsFolder,
    finished_cards,
    folder_digest,
    open_results,
    read_errors,
    read_shard,
    shard_files,
    write_shard,
)
from measurements._retention import RetentionRule

SHARD_CARDS = 32
"""Cards per shard: small enough that a stopped run loses little, large enough that files stay few."""
EXAMPLES_PER_RULE = 2
NO_CARDS = "no cards to audit"


@dataclass(frozen=True)
class ShardTask:
    """A picklable work item: some numbered cards, and the folder their shard goes to."""

    shards: str
    cards: tuple[tuple[int, CardTask], ...]


def measure_shard(task: ShardTask) -> int:
    """Measure a shard's cards and write them as one Parquet shard (the worker function); its row count."""
    return write_shard(Path(task.shards), [(card, measure_card(card_task)) for card, card_task in task.cards])


@dataclass(frozen=True)
class ExampleCard:
    """A card worth looking at, chosen by `rule`: a sweep flip, a fallback, or the worst cut."""

    rule: str
    card: int
    option: str
    variant: str
    first: str
    first_group: str
    second: str
    second_group: str
    first_kept: float
    second_kept: float
    outcome: str
    note: str = ""


@dataclass(frozen=True)
class ResultsPointer:
    """Where a run's Parquet results are and their digest (see `measurements._results.folder_digest`)."""

    path: Path
    sha256: str
    cards: int
    shards: int


@dataclass(frozen=True)
class PairRun:
    """A streamed pairs run: its settings, the per-option summaries and examples, and where its results are.

    `measured` counts the cards measured by this call; the rest (`cards - measured`) were already
    in the results folder from an earlier, stopped run with the same settings.
    """

    protocol: str
    frame: str
    column: str
    seed: int
    rule: RetentionRule
    pairs: tuple[FacePair, ...]
    cards: int
    measured: int
    summaries: tuple[PairOptionSummary, ...]
    examples: tuple[ExampleCard, ...]
    errors: tuple[str, ...]
    results: ResultsPointer
    min_faces: int = MIN_FACES


WINDOW_SHARDS = 16
"""Shards handed to a serial or pool executor at a time: the plan is read lazily, never held whole."""
_Item = TypeVar("_Item")


def stream_pairs(
    faces: Sequence[FaceRef],
    options: Sequence[OptionSpec | str],
    layout: PairLayout,
    results: Path,
    *,
    pairs: int = 20,
    seed: int = 0,
    frame: str | None = None,
    rule: RetentionRule | None = None,
    sweep: bool = True,
    column: str = "monk_skin_tone",
    min_faces: int = MIN_FACES,
    executor: Executor | None = None,
    progress: Progress | None = None,
    cards: Iterable[CardTask] | None = None,
) -> PairRun:
    """The pairwise survival audit, streamed: the same sampling and counting as `audit_pairs`, results on disk.

    `cards` replaces the sampled cards with cards built beforehand (`tcm cards`): baseline only. It is
    read twice (to plan, then to measure), a batch at a time, so a lazy card list (`read_card_list`)
    keeps the driver's memory flat however many cards it holds.
    """
    specs, frame, rule = checked_settings(options, layout, frame, rule, min_faces)
    names = tuple(spec.name for spec in specs)
    variants = layout.sweep() if sweep and cards is None else ()
    layouts = ((BASELINE, layout), *variants)
    chosen = sample_pairs(faces, pairs, seed) if cards is None else ()
    source = cards if cards is not None else card_tasks(chosen, layouts, specs, frame, rule)

    def tasks() -> Iterator[CardTask]:
        return (replace(task, layouts=layouts, options=specs, frame=frame, rule=rule) for task in source)

    template = next(tasks(), None)
    if template is None:
        raise MeasurementError(NO_CARDS)
    settings = {"protocol": layout.protocol, "layout": repr(layout), "sweep": [name for name, _ in variants],
                "options": [[spec.name, spec.model_sha256] for spec in specs], "frame": frame, "rule": repr(rule),
                "seed": seed, "column": column}
    folder = open_results(results, settings, tasks())
    done = finished_cards(folder)
    run_shards(folder, tasks(), done, template, executor or SerialExecutor(), progress)
    summaries, examples = summarise_run(folder, names, [name for name, _ in variants], min_faces)
    pointer = ResultsPointer(folder.path, folder_digest(folder), folder.cards, len(shard_files(folder)))
    return PairRun(
        protocol=layout.protocol, frame=frame, column=column, seed=seed, rule=rule, pairs=chosen, cards=folder.cards,
        measured=folder.cards - len(done), summaries=summaries, examples=examples,
        errors=tuple(read_errors(folder)), results=pointer, min_faces=min_faces,
    )


def run_shards(
    folder: ResultsFolder,
    tasks: Iterable[CardTask],
    done: set[int],
    template: CardTask,
    executor: Executor,
    progress: Progress | None,
) -> None:
    """Measure the cards no finished shard holds, shard by shard (Ray reads the plan itself with Ray Data)."""
    total, already = folder.cards, len(done)
    if progress is not None:
        progress(already, total)
    if already == total:
        return
    stream = getattr(executor, "stream_plan", None)
    if stream is not None:  # the Ray executor: Ray Data reads the plan and feeds actors
        stream(folder, template, done, SHARD_CARDS,
               None if progress is None else lambda measured, _: progress(already + measured, total))
        return
    measured = already
    for window in _windows(folder, tasks, done):
        sizes = [len(shard.cards) for shard in window]

        def shard_progress(finished: int, _: int, before: int = measured, sizes: list[int] = sizes) -> None:
            if progress is not None:
                progress(before + sum(sizes[:finished]), total)

        executor.map(measure_shard, window, progress=shard_progress)
        measured += sum(sizes)


def _windows(folder: ResultsFolder, tasks: Iterable[CardTask], done: set[int]) -> Iterator[list[ShardTask]]:
    """The pending cards as shards of SHARD_CARDS, WINDOW_SHARDS shards at a time."""
    pending = ((index, task) for index, task in enumerate(tasks) if index not in done)
    shards = (ShardTask(str(folder.shards), cards) for cards in _batches(pending, SHARD_CARDS))
    for window in _batches(shards, WINDOW_SHARDS):
        yield list(window)


def _batches(items: Iterator[_Item], size: int) -> Iterator[tuple[_Item, ...]]:
    """`items` `size` at a time (the last batch may be shorter), read lazily."""
    while batch := tuple(itertools.islice(items, size)):
        yield batch


@dataclass
class _Examples:
    """The example cards picked so far, each rule's first two in a fixed order, however shards arrive.

    Sweep flips and fallbacks come in option order, then card order (then variant name); the worst cuts
    are the least kept share first, then card order.
    """

    flips: list[tuple[tuple[Any, ...], ExampleCard]] = field(default_factory=list)
    fallbacks: list[tuple[tuple[Any, ...], ExampleCard]] = field(default_factory=list)
    worst: list[tuple[tuple[Any, ...], ExampleCard]] = field(default_factory=list)

    def add(self, order: int, option: str, number: int, card: CardResult) -> None:
        """Consider card `number` for each rule, for the option that comes `order`-th."""
        base = card.outcome(option)
        if base is None:
            return
        for changed in sorted((found for found in card.outcomes if found.option == option), key=_variant):
            if changed.variant != BASELINE and changed.outcome != base.outcome:
                _keep(self.flips, (order, number, changed.variant),
                      _example("sweep flip", number, card, changed, f"baseline: {base.outcome}"))
        if base.fallback is not None:
            _keep(self.fallbacks, (order, number), _example("fallback", number, card, base, base.fallback))
        if min(base.first_kept, base.second_kept) < 1:
            _keep(self.worst, (min(base.first_kept, base.second_kept), number, order),
                  _example("worst cut", number, card, base, ""))

    def merge(self, other: _Examples) -> None:
        """Take another set's candidates (of other cards) into account."""
        for mine, theirs in ((self.flips, other.flips), (self.fallbacks, other.fallbacks),
                             (self.worst, other.worst)):
            for key, example in theirs:
                _keep(mine, key, example)

    def chosen(self) -> tuple[ExampleCard, ...]:
        """At most two cards per rule."""
        return tuple(example for kept in (self.flips, self.fallbacks, self.worst) for _, example in kept)


def _variant(outcome: CardOutcome) -> str:
    return outcome.variant


def _keep(kept: list[tuple[tuple[Any, ...], ExampleCard]], key: tuple[Any, ...], example: ExampleCard) -> None:
    kept.append((key, example))
    kept.sort(key=lambda item: item[0])
    del kept[EXAMPLES_PER_RULE:]


@dataclass(frozen=True)
class ShardCounts:
    """What one shard adds to a run's summaries: each option's tally and its example candidates."""

    tallies: tuple[PairTally, ...]
    examples: _Examples


def count_shard(path: Path, options: Sequence[str], variants: Sequence[str]) -> ShardCounts:
    """Read one shard and count it: memory bounded by the shard, its result by its faces and groups."""
    tallies = tuple(PairTally(option, tuple(variants)) for option in options)
    examples = _Examples()
    for number, card in read_shard(path):
        for order, tally in enumerate(tallies):
            tally.add(number, card)
            examples.add(order, tally.option, number, card)
    return ShardCounts(tallies, examples)


def summarise_run(
    folder: ResultsFolder, options: Sequence[str], variants: Sequence[str], min_faces: int
) -> tuple[tuple[PairOptionSummary, ...], tuple[ExampleCard, ...]]:
    """Each option's summary and the example cards, counted shard by shard and merged (every row read once)."""
    totals = tuple(PairTally(option, tuple(variants)) for option in options)
    examples = _Examples()
    for path in shard_files(folder):
        counts = count_shard(path, options, variants)
        for total, tally in zip(totals, counts.tallies, strict=True):
            total.merge(tally)
        examples.merge(counts.examples)
    return tuple(total.summary(folder.cards, min_faces) for total in totals), examples.chosen()


def _example(rule: str, number: int, card: CardResult, outcome: CardOutcome, note: str) -> ExampleCard:
    return ExampleCard(rule=rule, card=number, option=outcome.option, variant=outcome.variant,
                       first=card.first.file, first_group=card.first.group, second=card.second.file,
                       second_group=card.second.group, first_kept=outcome.first_kept,
                       second_kept=outcome.second_kept, outcome=outcome.outcome, note=note)


def results_summary(run: PairRun) -> dict[str, Any]:
    """What an evidence file keeps of a streamed run: settings, summaries, examples and errors, never every card."""
    return {"protocol": run.protocol, "frame": run.frame, "column": run.column, "seed": run.seed,
            "rule": run.rule, "pairs": len(run.pairs), "cards": run.cards, "min_faces": run.min_faces,
            "summaries": run.summaries, "examples": run.examples, "errors": list(run.errors)}


def eta_seconds(done: int, total: int, elapsed_s: float) -> float | None:
    """Seconds left at the rate so far; None before the first card.

    >>> eta_seconds(25, 100, 10.0), eta_seconds(0, 100, 3.0)
    (30.0, None)
    """
    if done <= 0 or elapsed_s <= 0:
        return None
    return (total - done) * elapsed_s / done


def progress_line(done: int, total: int, elapsed_s: float, *, already: int = 0) -> str:
    """'  measured 120/2000 cards, 15.2 cards/s, 2 min 4 s left' (rate over this run's cards only).

    >>> progress_line(50, 100, 5.0)
    '  measured 50/100 cards, 10.0 cards/s, 5 s left'
    """
    fresh = done - already
    rate = fresh / elapsed_s if elapsed_s > 0 and fresh > 0 else None
    left = eta_seconds(fresh, total - already, elapsed_s)
    rate_text = "-" if rate is None else f"{rate:.1f}"
    left_text = "" if left is None else f", {_duration(left)} left"
    return f"  measured {done}/{total} cards, {rate_text} cards/s{left_text}"


def _duration(seconds: float) -> str:
    whole = math.ceil(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"

