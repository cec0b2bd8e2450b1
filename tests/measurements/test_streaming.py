"""The streamed pairs audit: the same numbers as the in-memory audit, a results folder that resumes, small evidence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import measurements
import sample_images
from measurements import SerialExecutor, default_layout, group_faces, pairs_evidence, pairs_run_evidence, stream_pairs
from measurements._pairs import summarise_pairs
from measurements._results import OTHER_RUN, RESULT_SCHEMA, read_shard, shard_files
from measurements._streaming import measure_shard

OPTIONS = ("fixed_crop", "face_crop_blazeface")
PAIRS = 3


def sample_faces() -> tuple[measurements.FaceRef, ...]:
    return group_faces(sample_images.load_manifest(), "monk_skin_tone")


def measured(metrics: dict[str, Any]) -> dict[str, Any]:
    """Every metric but the times (CPU and wall time differ from run to run)."""
    return {option: {name: value for name, value in values.items() if "latency" not in name}
            for option, values in metrics.items()}


def stream(folder: Path, **settings: Any) -> measurements.PairRun:
    return stream_pairs(sample_faces(), OPTIONS, default_layout("side-by-side"), folder, pairs=PAIRS, seed=0,
                        **settings)


def test_stream_pairs_gives_the_in_memory_audits_numbers(tmp_path: Path) -> None:
    run = stream(tmp_path / "run")
    audit = measurements.audit_pairs(sample_faces(), OPTIONS, default_layout("side-by-side"), pairs=PAIRS, seed=0)
    streamed = pairs_run_evidence(run, command="c", tcm_version="t", evidence_path=tmp_path / "e.json")
    in_memory = pairs_evidence(audit, command="c", tcm_version="t")
    assert measured(streamed.metrics) == measured(in_memory.metrics)  # type: ignore[arg-type]
    assert [s.outcomes for s in run.summaries] == [s.outcomes for s in audit.summaries]
    assert [s.sweep for s in run.summaries] == [s.sweep for s in audit.summaries]
    rows = sum(pq.read_metadata(path).num_rows for path in shard_files_of(run))
    variants = 1 + len(default_layout("side-by-side").sweep())
    assert (run.cards, run.measured, rows) == (2 * PAIRS, 2 * PAIRS, 2 * PAIRS * len(OPTIONS) * variants)


def shard_files_of(run: measurements.PairRun) -> list[Path]:
    return sorted((run.results.path / "shards").glob("*.parquet"))


class StopAfterFirstShard(SerialExecutor):
    """Runs the first shard, then stops the run as a kill would."""

    def map(self, function: Any, items: Any, *, progress: Any = None) -> list[Any]:
        function(items[0])
        raise KeyboardInterrupt


def test_stream_pairs_resumes_a_stopped_run_skipping_finished_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(measurements._streaming, "SHARD_CARDS", 2)
    with pytest.raises(KeyboardInterrupt):
        stream(tmp_path / "run", sweep=False, executor=StopAfterFirstShard())
    assert len(list((tmp_path / "run" / "shards").glob("*.parquet"))) == 1
    seen: list[tuple[int, int]] = []
    resumed = stream(tmp_path / "run", sweep=False, progress=lambda done, total: seen.append((done, total)))
    whole = stream(tmp_path / "whole", sweep=False)
    assert (resumed.cards, resumed.measured) == (6, 4)
    assert seen[0] == (2, 6) and seen[-1] == (6, 6)
    assert [s.groups for s in resumed.summaries] == [s.groups for s in whole.summaries]
    assert resumed.examples == whole.examples
    again = stream(tmp_path / "run", sweep=False)
    assert again.measured == 0 and again.results.sha256 == resumed.results.sha256


def test_stream_pairs_refuses_another_runs_folder(tmp_path: Path) -> None:
    stream_pairs(sample_faces(), ("fixed_crop",), default_layout("side-by-side"), tmp_path / "run", pairs=1,
                 sweep=False)
    with pytest.raises(measurements.MeasurementError) as caught:
        stream_pairs(sample_faces(), ("fixed_crop",), default_layout("side-by-side"), tmp_path / "run", pairs=1,
                     seed=1, sweep=False)
    assert str(caught.value) == OTHER_RUN.format(folder=tmp_path / "run")


def test_measure_shard_writes_one_row_per_card_option_and_variant(tmp_path: Path) -> None:
    run = stream(tmp_path / "run", sweep=False)
    table = pq.read_table(shard_files(measurements._results.ResultsFolder(run.results.path, "", run.cards))[0])
    assert table.schema.equals(RESULT_SCHEMA)
    assert table.num_rows == 2 * PAIRS * len(OPTIONS)
    assert set(table.column("variant").to_pylist()) == {"baseline"}
    assert all("/" not in name for name in table.column("first_file").to_pylist())  # file names, never paths
    assert measure_shard(measurements._streaming.ShardTask(str(tmp_path), ())) == 0


def test_pairs_run_evidence_is_small_and_points_to_the_results(tmp_path: Path) -> None:
    run = stream(tmp_path / "out" / "run", sweep=False)
    path = measurements.write_evidence(
        tmp_path / "out" / "e.json",
        pairs_run_evidence(run, command="tcm audit pairs", tcm_version="t", evidence_path=tmp_path / "out" / "e.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 3
    assert data["results_data"] == {"path": "run", "sha256": run.results.sha256, "format": "parquet", "cards": 6}
    assert set(data["results"]) == {"protocol", "frame", "column", "seed", "rule", "pairs", "cards", "min_faces",
                                    "summaries", "examples", "errors"}
    assert len(data["results"]["examples"]) <= 6
    assert str(tmp_path) not in path.read_text(encoding="utf-8")
    assert measurements.read_evidence(path).results_data == evidence_pointer(run)


def evidence_pointer(run: measurements.PairRun) -> Any:
    from evidence import ResultsData

    return ResultsData("run", run.results.sha256, "parquet", run.cards)


def test_progress_line_says_done_rate_and_time_left() -> None:
    assert measurements.progress_line(120, 2000, 10.0, already=20) == (
        "  measured 120/2000 cards, 10.0 cards/s, 3 min 8 s left")


def test_summaries_counted_shard_by_shard_equal_the_all_rows_summaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(measurements._streaming, "SHARD_CARDS", 2)
    run = stream(tmp_path / "run")
    folder = measurements._results.ResultsFolder(run.results.path, "", run.cards)
    assert run.results.shards == 3
    cards = sorted(card for path in shard_files(folder) for card in read_shard(path))
    results = [result for _, result in cards]
    variants = [name for name, _ in default_layout("side-by-side").sweep()]
    assert [number for number, _ in cards] == list(range(run.cards))
    assert run.summaries == tuple(summarise_pairs(option, results, variants, run.min_faces) for option in OPTIONS)
    examples = measurements._streaming._Examples()
    for order, option in enumerate(OPTIONS):
        for number, result in cards:
            examples.add(order, option, number, result)
    assert run.examples == examples.chosen()


def test_the_plans_fingerprint_is_the_sha256_of_settings_and_cards_as_json(tmp_path: Path) -> None:
    run = stream(tmp_path / "run", sweep=False)
    plan = pq.read_table(run.results.path / "cards.parquet").to_pylist()
    settings = json.loads((run.results.path / "run.json").read_text(encoding="utf-8"))["settings"]
    cards = [{key: value for key, value in row.items() if not key.endswith(("_path", "_file"))} | {
        "a_file": Path(row["a_path"]).name, "b_file": Path(row["b_path"]).name, "card_file": row["card_file"]}
        for row in plan]
    expected = hashlib.sha256(json.dumps({"settings": settings, "cards": cards}, sort_keys=True).encode()).hexdigest()
    assert json.loads((run.results.path / "run.json").read_text(encoding="utf-8"))["fingerprint"] == expected
