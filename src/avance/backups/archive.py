"""One backup archive: the database's content in a portable form, the evidence files, and a
manifest with versions and checksums. Read and written here; restoring is actions.do_restore.

The archive is a ZIP file:

- `manifest.json` — format, when, the Avance and Django versions, the database it came from,
  the row count of every model and the SHA-256 of every other member;
- `data.jsonl` — one JSON object per row, model by model in dependency order, each model's rows
  by primary key. Primary keys are kept, so item codes, slugs and every reference (public URLs)
  survive; users' groups and permissions refer to them by natural key, since their ids are made
  by each database's own migrations. Keys are sorted and datetimes keep their microseconds (the
  order of publications depends on them), so the same content always gives the same bytes,
  whatever database it came from;
- `media/…` — every stored file (evidence), byte for byte.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, models

FORMAT = "avance.backup/1"
# What a backup holds: Avance's own apps and the accounts of django.contrib.auth. Not sessions,
# sign-in attempts (django-axes), queued background tasks (the worker books its own) or content
# types and permissions (each database's migrations make those).
APPS = (
    "auth",
    "organizations",
    "plans",
    "accounts",
    "progress",
    "indicators",
    "subscriptions",
    "networks",
    "audit",
    "admin",
)
SKIPPED = {"auth.permission"}


class BackupError(ValueError):
    """An archive that cannot be restored; the message says why."""


def backed_up_models() -> list[type[models.Model]]:
    chosen = [(apps.get_app_config(label), None) for label in APPS]
    ordered = serializers.sort_dependencies(chosen, allow_cycles=True)
    return [model for model in ordered if model._meta.label_lower not in SKIPPED]


def write(path: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    counts: dict[str, int] = {}
    checksums: dict[str, str] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        digest = hashlib.sha256()
        with archive.open("data.jsonl", "w", force_zip64=True) as out:
            for model in backed_up_models():
                counts[model._meta.label_lower] = 0
                for line in _rows(model):
                    out.write(line)
                    digest.update(line)
                    counts[model._meta.label_lower] += 1
        checksums["data.jsonl"] = digest.hexdigest()
        for name, stored in _media_files():
            content = stored.read_bytes()
            archive.writestr(f"media/{name}", content)
            checksums[f"media/{name}"] = hashlib.sha256(content).hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "avance": metadata.version("avance"),
            "django": django.get_version(),
            "database": connection.vendor,
            "models": counts,
            "files": checksums,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def _rows(model: type[models.Model]) -> Iterator[bytes]:
    queryset = model._default_manager.order_by("pk")
    for start in range(0, queryset.count() + 1, 2000):
        batch = list(queryset[start : start + 2000])
        for row in serializers.serialize(
            "python", batch, use_natural_foreign_keys=True, use_natural_primary_keys=False
        ):
            yield (
                json.dumps(row, default=_plain, sort_keys=True, ensure_ascii=False) + "\n"
            ).encode()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # with microseconds, unlike DjangoJSONEncoder
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _media_files() -> Iterator[tuple[str, Path]]:
    """Every file a model refers to, by its stored name (under MEDIA_ROOT)."""
    root = Path(settings.MEDIA_ROOT)
    seen: set[str] = set()
    for model in backed_up_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = (
                    model._default_manager.exclude(**{field.name: ""})
                    .order_by(field.name)
                    .values_list(field.name, flat=True)
                )
                for name in names:
                    if name and name not in seen:
                        seen.add(name)
                        yield name, root / name


def read_manifest(archive: zipfile.ZipFile, source: str) -> dict[str, Any]:
    """The manifest, after checking the format and every member's checksum."""
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise BackupError(f"{source}: not an Avance backup (no manifest.json)") from None
    except ValueError as exc:
        raise BackupError(f"{source}: manifest.json is damaged ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source}: format {manifest.get('format')!r}; this Avance restores {FORMAT!r}"
        )
    names = set(archive.namelist()) - {"manifest.json"}
    listed = set(manifest.get("files") or {})
    if names != listed:
        extra = sorted(names - listed) or sorted(listed - names)
        raise BackupError(f"{source}: members and manifest disagree ({', '.join(extra[:3])})")
    for name, expected in manifest["files"].items():
        digest = hashlib.sha256()
        with archive.open(name) as member:
            for chunk in iter(lambda: member.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != expected:
            raise BackupError(
                f"{source}: {name} does not match its checksum; the archive is damaged"
            )
    return manifest


def rows(archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    with archive.open("data.jsonl") as data:
        for line in io.TextIOWrapper(data, encoding="utf-8"):
            yield json.loads(line)
