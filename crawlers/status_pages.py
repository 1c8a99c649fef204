"""Status pages several catalog services share, and whose each incident on them is.

status.epicgames.com carries Fortnite and the Epic Games Store beside Rocket League and Fall
Guys; Google's Workspace dashboard carries Gmail beside Meet, Chat and Drive. Such a page is
read once per run, and an incident goes to a service on it only when the page says so: a
component, component group or product the incident names is one of the service's names or
aliases, or one of its catalog `status.components`. An incident that names no part at all
goes to every service on the page, as the page did not say which (the spider logs how many);
one that names only parts of no catalog service (Rocket League) goes to none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from crawlers.items import OfficialIncidentItem
from outagewatch.catalog import Service


def fold(name: str) -> str:
    """A part's or service's name as compared: case and spacing do not count."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Page:
    """One status page or feed URL and every catalog service that reads it."""

    url: str
    slugs: tuple[str, ...]
    names: Mapping[str, frozenset[str]]  # slug -> the folded names that make a part its own

    @property
    def shared(self) -> bool:
        return len(self.slugs) > 1

    def owners(self, parts: Iterable[str | None]) -> tuple[tuple[str, ...], bool]:
        """The slugs an incident naming ``parts`` belongs to, and whether the page named no
        part (then it is every service's on the page, the page not having said)."""
        if not self.shared:
            return self.slugs, False
        named = {fold(p) for p in parts if isinstance(p, str) and p.strip()}
        if not named:
            return self.slugs, True
        return tuple(s for s in self.slugs if self.names.get(s, frozenset()) & named), False


def unowned_line(page: Page, parts: Iterable[str]) -> str:
    """One line for the incidents of a shared page that named only parts of no catalog
    service: what they named, so an operator can give a part to a service."""
    named = sorted({p.strip() for p in parts if p.strip()})
    return (
        f"{page.url}: incidents naming only {', '.join(named[:8])}"
        f"{' …' if len(named) > 8 else ''} went to none of {', '.join(page.slugs)}; to give a "
        "part to a service, add its name to the service's `status.components` in the catalog"
    )


def service_names(service: Service) -> frozenset[str]:
    """What a status page may call a service: its name, aliases and `status.components`."""
    return frozenset(fold(n) for n in (service.name, *service.aliases, *service.status_components))


def group_pages(
    slug_urls: Iterable[tuple[str, str]], catalog: Iterable[Service]
) -> dict[str, Page]:
    """URL -> Page from (slug, url) pairs, in first-seen order; a slug the catalog does not
    know (a configured feed) is named by its slug."""
    known = {s.slug: s for s in catalog}
    slugs: dict[str, list[str]] = {}
    for slug, url in slug_urls:
        if slug not in slugs.setdefault(url, []):
            slugs[url].append(slug)
    return {
        url: Page(
            url,
            tuple(members),
            {s: service_names(known[s]) if s in known else frozenset({fold(s)}) for s in members},
        )
        for url, members in slugs.items()
    }


def for_services(
    item: OfficialIncidentItem, slugs: Iterable[str], native_id: Callable[[str], str]
) -> list[OfficialIncidentItem]:
    """One copy of a page's incident per service it belongs to, each with its own id."""
    return [replace(item, service_slug=s, native_id=native_id(s)) for s in slugs]
