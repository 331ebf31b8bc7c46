"""Backup and restore, the operator's actions on a whole database (see archive.py).

A restore does not write an audit entry: the restored database must hold exactly what was
backed up (its audit trail included), and a second backup must be identical to the first. The
command prints what it restored, from which archive, for the operator's own log.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from avance.audit import log
from avance.backups import archive
from avance.backups.archive import BackupError

__all__ = ["BackupError", "do_backup", "do_restore"]


def do_backup(actor: log.Actor, path: Path) -> dict[str, Any]:
    """Write a backup archive of everything; returns its manifest. Reads only."""
    # One consistent snapshot while the site keeps working: on PostgreSQL a repeatable-read
    # transaction (when this is the outermost one; SQLite's transactions already are).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return archive.write(path)


def do_restore(actor: log.Actor, path: Path, *, replace: bool = False) -> dict[str, Any]:
    """Load a backup into this database: all of it or, on any error, nothing. Refuses a database
    that holds anything unless `replace`, which deletes everything first."""
    source = str(path)
    try:
        package = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{source}: not a backup archive ({exc})") from None
    with package:
        manifest = archive.read_manifest(package, source)
        media = Path(settings.MEDIA_ROOT)
        with transaction.atomic():
            occupied = _occupied()
            if occupied and not replace:
                raise BackupError(
                    f"the database is not empty ({occupied}); restore into an empty database, "
                    "or pass --replace to delete everything in it first"
                )
            if occupied:
                call_command("flush", interactive=False, verbosity=0)
            counts = _load(package, source)
            if counts != manifest["models"]:
                raise BackupError(f"{source}: the rows loaded differ from the manifest's counts")
            for name in manifest["files"]:
                if name.startswith("media/"):
                    target = media / name.removeprefix("media/")
                    if not target.resolve().is_relative_to(media.resolve()):
                        raise BackupError(f"{source}: {name} points outside the media folder")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(package.read(name))
    return manifest


def _occupied() -> str:
    found = []
    for model in archive.backed_up_models():
        if model._meta.label_lower in {"auth.group", "admin.logentry"}:
            continue
        count = model._default_manager.count()
        if count:
            found.append(f"{count} × {model._meta.label_lower}")
    return ", ".join(found[:4])


def _load(package: zipfile.ZipFile, source: str) -> dict[str, int]:
    counts = {model._meta.label_lower: 0 for model in archive.backed_up_models()}
    touched = set()
    with connection.constraint_checks_disabled():
        for number, row in enumerate(archive.rows(package), start=1):
            try:
                (item,) = serializers.deserialize("python", [row], handle_forward_references=False)
            except Exception as exc:  # any bad row stops the whole restore
                raise BackupError(f"{source}: data.jsonl line {number}: {exc}") from None
            item.save()  # raw: timestamps and keys as they were
            label = row["model"]
            counts[label] = counts.get(label, 0) + 1
            touched.add(apps.get_model(label))
    connection.check_constraints()
    with connection.cursor() as cursor:  # new rows must not collide with restored keys
        for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
            cursor.execute(statement)
    return counts
