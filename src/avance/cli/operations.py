"""Commands that run the site: schema, backups, networks, reminders, the worker, serve, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avance.cli import ACTOR, _, _database_name, app, fail, ngettext, setup


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (the database named by DATABASE_URL)."""
    setup(need_schema=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    typer.echo(_("Database up to date: %(database)s") % {"database": _database_name()})


@app.command()
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="the archive to write (.zip)")],
) -> None:
    """Write one archive with everything: the database's content, evidence files, a manifest."""
    setup()
    from avance.backups.actions import do_backup

    if output.exists():
        fail(_("%(file)s already exists; name a new file") % {"file": output})
    try:
        manifest = do_backup(ACTOR, output)
    except OSError as exc:
        output.unlink(missing_ok=True)
        fail(
            _("cannot write %(file)s: %(problem)s")
            % {"file": output, "problem": exc.strerror or exc}
        )
    except BaseException:  # never leave half an archive that looks like a backup
        output.unlink(missing_ok=True)
        raise
    rows = sum(manifest["models"].values())
    files = len(manifest["files"]) - 1
    typer.echo(
        _("Backed up %(rows)s rows and %(files)s files from %(database)s to %(file)s")
        % {"rows": rows, "files": files, "database": _database_name(), "file": output}
    )


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="an archive written by 'avance backup'")],
    replace: Annotated[
        bool, typer.Option("--replace", help="delete everything in the database first")
    ] = False,
) -> None:
    """Load a backup into an empty database (all of it, or on any error nothing)."""
    setup()
    from avance.backups.actions import BackupError, do_restore

    try:
        manifest = do_restore(ACTOR, archive, replace=replace)
    except BackupError as exc:
        fail(_("nothing was restored: %(problem)s") % {"problem": exc})
    rows = sum(manifest["models"].values())
    typer.echo(
        _(
            "Restored %(rows)s rows and %(files)s files from %(archive)s (written %(when)s from "
            "%(source)s) into %(database)s"
        )
        % {
            "rows": rows,
            "files": len(manifest["files"]) - 1,
            "archive": archive,
            "when": manifest["created_at"],
            "source": manifest["database"],
            "database": _database_name(),
        }
    )


@app.command("networks")
def list_networks() -> None:
    """List networks of institutions: slug, current members, statistics forms, coordinator."""
    setup()
    from django.db.models import Count, Q

    from avance.networks.models import Coordination
    from avance.organizations.models import Organization

    networks = list(
        Organization.objects.filter(kind=Organization.Kind.NETWORK)
        .annotate(
            members=Count(
                "network_members", filter=Q(network_members__left__isnull=True), distinct=True
            ),
            forms=Count("stats_forms", distinct=True),
        )
        .filter(members__gt=0)
        .order_by("slug")
    )
    if not networks:
        typer.echo(_("No networks yet."))
        return
    coordinators = {
        term.network_id: term.coordinator.acronym or term.coordinator.name
        for term in Coordination.objects.filter(
            network__in=networks, end__isnull=True
        ).select_related("coordinator")
    }
    width = max(len(n.slug) for n in networks)
    for network in networks:
        typer.echo(
            f"{network.slug:<{width}}  "
            + ngettext("%(count)s member", "%(count)s members", network.members)
            % {"count": network.members}
            + "  "
            + ngettext("%(count)s form", "%(count)s forms", network.forms)
            % {"count": network.forms}
            + "  "
            + _("coordinator: %(name)s") % {"name": coordinators.get(network.id, "—")}
        )


