"""`avance`: the one command-line entry point for users and operators.

Every command honours DATABASE_URL (default: the embedded SQLite file) and exits non-zero on
failure with a message that says what went wrong and where.
"""

from __future__ import annotations

import gettext
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
LOCALE = Path(__file__).resolve().parent / "locale"


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
        fail(_("nothing was loaded:") + "\n" + "\n".join(problems))
    for path, document in documents:
        plan = do_load_plan(ACTOR, document, source=str(path))
        if publish:
            plan = do_publish_plan(ACTOR, plan)
        typer.echo(
            _("Loaded %(file)s: «%(title)s», %(count)s items, as %(slug)s")
            % {
                "file": path.name,
                "title": plan.title,
                "count": plan.nodes.count(),
                "slug": plan.slug,
            }
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
        fail(_("say where the plans go: --out DIR, --load, or both"))
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
            typer.echo(_("refused: %(problem)s") % {"problem": exc}, err=True)
            continue
        except OSError as exc:
            refused += 1
            typer.echo(
                _("refused: %(problem)s") % {"problem": f"{path}: {exc.strerror or exc}"},
                err=True,
            )
            continue
        line = _("Imported %(file)s: «%(title)s», %(count)s items (%(found)s)") % {
            "file": path.name,
            "title": document["title"],
            "count": _count(document["nodes"]),
            "found": describe(document),
        }
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{path.stem}.json"
            target.write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            line += _(", written to %(file)s") % {"file": target}
        if load_:
            plan = do_load_plan(ACTOR, document, source=str(path))
            line += _(", loaded as %(slug)s (draft)") % {"slug": plan.slug}
        imported += 1
        typer.echo(line)
        for warning in warnings:
            typer.echo("  " + _("warning: %(warning)s") % {"warning": _notice(warning)})
    typer.echo(
        ngettext("%(count)s imported", "%(count)s imported", imported) % {"count": imported}
        + ", "
        + ngettext("%(count)s refused", "%(count)s refused", refused) % {"count": refused}
    )
    if refused:
        raise typer.Exit(1)


@app.command("load-indicators")
def load_indicators(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    workbook: Annotated[
        Path,
        typer.Argument(help="an indicators workbook (.xlsx or .csv), as 'avance report' writes it"),
    ],
) -> None:
    """Load indicators, their goals and published results from an indicators workbook.

    Items are found by reference, then by title; missing periods are opened. All or nothing.
    """
    setup()
    from avance.core.documents import DocumentError
    from avance.core.errors import ActionError
    from avance.core.indicators.workbook import from_rows
    from avance.formatting import error_text
    from avance.indicators.actions import do_load_indicators

    plan = _plan(slug)
    try:
        records = from_rows(_workbook_rows(workbook), workbook.name)
        made = do_load_indicators(ACTOR, plan, records, source=workbook.name)
    except (DocumentError, OSError) as exc:
        fail(str(exc))
    except ActionError as exc:
        fail(error_text(exc))
    typer.echo(
        _("Loaded %(count)s indicators into %(slug)s") % {"count": len(made), "slug": plan.slug}
    )


def _workbook_rows(path: Path) -> list[list[Any]]:
    """The first sheet of an XLSX, or a CSV, as rows of cells (within the importer's limits)."""
    import csv

    from avance.core.documents import DocumentError, limits

    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [[cell for cell in row] for row in csv.reader(handle)]
    import openpyxl

    data = path.read_bytes()
    limits.check_package(data, str(path))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DocumentError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    sheet = book.worksheets[0]
    rows = []
    for count, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if count > limits.MAX_ROWS:
            raise DocumentError(f"{path.name}: more than {limits.MAX_ROWS:,} rows")
        rows.append(list(row))
    return rows


def _notice(warning: str) -> str:
    """An importer warning in the command's language (Django's catalogue, when it is set up)."""
    if cli_language() == "en":
        return str(warning)
    setup(need_schema=False)
    from avance.formatting import notice_text

    return notice_text(warning)


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(node.get("children") or []) for node in nodes)


