"""The pairs audit at scale: cards measured shard by shard into a results folder, then summarised from it.

Every engine runs the same shards and writes the same Parquet rows (`measurements._results`), and one
aggregation reads them back option by option, sorted by card: so serial, pool and Ray give the same
numbers, a rerun resumes where a run stopped, and neither the driver nor the evidence ever holds every
card. Only the summaries and a handful of example cards chosen by rule come back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa

from evidence import MIN_FACES
from imageoptions import OptionSpec, parse_frame, resolve_specs
from measurements._errors import MeasurementError
from measurements._executors import Executor, Progress, SerialExecutor
from measurements._layouts import DEFAULT_FRAMES, PairLayout
from measurements._pairs import (
    BAD_MIN_FACES,
    BASELINE,
    CardOutcome,
    CardResult,
    CardTask,
    FacePair,
    FaceRef,
    PairOptionSummary,
    measure_card,
    sample_pairs,
    summarise_pairs,
)
from measurements._results import (
    ResultsFolder,
    finished_cards,
    folder_digest,
    open_results,
    read_errors,
    read_option,
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


def card_tasks(
    pairs: Sequence[FacePair], layouts: tuple[tuple[str, PairLayout], ...], options: tuple[OptionSpec, ...], frame: str,
    rule: RetentionRule,
) -> list[CardTask]:
    """Every pair in both orders, on every layout."""
    return [CardTask(pair=pair, swapped=swapped, layouts=layouts, options=options, frame=frame, rule=rule)
            for pair in pairs for swapped in (False, True)]


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
    cards: Sequence[CardTask] | None = None,
) -> PairRun:
    """The pairwise survival audit, streamed: the same sampling and counting as `audit_pairs`, results on disk.

    `cards` replaces the sampled cards with cards built beforehand (`tcm cards`): baseline only.
    """
    if isinstance(min_faces, bool) or not isinstance(min_faces, int) or min_faces < 2:
        raise MeasurementError(BAD_MIN_FACES.format(value=min_faces))
    frame = frame or DEFAULT_FRAMES[layout.protocol]
    parse_frame(frame)
    rule = rule or RetentionRule()
    specs = resolve_specs(options)
    names = tuple(spec.name for spec in specs)
    variants = layout.sweep() if sweep and cards is None else ()
    layouts = ((BASELINE, layout), *variants)
    chosen = sample_pairs(faces, pairs, seed) if cards is None else ()
    tasks = list(cards) if cards is not None else card_tasks(chosen, layouts, specs, frame, rule)
    tasks = [replace(task, layouts=layouts, options=specs, frame=frame, rule=rule) for task in tasks]
    if not tasks:
        raise MeasurementError(NO_CARDS)
    settings = {"protocol": layout.protocol, "layout": repr(layout), "sweep": [name for name, _ in variants],
                "options": [[spec.name, spec.model_sha256] for spec in specs], "frame": frame, "rule": repr(rule),
                "seed": seed, "column": column}
    folder = open_results(results, settings, tasks)
    done = finished_cards(folder)
    pending = [(index, task) for index, task in enumerate(tasks) if index not in done]
    run_shards(folder, pending, tasks[0], executor or SerialExecutor(), progress, already=len(done))
    del tasks, pending
    summaries, examples = summarise_run(folder, names, [name for name, _ in variants], min_faces)
    pointer = ResultsPointer(folder.path, folder_digest(folder), folder.cards, len(shard_files(folder)))
    return PairRun(
        protocol=layout.protocol, frame=frame, column=column, seed=seed, rule=rule, pairs=chosen, cards=folder.cards,
        measured=folder.cards - len(done), summaries=summaries, examples=examples,
        errors=tuple(read_errors(folder)), results=pointer, min_faces=min_faces,
    )


def run_shards(
    folder: ResultsFolder,
    pending: Sequence[tuple[int, CardTask]],
    template: CardTask,
    executor: Executor,
    progress: Progress | None,
    *,
    already: int = 0,
) -> None:
    """Measure the pending cards shard by shard on the executor (Ray reads the plan itself with Ray Data)."""
    total = already + len(pending)
    if progress is not None:
        progress(already, total)
    if not pending:
        return
    stream = getattr(executor, "stream_plan", None)
    if stream is not None:  # the Ray executor: Ray Data reads the plan and feeds actors
        stream(folder, template, {index for index, _ in pending}, SHARD_CARDS,
               None if progress is None else lambda done, _: progress(already + done, total))
        return
    shards = [ShardTask(str(folder.shards), tuple(pending[start:start + SHARD_CARDS]))
              for start in range(0, len(pending), SHARD_CARDS)]
    sizes = [len(shard.cards) for shard in shards]

    def shard_progress(done: int, _: int) -> None:
        if progress is not None:
            progress(already + sum(sizes[:done]), total)

    executor.map(measure_shard, shards, progress=shard_progress)


def option_cards(table: pa.Table, cards: int) -> list[CardResult]:
    """One option's rows as card results (a card without rows has no outcome), in card order."""
    columns = table.to_pydict()
    outcomes: dict[int, list[CardOutcome]] = {}
    faces: dict[int, tuple[FaceRef, FaceRef, int, bool]] = {}
    for i, card in enumerate(columns["card"]):
        faces[card] = (FaceRef(columns["first_file"][i], columns["first_face"][i], (0, 0, 0, 0),
                               columns["first_group"][i]),
                       FaceRef(columns["second_file"][i], columns["second_face"][i], (0, 0, 0, 0),
                               columns["second_group"][i]), columns["pair_index"][i], columns["swapped"][i])
        outcomes.setdefault(card, []).append(CardOutcome(
            option=columns["option"][i], variant=columns["variant"][i], first_kept=columns["first_kept"][i],
            second_kept=columns["second_kept"][i], first_survived=columns["first_survived"][i],
            second_survived=columns["second_survived"][i], latency_ms=columns["latency_ms"][i],
            wall_ms=columns["wall_ms"][i], fallback=columns["fallback"][i]))
    missing = FaceRef("", 0, (0, 0, 0, 0), "")
    results = []
    for card in range(cards):
        first, second, pair, swapped = faces.get(card, (missing, missing, -1, False))
        results.append(CardResult(pair, swapped, first, second, tuple(outcomes.get(card, ()))))
    return results


