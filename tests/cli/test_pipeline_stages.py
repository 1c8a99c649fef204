"""The [pipeline] table of the config file swaps a stage for `analyze` (and `process`,
`run`, `demo`, which build the orchestrator from the same settings); a path that cannot be
used stops the command with what is wrong (review 171 #1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_run import run_cli

POSTS = "text\nNetflix is down for me\nlovely weather today\n"


class HalfComplaint:
    """A complaint classifier of one's own: 0.6 for every post."""

    version = "half-complaint-1"

    def predict_proba(self, embeddings, texts=None, langs=None):
        return np.full(len(embeddings), 0.6)


class WideEmbedder:
    """An embedder of 768-d vectors: the pipeline and the complaint head take 384."""

    version = "wide-embed-1"

    def encode(self, texts):
        return np.ones((len(texts), 768), dtype=np.float32) / np.sqrt(768)


class CountedTitle:
    """A titler counting how often it is built: a stage that loads a model loads it then."""

    version = "counted-title-1"
    built = 0

    def __init__(self) -> None:
        type(self).built += 1

    def title(self, service_name, top_symptom, countries):
        return f"{service_name} outage"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    (tmp_path / "posts.csv").write_text(POSTS, "utf-8")
    return tmp_path


def _config(folder: Path, path: str) -> str:
    config = folder / "ow.toml"
    config.write_text(f'[pipeline]\ncomplaint = "{path}"\n', "utf-8")
    return str(config)


def test_analyze_uses_the_configured_complaint_classifier(files: Path, capsys) -> None:
    out = files / "out.csv"
    config = _config(files, f"{__name__}:HalfComplaint")
    code, _, err = run_cli(["analyze", str(files / "posts.csv"), "--config", config,
                            "--text-column", "text", "--out", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    result = pd.read_csv(out, keep_default_na=False)
    assert list(result["complaint_score"]) == [0.75, 0.6]  # the failure cue lifts the first
    assert all("|half-complaint-1|" in v for v in result["pipeline_version"])


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("my_missing_stages:Zero", "module not found"),
        (f"{__name__}:Zero", "has no 'Zero'"),
        (f"{__name__}:POSTS", "POSTS is not a class or function"),
    ],
)
def test_a_bad_stage_path_stops_analyze_with_the_reason(
    files: Path, capsys, path: str, message: str
) -> None:
    config = _config(files, path)
    code, _, err = run_cli(["analyze", str(files / "posts.csv"), "--config", config,
                            "--text-column", "text", "--out", str(files / "o.csv")], capsys)  # fmt: skip
    assert code != 0
    assert f"[pipeline] complaint = {path!r}" in err and message in err, err


def test_process_refuses_a_stage_that_does_not_satisfy_its_protocol(files: Path, capsys) -> None:
    from warehouse import db

    warehouse = files / "w.duckdb"
    db.ensure(warehouse)
    config = files / "ow.toml"
    config.write_text(f'[pipeline]\nclusterer = "{__name__}:HalfComplaint"\n', "utf-8")
    code, _, err = run_cli(["process", "--config", str(config), "--db", str(warehouse)], capsys)
    assert code != 0
    assert "does not satisfy Clusterer" in err and "no method 'fit_predict'" in err, err


def test_a_misspelled_stage_is_warned_ignored_and_analyze_and_process_run(
    files: Path, capsys
) -> None:
    """An unknown [pipeline] key is said to be ignored, and is: the defaults are used, not a
    "no such stage" error stopping every command (review 177 #5)."""
    from outagewatch.settings import DEFAULT_PIPELINE, load_settings
    from warehouse import db

    config = files / "ow.toml"
    config.write_text('[pipeline]\nembeder = "x:y"\n', "utf-8")
    settings = load_settings(config)
    assert settings.config_warnings == [
        "unknown key 'embeder' in [pipeline] is ignored; did you mean 'embedder'?"
    ]
    assert settings.pipeline == DEFAULT_PIPELINE
    code, _, err = run_cli(["analyze", str(files / "posts.csv"), "--config", str(config),
                            "--text-column", "text", "--out", str(files / "o.csv")], capsys)  # fmt: skip
    assert code == 0, err
    assert "embeder" in err
    warehouse = files / "w.duckdb"
    db.ensure(warehouse)
    code, _, err = run_cli(["process", "--config", str(config), "--db", str(warehouse)], capsys)
    assert code == 0, err


