"""`avance`: the one command-line entry point for users and operators.

Every command honours DATABASE_URL (default: the embedded SQLite file) and exits non-zero on
failure with a message that says what went wrong and where.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

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


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def setup(*, need_schema: bool = True) -> None:
    """Start Django; refuse to go on against a database without the current schema."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
    from avance.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        fail(f"configuration: {exc}", 2)
    if need_schema:
        from django.db import DatabaseError, connection
        from django.db.migrations.executor import MigrationExecutor

        try:
            pending = MigrationExecutor(connection).migration_plan(
                MigrationExecutor(connection).loader.graph.leaf_nodes()
            )
        except DatabaseError as exc:
            fail(f"cannot open the database ({_database_name()}): {exc}", 2)
        if pending:
            fail(
                f"the database ({_database_name()}) is not up to date; run 'avance migrate' first",
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
            f"no plan with slug {slug!r}"
            + (f"; known plans: {known}" if known else "; none is loaded")
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
        keys = ", ".join(p.key for p in periods) or "none"
        fail(f"plan {plan.slug} has no published reporting period {key!r}; published: {keys}")
    return chosen


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (the database named by DATABASE_URL)."""
    setup(need_schema=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    typer.echo(f"Database up to date: {_database_name()}")


@app.command()
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="the archive to write (.zip)")],
) -> None:
    """Write one archive with everything: the database's content, evidence files, a manifest."""
    setup()
    from avance.backups.actions import do_backup

    if output.exists():
        fail(f"{output} already exists; name a new file")
    try:
        manifest = do_backup(ACTOR, output)
    except OSError as exc:
        output.unlink(missing_ok=True)
        fail(f"cannot write {output}: {exc.strerror or exc}")
    except BaseException:  # never leave half an archive that looks like a backup
        output.unlink(missing_ok=True)
        raise
    rows = sum(manifest["models"].values())
    files = len(manifest["files"]) - 1
    typer.echo(f"Backed up {rows} rows and {files} files from {_database_name()} to {output}")


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
        fail(f"nothing was restored: {exc}")
    rows = sum(manifest["models"].values())
    typer.echo(
        f"Restored {rows} rows and {len(manifest['files']) - 1} files from {archive} "
        f"(written {manifest['created_at']} from {manifest['database']}) into {_database_name()}"
    )


@app.command()
def load(
    files: Annotated[
        list[Path], typer.Argument(help="avance.plan/1 JSON files", show_default=False)
    ],
    publish: Annotated[
        bool, typer.Option("--publish", help="publish each plan at once (default: a draft)")
    ] = False,
) -> None:
    """Load plans from avance.plan/1 JSON files: one line per plan, ending with its slug.

    Every file is validated before anything is written; one invalid file loads none. Plans load
    as drafts, shown on no public page until published ('avance publish SLUG' or --publish).
    """
    setup()
    from avance.core.interchange import InvalidDocument, read
    from avance.plans.actions import check_document, do_load_plan, do_publish_plan

    documents = []
    problems = []
    for path in files:
        try:
            document = read(path)
            check_document(document, str(path))
            documents.append((path, document))
        except InvalidDocument as exc:
            problems.append(str(exc))
    if problems:
        fail("nothing was loaded:\n" + "\n".join(problems))
    for path, document in documents:
        plan = do_load_plan(ACTOR, document, source=str(path))
        if publish:
            plan = do_publish_plan(ACTOR, plan)
        typer.echo(
            f"Loaded {path.name}: «{plan.title}», {plan.nodes.count()} items, as {plan.slug}"
        )


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="plan documents: .txt .md .html .docx .pdf .csv .xlsx", show_default=False
        ),
    ],
    out: Annotated[
        Path | None, typer.Option(help="write DIR/<file stem>.json for each file")
    ] = None,
    load_: Annotated[
        bool, typer.Option("--load", help="load each imported plan into the database")
    ] = False,
    mapping: Annotated[
        Path | None, typer.Option(help="JSON column mapping for CSV/XLSX in another layout")
    ] = None,
) -> None:
    """Turn plan documents into avance.plan/1 plans, printing what needs a person's attention.

    Each file is imported on its own: a refused file is reported and the others still import.
    Loaded plans are drafts. The last line counts both; the exit code is 1 when any was refused.
    """
    if out is None and not load_:
        fail("say where the plans go: --out DIR, --load, or both")
    from avance.core.documents import DocumentError
    from avance.core.documents.importer import describe, import_file
    from avance.core.tabular import load_mapping

    try:
        columns = load_mapping(mapping) if mapping else None
    except DocumentError as exc:
        fail(str(exc))
    if load_:
        setup()
        from avance.plans.actions import do_load_plan
    imported, refused = 0, 0
    for path in files:
        try:
            document, warnings = import_file(path, columns)
        except DocumentError as exc:
            refused += 1
            typer.echo(f"refused: {exc}", err=True)
            continue
        except OSError as exc:
            refused += 1
            typer.echo(f"refused: {path}: {exc.strerror or exc}", err=True)
            continue
        line = (
            f"Imported {path.name}: «{document['title']}», {_count(document['nodes'])} items "
            f"({describe(document)})"
        )
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{path.stem}.json"
            target.write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            line += f", written to {target}"
        if load_:
            plan = do_load_plan(ACTOR, document, source=str(path))
            line += f", loaded as {plan.slug} (draft)"
        imported += 1
        typer.echo(line)
        for warning in warnings:
            typer.echo(f"  warning: {warning}")
    typer.echo(f"{imported} imported, {refused} refused")
    if refused:
        raise typer.Exit(1)


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(node.get("children") or []) for node in nodes)


