"""Reminders: each responsible officer gets one e-mail listing what is due or returned in the
periods that close within N days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils import timezone

from avance.accounts import permissions as perms
from avance.progress.models import ProgressUpdate, ReportingPeriod


def send_reminders(days: int, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=days)
    periods = list(
        ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN, end__isnull=False, end__lte=horizon
        ).select_related("plan")
    )
    pending: dict[int, list[str]] = defaultdict(list)
    users = {}
    for period in periods:
        plan = period.plan
        reported = set(
            ProgressUpdate.objects.filter(period=period)
            .exclude(state=ProgressUpdate.State.RETURNED)
            .values_list("node_id", flat=True)
        )
        officers = User.objects.filter(assignments__node__plan=plan).distinct()
        for user in officers:
            users[user.pk] = user
            for node in perms.due_items(user, plan):
                if node.id not in reported:
                    pending[user.pk].append(
                        f"- {node} ({plan.title}, {period.label}, cierra {period.end:%d/%m/%Y})"
                    )
        for update in ProgressUpdate.objects.filter(
            period=period, state=ProgressUpdate.State.RETURNED
        ).select_related("author", "node"):
            if update.author is not None:
                users[update.author.pk] = update.author
                pending[update.author.pk].append(
                    f"- DEVUELTO: {update.node}: {update.review_comment}"
                )
    sent = []
    for user_id, lines in pending.items():
        user = users[user_id]
        if not user.email or not lines:
            continue
        unique = list(dict.fromkeys(lines))
        send_mail(
            subject="Avance: reportes pendientes",
            message="Hola,\n\nTiene reportes de avance pendientes:\n\n"
            + "\n".join(unique)
            + "\n\nEntre a /trabajo/ para reportarlos.\n",
            from_email=None,
            recipient_list=[user.email],
        )
        sent.append(f"{user.username}: {len(unique)} pending")
    return sent
