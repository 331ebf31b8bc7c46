"""Reminders: each responsible officer gets one e-mail listing what is due or returned in the
periods that close within N days, with absolute links (AVANCE_SITE_URL) from the configured
sender (AVANCE_FROM_EMAIL), in the site's language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from avance.accounts import permissions as perms
from avance.formatting import long_date
from avance.progress.models import ProgressUpdate, ReportingPeriod

MAX_DAYS = 366


def send_reminders(days: int, today: dt.date | None = None) -> list[str]:
    """Send the mails; one line per officer mailed. ValueError for a day count out of range."""
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_DAYS}, not {days}")
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return _send(today, today + dt.timedelta(days=days))


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(today: dt.date, horizon: dt.date) -> list[str]:
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
        closes = long_date(period.end)
        for user in officers:
            users[user.pk] = user
            for node in perms.due_items(user, plan):
                if node.id not in reported:
                    url = _link(reverse("workspace-check-in", args=[plan.slug, node.code.hex]))
                    pending[user.pk].append(
                        _("- %(item)s (%(plan)s, %(period)s, closes %(date)s): %(url)s")
                        % {
                            "item": node,
                            "plan": plan.title,
                            "period": period.label,
                            "date": closes,
                            "url": f"{url}?periodo={period.key}",
                        }
                    )
        for update in ProgressUpdate.objects.filter(
            period=period, state=ProgressUpdate.State.RETURNED
        ).select_related("author", "node"):
            if update.author is not None:
                users[update.author.pk] = update.author
                url = _link(reverse("workspace-update", args=[update.code.hex]))
                pending[update.author.pk].append(
                    _("- RETURNED: %(item)s: %(comment)s: %(url)s")
                    % {"item": update.node, "comment": update.review_comment, "url": url}
                )
    sent = []
    for user_id, lines in pending.items():
        user = users[user_id]
        if not user.email or not lines:
            continue
        unique = list(dict.fromkeys(lines))
        count = len(unique)
        send_mail(
            subject=ngettext(
                "Avance: %(count)d check-in pending", "Avance: %(count)d check-ins pending", count
            )
            % {"count": count},
            message=_("Hello %(name)s,\n\nThese check-ins are waiting for you:\n\n")
            % {"name": user.get_full_name() or user.get_username()}
            + "\n".join(unique)
            + "\n\n"
            + _("Your work: %(url)s\n") % {"url": _link(reverse("workspace"))},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        sent.append(f"{user.username}: {count} pending")
    return sent
