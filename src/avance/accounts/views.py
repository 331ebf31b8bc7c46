"""Sign-in that slows down password guessing: after AVANCE_MAX_FAILED_LOGINS failures for a
username (or from an address) in AVANCE_FAILED_LOGIN_WINDOW_MINUTES, sign-in is refused until
the window passes. Counts live in the database so every app process sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avance.accounts.actions import do_clear_failed_logins, do_record_failed_login
from avance.accounts.models import FailedLogin


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip().lower()
        ip = self.request.META.get("REMOTE_ADDR") if self.request else None
        since = timezone.now() - dt.timedelta(minutes=settings.FAILED_LOGIN_WINDOW_MINUTES)
        recent = (
            FailedLogin.objects.filter(at__gte=since)
            .filter(Q(username=username) | Q(ip=ip))
            .count()
        )
        if recent >= settings.MAX_FAILED_LOGINS:
            raise forms.ValidationError(
                _("Too many failed attempts. Try again in %(minutes)s minutes.")
                % {"minutes": settings.FAILED_LOGIN_WINDOW_MINUTES},
                code="throttled",
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            do_record_failed_login(username, ip)
            raise
        do_clear_failed_logins(username)
        return data


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
