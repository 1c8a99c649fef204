"""Secrets: credentials come only from the environment and never appear in logs, errors,
the warehouse or exports. Crawls Reddit, X and Bluesky (scripted local APIs from
tests/crawlers) once successfully and once failing, at debug log level, then greps every
output and every file written for the secret values."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from outagewatch.settings import load_settings
from outagewatch.sources import only

from .conftest import ROOT, cli_env

SECRETS = {
    "REDDIT_CLIENT_ID": "rid-S3CRET-client-id",
    "REDDIT_CLIENT_SECRET": "rsecret-S3CRET-7f1c",
    "X_BEARER_TOKEN": "xtoken-S3CRET-9a2b",
    "BLUESKY_HANDLE": "me.bsky.social",
    "BLUESKY_APP_PASSWORD": "app-pass-S3CRET-4d5e",
}
HIDDEN = [v for k, v in SECRETS.items() if k != "BLUESKY_HANDLE"]  # a handle is public


def _routes() -> dict:
    path = ROOT / "tests" / "crawlers" / "test_crawl_credentialed.py"
    spec = importlib.util.spec_from_file_location("_credentialed_routes", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(module)
    return {**module.reddit_routes(), **module.x_routes(), **module.bluesky_routes()}


@pytest.fixture
def site(tmp_path: Path):
    routes = _routes()
    # a second set of endpoints that fail: auth refused, server errors
    routes["/bad-auth/api/v1/access_token"] = [{"status": 401, "json": {"error": "invalid_grant"}}]
    routes["/bad-x/2/tweets/search/recent"] = [{"status": 403, "json": {"title": "Forbidden"}}]
    routes["/bad-bsky/xrpc/com.atproto.server.createSession"] = [
        {"status": 500, "json": {"error": "InternalServerError"}}
    ]
    file = tmp_path / "site.json"
    file.write_text(json.dumps({"routes": routes}))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crawlers" / "mockserver.py"), str(file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    assert line.startswith("READY "), line
    yield line.split()[1]
    proc.kill()
    proc.wait()


def _config(tmp: Path, base: str, bad: bool) -> Path:
    pre = "bad-" if bad else ""
    text = f"""
[warehouse]
db = "{tmp / "w.duckdb"}"
data_dir = "{tmp}"
[crawl]
download_delay = 0
autothrottle = false
[sources.reddit]
auth_url = "{base}/{"bad-auth" if bad else "reddit-auth"}"
base_url = "{base}/reddit"
queries = ["spotify down"]
subreddits = ["outages"]
[sources.x]
base_url = "{base}/{pre}x"
queries = ['("netflix down")']
[sources.bluesky]
base_url = "{base}/{pre}bsky"
queries = ["discord down"]
{only(("reddit", "x", "bluesky"))}"""
    path = tmp / ("bad.toml" if bad else "good.toml")
    path.write_text(text)
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=cli_env(**SECRETS),
    )


def test_no_secret_in_logs_errors_warehouse_or_exports(site, tmp_path, monkeypatch):
    outputs = []
    good = _run("-vv", "crawl", "--config", str(_config(tmp_path, site, bad=False)))
    assert good.returncode == 0, good.stderr[-2000:]
    assert "DEBUG" in good.stderr  # debug logging really was on
    bad = _run("-vv", "crawl", "--config", str(_config(tmp_path, site, bad=True)))
    assert "HTTP 401" in bad.stderr or "401" in bad.stderr  # the failures were logged
    outputs += [good.stdout, good.stderr, bad.stdout, bad.stderr]
    db = tmp_path / "w.duckdb"
    assert (
        duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM posts").fetchone()[0]
        > 0
    )
    for args in (
        ("export", "parquet", "--out", str(tmp_path / "parquet")),
        ("export", "daily", "--date", "2026-11-27", "--format", "json"),
        ("export", "daily", "--date", "2026-11-27", "--format", "md"),
        ("status", "--check"),
        ("sql", "SELECT * FROM crawl_runs", "--format", "csv"),
        ("sql", "SELECT * FROM posts", "--format", "csv"),
    ):
        result = _run(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
        outputs += [result.stdout, result.stderr]
    # settings never hold or print a credential
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    settings = load_settings(_config(tmp_path, site, bad=False))
    outputs.append(repr(settings))
    text = "\n".join(outputs)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in (".toml",)]
    assert any(p.suffix == ".parquet" for p in files) and db in files
    con = duckdb.connect(str(db), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    dump = "\n".join(str(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)
    con.close()
    for secret in HIDDEN:
        assert secret not in text, f"{secret} printed"
        assert secret not in dump, f"{secret} stored in the warehouse"
        for path in files:
            assert secret.encode() not in path.read_bytes(), f"{secret} in {path}"
