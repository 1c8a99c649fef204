"""AWS: an event with the same title as one resolved earlier the same day is another event;
the resolved one stays resolved (review 121, finding 3)."""

from __future__ import annotations

from datetime import datetime

from crawlers.runner import run_crawl
from tests.crawlers.test_status_events import EVENT, _item

TITLE = "Informational message: Increased API Error Rates"
MORNING = [
    _item(
        "Service is operating normally: [RESOLVED] Increased API Error Rates",
        "Tue, 27 Oct 2026 10:00:00 PDT",
        1793120400,
        "The issue has been resolved.",
    ),
    _item(TITLE, "Tue, 27 Oct 2026 09:00:00 PDT", 1793116800, "We are investigating."),
]
EVENING = _item(TITLE, "Tue, 27 Oct 2026 20:00:00 PDT", 1793156400, "We are investigating.")


def _feed(*items: str) -> str:
    return "<rss version='2.0'><channel>" + "".join(items) + "</channel></rss>"


def test_an_event_after_a_resolved_one_of_the_same_title_is_its_own(
    serve_site, local_settings, sql
):
    url = "/aws/rss/ec2-us-east-1.rss"
    base = serve_site(
        {url: [{"text": _feed(*MORNING), "once": True}, {"text": _feed(EVENING, *MORNING)}]}
    )
    settings = local_settings(
        statusfeeds={"feeds": [{"slug": "aws", "kind": "aws", "url": f"{base}{url}"}]}
    )
    query = (
        "SELECT official_id, status, started_at, resolved_at, json_array_length(updates) "
        "FROM official_incidents ORDER BY started_at"
    )
    assert run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]["errors"] == 0
    morning = (
        f"{EVENT}1793116800",
        "resolved",
        datetime(2026, 10, 27, 16),
        datetime(2026, 10, 27, 17),
        2,
    )
    assert sql(settings.db_path, query) == [morning]
    assert run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]["errors"] == 0
    assert sql(settings.db_path, query) == [
        morning,  # not reopened, nor starting 11 h early
        (f"{EVENT}1793156400", "investigating", datetime(2026, 10, 28, 3), None, 1),
    ]
