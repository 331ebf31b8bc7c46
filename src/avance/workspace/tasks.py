"""Background work run by `avance worker` (django.tasks, database backend).

The daily reminders schedule themselves: each run enqueues the next one for the following day at
REMINDER_HOUR, and the worker enqueues the first when none is waiting, so a site needs no cron.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avance.workspace.reminders import send_reminders


@task
def daily_reminders() -> int:
    """Send today's reminders and forget unconfirmed subscriptions, then book tomorrow's run.
    Returns how many officers were mailed."""
    from avance.subscriptions.actions import do_purge_unconfirmed

    try:
        do_purge_unconfirmed("worker")
        sent = send_reminders(settings.REMINDER_DAYS)
    finally:
        # A failing mail server must not stop tomorrow's reminders.
        schedule_reminders(after=timezone.now())
    return len(sent)


def next_run(after: dt.datetime) -> dt.datetime:
    """The next REMINDER_HOUR o'clock (local time) strictly after `after`."""
    local = timezone.localtime(after)
    run = local.replace(hour=settings.REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += dt.timedelta(days=1)
    return run


def schedule_reminders(after: dt.datetime | None = None) -> dt.datetime:
    """Make sure one reminders run is waiting; return when it will run."""
    waiting = (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=daily_reminders.module_path
        )
        .order_by("run_after")
        .first()
    )
    if waiting is not None:
        return waiting.run_after
    when = next_run(after or timezone.now())
    daily_reminders.using(run_after=when).enqueue()
    return when
