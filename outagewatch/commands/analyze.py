"""`outagewatch analyze`: enrich posts you already have, without a warehouse."""

from __future__ import annotations

from collections import Counter

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from outagewatch.cells import post_texts, refuse_objects
from outagewatch.commands.common import catalog_config, dayfirst_option, resolve
from outagewatch.commands.output import check_outputs_apart, check_table_out
from outagewatch.commands.windows import Window, closes, window_ids, windows_frame
from outagewatch.errors import UserError
from outagewatch.progress import stage_progress
from outagewatch.tabular import encoding_option, read_table, require_columns, write_table
from outagewatch.version import command_line, file_metadata
from outagewatch.words import plural

OUTPUT_COLUMNS = [
    "lang",
    "complaint",
    "complaint_score",
    "service",
    "services",
    "symptoms",
    "problem",
    "country",
    "region",
    "region_code",
    "city",
    "lat",
    "lon",
    "geo_evidence",
    "geo_confidence",
]
BATCH = 1000


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--text-column", required=True, help="Column holding the post text.")
@click.option(
    "--time-column",
    default=None,
    help="Column holding the post time (optional: ISO text or unix seconds). With it, the "
    "burst detector runs over the file's problem reports per service and lists each outage "
    "it finds on stderr; values that are not times are counted in a warning. The time as "
    "read is written as time_utc; the other enriched columns do not depend on it.",
)
@dayfirst_option
@click.option(
    "--location-column", default=None, help="Column with the author's profile location (optional)."
)
@click.option(
    "--venue-column",
    default=None,
    help="Column with the community a post was written in, e.g. r/spotify (optional): a post "
    "that names no service itself is about the one the community is named after.",
)
@click.option(
    "--thread-column",
    default=None,
    help="Column with the title of the thread a reply answers (optional): a reply that names "
    'no service itself ("same here") is about the services its thread\'s title names.',
)
@click.option(
    "--out",
    default=None,
    help="Output file: .csv, .tsv, .jsonl, .json or .parquet (no extension = CSV); default stdout CSV.",
)
@click.option(
    "--windows-out",
    default=None,
    help="With --time-column, also write the bursts to this file (.csv, .tsv, .jsonl, .json "
    "or .parquet): window_id, service, start, detected, peak, end, ongoing, total, expected, "
    "peak_value, max_score, detector_version.",
)
@encoding_option
@catalog_config("[catalog] and the enrichment stages of [pipeline]")
def analyze(
    file: str,
    text_column: str,
    time_column: str | None,
    dayfirst: bool | None,
    location_column: str | None,
    venue_column: str | None,
    thread_column: str | None,
    out: str | None,
    windows_out: str | None,
    encoding: str,
    config: str | None,
) -> None:
    """Enrich posts from a CSV, TSV, JSON lines, JSON or Parquet FILE: complaint, service,
    symptoms, place.

    Writes the input rows plus lang, complaint (0/1), complaint_score (0-1), service (a
    catalog slug or empty), services, symptoms, problem, country (ISO 3166-1 alpha-2 or
    empty), region, region_code (ISO 3166-2), city, lat, lon, geo_evidence, geo_confidence and pipeline_version (the
    rules and models that made them; in a Parquet file's metadata too). With --time-column, also
    time_utc (the time as read, naive UTC; empty where unreadable) and window_id (the burst
    a problem report was counted in), and lists on stderr the bursts of problem reports per
    service (the outages in the file); --windows-out writes them to a file. Lists
    (services, symptoms) are joined with ';' in every format. Each column's type and values:
    docs/analyze.md. Services are those of the configured catalog
    ([catalog] of --config, $OUTAGEWATCH_CATALOG), as for crawl and process.

    \b
    Examples:
      outagewatch analyze posts.csv --text-column text --out enriched.csv
      outagewatch analyze tweets.jsonl --text-column body --time-column created_at --out out.jsonl
      outagewatch analyze comments.csv --text-column body --thread-column link_title --out out.csv
    """
    check_table_out(out)
    if windows_out and not time_column:
        raise UserError("--windows-out needs --time-column: the bursts are found in time")
    check_table_out(windows_out)
    check_outputs_apart(file, out, windows_out)
    settings = resolve(config, None, say_lock_waits=False)
    texts = [c for c in (text_column, location_column, venue_column, thread_column) if c]
    frame = read_table(file, text_columns=texts, encoding=encoding)
    require_columns(frame, file, text_column, time_column, *texts[1:])
    if frame.empty:
        raise UserError(f"{file} has no rows")

    from nlp.enrich.gazetteer import region_code
    from nlp.enrich.pipeline import Enricher
    from outagewatch.catalog import configured_catalog
    from outagewatch.orchestrator import pipeline_stages

    # a JSON list of texts is one post written in parts; any other nested value is refused
    for option, column in (
        ("--text-column", text_column),
        ("--location-column", location_column),
        ("--venue-column", venue_column),
        ("--thread-column", thread_column),
    ):
        if column:
            refuse_objects(frame, option, column, file)
    batch = pd.DataFrame(
        {"text": post_texts(frame[text_column], "--text-column", text_column, file)}
    )
    batch["post_key"] = [str(i) for i in range(len(frame))]
    if time_column:
        try:
            batch["created_at"] = post_times(frame[time_column], time_column, dayfirst)
        except ValueError as exc:  # slashed dates that read both ways
            raise UserError(f"{file}: {exc}") from None
    for option, column, name in (
        ("--location-column", location_column, "author_location"),
        ("--venue-column", venue_column, "venue"),
        ("--thread-column", thread_column, "thread_title"),
    ):
        if column:
            batch[name] = post_texts(frame[column], option, column, file)
    catalog = configured_catalog(settings)
    stages = pipeline_stages(settings, catalog)["enrich"]  # [pipeline]: swapped stages
    enricher = Enricher(catalog, with_embeddings=False, **stages)
    parts = []
    with stage_progress() as progress:
        progress("enrich", 0, len(batch))
        for start in range(0, len(batch), BATCH):
            parts.append(enricher.enrich(batch.iloc[start : start + BATCH].reset_index(drop=True)))
            progress("enrich", min(start + BATCH, len(batch)), len(batch))
    if not parts:
        raise UserError(f"{file} has no rows")
    result = pd.concat(parts, ignore_index=True)
    result["services"] = result["services"].map(lambda v: ";".join(v or []))
    result["symptoms"] = result["symptoms"].map(lambda v: ";".join(v or []))
    result["problem"] = result["problem"].astype(int)
    result["region_code"] = [
        region_code(c, r) for c, r in zip(result["country"], result["region"], strict=True)
    ]
    result["pipeline_version"] = enricher.version
    columns = [*OUTPUT_COLUMNS, "pipeline_version"]
    versions = {"pipeline_version": enricher.version}
    found: list[Window] = []
    if time_column:  # the time as read, so a reader can check it (naive UTC)
        result["time_utc"] = batch["created_at"].to_numpy()
        found, left_out = find_bursts(batch["created_at"], result)
        result["window_id"] = burst_ids(batch["created_at"], result, found)
        columns += ["time_utc", "window_id"]
        from nlp.detect.burst import BurstSettings

        versions["detector_version"] = BurstSettings().version
    clash = [c for c in columns if c in frame.columns]
    base = frame.rename(columns={c: f"input_{c}" for c in clash})
    meta = file_metadata(command_line(), **versions)
    write_table(pd.concat([base.reset_index(drop=True), result[columns]], axis=1), out, meta)
    say_summary(result, out)
    if time_column:
        say_bursts(batch["created_at"], found, left_out)
        if windows_out:
            from nlp.detect.volume import STEP

            write_table(windows_frame(found, versions["detector_version"], step=STEP), windows_out)