def _change_plan(slug: str, transition: str) -> None:
    setup()
    from avance.core.errors import ActionError
    from avance.plans import actions

    change, done = {
        "publish": (actions.do_publish_plan, _("Published %(slug)s")),
        "archive": (actions.do_archive_plan, _("Archived %(slug)s")),
    }[transition]
    try:
        plan = change(ACTOR, _plan(slug))
    except ActionError as exc:
        from avance.formatting import error_text

        fail(error_text(exc))
    typer.echo(done % {"slug": plan.slug})


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
        fail(_("unknown format '%(format)s'; this command writes: json") % {"format": format})
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
            fail(
                _("cannot write %(file)s: %(problem)s")
                % {"file": output, "problem": exc.strerror or exc}
            )
        typer.echo(_("Wrote %(file)s") % {"file": output})


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
        fail(
            _("unknown format '%(format)s'; use one of %(known)s")
            % {"format": format, "known": ", ".join(FORMATS)}
        )
    if kind not in KINDS:
        fail(
            _("unknown report kind '%(kind)s'; use one of %(known)s")
            % {"kind": kind, "known": ", ".join(KINDS)}
        )
    if lang not in {"es-mx", "en"}:
        fail(_("unknown language '%(lang)s'; use es-mx or en") % {"lang": lang})
    plan = _plan(slug)
    chosen = _cutoff(plan, period)
    content = render(plan, format, period=chosen, kind=kind, language=lang)
    try:
        output.write_bytes(content)
    except OSError as exc:
        fail(
            _("cannot write %(file)s: %(problem)s")
            % {"file": output, "problem": exc.strerror or exc}
        )
    typer.echo(_("Wrote %(file)s (%(size)s bytes)") % {"file": output, "size": f"{len(content):,}"})


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
        typer.echo(_("%(slug)s: the plan declares no figures to check.") % {"slug": plan.slug})
    for result in results:
        scope = result.period.label if result.period else _("current values")
        typer.echo(f"{plan.title} · {scope}")
        typer.echo("  " + _("method: %(method)s") % {"method": describe_method(result.rollup)})
        for diff in result.differences:
            computed = (
                _("nothing to compute")
                if diff.computed is None
                else _("computed %(value)s") % {"value": f"{diff.computed:.2f}"}
            )
            typer.echo(
                "  "
                + _("%(item)s: declared %(declared)s, %(computed)s (%(method)s)")
                % {
                    "item": diff.label,
                    "declared": f"{diff.declared:g}",
                    "computed": computed,
                    "method": result.rollup.method,
                }
            )
        for count in result.counts:
            typer.echo(
                "  "
                + _("number of «%(level)s»: declared %(declared)s, found %(found)s")
                % {"level": count.level, "declared": count.declared, "found": count.found}
            )
        differences = len(result.differences) + len(result.counts)
        found += differences
        typer.echo(
            "  "
            + ngettext(
                "%(count)s difference in %(checked)s declared figures",
                "%(count)s differences in %(checked)s declared figures",
                differences,
            )
            % {"count": differences, "checked": result.checked}
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
        typer.echo(_("No plans loaded. Try 'avance demo' or 'avance load FILE.json'."))
        return
    width = max(len(p.slug) for p in plans)
    typer.echo(f"{'slug':<{width}}  {'kind':<26}  {'progress':>8}  {'state':<9}  owner")
    for plan in plans:
        percent = current.get(plan.id)
        shown = f"{percent:.1f}%" if percent is not None else "—"
        typer.echo(
            f"{plan.slug:<{width}}  {plan.kind:<26}  {shown:>8}  {plan.state:<9}  {plan.owner}"
        )


@app.command("networks")
def list_networks() -> None:
    """List networks of institutions: slug, current members, coordinator."""
    setup()
    from avance.networks.models import Coordination, Member
    from avance.organizations.models import Organization

    networks = list(Organization.objects.filter(kind=Organization.Kind.NETWORK).order_by("slug"))
    members = {n.id: Member.objects.filter(network=n, left__isnull=True).count() for n in networks}
    networks = [n for n in networks if members[n.id]]
    if not networks:
        typer.echo(_("No networks yet."))
        return
    width = max(len(n.slug) for n in networks)
    for network in networks:
        term = (
            Coordination.objects.filter(network=network, end__isnull=True)
            .select_related("coordinator")
            .first()
        )
        coordinator = term.coordinator.acronym or term.coordinator.name if term else "—"
        typer.echo(
            f"{network.slug:<{width}}  "
            + ngettext("%(count)s member", "%(count)s members", members[network.id])
            % {"count": members[network.id]}
            + "  "
            + _("coordinator: %(name)s") % {"name": coordinator}
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
) -> None:
    """Serve the site on the database named by DATABASE_URL."""
    setup()
    import waitress
    from django.conf import settings

    from avance.core.files import purge_stale
    from avance.wsgi import application

    purge_stale(settings.FILE_UPLOAD_TEMP_DIR, older_than_seconds=3600)
    typer.echo(
        _("Avance at %(url)s (database: %(database)s); Ctrl+C stops it.")
        % {"url": f"http://{host}:{port}/", "database": _database_name()}
    )
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
        fail(
            _("cannot listen on %(address)s: %(problem)s")
            % {"address": f"{host}:{port}", "problem": exc.strerror or exc}
        )


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
    if serve_after:
        serve(host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
