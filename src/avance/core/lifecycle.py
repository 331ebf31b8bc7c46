"""Lifecycles as data: one transitions table per lifecycle, one function that applies them.

Plain Python, no Django. A lifecycle maps each named transition to the states it may start from
and the state it leads to. `Lifecycle.apply` changes `obj.state` or raises ActionError with a
message that names the transition and the states it needs; callers never compare states by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from avance.core.errors import ActionError


@dataclass(frozen=True)
class Lifecycle:
    noun: str  # "progress update": used in messages
    transitions: dict[str, tuple[frozenset[str], str]]  # name → (from states, to state)

    def allowed(self, transition: str, state: str) -> bool:
        sources, _target = self._get(transition)
        return state in sources

    def target(self, transition: str) -> str:
        return self._get(transition)[1]

    def available(self, state: str) -> list[str]:
        """The transitions that may start from `state`, in table order."""
        return [name for name, (sources, _target) in self.transitions.items() if state in sources]

    def check(self, transition: str, state: str) -> str:
        """The state the transition leads to, or ActionError when it may not start from `state`."""
        sources, target = self._get(transition)
        if state not in sources:
            wanted = " or ".join(sorted(sources))
            raise ActionError(
                f"a {state} {self.noun} cannot be {_past(transition)}; nothing was changed "
                f"({transition} needs it {wanted})",
                code="transition",
                params={
                    "noun": self.noun,
                    "state": state,
                    "transition": transition,
                    "needs": ",".join(sorted(sources)),
                },
            )
        return target

    def apply(self, obj: Any, transition: str) -> tuple[str, str]:
        """Move `obj.state` along `transition`; (before, after)."""
        before = obj.state
        obj.state = self.check(transition, before)
        return before, obj.state

    def _get(self, transition: str) -> tuple[frozenset[str], str]:
        try:
            return self.transitions[transition]
        except KeyError:
            raise ActionError(f"unknown {self.noun} transition {transition!r}") from None


def _past(verb: str) -> str:
    irregular = {"reopen": "reopened", "submit": "submitted", "return": "returned"}
    return irregular.get(verb, verb + ("d" if verb.endswith("e") else "ed"))


def table(noun: str, rows: dict[str, tuple[set[str], str]]) -> Lifecycle:
    return Lifecycle(noun, {name: (frozenset(src), dst) for name, (src, dst) in rows.items()})


# A progress update: a correction is a new submission of the same update; publishing needs an
# approval first, so nothing reaches the public that a reviewer did not see.
UPDATE = table(
    "progress update",
    {
        "submit": ({"draft", "returned"}, "submitted"),
        "correct": ({"draft", "returned"}, "submitted"),
        "return": ({"submitted"}, "returned"),
        "approve": ({"submitted"}, "approved"),
        "publish": ({"approved"}, "published"),
    },
)

# A reporting period: a published period is a cut-off the public relies on, so it never reopens.
PERIOD = table(
    "reporting period",
    {
        "close": ({"open"}, "closed"),
        "reopen": ({"closed"}, "open"),
        "publish": ({"closed"}, "published"),
    },
)

# A plan: drafts are never public; an archived plan is kept read-only (and stays public if it was).
PLAN = table(
    "plan",
    {
        "publish": ({"draft"}, "published"),
        "archive": ({"draft", "published"}, "archived"),
        "delete": ({"draft"}, "deleted"),
    },
)

# A citizen's subscription to a plan: nothing is sent before the address's owner confirms it;
# unsubscribing deletes the row (no list of former subscribers is kept).
SUBSCRIPTION = table("subscription", {"confirm": ({"pending"}, "confirmed")})

# An indicator's measurement takes the progress update's path: nothing reaches the public that a
# reviewer did not approve.
MEASUREMENT = table(
    "measurement",
    {
        "submit": ({"draft", "returned"}, "submitted"),
        "correct": ({"draft", "returned"}, "submitted"),
        "return": ({"submitted"}, "returned"),
        "approve": ({"submitted"}, "approved"),
        "publish": ({"approved"}, "published"),
    },
)
# A goal-change request is decided once.
GOAL_CHANGE = table(
    "goal-change request",
    {"authorise": ({"requested"}, "authorised"), "reject": ({"requested"}, "rejected")},
)

# A member's figures for a network's statistics period: the member's own reviewer approves them
# (then they are public); that reviewer or the network's coordinator may return them with a
# comment, and the coordinator can never change them.
SUBMISSION = table(
    "statistics submission",
    {
        "submit": ({"draft", "returned"}, "submitted"),
        "return": ({"submitted"}, "returned"),
        "approve": ({"submitted"}, "approved"),
    },
)