def say_summary(result: pd.DataFrame, out: str | None) -> None:
    """What the file holds, in one line on stderr: the rows are the output, but a person
    running the command wants to know at once whether it found anything."""
    named = Counter(s for v in result["services"] for s in v.split(";") if s)
    top = ", ".join(f"{slug}: {n:,}" for slug, n in named.most_common(5))
    services = (result["services"] != "").sum()
    click.echo(
        f"{plural(len(result), 'post')}{f' -> {out}' if out else ''}: "
        f"{plural(int(result['complaint'].sum()), 'complaint')}, "
        f"{plural(int(result['problem'].sum()), 'problem report')}; a service in {services:,}"
        f"{f' ({top})' if top else ''}; a country in {(result['country'] != '').sum():,}",
        err=True,
    )


def find_bursts(times: pd.Series, result: pd.DataFrame) -> tuple[list[Window], int]:
    """The bursts of problem reports per service, and how many reports were left out."""
    from nlp.detect.posts import bursts_in_posts

    if times.dropna().empty:
        return [], 0
    services = [s.split(";") if s else [] for s in result["services"]]
    found, left_out = bursts_in_posts(times, services, result["problem"].astype(bool).tolist())
    return [Window(b.episode, b.service_slug, b.ongoing) for b in found], left_out