def test_analyze_help_names_the_pipeline_table(capsys) -> None:
    code, out, _ = run_cli(["analyze", "--help"], capsys)
    assert code == 0
    assert "[pipeline]" in " ".join(out.split())


def test_an_embedder_of_another_width_stops_analyze_with_what_to_do(files: Path, capsys) -> None:
    """Said before any post is read, not a reshape error from the first batch."""
    config = files / "ow.toml"
    config.write_text(f'[pipeline]\nembedder = "{__name__}:WideEmbedder"\n', "utf-8")
    code, _, err = run_cli(["analyze", str(files / "posts.csv"), "--config", str(config),
                            "--text-column", "text", "--out", str(files / "o.csv")], capsys)  # fmt: skip
    said = " ".join(err.split())
    assert code != 0 and "Traceback" not in err
    assert f"[pipeline] embedder = '{__name__}:WideEmbedder'" in said, said
    assert "768-d vectors" in said and "all-MiniLM-L6-v2's 384-d vectors" in said, said
    assert "nlp/training/train_complaint.py" in said and "swap the complaint stage" in said, said


@pytest.fixture
def sigterm_kept():
    """The demo takes SIGTERM as Ctrl-C for its run: pytest's own handler back after it."""
    import signal

    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


def test_the_demo_builds_a_swapped_stage_once(
    files: Path, capsys, monkeypatch: pytest.MonkeyPatch, sigterm_kept
) -> None:
    """Checked early and used for the run: one construction, not one per check (review 177
    #9: the demo built every swapped stage twice, so a model loaded twice)."""
    monkeypatch.setattr(CountedTitle, "built", 0)
    config = files / "ow.toml"
    config.write_text(f'[pipeline]\ntitle = "{__name__}:CountedTitle"\n', "utf-8")
    code, _, err = run_cli(["demo", "--no-dashboard", "--days", "1", "--scale", "0.2",
                            "--end", "2026-11-20T12:00", "--config", str(config),
                            "--db", str(files / "demo.duckdb")], capsys)  # fmt: skip
    assert code == 0, err
    assert CountedTitle.built == 1


def test_a_bad_stage_path_stops_the_demo_before_its_warehouse_is_touched(
    files: Path, capsys, sigterm_kept
) -> None:
    warehouse = files / "demo.duckdb"
    warehouse.write_bytes(b"kept")  # not even opened
    config = _config(files, f"{__name__}:Zero")
    code, _, err = run_cli(["demo", "--no-dashboard", "--days", "1", "--config", config,
                            "--db", str(warehouse)], capsys)  # fmt: skip
    assert code != 0
    assert f"[pipeline] complaint = '{__name__}:Zero'" in err and "has no 'Zero'" in err, err
    assert warehouse.read_bytes() == b"kept"


def test_the_orchestrator_builds_no_stage_it_was_given(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An enricher (or a titler) passed from Python: the [pipeline] stages it stands for are
    not built for nothing (review 177 #9); the rest still are."""
    from outagewatch.orchestrator import Orchestrator
    from outagewatch.settings import load_settings

    monkeypatch.setattr(CountedTitle, "built", 0)
    config = files / "ow.toml"
    config.write_text(
        f'[pipeline]\nembedder = "{__name__}:WideEmbedder"\ntitle = "{__name__}:CountedTitle"\n',
        "utf-8",
    )
    settings = load_settings(config)
    given = Orchestrator(settings, enricher=object(), title=CountedTitle())
    assert CountedTitle.built == 1  # the one given, and the 768-d embedder never checked
    assert given.incident_stages["title"] is not None
    monkeypatch.setattr(CountedTitle, "built", 0)
    built = Orchestrator(settings, enricher=object()).incident_stages["title"]
    assert isinstance(built, CountedTitle)
    assert CountedTitle.built == 1
