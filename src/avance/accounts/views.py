"""Sign-in. Password guessing is slowed down by django-axes for every sign-in form, the admin's
included (see avance.accounts.throttle)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