def burst_ids(times: pd.Series, result: pd.DataFrame, found: list[Window]) -> pd.Series:
    """Per post, the burst it was counted in: a problem report of the burst's service whose
    5-minute bucket lies within it."""
    from nlp.detect.volume import STEP

    problem = result["problem"].astype(bool).to_numpy()
    buckets = pd.Series(pd.to_datetime(times).dt.floor(STEP).to_numpy()).where(problem)
    services = [s.split(";") if s else [] for s in result["services"]]
    return window_ids(buckets, found, services)


def say_bursts(times: pd.Series, found: list[Window], left_out: int) -> None:
    """The outages in the file, per service, on stderr (the enriched rows are the output)."""
    from nlp.detect.burst import BurstSettings
    from nlp.detect.posts import MAX_SPAN, STRAY_GAP
    from nlp.detect.volume import STEP

    known = times.dropna()
    if known.empty:
        click.echo("bursts: no post has a readable time in --time-column", err=True)
        return
    span = f"{known.min():%Y-%m-%d %H:%M} to {known.max():%Y-%m-%d %H:%M} UTC"
    if left_out:
        click.echo(
            f"note: {plural(left_out, 'problem report')} left out of burst detection: more than "
            f"{MAX_SPAN.days} days before their service's latest, or lone posts more than "
            f"{STRAY_GAP.days} days after the one before",
            err=True,
        )
    if not found:
        click.echo(f"bursts: none among the problem reports from {span}", err=True)
        return
    table = Table(
        "window", "service", "start", "detected", "peak", "end", "reports", "normal",
        title=f"Bursts of problem reports, {span} (the first day is the detector's warm-up; "
        f"{BurstSettings().version})",
    )  # fmt: skip
    for number, b in enumerate(found, start=1):
        e = b.episode
        end = "ongoing" if b.ongoing else _after(closes(e.end, STEP), e.start)
        table.add_row(
            str(number), b.service, f"{e.start:%Y-%m-%d %H:%M}",
            _after(closes(e.detected_at, STEP), e.start), _after(e.peak_at, e.start), end,
            f"{e.total:,.0f}", f"{e.expected:,.1f}",
        )  # fmt: skip
    Console(stderr=True, width=120).print(table)


def _after(t: pd.Timestamp, start: pd.Timestamp) -> str:
    """'12:05' on the start's day, else the date too: a burst may cross midnight."""
    return f"{t:%H:%M}" if t.date() == start.date() else f"{t:%Y-%m-%d %H:%M}"


def post_times(column: pd.Series, name: str, dayfirst: bool | None = None) -> pd.Series:
    """Naive UTC times of a --time-column (ISO text, or unix seconds as numbers); one warning
    line counts the values that are none, with an example, instead of letting them pass."""
    from nlp.detect.series import read_times  # as detect-series reads them

    times, _ = read_times(
        column, dayfirst, name
    )  # a time the detector cannot count (past 2262) is none
    given = column.notna() & (column.astype(str).str.strip() != "")
    bad = given & times.isna()
    if bad.any():
        values = "1 value" if bad.sum() == 1 else f"{bad.sum():,} values"
        click.echo(
            f"warning: {values} of --time-column {name!r} could not be read as a time "
            f"(e.g. {_plain(column[bad].iloc[0])!r}); "
            "use ISO 8601 (2026-11-20T12:00Z) or unix seconds",
            err=True,
        )
    return times.dt.tz_convert(None)


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds: 1e+300, not np.float64(1e+300)."""
    return value.item() if hasattr(value, "item") else value
