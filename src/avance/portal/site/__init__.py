"""Published pages as files: rendered at publication, served like static files.

A published cut-off never changes, so its pages need not be computed per request. After every
action that changes what the public sees of a plan, the plan's files (and the site pages that
list it) are taken out of service when the transaction commits, and a background task
(`portal.tasks.render_published_plan`, run by `avance worker`) renders them again through the
live views; until it has, the application answers. `avance publish-site` renders everything.

- `files.py`: the address → file rule shared with `avance serve` and nginx.
- `store.py`: the directory on disk (generations, staging, swap).
- `render.py`: what is rendered, asked of the application itself.
- `serve.py`: the WSGI layer of `avance serve` that answers from the files.

Which actions change the public is decided here, from the audit trail that every action writes
(`audit.log.record` calls `note_change`): an entry about a plan changes its public files unless
its action is one of the workspace's own steps below. Over-counting costs a render; missing one
would serve stale figures, so the list names what is private, not what is public.
"""

from __future__ import annotations

from django.db import transaction

PRIVATE_ACTIONS = frozenset(
    {
        "progress.record",
        "progress.submit",
        "progress.return",
        "progress.approve",
        "progress.correct",
        "period.open",
        "period.close",
        "period.reopen",
        "indicator.goal_request",
        "indicator.measurement_submit",
        "indicator.measurement_return",
        "indicator.measurement_approve",
        "indicator.measurement_correct",
    }
)
PRIVATE_PREFIXES = ("api.", "subscription.", "user.", "membership.", "assignment.", "stats.")
# Actions without a plan that change site pages (the home page, institutions' pages).
SITE_ACTIONS = frozenset(
    {"organization.create", "organization.profile", "network.join", "network.leave"}
)


def note_change(action: str, plan_id: int | None) -> None:
    """Called for every audit entry: schedule the re-render of what it made stale, once per
    plan per transaction, after the commit (a rolled-back action changes nothing)."""
    if action in PRIVATE_ACTIONS or action.startswith(PRIVATE_PREFIXES):
        return
    if plan_id is None and action not in SITE_ACTIONS:
        return
    connection = transaction.get_connection()
    waiting = getattr(connection, "run_on_commit", [])
    if any(callback == _Refresh(plan_id) for _savepoints, callback, _robust in waiting):
        return
    transaction.on_commit(_Refresh(plan_id))


class _Refresh:
    """The commit-time callback for one plan (None: the site pages). Comparable, so that a
    transaction that publishes fifty updates of a plan queues one render."""

    def __init__(self, plan_id: int | None) -> None:
        self.plan_id = plan_id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Refresh) and other.plan_id == self.plan_id

    def __hash__(self) -> int:
        return hash(self.plan_id)

    def __call__(self) -> None:
        from avance.plans.models import Plan
        from avance.portal import tasks
        from avance.portal.site import render

        if self.plan_id is None:
            tasks.render_site_pages.enqueue(render.invalidate_site())
            return
        plan = Plan.objects.select_related("owner").filter(id=self.plan_id).first()
        if plan is None or plan.published_at is None:
            return  # a draft has no public files
        plan_generation, site_generation = render.invalidate_plan(plan)
        tasks.render_published_plan.enqueue(plan.id, plan_generation, site_generation)
