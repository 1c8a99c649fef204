"""`outagewatch detect-series`: the burst detector on a count series you already have."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from outagewatch.commands.common import dayfirst_option
from outagewatch.commands.output import check_outputs_apart, check_table_out
from outagewatch.commands.windows import Window, window_ids, windows_frame
from outagewatch.errors import UserError
from outagewatch.tabular import encoding_option, read_table, require_columns, write_table
from outagewatch.version import command_line, file_metadata


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
@dayfirst_option
@click.option(
    "--step",
    default=None,
    help="The series' step, e.g. 5m, 15m, 1h or 1d (default: the most common gap between "
    "the file's times). Every row is counted in the step its time falls in.",
)
@click.option(
    "--combine",
    type=click.Choice(["auto", "sum", "max", "last"]),
    default="auto",
    show_default=True,
    help="How rows that fall in one step make its value: auto (a row repeating an earlier "
    "row's exact time replaces it, as overlapping exports do; rows at different times are "
    "summed), sum (every row, also one per cause at one time), max, or last (each row "
    "repeats a total). Summing is refused for values that are no whole numbers.",
)
@click.option(
    "--out",
    default=None,
    help="Output file: .csv, .tsv, .jsonl, .json or .parquet (no extension = CSV); default stdout CSV.",
)
@click.option(
    "--windows-out",
    default=None,
    help="Also write the anomalous windows to this file (.csv, .tsv, .jsonl, .json or "
    ".parquet): window_id, start, detected, peak, end, ongoing, total, expected, peak_value, "
    "max_score, detector_version.",
)
@encoding_option
def detect_series(
    file: str,
    time_column: str,
    value_column: str,
    detector: str,
    dayfirst: bool | None,
    step: str | None,
    combine: str,
    out: str | None,
    windows_out: str | None,
    encoding: str,
) -> None:
    """Score every row of a count series FILE and print the anomalous windows.

    Writes every input row plus `bucket` (the start of the step the row was counted in),
    `window_id` (the anomalous window the step belongs to, numbered as in --windows-out),
    `score` (the step's; higher = more anomalous), `is_anomaly` (0/1: the step at which an
    anomaly is detected, on its first row) and `detector_version` (in a Parquet file's
    metadata too). Rows that fall in one step are combined (by default a repeated exact time
    keeps its last row and different times are summed), and one line on stderr says the step
    and how many rows were combined. The windows are told in the file's own
    timestamps: "detected" is the alerting row's time. For buckets labelled by their start
    (as outagewatch's report_volume), the alert is known one bucket later, when the bucket
    closes: an incident's detected_at and `analyze`'s burst table say that time.

    \b
    Examples:
      outagewatch detect-series counts.csv --time-column timestamp --value-column value --out scored.csv
      outagewatch detect-series counts.csv --time-column ts --value-column n --step 15m --windows-out w.csv
    """
    check_table_out(out)
    check_table_out(windows_out)
    check_outputs_apart(file, out, windows_out)
    frame = read_table(file, encoding=encoding)
    require_columns(frame, file, time_column, value_column)

    from nlp.detect.series import score_rows
    from nlp.detect.steps import describe, parse_step

    try:
        width = parse_step(step) if step else None
    except ValueError as exc:
        raise UserError(f"--step: {exc}") from None
    try:
        scored = score_rows(
            frame,
            time_column,
            value_column,
            detector=detector,
            step=width,
            combine=combine,
            dayfirst=dayfirst,
        )
    except ValueError as exc:
        raise UserError(f"{file}: {exc}") from None
    windows = scored.windows
    last = scored.steps.series.index[-1] if scored.steps is not None else None
    found = [Window(w, ongoing=w.end == last) for w in windows]
    rows = scored.rows
    rows.insert(rows.columns.get_loc("bucket") + 1, "window_id", window_ids(rows["bucket"], found))
    rows["detector_version"] = scored.detector_version
    meta = file_metadata(command_line(), detector_version=scored.detector_version)
    write_table(rows, out, meta)
    if windows_out:
        table_of_windows = windows_frame(found, scored.detector_version).drop(columns="service")
        write_table(table_of_windows, windows_out, meta)
    if scored.steps is not None:
        click.echo(describe(scored.steps), err=True)
    console = Console(stderr=out in (None, "-"))
    table = Table(
        "start",
        "detected",
        "peak",
        "end",
        "peak value",
        title=f"Anomalous windows in {file} ({scored.detector_version})",
    )
    for w in windows:
        table.add_row(
            str(w.start), str(w.detected_at), str(w.peak_at), str(w.end), f"{w.peak_value:g}"
        )
    console.print(table if windows else f"no anomalous window in {file}")
