"""The daily reminders run through django.tasks: `avance worker` books them and runs them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avance.workspace.tasks import daily_reminders, next_run, schedule_reminders

MEXICO = dt.timezone(dt.timedelta(hours=-6))

# The worker closes and reopens database connections as a long-running process must; a test
# that runs it needs real commits (on PostgreSQL a closed connection ends the test's transaction).
WORKER_DB = pytest.mark.django_db(transaction=True)


def test_it_runs_at_the_configured_hour_the_next_time_it_comes(settings):
    settings.REMINDER_HOUR = 8
    before = dt.datetime(2026, 12, 2, 7, 59, tzinfo=MEXICO)
    after = dt.datetime(2026, 12, 2, 8, 0, tzinfo=MEXICO)
    assert timezone.localtime(next_run(before)).isoformat() == "2026-12-02T08:00:00-06:00"
    assert timezone.localtime(next_run(after)).isoformat() == "2026-12-03T08:00:00-06:00"


def test_it_books_one_run_however_often_the_worker_starts(cast, settings):
    settings.REMINDER_HOUR = 8
    first = schedule_reminders(after=dt.datetime(2026, 12, 2, 9, 30, tzinfo=MEXICO))
    again = schedule_reminders()
    assert first == again
    assert timezone.localtime(first).isoformat() == "2026-12-03T08:00:00-06:00"
    assert DBTaskResult.objects.filter(task_path=daily_reminders.module_path).count() == 1


@WORKER_DB
def test_the_worker_sends_due_reminders_and_books_the_next_day(cast, settings):
    settings.REMINDER_DAYS = 366  # the cast's period closed on 31 Dec 2025 and is still open
    schedule_reminders()
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(minutes=1))
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert [m.to for m in mail.outbox] == [["enlace@avance.invalid"]]
    assert mail.outbox[0].subject == "Avance: 2 reportes pendientes"
    # (the cast's publications also queued renders of its pages, run in the same batch)
    reminders = DBTaskResult.objects.filter(task_path=daily_reminders.module_path)
    done = reminders.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.return_value == 1
    waiting = reminders.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()
    assert timezone.localtime(waiting.run_after).hour == settings.REMINDER_HOUR


@WORKER_DB
def test_the_next_run_is_booked_even_when_mail_fails(cast, settings, monkeypatch):
    import avance.workspace.tasks as tasks

    def broken(days):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(tasks, "send_reminders", broken)
    schedule_reminders()
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(minutes=1))
    call_command("db_worker", "--batch", "--no-startup-delay")
    reminders = DBTaskResult.objects.filter(task_path=tasks.daily_reminders.module_path)
    assert reminders.get(status=TaskResultStatus.FAILED).exception_class_path == (
        "builtins.ConnectionRefusedError"
    )
    assert reminders.filter(status=TaskResultStatus.READY).count() == 1
