"""Readable words for the codes the warehouse stores (shown to people, never the codes)."""

from __future__ import annotations

from outagewatch.words import plural  # noqa: F401 - the pages import it from here

CATEGORIES = {
    "ai": "AI",
    "banking": "banking",
    "cdn": "content delivery (CDN)",
    "cloud": "cloud provider",
    "devtools": "developer tools",
    "ecommerce": "online shopping",
    "email": "email",
    "gaming": "gaming",
    "isp_telco": "internet & phone provider",
    "messaging": "messaging",
    "other": "other",
    "payments": "payments",
    "productivity": "productivity",
    "social": "social media",
    "streaming": "streaming",
    "travel": "travel",
}


def category(code: object) -> str:
    """'isp_telco' -> 'internet & phone provider'; an unknown code loses its underscores."""
    if not isinstance(code, str) or not code:
        return "uncategorised"
    return CATEGORIES.get(code, code.replace("_", " "))
