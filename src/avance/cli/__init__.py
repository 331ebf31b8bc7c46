"""`avance`: the one command-line entry point for users and operators.

Every command honours DATABASE_URL (default: the embedded SQLite file) and exits non-zero on
failure with a message that says what went wrong and where.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any, NoReturn

import typer

app = typer.Typer(
    name="avance",
    help="Avance: institutional plans as living data. Every command reads DATABASE_URL "
    "(default: the SQLite file in the data directory).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ACTOR = "cli"
LOCALE = Path(__file__).resolve().parents[1] / "locale"


def cli_language() -> str:
    """The language the command speaks: AVANCE_LANGUAGE, else the POSIX locale variables as
    gettext reads them (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Spanish for es_*, else English
    (the C locale of servers and CI included)."""
    for name in ("AVANCE_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return "es-mx" if value.lower().startswith("es") else "en"
    return "en"


# The site's own catalogue, read with the standard library so that messages given before Django
# starts (a bad setting, a wrong option) are translated too.
_catalogue = gettext.translation(
    "django", LOCALE, languages=["es_MX"] if cli_language() == "es-mx" else ["en"], fallback=True
)
_ = _catalogue.gettext
ngettext = _catalogue.ngettext


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(_("error: %(message)s") % {"message": message}, err=True)
    raise typer.Exit(code)


def setup(*, need_schema: bool = True) -> None:
    """Start Django; refuse to go on against a database without the current schema."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
    from avance.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        fail(_("configuration: %(problem)s") % {"problem": exc}, 2)
    from django.utils import translation

    translation.activate(cli_language())
    if need_schema:
        from django.db import DatabaseError, connection
        from django.db.migrations.executor import MigrationExecutor

        try:
            pending = MigrationExecutor(connection).migration_plan(
                MigrationExecutor(connection).loader.graph.leaf_nodes()
            )
        except DatabaseError as exc:
            fail(
                _("cannot open the database (%(database)s): %(problem)s")
                % {"database": _database_name(), "problem": exc},
                2,
            )
        if pending:
            fail(
                _("the database (%(database)s) is not up to date; run 'avance migrate' first")
                % {"database": _database_name()},
                2,
            )


def _database_name() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{connection.vendor} {settings.get('HOST') or 'localhost'}/{settings['NAME']}"


def _plan(slug: str) -> Any:
    from avance.plans.models import Plan

    plan = Plan.objects.filter(slug=slug).select_related("owner").first()
    if plan is None:
        known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)[:10])
        fail(
            _("no plan with slug '%(slug)s'; known plans: %(known)s")
            % {"slug": slug, "known": known}
            if known
            else _("no plan with slug '%(slug)s'; none is loaded") % {"slug": slug}
        )
    return plan


def _cutoff(plan: Any, key: str | None) -> Any:
    """The published period a command shows (None: the current values), as the portal would."""
    from avance.progress.published import published_periods

    if key is None:
        return None
    periods = published_periods(plan)
    if key == "latest":  # the latest published period; the current values when there is none
        return periods[-1] if periods else None
    chosen = next((p for p in periods if p.key == key), None)
    if chosen is None:
        keys = ", ".join(p.key for p in periods) or _("none")
        fail(
            _("plan %(plan)s has no published reporting period '%(key)s'; published: %(keys)s")
            % {"plan": plan.slug, "key": key, "keys": keys}
        )
    return chosen


# The commands, one module per kind; importing them registers them on `app`.
from avance.cli import operations, documents, statistics, tokens, site  # noqa: E402, F401, I001  (this order: --help lists the site first)


def main() -> None:
    app()
