"""Rendered downloads kept as files, one per plan, cut-off, kind, format and language, and a cap
on how many are rendered at once.

A report of a 10,000-item plan takes a minute and a gigabyte to render; anonymous visitors must
not be able to start that at will. A rendering is valid until the plan changes, and every change
to a plan goes through an action that writes the audit trail with the plan's id, so the plan's
latest audit entry is the version the file name carries. The first request after a change
renders; every other one is a file read.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from avance.audit.models import AuditEntry
from avance.plans.models import Plan

_renderers: threading.BoundedSemaphore | None = None
_lock = threading.Lock()


class Busy(Exception):
    """Every renderer of this process is busy; the client should retry later."""


def _semaphore() -> threading.BoundedSemaphore:
    global _renderers
    with _lock:
        if _renderers is None:
            _renderers = threading.BoundedSemaphore(settings.REPORT_RENDERERS)
        return _renderers


def version(plan: Plan) -> str:
    """Changes whenever anything about the plan changes (see the module's docstring). The entry's
    time is part of it, so a database loaded afresh never matches files of an earlier one."""
    latest = (
        AuditEntry.objects.filter(plan_id=plan.id).order_by("-id").values_list("id", "at").first()
    )
    return f"{latest[0]}.{int(latest[1].timestamp() * 1000)}" if latest else "0"


def cached(plan: Plan, name: str, render: Callable[[], bytes]) -> bytes:
    """The file `name` of this plan's current version, rendered once (at most REPORT_RENDERERS
    at a time in this process; Busy after REPORT_WAIT_SECONDS)."""
    folder = Path(settings.REPORT_CACHE_DIR) / plan.slug
    path = folder / f"v{version(plan)}-{name}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    renderers = _semaphore()
    if not renderers.acquire(timeout=settings.REPORT_WAIT_SECONDS):
        raise Busy
    try:
        try:  # another request may have rendered it while this one waited
            return path.read_bytes()
        except FileNotFoundError:
            pass
        content = render()
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"v*-{name}"):  # earlier versions of the same file
            old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)  # readers see the whole file or none
        return content
    finally:
        renderers.release()
