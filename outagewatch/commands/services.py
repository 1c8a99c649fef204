"""`outagewatch services`: the catalog's slugs, so --service and watchlists need no guessing."""

from __future__ import annotations

import click

from outagewatch.catalog import CATEGORIES, Service, configured_catalog
from outagewatch.commands.common import catalog_config_option, resolve
from outagewatch.words import plural


@click.command()
@click.option(
    "--category",
    type=click.Choice(CATEGORIES, case_sensitive=False),
    default=None,
    help="Only the services of this category.",
)
@catalog_config_option
def services(category: str | None, config: str | None) -> None:
    """List the service catalog: slug, name and category. No warehouse needed.

    The slug is what `crawl --service`, watchlists and the SQL views use.

    \b
    Examples:
      outagewatch services
      outagewatch services --category streaming
      outagewatch services | grep -i disney
    """
    settings = resolve(config, None)
    chosen = [s for s in configured_catalog(settings) if category is None or s.category == category]
    click.echo(format_services(sorted(chosen, key=lambda s: s.slug)), nl=False)
    click.echo(plural(len(chosen), "service"), err=True)


def format_services(chosen: list[Service]) -> str:
    """Aligned columns with a header, one service a line, so `grep` and `cut` work on it."""
    if not chosen:
        return ""
    width = max(len("slug"), *(len(s.slug) for s in chosen))
    name_width = max(len("name"), *(len(s.name) for s in chosen))
    rows = [("slug", "name", "category"), *((s.slug, s.name, s.category) for s in chosen)]
    return "".join(f"{a:{width}}  {b:{name_width}}  {c}\n" for a, b, c in rows)
