"""Each API at its own pace, every polling source within a budget that fits a 5-minute cycle,
and a warning while the User-Agent names no one who runs the crawl."""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.contact import agent_problem, contact_problem
from crawlers.runner import run_crawl
from crawlers.settings import source_delay
from crawlers.spiders import SPIDERS
from crawlers.spiders.hackernews import hn_queries, hn_query
from outagewatch.catalog import load_catalog
from outagewatch.settings import DEFAULT_USER_AGENT, Settings, load_settings

POLLING = ("mastodon", "hackernews", "reddit", "bluesky", "x")  # search or timeline polls
EMPTY_HN = {"json": {"hits": [], "nbPages": 0, "page": 0}}
OWN_AGENT = "outagewatch/0.1.0 (+https://ops.outage-team.net/crawler)"


def served(base: str, path: str) -> list[dict]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r for r in json.load(fh) if urlsplit(r["path"]).path == path]


def test_every_polling_source_has_a_budget_that_fits_three_minutes() -> None:
    """The documented rule: a run's first requests take 3 minutes at most at the source's
    own pace, leaving 2 of a 5-minute cycle for extra pages and processing."""
    settings = Settings()
    for name in POLLING:
        budget = settings.source(name)["terms_per_run"]
        pace = source_delay(settings, name, SPIDERS[name].documented_delay)
        assert 0 < budget * pace <= 180, (name, budget, pace)


def test_an_apis_own_pace_is_not_slowed_by_the_global_delay() -> None:
    settings = Settings()  # [crawl] download_delay = 1.0
    paces = {n: source_delay(settings, n, cls.documented_delay) for n, cls in SPIDERS.items()}
    assert paces == {
        "mastodon": 3.0,
        "hackernews": 0.4,
        "statuspage": 1.0,  # no published limit: the global delay
        "bluesky": 1.0,
        "reddit": 0.7,  # under its 100 a minute (0.6 s), not at it
        "x": 15.0,
        "statusfeeds": 1.0,
        "discourse": 2.0,  # communities, not APIs: a little slower than a status page
        "lemmy": 60.0,  # lemmy-ui's robots.txt: Crawl-delay: 60
    }
    settings.download_delay = 2.0
    assert source_delay(settings, "statuspage", None) == 2.0
    assert source_delay(settings, "hackernews", 0.4) == 0.4
    settings.sources["hackernews"]["download_delay"] = 5
    assert source_delay(settings, "hackernews", 0.4) == 5.0
    settings.download_delay = 0  # a local server
    assert source_delay(settings, "reddit", 0.7) == 0.0


BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
OWN, NONE, FAKE = "project page", "no URL or e-mail", "placeholder"


@pytest.mark.parametrize(
    ("agent", "problem"),
    [
        (DEFAULT_USER_AGENT, OWN),
        ("outagewatch/0.1 (+https://github.com/outagewatch/outagewatch; research)", OWN),
        ("outagewatch/9.9 (+https://GitHub.com/outagewatch/outagewatch)", OWN),  # any version
        ("outagewatch/0.1", NONE),
        (BROWSER, NONE),
        ("outagewatch/0.1.0 (+https://example.org/contact-me)", FAKE),  # the example's
        ("outagewatch/0.1.0 (+https://www.example.com:8080/bot.html)", FAKE),
        ("outagewatch/0.1.0 (you@example.invalid)", FAKE),
        ("outagewatch/0.1.0 (+https://crawler.example; ops@mail.test)", FAKE),
        (OWN_AGENT, None),
        ("outagewatch/0.1.0 (+https://acme.io/contact-me)", None),  # a path, not the host
        ("outagewatch/0.1.0 (ops@my-example.com)", None),  # a label, not example.com
        ("outagewatch/0.1.0 (first.last@acme.io)", None),
        ("outagewatch/0.1.0 (+acme.io; you@example.invalid)", None),  # one real address
    ],
)
def test_the_contact_check(agent: str, problem: str | None) -> None:
    said = agent_problem(agent)
    assert (said is None) if problem is None else (said is not None and problem in said), said


def test_the_contact_warning_names_the_setting(tmp_path) -> None:
    config = tmp_path / "outagewatch.toml"
    config.write_text('[crawl]\nuser_agent = "outagewatch/0.1 (+https://example.org/contact-me)"\n')
    example = contact_problem(load_settings(config))
    assert example is not None and "placeholder contact" in example
    assert f"under [crawl] in {config}" in example
    assert contact_problem(Settings(user_agent=OWN_AGENT)) is None
    assert DEFAULT_USER_AGENT.startswith("outagewatch/0.1.0 ")  # the package's version


