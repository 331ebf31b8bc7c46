"""Read a plan's rows for the roll-up, run avance.core.rollup, and store the results.

Raw SQL on purpose: a full recompute must read and write a million rows in seconds, which model
instances cannot do. Only the actions in progress/actions.py call the writers here.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef

from avance.core import rollup as core
from avance.plans.models import Node, Plan, Status
from avance.progress.models import NodeRollup, ProgressUpdate, ReportingPeriod, Rollup

NODE = Node._meta.db_table
UPDATE = ProgressUpdate._meta.db_table
STATUS = Status._meta.db_table
NODE_ROLLUP = NodeRollup._meta.db_table

CHUNK = 20_000
ANALYZE_AFTER = 5_000


def settings_for(plan: Plan) -> core.Settings:
    return core.Settings(
        method=plan.rollup_method,
        missing=plan.rollup_missing,
        excluded_statuses=frozenset(
            Status.objects.filter(plan=plan, counts=False).values_list("key", flat=True)
        ),
    )


def current_rows(plan_id: int) -> list[core.Row]:
    """(id, parent, weight, percent, status key) of every node, valued by its current update (the
    status' default percent when the update gave none). One fetch: rows go straight to the
    roll-up."""
    sql = (
        f"SELECT n.id, n.parent_id, n.weight, u.percent, u.status_id "
        f"FROM {NODE} n "
        f"LEFT JOIN {UPDATE} u ON u.node_id = n.id AND u.is_current "
        f"WHERE n.plan_id = %s ORDER BY n.id"  # creation order keeps parents near children
    )
    rows: list[Any]
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        # Binary results parse a million floats and ints much faster than text; Django's own
        # cursors bind on the client side, which cannot ask for them.
        with psycopg.Cursor(connection.connection) as raw:
            raw.execute(sql.replace("%s", "%b"), [plan_id], binary=True)
            rows = raw.fetchall()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, [plan_id])
            rows = cursor.fetchall()
    # The statuses (a handful per plan) are resolved here rather than joined in SQL, where
    # PostgreSQL would compare every row with every status.
    statuses = {
        status_id: (key, default)
        for status_id, key, default in Status.objects.filter(plan_id=plan_id).values_list(
            "id", "key", "default_percent"
        )
    }
    for i in [i for i, row in enumerate(rows) if row[4] is not None]:
        node_id, parent_id, weight, percent, status_id = rows[i]
        key, default = statuses[status_id]
        rows[i] = (node_id, parent_id, weight, default if percent is None else percent, key)
    return _with_indicators(plan_id, None, rows)


def indicator_percents(
    plan_id: int, period: ReportingPeriod | None, node_id: int | None = None
) -> dict[int, float]:
    """{item: the mean achievement of its indicators' latest published readings up to the
    cut-off}, when the plan takes items' progress from their indicators (capped at 100 unless
    the plan says otherwise); empty when it does not."""
    setting = Plan.objects.filter(pk=plan_id).values_list("indicator_progress", flat=True).first()
    if not setting:
        return {}
    from avance.indicators.models import Reading

    readings = Reading.objects.filter(indicator__node__plan_id=plan_id, achievement__isnull=False)
    if node_id is not None:  # one item's value (the incremental path): its readings only
        readings = readings.filter(indicator__node_id=node_id)
    latest: dict[int, tuple[Any, int, float]] = {}  # indicator → (order key, node, achievement)
    for reading in readings.select_related("period", "indicator"):
        key = reading.period.order_key
        if period is not None and key > period.order_key:
            continue
        known = latest.get(reading.indicator_id)
        if known is None or key > known[0]:
            latest[reading.indicator_id] = (
                key,
                reading.indicator.node_id,
                float(reading.achievement or 0.0),  # the query keeps only readings with one
            )
    by_node: dict[int, list[float]] = {}
    for _key, node_id, achieved in latest.values():
        value = max(0.0, achieved)
        by_node.setdefault(node_id, []).append(min(value, 100.0) if setting == "capped" else value)
    return {node_id: sum(values) / len(values) for node_id, values in by_node.items()}


def _with_indicators(
    plan_id: int,
    period: ReportingPeriod | None,
    rows: list[Any],
    values: dict[int, float] | None = None,
) -> list[Any]:
    """Rows where each item without children that has indicators (when the plan says so) takes
    their achievement as its value (`values`: indicator_percents, when the caller has them)."""
    if values is None:
        values = indicator_percents(plan_id, period)
    if not values:
        return rows
    parents = {row[1] for row in rows if row[1] is not None}
    return [
        (row[0], row[1], row[2], values[row[0]], None)
        if row[0] in values and row[0] not in parents
        else row
        for row in rows
    ]


def period_rows(plan_id: int, period: ReportingPeriod) -> Iterator[core.Row]:
    # The read model decides which update counts at a cut-off; the roll-up only adds them up.
    from avance.progress.published import period_values

    values = period_values(period)
    if from_indicators := indicator_percents(plan_id, period):
        rows = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, parent_id, weight FROM {NODE} WHERE plan_id = %s", [plan_id]
            )
            for node_id, parent_id, weight in cursor.fetchall():
                rows.append((node_id, parent_id, weight, *values.get(node_id, (None, None))))
        yield from _with_indicators(plan_id, period, rows, from_indicators)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, parent_id, weight FROM {NODE} WHERE plan_id = %s", [plan_id])
        while batch := cursor.fetchmany(CHUNK):
            for node_id, parent_id, weight in batch:
                percent, status = values.get(node_id, (None, None))
                yield node_id, parent_id, weight, percent, status


def compute(plan: Plan, period: ReportingPeriod | None = None) -> core.Result:
    settings = settings_for(plan)
    with core.paused_gc():
        rows = current_rows(plan.id) if period is None else list(period_rows(plan.id, period))
        return core.rollup(rows, settings)


def store(plan: Plan, period: ReportingPeriod | None, result: core.Result) -> Rollup:
    """Replace the stored roll-up of this plan and scope with `result`."""
    rollup, _created = Rollup.objects.get_or_create(
        plan=plan,
        period=period,
        defaults={"method": result.settings.method, "missing": result.settings.missing},
    )
    total = result.total
    rollup.method = result.settings.method
    rollup.missing = result.settings.missing
    rollup.excluded_statuses = sorted(result.settings.excluded_statuses)
    rollup.percent = total.percent
    rollup.inputs = total.inputs
    rollup.excluded = [list(item) for item in total.excluded]
    rollup.node_count = len(result.ids)
    rollup.save()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {NODE_ROLLUP} WHERE rollup_id = %s", [rollup.id])
    _insert(rollup.id, result.items())
    if connection.vendor == "postgresql" and len(result.ids) >= ANALYZE_AFTER:
        # Fresh statistics, or the planner takes the new rows for an empty table and the
        # incremental path queries scan the whole index instead of looking up one node.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {NODE_ROLLUP}")
    return rollup


def _excluded_json(excluded: Iterable[Iterable[Any]] | None) -> str | None:
    return json.dumps([list(item) for item in excluded]) if excluded else None


StoredRow = tuple[Any, float | None, int, float, int, Any]


def _insert(rollup_id: int, items: Iterable[StoredRow]) -> None:
    """Write (node, percent, inputs, leaf sum, leaf count, exclusions) rows of one roll-up."""
    columns = "rollup_id, node_id, percent, inputs, leaf_sum, leaf_count, excluded"
    rows = (
        (rollup_id, node_id, percent, inputs, lsum, lcount, _excluded_json(excluded))
        for node_id, percent, inputs, lsum, lcount, excluded in items
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is an order of magnitude faster than INSERT for a million rows.
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {NODE_ROLLUP} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {NODE_ROLLUP} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        while batch := list(itertools.islice(rows, CHUNK)):
            cursor.executemany(sql, batch)


# Incremental: one node changed, recompute its path to the root ---------------------------------


# Set with the path's first query (PostgreSQL, inside the publishing transaction only). The path
# queries read a few dozen rows by key, but on a large plan the planner expects thousands (a
# quarter of all items are roots, say its statistics, as in most small plans) and reads the
# plan's 50,000 stored values into a hash table, or starts parallel workers: 12–25 ms instead of
# 1 (bench/national.py). So it looks rows up one by one.
KEY_LOOKUPS = (
    "SELECT set_config('max_parallel_workers_per_gather', '0', true), "
    "set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"
)


def ancestors(node_id: int, key_lookups: bool = False) -> list[int]:
    """The node and its ancestors, nearest first, in one recursive query; with `key_lookups`
    (PostgreSQL, in a transaction) it also sets KEY_LOOKUPS for the rest of the transaction."""
    settings = f"settings AS ({KEY_LOOKUPS}), " if key_lookups else ""
    sql = (
        f"WITH RECURSIVE {settings}path(id, parent_id, depth) AS ("
        f" SELECT id, parent_id, 0 FROM {NODE} WHERE id = %s"
        f" UNION ALL SELECT n.id, n.parent_id, path.depth + 1 FROM {NODE} n"
        f" JOIN path ON n.id = path.parent_id) "
        f"SELECT id FROM path{', settings' if key_lookups else ''} ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [node_id])
        return [row[0] for row in cursor.fetchall()]


def _children(
    plan_id: int, rollup_id: int, parents: list[int]
) -> tuple[dict[int | None, list[core.ChildInput]], dict[int, core.NodeValue]]:
    """The stored values of the children of each of `parents` and of the plan's roots, in one
    query; and each such child's own value from its current update (for the changed leaf)."""
    marks = ", ".join(["%s"] * len(parents))
    sql = (
        f"SELECT c.parent_id, c.id, c.weight, s.key, r.percent, r.inputs, r.leaf_sum, r.leaf_count, "
        f"r.excluded, EXISTS (SELECT 1 FROM {NODE} g WHERE g.parent_id = c.id), "
        f"u.percent, s.default_percent "
        f"FROM {NODE} c "
        f"LEFT JOIN {NODE_ROLLUP} r ON r.node_id = c.id AND r.rollup_id = %s "
        f"LEFT JOIN {UPDATE} u ON u.node_id = c.id AND u.is_current "
        f"LEFT JOIN {STATUS} s ON s.id = u.status_id "
        f"WHERE c.parent_id IN ({marks}) OR (c.parent_id IS NULL AND c.plan_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rollup_id, *parents, plan_id])
        rows = cursor.fetchall()
    children: dict[int | None, list[core.ChildInput]] = {}
    own: dict[int, core.NodeValue] = {}
    for (
        parent,
        cid,
        weight,
        status,
        percent,
        inputs,
        lsum,
        lcount,
        excluded,
        has_children,
        reported,
        default,
    ) in rows:
        own[cid] = core.NodeValue(core.clamp(default if reported is None else reported))
        if isinstance(excluded, str):
            excluded = json.loads(excluded)
        value = core.NodeValue(
            percent,
            inputs or 0,
            lsum or 0.0,
            lcount or 0,
            tuple(tuple(item) for item in excluded or ()),
        )
        weight = weight if weight is not None and weight > 0 else 0.0
        children.setdefault(parent, []).append(
            core.ChildInput(cid, weight, status, not has_children, value)
        )
    return children, own


def _own_value(plan: Plan, node_id: int, read: core.NodeValue | None = None) -> core.NodeValue:
    """A leaf's value: its indicators' achievement when the plan takes it from them, else its
    current update's (`read`, when the path query brought it already)."""
    # The plan in hand says whether items take their indicators' achievement: no query when not.
    if plan.indicator_progress and (
        from_indicators := indicator_percents(plan.id, None, node_id).get(node_id)
    ):
        return core.NodeValue(from_indicators)
    if read is not None:
        return read
    sql = (
        f"SELECT u.percent, s.default_percent FROM {UPDATE} u "
        f"LEFT JOIN {STATUS} s ON s.id = u.status_id WHERE u.node_id = %s AND u.is_current"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [node_id])
        row = cursor.fetchone()
    if row is None:
        return core.NodeValue(None)
    percent, default = row
    return core.NodeValue(core.clamp(default if percent is None else percent))


def _write(rollup_id: int, values: list[tuple[int, core.NodeValue]]) -> None:
    """The path's new values in one statement (one round trip, however deep the path)."""
    if not values:
        return
    row = (
        "(CAST(%s AS BIGINT), CAST(%s AS DOUBLE PRECISION), CAST(%s AS INTEGER), "
        "CAST(%s AS DOUBLE PRECISION), CAST(%s AS INTEGER), CAST(%s AS {json}))"
    ).format(json="JSONB" if connection.vendor == "postgresql" else "TEXT")
    params: list[Any] = []
    for node_id, value in values:
        params += [
            node_id,
            value.percent,
            value.inputs,
            value.leaf_sum,
            value.leaf_count,
            _excluded_json(value.excluded),
        ]
    # VALUES names its columns column1, column2, … in PostgreSQL and SQLite alike.
    sql = (
        f"UPDATE {NODE_ROLLUP} SET percent = v.column2, inputs = v.column3, "
        f"leaf_sum = v.column4, leaf_count = v.column5, excluded = v.column6 "
        f"FROM (VALUES {', '.join([row] * len(values))}) AS v "
        f"WHERE {NODE_ROLLUP}.rollup_id = %s AND {NODE_ROLLUP}.node_id = v.column1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, rollup_id])


def refresh_path(plan: Plan, node_id: int) -> Rollup:
    """Recompute one node and its ancestors in the current roll-up (after its value changed).

    Gives the same figures as a full recompute as long as the tree itself did not change; a
    node new to the tree (no stored value yet) falls back to a full recompute.
    """
    # The current roll-up, and whether it holds this node, in one query: each round trip counts
    # here (issue 15: at most 10 ms per publication).
    rollup = (
        Rollup.objects.filter(plan=plan, period__isnull=True)
        .annotate(holds=Exists(NodeRollup.objects.filter(rollup=OuterRef("pk"), node_id=node_id)))
        .order_by()
        .first()
    )
    if rollup is None or not rollup.holds:
        return store(plan, None, compute(plan))
    # The statuses left out are those the stored roll-up was computed without (every change
    # to them recomputes it in full): no query for them.
    settings = core.Settings(
        method=plan.rollup_method,
        missing=plan.rollup_missing,
        excluded_statuses=frozenset(rollup.excluded_statuses),
    )
    path = ancestors(
        node_id, key_lookups=connection.vendor == "postgresql" and connection.in_atomic_block
    )
    children, own = _children(plan.id, rollup.id, path)
    changed: dict[int, core.NodeValue] = {}
    for current in path:
        kids = children.get(current)
        if current == node_id and not kids:
            value = _own_value(plan, current, own.get(current))
        else:
            # The child on the path was just recomputed: use its new value.
            value = core.combine(
                (
                    core.ChildInput(k.id, k.weight, k.status, k.is_leaf, changed[k.id])
                    if k.id in changed
                    else k
                    for k in kids or []
                ),
                settings,
            )
        changed[current] = value
    _write(rollup.id, list(changed.items()))
    total = core.combine(
        (
            core.ChildInput(k.id, k.weight, k.status, k.is_leaf, changed[k.id])
            if k.id in changed
            else k
            for k in children.get(None, [])
        ),
        settings,
    )
    rollup.percent = total.percent
    rollup.inputs = total.inputs
    rollup.excluded = [list(item) for item in total.excluded]
    rollup.save(update_fields=["percent", "inputs", "excluded", "computed_at"])
    return rollup
