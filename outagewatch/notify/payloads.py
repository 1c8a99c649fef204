"""What a message says, in each channel's format, and how a generic webhook is signed.

The generic payload is versioned (`"version": 1`); fields are only ever added within a version.
Its signature is `X-Outagewatch-Signature: sha256=<hex>`, the HMAC-SHA256 of
`<X-Outagewatch-Timestamp>.<raw body>` with the channel's secret, so a receiver can check both
the sender and the freshness (see verify_signature).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from outagewatch import post_links
from outagewatch.notify.config import NO_LINKS, Links
from outagewatch.notify.transitions import Message

PAYLOAD_VERSION = 1
SIGNATURE_HEADER = "X-Outagewatch-Signature"
TIMESTAMP_HEADER = "X-Outagewatch-Timestamp"
VERB = {
    "opened": "Outage detected",
    "reopened": "Outage is back",
    "worsened": "Outage worsened",
    "acknowledged": "Provider acknowledged",
    "resolved": "Resolved",
    "test": "Test message",
}
COLOR = {"opened": 0xD93025, "reopened": 0xD93025, "worsened": 0xA50E0E,
         "acknowledged": 0xF29900, "resolved": 0x188038, "test": 0x1A73E8}  # fmt: skip
INCIDENT_FIELDS = (
    "incident_id", "service_slug", "service_name", "title", "status", "severity", "started_at",
    "detected_at", "peak_at", "resolved_at", "peak_reports", "baseline_reports", "total_reports",
    "top_symptom", "countries", "official_id", "official_acknowledged_at", "lead_time_minutes",
)  # fmt: skip

# What people are saying (untrusted text from the sources): at most MAX_POSTS posts of at most
# POST_CHARS characters in the webhook, and one of SAMPLE_CHARS with up to LINE_KEYWORDS
# keywords in the chat and email text, each escaped for the channel's markup.
MAX_POSTS = 3
POST_CHARS = 280
SAMPLE_CHARS = 200
MAX_KEYWORDS = 10
LINE_KEYWORDS = 6
KEYWORD_CHARS = 40
_MENTION = re.compile(post_links.MENTION)  # a person's handle, not the message
# Inline markup only: a post is shown within one line that starts with our own label, so
# line-start markup (headings, lists, quotes) cannot begin there.
_MARKDOWN = re.compile(r"([\\`*_~|<>\[\]()])")


_URL = re.compile(post_links.LINK, re.IGNORECASE)  # every link a chat client would make


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, handles replaced by "@…" and addresses by
    "(link)": only hashes of authors are stored, so a message names no one (a profile link
    would) and carries no link a sender chose."""
    flat = " ".join(_MENTION.sub("@…", _URL.sub("(link)", text or "")).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def slack_escape(text: str) -> str:
    """Slack mrkdwn's three control characters, so "<!channel>" or "<http://x|y>" stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_escape(text: str) -> str:
    """Backslash before markdown punctuation (CommonMark: always literal), for Discord and
    Teams: no bold, links, headings or mentions out of a post."""
    return _MARKDOWN.sub(r"\\\1", text)


def _same(text: str) -> str:
    return text


def keywords(inc: dict[str, Any], n: int = MAX_KEYWORDS) -> list[str]:
    return [shorten(k, KEYWORD_CHARS) for k in (inc.get("keywords") or [])[:n] if k]


def posts(inc: dict[str, Any]) -> list[dict[str, Any]]:
    """The representative posts the webhook carries: rank, source, time and shortened text."""
    return [
        {"rank": p.get("rank"), "source": p.get("source"), "created_at": iso(p.get("created_at")),
         "text": shorten(p.get("text") or "", POST_CHARS)}
        for p in (inc.get("representative_posts") or [])[:MAX_POSTS]
    ]  # fmt: skip


def iso(value: Any) -> Any:
    """UTC naive datetimes as ISO 8601 with a Z; everything else unchanged."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    return value


def subject(msg: Message) -> str:
    inc = msg.incident
    name = inc.get("service_name") or inc.get("service_slug", "")
    title = inc.get("title") or name
    sev = f" ({inc['severity']})" if inc.get("severity") else ""
    return (
        f"{VERB[msg.transition]}: {title}{sev}"
        if msg.transition != "test"
        else f"{VERB['test']} from outagewatch"
    )


def lines(msg: Message, links: Links = NO_LINKS, escape: Callable[[str], str] = _same) -> list[str]:
    """The facts of the message, one per line, shared by every plain format; `escape` is
    applied to what comes from the posts (the channel's markup)."""
    inc = msg.incident
    if msg.transition == "test":
        return ["If you can read this, the channel is set up correctly."]
    out = [f"Service: {inc.get('service_name') or inc.get('service_slug')}"]
    out.append(f"Status: {inc.get('status')}, severity {inc.get('severity') or 'unknown'}")
    out.append(f"Started: {iso(inc.get('started_at'))}")
    if inc.get("resolved_at"):
        out.append(f"Resolved: {iso(inc['resolved_at'])}")
    if msg.recap:
        out.append("Not announced while open, as it ended before this channel followed it.")
    if inc.get("official_acknowledged_at"):
        out.append(f"Acknowledged by the provider: {iso(inc['official_acknowledged_at'])}")
    out.append(
        f"Reports: {inc.get('total_reports') or 0} (peak {inc.get('peak_reports') or 0} per 5 min)"
    )
    if inc.get("top_symptom"):
        out.append(f"Top symptom: {inc['top_symptom']}")
    if inc.get("countries"):
        out.append(f"Countries: {', '.join(inc['countries'])}")
    if words := keywords(inc, LINE_KEYWORDS):
        out.append(f"Keywords: {escape(', '.join(words))}")
    sample = next((p["text"] for p in posts(inc) if p["text"]), "")
    if sample:
        out.append(f"People say: “{escape(shorten(sample, SAMPLE_CHARS))}”")
    return out + links.lines(inc["incident_id"])


def generic(msg: Message, sent_at: datetime, links: Links = NO_LINKS) -> dict[str, Any]:
    """The documented JSON payload, version 1 (docs/notifications.md). `links` (added within
    version 1) are the incident's dashboard page and API record, null where `[notify]
    dashboard_url` or `base_url` is not set, and on a test message."""
    test = msg.transition == "test"
    inc = {k: iso(msg.incident.get(k)) for k in INCIDENT_FIELDS} if not test else None
    if inc is not None:  # added within version 1: what people are saying
        inc["keywords"] = keywords(msg.incident)
        inc["representative_posts"] = posts(msg.incident)
    return {
        "version": PAYLOAD_VERSION,
        "id": msg.notification_id,
        "event": f"incident.{msg.transition}" if msg.transition != "test" else "test",
        "transition": msg.transition,
        "channel": msg.channel,
        "sent_at": iso(sent_at),
        "event_at": iso(msg.event_at),
        "summary": subject(msg),
        "recap": msg.recap,
        "incident": inc,
        "links": NO_LINKS.for_incident("") if test else links.for_incident(msg.incident_id),
    }


def slack(msg: Message, links: Links = NO_LINKS) -> dict[str, Any]:
    body = "\n".join(lines(msg, links, slack_escape))
    return {
        "text": f"{subject(msg)}\n{body}",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": subject(msg)[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text": body[:3000]}},
        ],
    }


