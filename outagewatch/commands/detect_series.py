"""`outagewatch detect-series`: the burst detector on a count series you already have."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from outagewatch.commands.output import check_table_out
from outagewatch.errors import UserError
from outagewatch.tabular import read_table, require_columns, write_table


@click.command(name="detect-series")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--time-column",
    required=True,
    help="Column with the bucket time: ISO text, or unix seconds (1515061871 or 1515061871.0).",
)
@click.option(
    "--value-column",
    required=True,
    help="Column with the count per bucket; an empty value means not observed (not zero).",
)
@click.option(
    "--detector",
    type=click.Choice(["burst", "gaussian"]),
    default="burst",
    show_default=True,
    help="burst: seasonal count-aware detector; gaussian: windowed Gaussian baseline.",
)
@click.option(
    "--out",
    default=None,
    help="Output file: .csv, .tsv, .jsonl, .json or .parquet (no extension = CSV); default stdout CSV.",
)
def detect_series(
    file: str, time_column: str, value_column: str, detector: str, out: str | None
) -> None:
    """Score every row of a count series FILE and print the anomalous windows.

    Writes every input row plus `score` (higher = more anomalous) and `is_anomaly` (0/1: the
    bucket at which an anomaly is detected). The windows are told in the file's own
    timestamps: "detected" is the alerting row's time. For buckets labelled by their start
    (as outagewatch's report_volume), the alert is known one bucket later, when the bucket
    closes: an incident's detected_at and `analyze`'s burst table say that time.

    \b
    Examples:
      outagewatch detect-series counts.csv --time-column timestamp --value-column value --out scored.csv
    """
    check_table_out(out)
    frame = read_table(file)
    require_columns(frame, file, time_column, value_column)

    from nlp.detect.series import detect_series as run_detector

    try:
        scored, windows = run_detector(frame, time_column, value_column, detector=detector)
    except ValueError as exc:
        raise UserError(f"{file}: {exc}") from None
    write_table(scored, out)
    from nlp.detect.series import read_times

    times, _ = read_times(frame[time_column])  # one instant written two ways is one time
    repeated = int(times.dropna().duplicated().sum())
    if repeated:
        click.echo(
            f"note: {repeated:,} {'rows repeat' if repeated > 1 else 'row repeats'} an earlier "
            "row's time: "
            "each time is scored once, on the value of its last row",
            err=True,
        )
    console = Console(stderr=out in (None, "-"))
    table = Table(
        "start", "detected", "peak", "end", "peak value", title=f"Anomalous windows in {file}"
    )
    for w in windows:
        table.add_row(
            str(w.start), str(w.detected_at), str(w.peak_at), str(w.end), f"{w.peak_value:g}"
        )
    console.print(table if windows else f"no anomalous window in {file}")
