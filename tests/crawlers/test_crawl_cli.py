"""`outagewatch crawl --source hackernews --config FILE`: stores posts once, prints a summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HITS = [
    {
        "objectID": str(100 + i),
        "created_at_i": 1795770000 + i,
        "created_at": "2026-11-27T09:00:00Z",
        "title": f"Slack is down {i}",
        "url": None,
        "story_text": None,
        "author": f"u{i}",
        "_tags": ["story", f"author_u{i}", f"story_{100 + i}"],
    }
    for i in range(3)
]


def _crawl(
    config: Path, db: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), **(env or {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "outagewatch.cli",
            "crawl",
            "--config",
            str(config),
            "--db",
            str(db),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
    )


def test_crawl_command_twice_stores_nothing_twice(tmp_path, serve_site, sql):
    base = serve_site(
        {
            "/api/v1/search_by_date": [
                {
                    # the cursor less the 10-minute re-read of late-indexed items
                    "match": {"numericFilters": "created_at_i>1795769402"},
                    "json": {"hits": [], "nbPages": 0},
                },
                {"json": {"hits": HITS[::-1], "nbPages": 1, "page": 0}},
            ]
        }
    )
    config = tmp_path / "outagewatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f'[sources.hackernews]\nbase_url = "{base}"\nqueries = ["slack"]\n'
    )
    db = tmp_path / "w.duckdb"
    first = _crawl(config, db, "--source", "hackernews")
    assert first.returncode == 0, first.stderr
    assert "3 new posts" in first.stderr and "hackernews" in first.stderr
    second = _crawl(config, db, "--source", "hackernews")
    assert second.returncode == 0, second.stderr
    assert "0 new posts, 0 already stored" in second.stderr
    assert sql(db, "SELECT count(*) FROM posts")[0][0] == 3


def test_crawl_command_rejects_unknown_source(tmp_path):
    result = _crawl(tmp_path / "none.toml", tmp_path / "w.duckdb", "--source", "myspace")
    assert result.returncode == 2 and "unknown source(s) myspace" in result.stderr


def test_a_crawl_where_nothing_answers_fails_in_one_line(tmp_path):
    """A source nobody answers (here a closed port on 127.0.0.1): one line saying the host is
    unreachable (its requests are not retried one by one), no Scrapy tracebacks, and exit
    code 1 so cron and CI notice."""
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "outagewatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f'[sources.hackernews]\nbase_url = "http://127.0.0.1:{port}"\nqueries = ["slack", "zoom"]\n'
    )
    result = _crawl(config, tmp_path / "w.duckdb", "--source", "hackernews")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if "unreachable" in line]
    assert len(said) == 1 and f"http://127.0.0.1:{port} unreachable" in said[0], result.stderr
    assert "hackernews: skipped" not in result.stderr
    assert "scrapy.downloadermiddlewares" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: every request failed")


def test_crawl_source_discourse_reads_a_configured_forum(tmp_path, serve_site, sql):
    """`outagewatch crawl --source discourse`: a forum given in [sources.discourse] forums
    (a self-hosted one, here local) is read; the catalog's real forums are not."""
    post = {"id": 41, "username": "dev_1", "created_at": "2026-11-27T09:00:00.000Z",
            "raw": "Is the API down? 502 on every call", "post_number": 1, "post_type": 1,
            "topic_id": 8, "topic_slug": "is-the-api-down", "topic_title": "API 502s",
            "hidden": False, "deleted_at": None}  # fmt: skip
    base = serve_site({"/forum/posts.json": [{"json": {"latest_posts": [post]}}]})
    config = tmp_path / "outagewatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f'[sources.discourse]\nforums = ["{base}/forum"]\n'
    )
    db = tmp_path / "w.duckdb"
    result = _crawl(config, db, "--source", "discourse")
    assert result.returncode == 0, result.stderr
    assert "1 new posts" in result.stderr and "discourse" in result.stderr
    assert sql(db, "SELECT url FROM posts") == [(f"{base}/forum/t/is-the-api-down/8/1",)]


