"""Atom/RSS history feeds, Google Cloud incidents.json and AWS RSS, end to end."""

from __future__ import annotations

import logging
from datetime import datetime

from crawlers.runner import run_crawl

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:www.githubstatus.com,2005:/history</id>
  <link rel="alternate" type="text/html" href="https://www.githubstatus.com"/>
  <title>GitHub Status - Incident History</title>
  <updated>2026-11-27T11:00:00Z</updated>
  <entry>
    <id>tag:www.githubstatus.com,2005:Incident/2001</id>
    <published>2026-11-27T09:10:00Z</published>
    <updated>2026-11-27T11:00:00Z</updated>
    <link rel="alternate" type="text/html" href="https://www.githubstatus.com/incidents/abc"/>
    <title>Disruption with some GitHub services</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Nov &lt;var data-var='date'&gt;27&lt;/var&gt;, &lt;var data-var='time'&gt;11:00&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - This incident has been resolved.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Nov &lt;var data-var='date'&gt;27&lt;/var&gt;, &lt;var data-var='time'&gt;09:10&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are investigating reports of degraded performance.&lt;/p&gt;</content>
  </entry>
  <entry>
    <published>2026-11-26T08:00:00Z</published>
    <updated>2026-11-26T08:30:00Z</updated>
    <title>Incident with Actions</title>
    <content type="html">&lt;strong&gt;Resolved&lt;/strong&gt; - This incident has been resolved.</content>
  </entry>
</feed>"""

AWS_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Amazon EC2 (N. Virginia) Service Status</title>
<link>http://status.aws.amazon.com/</link>
<item><title>Service is operating normally: [RESOLVED] Increased API Error Rates</title>
<link>http://status.aws.amazon.com/</link><pubDate>Fri, 27 Nov 2026 10:45:00 PST</pubDate>
<guid isPermaLink="false">http://status.aws.amazon.com/#ec2-us-east-1_1795800300</guid>
<description>Between 9:02 AM and 10:40 AM PST we experienced increased API error rates.</description></item>
<item><title>Service disruption: Increased API Error Rates</title>
<link>http://status.aws.amazon.com/</link><pubDate>Fri, 27 Nov 2026 09:20:00 PST</pubDate>
<guid isPermaLink="false">http://status.aws.amazon.com/#ec2-us-east-1_1795795200</guid>
<description>We are investigating increased API error rates in the US-EAST-1 Region.</description></item>
</channel></rss>"""

GCP = [
    {
        "id": "XyZ123",
        "number": "1234567890",
        "begin": "2026-11-27T08:00:00+00:00",
        "created": "2026-11-27T08:20:00+00:00",
        "end": "2026-11-27T10:00:00+00:00",
        "modified": "2026-11-27T10:05:00+00:00",
        "external_desc": "Cloud Storage elevated errors",
        "updates": [
            {
                "created": "2026-11-27T10:00:00+00:00",
                "modified": "2026-11-27T10:00:00+00:00",
                "when": "2026-11-27T10:00:00+00:00",
                "text": "The issue is resolved.",
                "status": "AVAILABLE",
            },
            {
                "created": "2026-11-27T08:20:00+00:00",
                "modified": "2026-11-27T08:20:00+00:00",
                "when": "2026-11-27T08:20:00+00:00",
                "text": "We are investigating.",
                "status": "SERVICE_OUTAGE",
            },
        ],
        "most_recent_update": {},
        "status_impact": "SERVICE_OUTAGE",
        "severity": "high",
        "service_key": "UwaYoXQ5bHYHG6EdiPB8",
        "service_name": "Cloud Storage",
        "affected_products": [{"title": "Cloud Storage", "id": "UwaYoXQ5bHYHG6EdiPB8"}],
        "uri": "incidents/XyZ123",
    },
    {  # no id: skipped alone, with a line naming it
        "begin": "2026-11-26T08:00:00+00:00",
        "external_desc": "BigQuery latency",
        "updates": [],
        "affected_products": [{"title": "BigQuery", "id": "9CcrhHUcFevXPSVaSxkf"}],
    },
]


def test_status_feeds(serve_site, local_settings, sql, caplog):
    base = serve_site(
        {
            "/github/history.atom": [
                {"headers": {"Content-Type": "application/atom+xml"}, "text": ATOM}
            ],
            "/aws/rss/ec2-us-east-1.rss": [
                {"headers": {"Content-Type": "application/rss+xml"}, "text": AWS_RSS}
            ],
            "/gcp/incidents.json": [{"json": GCP}],
            "/broken/feed": [
                {"headers": {"Content-Type": "text/html"}, "text": "<html>maintenance</html>"}
            ],
        }
    )
    settings = local_settings(
        statusfeeds={
            "feeds": [
                {"slug": "github", "kind": "atom", "url": f"{base}/github/history.atom"},
                {"slug": "aws", "kind": "aws", "url": f"{base}/aws/rss/ec2-us-east-1.rss"},
                {"slug": "gcp", "kind": "gcp", "url": f"{base}/gcp/incidents.json"},
                {"slug": "slack", "kind": "rss", "url": f"{base}/broken/feed"},
            ]
        }
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    first = run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]
    # the AWS event's two update items are one incident; the bad Atom entry and the GCP
    # incident without an id are skipped alone, each on one line naming it
    assert first["official_new"] == 3 and first["errors"] == 3
    assert f"statusfeeds: skipped {base}/broken/feed" in caplog.text
    assert (
        f"statusfeeds: skipped {base}/github/history.atom: entry 2 ('Incident with Actions') "
        "has no id, guid or link"
    ) in caplog.text
    assert (
        f"statusfeeds: skipped {base}/gcp/incidents.json: incident 2 ('BigQuery latency') "
        "without a usable field: KeyError('id')"
    ) in caplog.text
    rows = {
        r[0]: r[1:]
        for r in sql(
            settings.db_path,
            "SELECT official_id, source, status, impact, "
            "started_at, resolved_at, components FROM official_incidents",
        )
    }
    gh = rows["atom:github:tag:www.githubstatus.com,2005:Incident/2001"]
    assert gh[:3] == ("atom", "resolved", None)
    assert gh[3] == datetime(2026, 11, 27, 9, 10) and gh[4] == datetime(2026, 11, 27, 11)
    # one event, under its first update's guid, resolved by its last (crawlers/aws_events.py)
    event = rows["aws:aws:http://status.aws.amazon.com/#ec2-us-east-1_1795795200"]
    assert event[1:3] == ("resolved", "major")
    assert event[3:5] == (datetime(2026, 11, 27, 17, 20), datetime(2026, 11, 27, 18, 45))
    assert not any("1795800300" in oid for oid in rows)
    gcp = rows["gcp:gcp:XyZ123"]
    assert gcp[1:] == (
        "resolved",
        "major",
        datetime(2026, 11, 27, 8),
        datetime(2026, 11, 27, 10),
        ["Cloud Storage"],
    )
    second = run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]
    assert second["official_new"] == 0