def test_hn_goes_at_its_own_pace_and_the_default_contact_is_said_once(
    serve_site, local_settings, caplog
) -> None:
    """[crawl] download_delay = 1 s used to hold Hacker News (0.4 s) to 1 s a request."""
    base = serve_site({"/api/v1/search_by_date": [EMPTY_HN]})
    settings = local_settings(hackernews={"base_url": base, "queries": ["a", "b", "c", "d"]})
    settings.download_delay, settings.autothrottle = 1.0, False  # not a local server's 0
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["hackernews"])
    at = sorted(r["at"] for r in served(base, "/api/v1/search_by_date"))
    gaps = [b - a for a, b in zip(at, at[1:], strict=False)]
    # 0.4 s a gap, no jitter (a published limit); the global 1 s would be 0.5-1.5 s a gap
    assert len(gaps) == 3 and sum(gaps) / 3 < 0.75, gaps
    assert "hackernews queries: polling all 4 terms, 0.4 s apart: 2 s or more" in caplog.text
    said = [r.getMessage() for r in caplog.records if "user_agent" in r.getMessage()]
    assert len(said) == 1 and "outagewatch's project page" in said[0], said


def test_a_published_limit_is_paced_without_jitter_below_it(
    serve_site, local_settings, caplog
) -> None:
    """Scrapy spreads a delay over 0.5-1.5 times by default: X's 15 s (60 requests per 15
    minutes) went as fast as 7.5 s, Mastodon's 3 s (300 per 15 minutes) 1.5 s, so a window
    could hold more than the limit (review 186 #6). A source with a published limit goes
    without the jitter: every gap is the delay or more; others keep it."""
    from scrapy.utils.test import get_crawler

    from crawlers.settings import scrapy_settings

    base = serve_site({"/api/v1/search_by_date": [EMPTY_HN]})
    queries = [f"q{i}" for i in range(10)]
    settings = local_settings(hackernews={"base_url": base, "queries": queries})
    settings.download_delay, settings.autothrottle = 1.0, False  # not a local server's 0
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["hackernews"])
    at = sorted(r["at"] for r in served(base, "/api/v1/search_by_date"))
    gaps = [b - a for a, b in zip(at, at[1:], strict=False)]
    assert len(gaps) == 9 and min(gaps) >= 0.38, gaps  # 0.4 s, none at 0.2-0.38
    for name, cls in SPIDERS.items():
        crawler = get_crawler(cls, scrapy_settings(settings))
        jitter = crawler.settings.getfloat("DOWNLOAD_DELAY_JITTER")
        assert jitter == (0.0 if cls.documented_delay is not None else 0.5), name


def test_x_queries_rotate_within_the_budget(serve_site, local_settings, monkeypatch, sql) -> None:
    """X joined the rotation: 2 of 3 queries, and where the next run goes on."""
    monkeypatch.setenv("X_BEARER_TOKEN", "xtoken")
    path = "/x/2/tweets/search/recent"
    base = serve_site({path: [{"json": {"meta": {"result_count": 0}}}]})
    queries = ['("a down")', '("b down")', '("c down")']
    settings = local_settings(x={"base_url": f"{base}/x", "queries": queries, "terms_per_run": 2})
    run_crawl(settings, sources=["x"])
    asked = [parse_qs(urlsplit(r["path"]).query)["query"][0] for r in served(base, path)]
    assert sorted(asked) == queries[:2]
    cursor = "SELECT cursor FROM crawl_cursors WHERE source = 'x' AND key = 'rotation|queries'"
    assert sql(settings.db_path, cursor) == [("2",)]


