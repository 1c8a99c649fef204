"""Official status-page incidents for the simulated world, in the Atlassian Statuspage shape.

Providers confirm outages some minutes after the crowd notices, or never; they also post
incidents nobody on social media noticed. Shapes follow real githubstatus.com documents.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from outagewatch.demo.worlddata import SERVICES, SimService

COMPONENTS = {
    "streaming": ["Playback", "Login", "Website", "Mobile apps"],
    "social": ["Feed", "Posting and uploads", "Login", "Direct messages"],
    "messaging": ["Messaging", "Notifications", "Voice and video calls", "Login"],
    "productivity": ["Messaging", "Login and SSO", "Calls", "API"],
    "cloud": ["EC2", "S3", "Lambda", "Console"],
    "cdn": ["CDN", "DNS", "Dashboard", "API"],
    "devtools": ["Git Operations", "API Requests", "Actions", "Pages"],
    "ai": ["Chat", "Login", "API", "File uploads"],
    "gaming": ["Sign-in", "Online play", "Store", "Friends and chat"],
    "payments": ["Payments", "Login", "Mobile app", "Transfers"],
    "banking": ["Card payments", "Mobile app", "Transfers", "Login"],
    "isp_telco": ["Fixed broadband", "Mobile network", "TV", "Customer portal"],
    "ecommerce": ["Website", "Checkout", "Mobile app", "Login"],
    "email": ["Mail delivery", "Login", "Web app", "Calendar"],
    "other": ["Account sign-in", "App Store", "Payments", "Cloud storage"],
}
SYMPTOM_TITLES = {
    "messages_notifications": "Delays in message delivery",
    "playback_streaming": "Playback issues for some users",
    "connectivity": "Service disruption affecting connectivity",
    "login": "Some users unable to sign in",
    "upload_posting": "Issues posting and uploading content",
    "website_down": "Elevated error rates",
}
QUIET_TITLES = [
    "Delayed email notifications",
    "Degraded performance for the API",
    "Increased latency in a subset of regions",
    "Scheduled maintenance follow-up",
]


def iso(t: datetime) -> str:
    """Statuspage style: milliseconds and a Z."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _sid(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789bcdfghjklmnpqrstvwxyz") for _ in range(12))


def page_for(slug: str) -> dict:
    """The page object of a service's status page; stable for a slug."""
    svc = next((s for s in SERVICES if s.slug == slug), None)
    pid = hashlib.sha256(slug.encode()).hexdigest()[:12]
    name = svc.name if svc else slug
    domain = svc.domain if svc else f"{slug}.example"
    return {
        "id": pid,
        "name": name,
        "url": f"https://status.{domain}",
        "time_zone": "Etc/UTC",
        "updated_at": "2026-01-01T00:00:00.000Z",
    }


def components_for(
    slug: str, updated: datetime, degraded: set[str] | None = None, status: str = "major_outage"
) -> list[dict]:
    svc = next((s for s in SERVICES if s.slug == slug), None)
    page = page_for(slug)
    out = []
    for pos, name in enumerate(COMPONENTS.get(svc.category if svc else "", ["Website", "API"]), 1):
        cid = hashlib.sha256(f"{slug}/{name}".encode()).hexdigest()[:12]
        out.append(
            {
                "id": cid,
                "name": name,
                "status": status if degraded and name in degraded else "operational",
                "created_at": "2019-03-01T12:00:00.000Z",
                "updated_at": iso(updated),
                "position": pos,
                "description": None,
                "showcase": False,
                "start_date": None,
                "group_id": None,
                "page_id": page["id"],
                "group": False,
                "only_show_if_degraded": False,
            }
        )
    return out


SYMPTOM_COMPONENT_WORDS = {
    "connectivity": ("broadband", "network"),
    "playback_streaming": ("playback",),
    "login": ("login", "sign-in"),
    "messages_notifications": ("messaging", "notifications"),
    "upload_posting": ("posting",),
}


