"""Whether [crawl] user_agent names someone who runs this crawl.

An API's operators write to the address in a bulk client's User-Agent before they block it.
The project's own page, a placeholder host and an agent with no address at all reach no one;
an exact match on the default missed a copied default once the version changed.
"""

from __future__ import annotations

import re

from outagewatch import __version__
from outagewatch.settings import Settings

PROJECT_PAGE = "github.com/outagewatch/outagewatch"
# a host name: dotted labels ending in letters ("0.1.0" and "10.0" are versions, not hosts),
# after "//", "@" or the start of a word, not a path's file ("/bot.html") nor a mailbox
HOST = re.compile(
    r"(?:(?<=//)|(?<![\w./-]))((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w@-])",
    re.IGNORECASE,
)
# RFC 2606 / 6761 names, reserved so that they reach no one
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
PLACEHOLDER_TLDS = ("example", "invalid", "test", "localhost")


def contact_hosts(agent: str) -> list[str]:
    """The hosts of the URLs, bare domains and e-mail addresses in a User-Agent."""
    return list(dict.fromkeys(h.lower() for h in HOST.findall(agent)))


def is_placeholder(host: str) -> bool:
    """A reserved name (example.org, x.invalid), matched on whole labels: not my-example.com."""
    return host.rsplit(".", 1)[-1] in PLACEHOLDER_TLDS or any(
        host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS
    )


def agent_problem(agent: str) -> str | None:
    """What is wrong with a User-Agent's contact, as words after "user_agent", or None."""
    hosts = contact_hosts(agent)
    if PROJECT_PAGE in agent.lower():
        return "names outagewatch's project page, as its default does, not you"
    if not hosts:
        return f"names no URL or e-mail address ({agent!r})"
    fake = [h for h in hosts if is_placeholder(h)]
    if len(fake) == len(hosts):
        return f"still holds a placeholder contact ({agent!r}), which reaches no one"
    return None


def contact_problem(settings: Settings) -> str | None:
    """The warning a crawl logs while [crawl] user_agent reaches no one, or None."""
    what = agent_problem(settings.user_agent)
    if what is None:
        return None
    where = settings.config_path or "your outagewatch.toml"
    return (
        f"crawl: [crawl] user_agent {what}: the APIs and status pages read it to reach whoever "
        f"runs a crawler before they block it. Set user_agent under [crawl] in {where} to name "
        f'a URL or e-mail address of yours, e.g. "outagewatch/{__version__} (+<your contact>)"'
    )
