"""`outagewatch serve`: the read-only JSON API, its OpenAPI description and Atom feeds."""

from __future__ import annotations

import click

from outagewatch.commands.common import (
    cannot_listen,
    check_base_url,
    check_port,
    resolve,
    settings_options,
    up_to_date,
)
from outagewatch.errors import UserError


@click.command()
@settings_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (0.0.0.0 = every interface).",
)
@click.option(
    "--port",
    type=int,
    default=8765,
    show_default=True,
    help="Port to listen on, 1-65535 (0: any free port, printed at start).",
)
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    help="The public URL readers reach the API by, for links in feeds (behind a reverse "
    "proxy; default: [notify] base_url, else each request's Host).",
)
@click.option(
    "--dashboard-url",
    default="",
    metavar="URL",
    help="The public URL of `outagewatch dashboard`: each feed entry then links its incident "
    "page, what a feed reader opens (default: [notify] dashboard_url; without it, the JSON).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No access log (by default one line per request on stderr: UTC time, client, method, "
    "path with query, status, duration).",
)
def serve(
    config: str | None,
    db: str | None,
    host: str,
    port: int,
    base_url: str,
    dashboard_url: str,
    quiet: bool,
) -> None:
    """Serve the JSON API (/api/v1/...), /openapi.json and Atom feeds (/feeds/...).

    \b
    Examples:
      outagewatch serve
      curl http://127.0.0.1:8765/api/v1/incidents?status=open
      curl http://127.0.0.1:8765/feeds/services/slack.atom
    """
    from outagewatch.api.server import make_server

    check_port(host, port, any_port=True)  # a bad or busy port: one line, before all else
    settings = resolve(config, db, say_lock_waits=False)
    up_to_date(settings)
    if not settings.db_path.exists():
        raise UserError(
            f"no warehouse at {settings.db_path}: run `outagewatch demo` or `outagewatch crawl` first"
        )
    public_url = check_base_url(base_url) or check_base_url(
        str((settings.notify or {}).get("base_url", "")), "[notify] base_url"
    )
    dashboard = check_base_url(dashboard_url, "--dashboard-url") or check_base_url(
        str((settings.notify or {}).get("dashboard_url", "")), "[notify] dashboard_url"
    )
    try:
        access_log = None if quiet else click.get_text_stream("stderr")
        server = make_server(settings.db_path, host, port, public_url, access_log, dashboard)
    except OSError as exc:  # taken since check_port looked
        raise cannot_listen(host, port, exc) from None
    h, p = server.server_address[:2]
    click.echo(
        f"outagewatch API on http://{h}:{p}/  (OpenAPI: /openapi.json, feeds: /feeds/all.atom; Ctrl-C to stop)",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
