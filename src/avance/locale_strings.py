"""Strings Django itself shows on Avance's pages whose Spanish its own catalogue lacks.

Listed here so that `makemessages` puts them in Avance's catalogue (src/avance/locale), which
Django consults before its own. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),  # the empty choice of every select (Django 6.1)
]
