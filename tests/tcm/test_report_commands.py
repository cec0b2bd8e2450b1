"""`tcm report`: format from the extension, exit 2 on bad input, and a command that reruns the report."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

import costmodels
import reports
import templates
from tcm import report_commands
from tcm.cli import main


def run(argv: Sequence[str]) -> int:
    """Parse and run `tcm report ...` as the `tcm` command does."""
    parser = argparse.ArgumentParser(prog="tcm")
    report_commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    status: int = args.handler(args)
    return status


def test_report_unknown_extension_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "decision.docx"
    assert run(["--default", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"tcm report: {out}: unknown report format '.docx'; use .html, .pdf, .md or .yaml\n")
    assert not out.exists()


def test_report_bad_scenario_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "bad.yaml"
    text = costmodels.scenario_to_yaml(costmodels.default_scenario())
    scenario.write_text(text.replace("horizon_years: 5", "horizon_years: -5").replace("discount_rate: 0.08",
                                                                                     "discount_rate: 3"))
    with pytest.raises(costmodels.ScenarioError) as expected:
        costmodels.load_scenario(scenario)
    assert len(expected.value.problems) == 2
    assert run([str(scenario), "--out", str(tmp_path / "r.md")]) == 2
    assert capsys.readouterr().err == f"{expected.value}\n"


def test_report_yaml_reimports_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "decision.yaml"
    assert run(["--default", "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written == costmodels.scenario_to_yaml(costmodels.default_scenario())
    assert costmodels.scenario_to_yaml(costmodels.load_scenario(out)) == written


def test_report_markdown_records_the_command_that_reruns_it(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "decision.md"
    assert run(["--default", "--draws", "500", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out} ({out.stat().st_size:,} bytes)\n"
    text = out.read_text(encoding="utf-8")
    assert f"```\ntcm report --default --draws 500 --seed {costmodels.DEFAULT_SEED} --out {out}\n```" in text
    evaluation = costmodels.evaluate(costmodels.default_scenario(), draws=500, seed=costmodels.DEFAULT_SEED)
    assert f"> **{costmodels.verdict(evaluation)}**" in text


def test_regenerating_command_makes_every_input_explicit() -> None:
    args = argparse.Namespace(default=False, scenario="team/scenario.yaml", images=Path("imgs"), aspect="1.0",
                              evidence=[Path("pairs.json"), Path("retention.json")], draws=5000, seed=3,
                              decision="Ship 'Center crop'", out=Path("out/decision.pdf"))
    assert report_commands.regenerating_command(args) == (
        "tcm report team/scenario.yaml --images imgs --aspect 1.0 --evidence pairs.json --evidence retention.json "
        "--draws 5000 --seed 3 --decision 'Ship '\"'\"'Center crop'\"'\"'' --out out/decision.pdf")


def test_report_html_with_images_and_evidence(tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    Image.new("RGB", (80, 40), (10, 120, 200)).save(images / "blue.png")
    evidence = tmp_path / "retention.json"
    evidence.write_text(json.dumps({"schema_version": 1, "kind": "retention", "metrics": {
        "center_crop": {"latency_ms": {"p10": 0.5, "p50": 0.7, "p90": 1.0, "n": 1}}}, "results": {"images": 1}}))
    out = tmp_path / "decision.html"
    assert run(["--default", "--images", str(images), "--evidence", str(evidence), "--draws", "300",
                "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Retention evidence: retention.json" in html
    assert html.count('src="data:image/jpeg;base64,') == 1 + len(costmodels.default_scenario().options)


@pytest.mark.parametrize(("extra", "message"), [
    (["--evidence", "missing.json"], "tcm report: missing.json: cannot read the evidence file"),
    (["--images", "."], "tcm report: .: no image files"),
    (["--images", "imgs", "--aspect", "wide"], "tcm report: frame 'wide': expected one of"),
])
def test_report_bad_inputs_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                  extra: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["--default", "--draws", "100", *extra, "--out", "r.html"]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert not (tmp_path / "r.html").exists()


def test_report_pdf_without_chromium_exits_1_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(reports._pdf, "DEFAULT_CHROMIUM", tmp_path / "no-chromium")
    assert run(["--default", "--draws", "100", "--out", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tcm report: cannot make a PDF: {tmp_path / 'no-chromium'} does not exist.")
    assert "print it to PDF from any browser" in err and "Traceback" not in err


def test_report_of_a_virtual_background_scenario_speaks_its_template(tmp_path: Path) -> None:
    scenario = tmp_path / "vb.yaml"
    scenario.write_text(templates.get_template("virtual_background").scenario_yaml())
    out = tmp_path / "vb.md"
    assert main(["report", str(scenario), "--draws", "500", "--out", str(out)]) == 0
    text = out.read_text()
    assert "participant-hours a day" in text and "images a day" not in text
    assert templates.get_template("virtual_background").limitations[0][:50] in text