def _hn_config(tmp_path: Path, base: str) -> Path:
    config = tmp_path / "outagewatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f'[sources.hackernews]\nbase_url = "{base}"\nqueries = ["slack", "zoom", "teams"]\n'
    )
    return config


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"text": "<html><body>Sign in to the Wi-Fi</body></html>"}, "an HTML page where"),
        ({"status": 500, "text": "Internal Server Error"}, "HTTP 500"),
        ({"text": '{"hits": [1, 2,'}, "malformed JSON"),
        ({"json": {"hits": "nope", "nbPages": "x"}}, "no 'hits' list in the answer"),
    ],
)
def test_a_crawl_where_every_answer_is_an_error_fails_in_one_line(
    tmp_path, serve_site, answer, reason
):
    """Every request answered, every answer an error (a captive portal's page, a 500, a
    moved API): exit 1 naming the commonest reason, as when nothing answers; the skipped
    requests are one line per reason with the first URL and a count, not one line each."""
    base = serve_site({"/api/v1/search_by_date": [answer]})
    result = _crawl(_hn_config(tmp_path, base), tmp_path / "w.duckdb", "--source", "hackernews")
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: every request got an error answer (hackernews: 3 × "), last
    assert reason in last and last.endswith("check the source URLs in the config"), last
    skipped = [line for line in result.stderr.splitlines() if "hackernews: skipped" in line]
    assert len(skipped) == 1, result.stderr
    assert f"skipped {base}/api/v1/search_by_date?" in skipped[0]
    assert reason in skipped[0] and "and 2 more like it" in skipped[0]


def test_a_crawl_with_some_good_answers_succeeds(tmp_path, serve_site):
    """One query answered well (with no hits at all), the others with errors: exit 0."""
    base = serve_site(
        {
            "/api/v1/search_by_date": [
                {"once": True, "json": {"hits": [], "nbPages": 0}},
                {"status": 500, "text": "no"},
            ]
        }
    )
    result = _crawl(_hn_config(tmp_path, base), tmp_path / "w.duckdb", "--source", "hackernews")
    assert result.returncode == 0, result.stderr
    assert "2 errors" in result.stderr and "error:" not in result.stderr


def test_a_too_large_answer_names_the_size_and_the_limit(tmp_path, serve_site):
    """A 12 MB answer: not "is the network up?" but its size and the limit, said once (no
    raw Scrapy warning besides the spider's line)."""
    base = serve_site({"/api/v1/search_by_date": [{"size": 12 * 1024 * 1024}]})
    config = _hn_config(tmp_path, base)
    config.write_text(config.read_text().replace('"slack", "zoom", "teams"', '"slack"'))
    result = _crawl(config, tmp_path / "w.duckdb", "--source", "hackernews")
    assert result.returncode == 1, result.stderr
    assert "the answer is 12 MB, over the 10 MB limit (DOWNLOAD_MAXSIZE)" in result.stderr
    assert "larger than download max size" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "over the 10 MB limit (DOWNLOAD_MAXSIZE)" in last and "network" not in last, last


def test_a_hung_source_names_the_time_limit(tmp_path):
    """A server that accepts and says nothing: "no complete answer within 0.25 s", naming the
    setting, not the network. A quarter second: the crawl waits it out 8 times (robots.txt
    and the search, each tried 1 + RETRY_TIMES times), 8 s with a 1 s limit."""
    import socket

    with socket.socket() as listener:  # accepts connections (the backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        config = _hn_config(tmp_path, base)
        config.write_text(config.read_text().replace('"slack", "zoom", "teams"', '"slack"'))
        result = _crawl(
            config, tmp_path / "w.duckdb", "--source", "hackernews",
            env={"OUTAGEWATCH_DOWNLOAD_TIMEOUT": "0.25"},
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "no complete answer within 0.25 s (DOWNLOAD_TIMEOUT" in last, result.stderr
    assert "network" not in last


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_a_bad_download_timeout_is_one_line(tmp_path, value):
    """$OUTAGEWATCH_DOWNLOAD_TIMEOUT junk: one line naming it, exit 2, no crawl child's
    traceback."""
    config = _hn_config(tmp_path, "http://127.0.0.1:9")
    result = _crawl(
        config, tmp_path / "w.duckdb", "--source", "hackernews",
        env={"OUTAGEWATCH_DOWNLOAD_TIMEOUT": value},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"error: OUTAGEWATCH_DOWNLOAD_TIMEOUT={value!r} is no positive number of seconds, e.g. 30"
    )


def test_a_crashed_crawl_child_is_its_last_line():
    """A crawl child that died with a traceback: its last line and where to see the rest."""
    from crawlers.runner import crashed

    tail = ["Traceback (most recent call last):", '  File "x.py", line 1', "KeyError: 'x'", ""]
    assert crashed(1, tail) == (
        "crawl process exited with code 1: KeyError: 'x' (run with -v for the traceback)"
    )


def test_one_source_that_cannot_start_is_its_error_not_the_whole_crawl(
    tmp_path, serve_site, local_settings, sql, caplog
):
    """A spider that raises as it starts (here mastodon's `hot_minutes` is no number, as a
    settings file the config check did not see could say) is that source's error: the other
    sources' posts are stored and returned, and the failure is counted and said. Before, it
    was raised for the whole crawl, so `run` skipped processing and notifications every cycle
    for as long as one source was broken."""
    from crawlers.runner import run_crawl

    base = serve_site({"/api/v1/search_by_date": [{"json": {"hits": HITS, "nbPages": 1}}]})
    settings = local_settings(
        hackernews={"base_url": base, "queries": ["slack"]},
        mastodon={"instances": [base], "modes": ["public"], "hot_minutes": "soon"},
    )
    with caplog.at_level("WARNING", logger="crawlers"):
        results = run_crawl(settings, timeout=120)
    assert results["hackernews"]["posts_new"] == 3 and results["hackernews"]["errors"] == 0
    assert results["mastodon"]["errors"] == 1
    assert results["mastodon"]["failed"].startswith("ValueError: could not convert")
    said = [r.getMessage() for r in caplog.records if "failed to run" in r.getMessage()]
    assert said and said[0].startswith("mastodon: the crawl failed to run: ValueError"), said
    assert sql(settings.db_path, "SELECT count(*) FROM posts")[0][0] == 3


def test_a_warehouse_error_still_fails_the_crawl_by_its_own_class(tmp_path, local_settings):
    """Every spider meets a warehouse error (it is the file's): the crawl fails with its class,
    NotAWarehouse too (found by name, not from a list that left it out: it was a CrawlError,
    which `crawl` reported as a usage error)."""
    import duckdb

    from crawlers.runner import run_crawl
    from warehouse import db

    settings = local_settings(hackernews={"base_url": "http://127.0.0.1:9", "queries": ["x"]})
    con = duckdb.connect(str(settings.db_path))
    con.execute("CREATE TABLE ledger (id INTEGER)")
    con.close()
    with pytest.raises(db.NotAWarehouse, match="not an outagewatch warehouse"):
        run_crawl(settings, timeout=120)


def test_a_crawl_where_no_source_could_run_is_said_as_one():
    from outagewatch.commands.crawl import all_failed

    results = {"hackernews": {"requests": 0, "errors": 1, "failed": "ValueError: soon"}}
    assert all_failed(results) == "no source's crawl could run (hackernews: ValueError: soon)"
    results["mastodon"] = {"requests": 2, "responses": 2, "posts_new": 2, "answers_used": 2}
    assert all_failed(results) is None


def test_a_crawl_child_starts_without_pandas(tmp_path):
    """Each crawl child imports Scrapy, Twisted and the warehouse's writes as it starts;
    pandas (0.2 s of CPU per child) only once it stores rows."""
    import dataclasses

    from crawlers.runner import settings_to_json
    from outagewatch.settings import Settings
    from outagewatch.sources import SOURCES

    off = {s.name: {"enabled": False} for s in SOURCES}  # the child returns before crawling
    settings = dataclasses.replace(Settings(), db_path=tmp_path / "w.duckdb", sources=off)
    code = (
        "import sys; from crawlers.runner import child_main; code = child_main([]); "
        "print(code, sorted(m for m in ('pandas', 'numpy') if m in sys.modules), "
        "file=sys.__stdout__)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], input=settings_to_json(settings), capture_output=True,
        text=True, timeout=60, cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr
