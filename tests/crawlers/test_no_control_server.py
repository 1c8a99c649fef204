"""A crawl opens no port of its own: Scrapy's telnet console and its remote-control HTTP
server (which runs Python code sent to it) are off, and no job file with a token is left."""

from __future__ import annotations

import logging

from crawlers.runner import run_crawl


def test_a_crawl_opens_no_control_server_and_leaves_no_job_file(
    serve_site, local_settings, tmp_path, monkeypatch, caplog
):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))  # where Scrapy writes its job files
    base = serve_site({"/api/v1/search_by_date": [{"json": {"hits": [], "nbPages": 0}}]})
    settings = local_settings(hackernews={"base_url": base, "queries": ["Cloudflare"]})
    caplog.set_level(logging.INFO)
    stats = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert stats["requests"] >= 1  # the crawl did run
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "Remote control" not in said and "Telnet console" not in said
    assert not (state / "scrapy").exists()
