"""All settings in one place: defaults that work offline, a TOML file, then the environment.

Precedence (lowest to highest): built-in defaults < config file < environment < CLI flags.
Credentials are only ever read from the environment and are never stored in Settings'
repr, logs or exports.
"""

from __future__ import annotations

import copy
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from outagewatch import __version__
from outagewatch.config_check import check_config
from outagewatch.sources import default_sources

DEFAULT_DB = Path("data/outagewatch.duckdb")
# The fewest reports in a 5-minute bucket that can signal an outage: the detector's floor for
# a hot bucket (nlp/detect/alerting.py AlertSettings.min_count) and the dashboard's for a
# bucket above its normal band (dashboard/elevation.py). One number, read by both, so the
# dashboard never calls "above normal" what the detector would not count.
MIN_BUCKET_REPORTS = 5
# names the project, not the operator: a crawl warns until [crawl] user_agent names them
# (crawlers/contact.py)
DEFAULT_USER_AGENT = (
    f"outagewatch/{__version__} "
    "(+https://github.com/outagewatch/outagewatch; outage-signal research)"
)

# The swappable pipeline stages ([pipeline] in the config file): "module:Class" (or
# "module:factory"), called with catalog= when it takes it. These are today's offline
# defaults; a path equal to its default leaves the Enricher's and build_incidents' own
# wiring untouched. Each must satisfy its Protocol in nlp/stages.py (CONTRIBUTING.md,
# "Swapping a stage").
DEFAULT_PIPELINE: dict[str, str] = {
    "embedder": "nlp.enrich.embed:shared_embedder",
    "language": "nlp.enrich.language:LinguaDetector",
    "attributor": "nlp.enrich.attribution:CatalogAttributor",
    "complaint": "nlp.enrich.complaint:TorchComplaintClassifier",
    "symptoms": "nlp.enrich.symptoms:SymptomTagger",
    "geocoder": "nlp.enrich.region:GazetteerGeocoder",
    "clusterer": "nlp.incidents.cluster:HDBSCANClusterer",
    "title": "nlp.incidents.represent:SymptomPlaceTitle",
}

# Per-source defaults, from the one registry of sources (outagewatch/sources.py).
DEFAULT_SOURCES: dict[str, dict[str, Any]] = default_sources()


@dataclass
class Settings:
    """Resolved settings for one run of outagewatch."""

    db_path: Path = DEFAULT_DB
    data_dir: Path = Path("data")
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    autothrottle: bool = True
    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 1
    hash_authors: bool = True
    sources: dict[str, dict[str, Any]] = field(
        default_factory=lambda: copy.deepcopy(DEFAULT_SOURCES)
    )
    pipeline: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PIPELINE))
    watchlist: list[dict[str, Any]] = field(default_factory=list)
    notify: dict[str, Any] = field(default_factory=dict)  # [notify] and [[notify.channels]]
    catalog_path: Path | None = None  # None = the catalog shipped with the package
    catalog_extra: tuple[Path, ...] = ()  # files merged over it (catalog.load_catalog)
    config_path: Path | None = None
    config_warnings: list[str] = field(default_factory=list)  # unknown names in the file

    @property
    def salt(self) -> str:
        """Per-installation salt for hashing author handles, created on first use."""
        env = os.environ.get("OUTAGEWATCH_SALT")
        if env:
            return env
        path = self.data_dir / "salt"
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(16)
        # Written whole under a temporary name, then linked into place: the link fails if
        # another process made the salt first, and nobody ever reads a half-written one.
        # 0600: whoever reads the salt can test a guessed handle against the stored hashes.
        tmp = path.with_name(f".salt.{os.getpid()}.{secrets.token_hex(4)}")
        _write_new(tmp, value)
        try:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: created in place
                _write_new(path, value)
        except FileExistsError:  # another process made it a moment ago
            return path.read_text().strip()
        finally:
            tmp.unlink()
        return value

    def source(self, name: str) -> dict[str, Any]:
        return self.sources.get(name, {})


def url_problem(url: str, name: str) -> str | None:
    """What is wrong with a public URL for links (http or https, with a host), or None; ''
    (no links) is fine. One check for every such setting and option."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[oops": a broken IPv6 host
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{name} must be a URL starting with http:// or https://, not {url!r}"
    return None


def _write_new(path: Path, value: str) -> None:
    """Create `path` owner-only with `value`; FileExistsError when it is there already."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)


def beside(config_dir: Path, value: str) -> Path:
    """A path written in the config file: a relative one is read from the file's folder, so
    `outagewatch run --config /srv/ow/outagewatch.toml` finds the same warehouse from any
    working folder (environment variables and flags stay relative to the working folder)."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else config_dir / path


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message says what to fix."""


def load_settings(config: str | Path | None = None, db: str | Path | None = None) -> Settings:
    """Build Settings from defaults, an optional TOML file, OUTAGEWATCH_* env vars and flags."""
    data: dict[str, Any] = {}
    config = config or os.environ.get("OUTAGEWATCH_CONFIG")
    if config:
        path = Path(config)
        if path.is_dir():
            raise ConfigError(f"config file {path} is a folder: name the TOML file in it")
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    s = Settings(config_path=Path(config) if config else None)
    try:
        s.config_warnings = check_config(data)
    except ValueError as exc:
        raise ConfigError(f"config file {config}: {exc}") from None
    wh = data.get("warehouse", {})
    crawl = data.get("crawl", {})
    here = Path(config).parent if config else Path()
    if "db" in wh:
        s.db_path = beside(here, wh["db"])
    if "data_dir" in wh:
        s.data_dir = beside(here, wh["data_dir"])
    s.user_agent = crawl.get("user_agent", s.user_agent)
    s.obey_robots = bool(crawl.get("obey_robots", s.obey_robots))
    s.autothrottle = bool(crawl.get("autothrottle", s.autothrottle))
    s.download_delay = float(crawl.get("download_delay", s.download_delay))
    s.concurrent_requests_per_domain = int(
        crawl.get("concurrent_requests_per_domain", s.concurrent_requests_per_domain)
    )
    s.hash_authors = bool(data.get("privacy", {}).get("hash_authors", True))
    s.sources = _merge(DEFAULT_SOURCES, data.get("sources", {}))
    # only the known stages: an unknown key ("embeder") is warned to be ignored, so it is
    s.pipeline = DEFAULT_PIPELINE | {
        k: v for k, v in data.get("pipeline", {}).items() if k in DEFAULT_PIPELINE
    }
    s.watchlist = list(data.get("watchlist", []))
    s.notify = dict(data.get("notify", {}))
    if catalog := data.get("catalog", {}).get("path"):
        s.catalog_path = beside(here, catalog)
    if catalog := os.environ.get("OUTAGEWATCH_CATALOG"):
        s.catalog_path = Path(catalog)
    extra = data.get("catalog", {}).get("extra", [])
    if not isinstance(extra, list) or not all(isinstance(p, str) for p in extra):
        raise ConfigError(
            f"config file {config}: [catalog] extra must be a list of files, e.g. "
            f'extra = ["my_services.yaml"], not {extra!r}'
        )
    s.catalog_extra = tuple(beside(here, p) for p in extra)
    if (env := os.environ.get("OUTAGEWATCH_CATALOG_EXTRA")) is not None:
        s.catalog_extra = tuple(Path(p) for p in env.split(os.pathsep) if p)
    env_db = os.environ.get("OUTAGEWATCH_DB")
    if env_db:
        s.db_path = Path(env_db)
    if db:
        s.db_path = Path(db)
    if "data_dir" not in wh:
        s.data_dir = s.db_path.parent
    return s