def _incident(
    rng: random.Random,
    svc: SimService,
    title: str,
    created: datetime,
    resolved: datetime | None,
    now: datetime,
    impact: str,
    started: datetime,
    symptom: str = "",
) -> dict:
    iid = _sid(rng)
    comps = components_for(svc.slug, created)
    words = SYMPTOM_COMPONENT_WORDS.get(symptom, ())
    fitting = [c["name"] for c in comps if any(w in c["name"].lower() for w in words)]
    affected = fitting[:1] or [rng.choice(comps)["name"]]
    steps = [
        (
            "investigating",
            created,
            f"We are investigating reports of issues with {svc.name}. "
            "We will provide an update as soon as we have more information.",
        )
    ]
    end = resolved or now + timedelta(hours=1)
    span = end - created
    steps.append(
        (
            "identified",
            created + span * 0.35,
            "The issue has been identified and a fix is being implemented.",
        )
    )
    steps.append(
        (
            "monitoring",
            created + span * 0.8,
            "A fix has been implemented and we are monitoring the results.",
        )
    )
    if resolved:
        steps.append(("resolved", resolved, "This incident has been resolved."))
    updates = []
    for status, at, body in steps:
        if at > now:
            break
        at = at.replace(microsecond=rng.randrange(0, 999) * 1000)
        updates.append(
            {
                "id": _sid(rng),
                "status": status,
                "body": body,
                "incident_id": iid,
                "created_at": iso(at),
                "updated_at": iso(at),
                "display_at": iso(at),
                "affected_components": [
                    {
                        "code": c["id"],
                        "name": c["name"],
                        "old_status": "operational",
                        "new_status": "partial_outage",
                    }
                    for c in comps
                    if c["name"] in affected
                ]
                if status != "resolved"
                else None,
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
            }
        )
    last = updates[-1]
    monitoring = next((u["created_at"] for u in updates if u["status"] == "monitoring"), None)
    status = last["status"]
    degraded = set(affected) if status != "resolved" else None
    return {
        "id": iid,
        "name": title,
        "status": status,
        "created_at": updates[0]["created_at"],
        "updated_at": last["updated_at"],
        "monitoring_at": monitoring,
        "resolved_at": last["created_at"] if status == "resolved" else None,
        "impact": impact,
        "shortlink": f"https://stspg.io/{_sid(rng)}",
        "started_at": iso(started),
        "page_id": page_for(svc.slug)["id"],
        "incident_updates": updates[::-1],
        "components": components_for(svc.slug, created, degraded, "partial_outage"),
    }


def official_incidents(
    rng: random.Random, events: list[dict], start: datetime, now: datetime
) -> dict[str, list[dict]]:
    """Per service slug, the incidents its status page shows at ``now``, newest first."""
    out: dict[str, list[dict]] = {s.slug: [] for s in SERVICES}
    by_slug = {s.slug: s for s in SERVICES}
    for ev in events:
        if ev["kind"] != "outage":
            continue
        slugs = list(ev["services"]) + ([ev["upstream"]] if ev.get("upstream") else [])
        delays = list(ev["official"]) + ([28] if ev.get("upstream") else [])
        for slug, delay in zip(slugs, delays, strict=True):
            if delay is None:
                continue
            created = ev["start"] + timedelta(minutes=delay, seconds=rng.randint(0, 59))
            if created > now:
                continue
            resolved = (
                None
                if ev["end"] + timedelta(minutes=10) > now
                else ev["end"] + timedelta(minutes=rng.randint(5, 20))
            )
            title = SYMPTOM_TITLES.get(ev["symptom"], "Service disruption")
            impact = (
                "major" if ev["shape"] in ("short_sharp", "shared_upstream", "ongoing") else "minor"
            )
            out[slug].append(
                _incident(
                    rng,
                    by_slug[slug],
                    title,
                    created,
                    resolved,
                    now,
                    impact,
                    created,
                    ev["symptom"],
                )
            )
    quiet = [s for s in SERVICES if s.category in ("devtools", "cdn", "productivity", "gaming")]
    span = (now - start).total_seconds()
    for svc in quiet:  # incidents only the provider noticed
        if rng.random() < 0.6:
            created = start + timedelta(seconds=rng.uniform(0.05, 0.9) * span)
            resolved = created + timedelta(minutes=rng.randint(20, 120))
            out[svc.slug].append(
                _incident(
                    rng,
                    svc,
                    rng.choice(QUIET_TITLES),
                    created,
                    resolved if resolved <= now else None,
                    now,
                    "minor",
                    created,
                )
            )
    for incs in out.values():
        incs.sort(key=lambda i: i["created_at"], reverse=True)
    return out