@dataclass
class _Examples:
    """The example cards picked so far: sweep flips, fallbacks and the worst cuts (first by card)."""

    flips: list[ExampleCard]
    fallbacks: list[ExampleCard]
    worst: list[ExampleCard]

    def add(self, option: str, cards: Sequence[CardResult]) -> None:
        """Consider one option's cards (in card order) for each rule."""
        for number, card in enumerate(cards):
            base = card.outcome(option)
            if base is None:
                continue
            for changed in card.outcomes:
                if changed.variant != BASELINE and changed.outcome != base.outcome and \
                        len(self.flips) < EXAMPLES_PER_RULE:
                    self.flips.append(_example("sweep flip", number, card, changed, f"baseline: {base.outcome}"))
            if base.fallback is not None and len(self.fallbacks) < EXAMPLES_PER_RULE:
                self.fallbacks.append(_example("fallback", number, card, base, base.fallback))
            if min(base.first_kept, base.second_kept) < 1:
                self.worst.append(_example("worst cut", number, card, base, ""))
                self.worst = sorted(self.worst, key=lambda e: (min(e.first_kept, e.second_kept), e.card))[
                    :EXAMPLES_PER_RULE]

    def chosen(self) -> tuple[ExampleCard, ...]:
        """At most two cards per rule."""
        return (*self.flips, *self.fallbacks, *self.worst)


def summarise_run(
    folder: ResultsFolder, options: Sequence[str], variants: Sequence[str], min_faces: int
) -> tuple[tuple[PairOptionSummary, ...], tuple[ExampleCard, ...]]:
    """Each option's summary and the example cards, one option's rows in memory at a time."""
    summaries = []
    examples = _Examples([], [], [])
    for option in options:
        cards = option_cards(read_option(folder, option), folder.cards)
        summaries.append(summarise_pairs(option, cards, variants, min_faces))
        examples.add(option, cards)
    return tuple(summaries), examples.chosen()


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

