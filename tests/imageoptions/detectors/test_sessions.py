"""The shared onnxruntime session cache."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import onnx
import pytest
from onnx import TensorProto, helper

from imageoptions.detectors import sessions


@pytest.fixture
def identity_model(tmp_path: Path) -> Path:
    """A one-node ONNX model, so these tests need no prepared files."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "identity",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    path = tmp_path / "identity.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=8), path)
    sessions.clear_cache()
    return path


def test_load_model_reuses_one_session_per_file_and_thread_count(identity_model: Path) -> None:
    first = sessions.load_model(identity_model)
    assert sessions.load_model(identity_model) is first
    assert sessions.load_model(identity_model, threads=1) is not first


def test_load_model_concurrent_first_calls_share_one_session(identity_model: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        loaded = list(pool.map(lambda _: sessions.load_model(identity_model), range(16)))
    assert len({id(model) for model in loaded}) == 1


def test_load_model_sets_threads_and_records_names(identity_model: Path) -> None:
    loaded = sessions.load_model(identity_model, threads=3)
    assert loaded.session.get_session_options().intra_op_num_threads == 3
    assert (loaded.input_name, loaded.output_names) == ("x", ("y",))
    assert len(loaded.sha256) == 64


def test_load_model_rejects_zero_threads(identity_model: Path) -> None:
    with pytest.raises(ValueError) as error:
        sessions.load_model(identity_model, threads=0)
    assert str(error.value) == "threads must be at least 1, got 0"
