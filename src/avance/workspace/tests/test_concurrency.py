"""Two reviewers acting on the same update at the same moment: one wins, the other is told, and
nothing is lost. Real concurrency needs a server database: PostgreSQL only."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from avance.core.errors import ActionError
from avance.plans.actions import do_load_plan
from avance.plans.models import Node
from avance.progress.actions import (
    do_approve_update,
    do_open_period,
    do_record_progress,
    do_return_update,
)
from avance.progress.models import ProgressUpdate


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_wins_and_the_other_is_told(document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (run with DATABASE_URL=postgres://...)")
    plan = do_load_plan("test", document)
    node = Node.objects.get(plan=plan, title="Acción A")
    period = do_open_period("test", plan, key="q3", label="Tercer trimestre")
    update = do_record_progress("enlace", node, period, percent=55, submit=True)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, action):
        barrier.wait()
        try:
            action()
            outcomes[name] = "done"
        except ActionError as exc:
            outcomes[name] = str(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=("approve", lambda: do_approve_update("revisor-1", update))
        ),
        threading.Thread(
            target=act,
            args=("return", lambda: do_return_update("revisor-2", update, "No coincide")),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approve", "return"]
    winners = [name for name, result in outcomes.items() if result == "done"]
    assert len(winners) == 1, outcomes
    loser = next(name for name in outcomes if name not in winners)
    assert "nothing was changed" in outcomes[loser]
    final = ProgressUpdate.objects.get(pk=update.pk)
    assert final.state == ("approved" if winners == ["approve"] else "returned")
    assert final.percent == 55