def discord(msg: Message, links: Links = NO_LINKS) -> dict[str, Any]:
    return {
        "username": "outagewatch",
        "content": subject(msg)[:2000],
        "embeds": [{
            "title": subject(msg)[:256],
            "description": "\n".join(lines(msg, links, markdown_escape))[:4096],
            "color": COLOR[msg.transition],
            "timestamp": iso(msg.event_at) if msg.event_at else None,
        }],
    }  # fmt: skip


def teams(msg: Message, links: Links = NO_LINKS) -> dict[str, Any]:
    """An Adaptive Card message, accepted by Teams Workflows webhooks and legacy connectors."""
    facts = [line.split(": ", 1) for line in lines(msg, links, markdown_escape) if ": " in line]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": subject(msg),
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]},
        ],
    }
    if msg.transition == "test":
        card["body"].append({"type": "TextBlock", "text": lines(msg)[0], "wrap": True})
    return {
        "type": "message",
        "summary": subject(msg),
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def body_for(kind: str, msg: Message, sent_at: datetime, links: Links = NO_LINKS) -> bytes:
    data = {"webhook": lambda: generic(msg, sent_at, links), "slack": lambda: slack(msg, links),
            "discord": lambda: discord(msg, links), "teams": lambda: teams(msg, links)}[kind]()  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(secret: bytes, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: bytes, body: bytes, timestamp: str, signature: str, tolerance: float = 300.0
) -> bool:
    """What a receiver does: recompute the HMAC and reject stale timestamps (replays)."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(time.time() - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, ts), signature or "")


def email(msg: Message, sender: str, to: tuple[str, ...], links: Links = NO_LINKS) -> EmailMessage:
    """Plain text plus an HTML alternative."""
    em = EmailMessage()
    em["Subject"] = f"[outagewatch] {subject(msg)}"
    em["From"] = sender
    em["To"] = ", ".join(to)
    em["Message-ID"] = f"<{msg.notification_id}@outagewatch>"
    em["X-Outagewatch-Event"] = msg.transition
    text = lines(msg, links)
    em.set_content(subject(msg) + "\n\n" + "\n".join(text) + "\n\n-- outagewatch\n")
    rows = "".join(
        f"<tr><th align='left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in (line.split(": ", 1) for line in text if ": " in line)
    )
    plain = "".join(f"<p>{html.escape(line)}</p>" for line in text if ": " not in line)
    em.add_alternative(
        f"<html><body><h2>{html.escape(subject(msg))}</h2>{plain}<table>{rows}</table>"
        "<p style='color:#666'>outagewatch</p></body></html>",
        subtype="html",
    )
    return em