@app.command()
def remind(
    days: Annotated[
        int,
        typer.Option(min=0, max=366, help="remind when a period closes within this many days"),
    ] = 7,
) -> None:
    """E-mail each responsible officer the check-ins due or returned before a period closes.

    `avance worker` already sends them daily; this sends them now. The demo prints the mails
    on the console.
    """
    setup()
    from avance.workspace.reminders import send_reminders

    sent = send_reminders(days)
    for line in sent:
        typer.echo(line)
    typer.echo(
        ngettext("%(count)s reminder sent", "%(count)s reminders sent", len(sent))
        % {"count": len(sent)}
    )


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option(help="run the tasks that are due, then stop (for cron or tests)")
    ] = False,
) -> None:
    """Run background tasks: the daily reminders and the e-mails to subscribers.

    Books the first daily reminders run if none is waiting (at AVANCE_REMINDER_HOUR). Run one
    worker per site next to the web processes; more than one is safe.
    """
    setup()
    from django.core.management import call_command
    from django.utils import timezone

    from avance.workspace.tasks import schedule_reminders

    when = timezone.localtime(schedule_reminders())
    typer.echo(
        _("Next reminders: %(when)s (%(zone)s)")
        % {"when": f"{when:%Y-%m-%d %H:%M}", "zone": when.tzname()}
    )
    args = ["--no-startup-delay", "--batch"] if once else []
    call_command("db_worker", *args)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    threads: Annotated[int, typer.Option(help="worker threads")] = 8,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="also run the background tasks (page rendering, mail) in a child process",
        ),
    ] = True,
) -> None:
    """Serve the site on the database named by DATABASE_URL."""
    setup()
    import subprocess
    import sys

    import waitress
    from django.conf import settings

    from avance.core.files import purge_stale
    from avance.portal.site.serve import PublishedFiles
    from avance.wsgi import application

    # Published pages rendered into files are answered before Django runs (docs/serving.md).
    served = PublishedFiles(application, settings.PUBLIC_DIR)
    purge_stale(settings.FILE_UPLOAD_TEMP_DIR, older_than_seconds=3600)
    typer.echo(
        _("Avance at %(url)s (database: %(database)s); Ctrl+C stops it.")
        % {"url": f"http://{host}:{port}/", "database": _database_name()}
    )
    # The embedded default needs no second terminal: pages published here are rendered into
    # files by this child, as `avance worker` does next to gunicorn in production.
    child = subprocess.Popen([sys.executable, "-m", "avance.cli", "worker"]) if worker else None
    try:
        # Slow or idle clients cost a socket, not a thread: waitress reads whole requests before
        # handing them to a thread, so the connection limit is what they exhaust. It is high
        # (with poll(), which has no 1,024-descriptor ceiling), idle connections are dropped
        # after 30 s, and a body over the request cap is refused before it is buffered.
        waitress.serve(
            served,
            host=host,
            port=port,
            threads=threads,
            ident="avance",
            connection_limit=2000,
            asyncore_use_poll=True,
            channel_timeout=30,
            cleanup_interval=10,
            max_request_body_size=settings.MAX_REQUEST_BYTES,
        )
    except OSError as exc:
        fail(
            _("cannot listen on %(address)s: %(problem)s")
            % {"address": f"{host}:{port}", "problem": exc.strerror or exc}
        )
    finally:
        if child is not None:
            child.terminate()
            child.wait(10)


@app.command()
def demo(
    nodes: Annotated[
        int | None,
        typer.Option(
            help="instead of the demo region, one generated plan of about N items (benchmarks)"
        ),
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="serve the site afterwards")
    ] = False,
    host: Annotated[str, typer.Option(help="address to listen on with --serve")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on with --serve")] = 8000,
) -> None:
    """Migrate, load the demo region (once), and optionally serve it."""
    setup(need_schema=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from avance import demo as demo_data

    if nodes is not None:
        if nodes < 1:
            fail(_("--nodes must be at least 1"))
        plan = demo_data.load_generated(ACTOR, nodes)
        typer.echo(
            _("Generated «%(title)s», %(count)s items, as %(slug)s")
            % {"title": plan.title, "count": plan.nodes.count(), "slug": plan.slug}
        )
    else:
        for line in demo_data.load_region(ACTOR):
            typer.echo(line)
    from avance.portal.tasks import render_whole_site

    # Its pages become files in the background (`avance serve` runs the worker); the live views
    # answer until then.
    render_whole_site.enqueue()
    if serve_after:
        serve(host=host, port=port)
