"""Read settings from the environment, failing loudly on bad values.

Plain Python (no Django import) so the CLI can report configuration errors before Django starts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A setting in the environment has a value we cannot use."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(
        f"{name}={raw!r} is not a boolean; use one of true/false, 1/0, yes/no, on/off"
    )


def env_int(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name}={raw!r} must be at most {maximum}")
    return value


# The open licences a site may publish its data under: SPDX id → (title, text's address).
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}


def env_licence(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    if raw not in LICENCES:
        raise ConfigError(
            f"{name}={raw!r} is not a known open licence; use one of {', '.join(LICENCES)}"
        )
    return raw


def env_path(name: str, default: Path) -> Path:
    """An absolute directory path; a relative one is refused, since the web server and the
    application must agree on it whatever their working directories."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    path = Path(raw).expanduser()
    if not path.is_absolute():
        raise ConfigError(f"{name}={raw!r} is not an absolute path; give the full path")
    return path


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def site_url(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.startswith(("http://", "https://")) or " " in raw:
        raise ConfigError(f"{name}={raw!r} is not a web address (https://avance.example.org)")
    return raw.rstrip("/")


def checkout_dir() -> Path | None:
    """The source checkout this package runs from (editable install), if any."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() else None


def data_dir() -> Path:
    """Where the embedded SQLite database, uploads and the generated secret key live.

    AVANCE_DATA_DIR wins; in a source checkout it is `var/` inside it (git-ignored), so every
    command run from any directory uses the same database; otherwise ~/.local/share/avance.
    """
    raw = os.environ.get("AVANCE_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    elif (root := checkout_dir()) is not None:
        path = root / "var"
    else:
        path = Path.home() / ".local" / "share" / "avance"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(default_dir: Path) -> str:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{default_dir / 'avance.sqlite3'}"
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"DATABASE_URL={raw!r}: unsupported scheme {scheme!r}; "
            "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name"
        )
    return raw


def secret_key(directory: Path) -> str:
    """AVANCE_SECRET_KEY, or a key generated once and kept in the data directory.

    A multi-process deployment must set AVANCE_SECRET_KEY so every process signs alike.
    """
    raw = os.environ.get("AVANCE_SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ConfigError("AVANCE_SECRET_KEY must be at least 32 characters long")
        return raw
    path = directory / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
