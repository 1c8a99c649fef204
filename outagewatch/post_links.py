"""Addresses and handles in a post's text, for the two readers of them: normalisation
(nlp/enrich/normalize.py), which keeps them for attribution, and the notifier
(outagewatch/notify/payloads.py), which takes them out of what it sends. One home, so a
change to one reading is made beside the other. Sources, not compiled patterns: each reader
compiles them with its own engine (normalisation `regex`, the notifier `re`, which differ on
`\\w`), so living here changes neither's matching.

The readings differ on purpose. Normalisation ends an address where a link ends in the wild
and captures what attribution needs (a handle's name, a host). The notifier must leave no
link nor handle a chat client would show: it also cuts at brackets, takes "host/path"
without a scheme and more top-level domains, and any word characters in a handle.
"""

from __future__ import annotations

# where an address with a scheme or "www." begins
URL_START = r"\b(?:https?://|www\.)"
# "status.example.", "my-site.co.": the labels before a top-level domain
HOST = r"(?:[a-z0-9-]+\.)+"

# Normalisation (norm-3; compile with (?i)): an address runs to a space, "<", ">" or a quote.
URL = URL_START + r"[^\s<>\"']+"
# "@alice", "@alice@mastodon.social": the handle, captured
HANDLE = r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.]{0,49}(?:@[A-Za-z0-9.-]+)?)"
# "spotify.com" without a scheme, in the top-level domains services use, captured
BARE_DOMAIN = (
    r"(?<![\w@./-])("
    + HOST
    + r"(?:com|net|org|io|co|tv|app|gg|me|uk|de|fr|es|jp|ai|dev|us|ca|au|br|in))\b"
)

# The notifier (compile with IGNORECASE): also "bit.ly/x", "evil.com/login" and a host alone
# in a common top-level domain, which Slack and Teams link all the same.
_TO_BRACKET = r"[^\s<>()\[\]\"']"
LINK = (
    URL_START
    + _TO_BRACKET
    + "+"
    + r"|\b"
    + HOST
    + r"[a-z]{2,24}/"
    + _TO_BRACKET
    + "*"
    + r"|\b"
    + HOST
    + r"(?:com|net|org|io|co|ly|gg|me|app|dev|xyz|info|biz|ru|cn|tk|to|ai"
    + r"|sh|link|site|online|top|club|shop|live|tv)\b(?!\.\w)"
)
# "@alice" or "@alice@mastodon.social" (an email address, "ops@example.org", is no mention)
MENTION = r"(?<![\w.@])@[\w.\-]+(?:@[\w\-]+(?:\.[\w\-]+)+)?"
# Incidents' keywords and representative posts (nlp/incidents): any run after a scheme or "www."
LOOSE_URL = r"https?://\S+|www\.\S+"