def test_hn_queries_fit_algolia_and_an_own_contact_is_not_warned_about(
    serve_site, local_settings, caplog
) -> None:
    base = serve_site({"/api/v1/search_by_date": [EMPTY_HN]})
    settings = local_settings(hackernews={"base_url": base, "download_delay": 0})
    settings.download_delay, settings.user_agent = 1.0, OWN_AGENT  # not a local server's 0
    caplog.set_level(logging.INFO, logger="crawlers")
    services = ["github", "signal", "microsoft-teams", "paramount-plus"]
    run_crawl(settings, sources=["hackernews"], services=services)
    asked = [parse_qs(urlsplit(r["path"]).query) for r in served(base, "/api/v1/search_by_date")]
    assert sorted(q["query"][0] for q in asked) == [
        '"GitHub"',  # a distinct name, exactly: no prefix, no typos
        '"Microsoft Teams"',  # an everyday word in a name of two: the phrase is enough
        '"Paramount Plus"',  # "+" is a token on HN: "Paramount+" misses "Paramount Plus"
        '"Paramount+"',
        '"Signal" "down"',  # an everyday word alone: only with "down" in the post
    ]
    assert all(q["advancedSyntax"] == ["true"] for q in asked)
    assert "user_agent" not in caplog.text


MINE = """\
- slug: nordlink-fiber
  name: Nordlink Fiber
  category: isp_telco
  aliases: [Nordlink, NLF]
  countries: [SE, NO]
  search: [Nordlink, NLF]
- slug: quillpad
  name: Quillpad
  misspellings: [quilpad]
  search: [quilpad, QUILLPAD]
"""


def test_hn_also_asks_for_a_services_search_names(serve_site, local_settings, tmp_path) -> None:
    """Regional users say "Nordlink", not "Nordlink Fiber": the catalog's `search` names are
    queries of their own (a short one with "down"); the name's query is kept, and a name
    that differs only in case is asked once (review 126 #5)."""
    (tmp_path / "mine.yaml").write_text(MINE, "utf-8")
    base = serve_site({"/api/v1/search_by_date": [EMPTY_HN]})
    settings = local_settings(hackernews={"base_url": base, "download_delay": 0})
    settings.catalog_extra = (tmp_path / "mine.yaml",)
    run_crawl(settings, sources=["hackernews"], services=["nordlink-fiber", "quillpad"])
    asked = [parse_qs(urlsplit(r["path"]).query) for r in served(base, "/api/v1/search_by_date")]
    assert sorted(q["query"][0] for q in asked) == [
        '"NLF" "down"',
        '"Nordlink Fiber"',
        '"Nordlink"',
        '"Quillpad"',
        '"quilpad"',
    ]


def test_every_catalog_query_for_hn_is_exact() -> None:
    """No bare name goes to Algolia any more (bare, "X" was a prefix of every x-word)."""
    queries = {s.slug: hn_queries(s) for s in load_catalog()}
    for service in load_catalog():
        query = hn_query(service)
        assert query.startswith(f'"{service.name}"') and query in queries[service.slug], query
        one_everyday_word = service.ambiguous and " " not in service.name
        assert query.endswith(' "down"') == one_everyday_word, query
    assert queries["disney-plus"] == ['"Disney+"', '"Disney Plus"', '"DisneyPlus"']
    assert queries["lg-uplus"] == ['"LG U+"', '"LG Uplus"']
    assert queries["att"] == ['"AT&T"']  # "&" is a separator: "AT&T" and "AT T" alike
    assert sum(map(len, queries.values())) == 344


def test_scrapys_remote_control_is_left_out_and_not_even_imported() -> None:
    """Scrapy 2.19's RemoteControl runs Python code sent to a local port: an unattended
    crawler wants none of it. Left out of the extensions' base, every other default stays;
    set to None in EXTENSIONS it was still imported (with aiohttp: about 0.1 s of each crawl
    child's start), as Scrapy loads every key to merge the two."""
    import subprocess
    import sys

    from scrapy.settings import default_settings

    from crawlers.settings import REMOTE_CONTROL, scrapy_settings

    base = scrapy_settings(Settings())["EXTENSIONS_BASE"]
    assert REMOTE_CONTROL in default_settings.EXTENSIONS_BASE
    assert base == {
        k: v for k, v in default_settings.EXTENSIONS_BASE.items() if k != REMOTE_CONTROL
    }
    child = (
        "import sys; from scrapy import Spider; from scrapy.utils.test import get_crawler; "
        "from crawlers.settings import scrapy_settings; from outagewatch.settings import Settings; "
        "crawler = get_crawler(Spider, scrapy_settings(Settings())); "
        "print(sorted(type(e).__name__ for e in crawler.extensions.middlewares)); "
        "print(sorted(m for m in ('aiohttp', 'scrapy.extensions.remote_control') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True
    ).stdout.splitlines()
    assert out == ["['AutoThrottle', 'CoreStats', 'LogCount', 'LogStats', 'MemoryUsage']", "[]"]