def _change_plan(slug: str, transition: str) -> None:
    setup()
    from avance.core.errors import ActionError
    from avance.plans import actions

    change, done = {
        "publish": (actions.do_publish_plan, "Published"),
        "archive": (actions.do_archive_plan, "Archived"),
    }[transition]
    try:
        plan = change(ACTOR, _plan(slug))
    except ActionError as exc:
        fail(str(exc))
    typer.echo(f"{done} {plan.slug}")


@app.command()
def publish(slug: Annotated[str, typer.Argument(help="the plan's slug")]) -> None:
    """Publish a draft plan: its pages, downloads and reports appear on the public portal."""
    _change_plan(slug, "publish")


@app.command()
def archive(slug: Annotated[str, typer.Argument(help="the plan's slug")]) -> None:
    """Archive a plan: kept read-only (no check-ins or edits), still public if it was."""
    _change_plan(slug, "archive")


@app.command()
def export(
    slug: Annotated[str, typer.Argument(help="the plan's slug (see 'avance plans')")],
    format: Annotated[str, typer.Option("--format", "-f", help="json")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file; default stdout")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="a published reporting period's key, or 'latest' (the latest published one); "
            "default the current values"
        ),
    ] = None,
) -> None:
    """Write a plan as an avance.plan/1 document."""
    if format != "json":
        fail(f"unknown format {format!r}; this command writes: json")
    setup()
    from avance.plans.export import export_plan

    plan = _plan(slug)
    chosen = _cutoff(plan, period)
    text = json.dumps(export_plan(plan, chosen), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        typer.echo(f"Wrote {output}")


@app.command()
def report(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    format: Annotated[str, typer.Option("--format", "-f", help="pdf, html, xlsx or csv")] = "pdf",
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")] = Path(
        "informe.pdf"
    ),
    period: Annotated[
        str | None,
        typer.Option(
            help="a published reporting period's key, or 'latest' (the latest published one); "
            "default the current values"
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="progress (progress report) or poa (the POA document)")
    ] = "progress",
    lang: Annotated[str, typer.Option(help="es-mx or en")] = "es-mx",
) -> None:
    """Write a plan's progress report or POA document (published data only)."""
    setup()
    from avance.reports.formats import FORMATS, KINDS, render

    if format not in FORMATS:
        fail(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if kind not in KINDS:
        fail(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
    if lang not in {"es-mx", "en"}:
        fail(f"unknown language {lang!r}; use es-mx or en")
    plan = _plan(slug)
    chosen = _cutoff(plan, period)
    content = render(plan, format, period=chosen, kind=kind, language=lang)
    try:
        output.write_bytes(content)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"Wrote {output} ({len(content):,} bytes)")


@app.command()
def check(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    strict: Annotated[
        bool, typer.Option(help="exit with status 1 when differences are found")
    ] = False,
) -> None:
    """List declared figures that differ from the computed ones by more than 0.5 points."""
    setup()
    from avance.progress.checks import check_plan, describe_method

    plan = _plan(slug)
    results = check_plan(plan)
    found = 0
    if not results:
        typer.echo(f"{plan.slug}: the plan declares no figures to check.")
    for result in results:
        scope = result.period.label if result.period else "valores actuales"
        typer.echo(f"{plan.title} · {scope}")
        typer.echo(f"  method: {describe_method(result.rollup)}")
        for diff in result.differences:
            computed = (
                "nothing to compute" if diff.computed is None else f"computed {diff.computed:.2f}"
            )
            typer.echo(
                f"  {diff.label}: declared {diff.declared:g}, {computed} ({result.rollup.method})"
            )
        for count in result.counts:
            typer.echo(
                f"  number of «{count.level}»: declared {count.declared}, found {count.found}"
            )
        found += len(result.differences) + len(result.counts)
        typer.echo(
            f"  {len(result.differences) + len(result.counts)} differences in {result.checked} declared figures"
        )
    if strict and found:
        raise typer.Exit(1)


@app.command("plans")
def list_plans() -> None:
    """List loaded plans: slug, kind, computed global progress, state and owner."""
    setup()
    from avance.plans.models import Plan
    from avance.progress.models import Rollup

    current = dict(Rollup.objects.filter(period__isnull=True).values_list("plan_id", "percent"))
    plans = list(Plan.objects.select_related("owner").order_by("owner__name", "slug"))
    if not plans:
        typer.echo("No plans loaded. Try 'avance demo' or 'avance load FILE.json'.")
        return
    width = max(len(p.slug) for p in plans)
    typer.echo(f"{'slug':<{width}}  {'kind':<26}  {'progress':>8}  {'state':<9}  owner")
    for plan in plans:
        percent = current.get(plan.id)
        shown = f"{percent:.1f}%" if percent is not None else "—"
        typer.echo(
            f"{plan.slug:<{width}}  {plan.kind:<26}  {shown:>8}  {plan.state:<9}  {plan.owner}"
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
    typer.echo(f"{len(sent)} reminder{'' if len(sent) == 1 else 's'} sent")


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
    typer.echo(f"Next reminders: {when:%Y-%m-%d %H:%M} ({when.tzname()})")
    args = ["--no-startup-delay", "--batch"] if once else []
    call_command("db_worker", *args)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    threads: Annotated[int, typer.Option(help="worker threads")] = 8,
) -> None:
    """Serve the site on the database named by DATABASE_URL."""
    setup()
    import waitress
    from django.conf import settings

    from avance.core.files import purge_stale
    from avance.wsgi import application

    purge_stale(settings.FILE_UPLOAD_TEMP_DIR, older_than_seconds=3600)
    typer.echo(f"Avance at http://{host}:{port}/ (database: {_database_name()}); Ctrl+C stops it.")
    try:
        # Slow or idle clients cost a socket, not a thread: waitress reads whole requests before
        # handing them to a thread, so the connection limit is what they exhaust. It is high
        # (with poll(), which has no 1,024-descriptor ceiling), idle connections are dropped
        # after 30 s, and a body over the request cap is refused before it is buffered.
        waitress.serve(
            application,
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
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


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
            fail("--nodes must be at least 1")
        plan = demo_data.load_generated(ACTOR, nodes)
        typer.echo(f"Generated «{plan.title}», {plan.nodes.count()} items, as {plan.slug}")
    else:
        for line in demo_data.load_region(ACTOR):
            typer.echo(line)
    if serve_after:
        serve(host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
