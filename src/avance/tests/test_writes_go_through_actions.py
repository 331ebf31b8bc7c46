"""Every write goes through a named action (our semgrep): ORM writes appear only in actions
modules and the few documented writers they call, and those writers only from actions."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]

# Writers that actions call, each for a reason written in its module's docstring.
DOCUMENTED_WRITERS = {
    "plans/loading.py": "bulk load of an avance.plan/1 document, called by do_load_plan only",
    "progress/rollups.py": "derived roll-up rows (COPY), called by the roll-up actions only",
    "audit/log.py": "the audit trail itself, written by every action",
    "indicators/evaluation.py": "stored indicator readings, called by the indicator actions only",
}
WRITE = re.compile(
    r"\.(save|create|delete|bulk_create|bulk_update|get_or_create|update_or_create|"
    r"create_user|create_superuser)\(|objects\.[^\n]*\.update\(|\.filter\([^\n]*\)\.update\("
)
NOT_ORM = [
    re.compile(r"\bbook\.save\("),  # openpyxl writing a workbook to memory
    re.compile(r"\bimage\.save\("),  # Pillow writing the demo's logos to memory
    re.compile(r"\.save\(commit=False\)"),  # a form's unsaved instances (the admin's formsets)
]


def code_lines(text: str) -> list[tuple[int, str]]:
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.strip().startswith("#")
    ]


def modules() -> list[tuple[str, str]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        parts = set(name.split("/"))
        if parts & {"tests", "migrations"} or name.startswith("core/") or name == "conftest.py":
            continue  # core/ is plain Python: no ORM to write with
        out.append((name, path.read_text(encoding="utf-8")))
    return out


def test_it_finds_orm_writes_only_in_actions_and_documented_writers():
    offenders = []
    for name, text in modules():
        if name.endswith("actions.py") or name in DOCUMENTED_WRITERS:
            continue
        for number, line in code_lines(text):
            if WRITE.search(line) and not any(p.search(line) for p in NOT_ORM):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == [], "write through an action instead:\n" + "\n".join(offenders)


def test_the_documented_writers_are_called_from_actions_only():
    calls = re.compile(r"\bloading\.load\(|\brollups\.(store|refresh_path|_insert|_write)\(")
    offenders = [
        f"{name}:{number}"
        for name, text in modules()
        if not name.endswith("actions.py") and name not in DOCUMENTED_WRITERS
        for number, line in code_lines(text)
        if calls.search(line)
    ]
    assert offenders == []


def test_the_rule_catches_a_write_outside_an_action():
    assert WRITE.search("    Plan.objects.create(title=title)")
    assert WRITE.search("    ProgressUpdate.objects.filter(node=node).update(state='x')")
    assert WRITE.search("    period.save(update_fields=['state'])")
    assert not WRITE.search("    values.update(extra or {})")
