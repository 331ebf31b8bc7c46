"""Run a document import in a child process with a time and memory limit. Plain Python.

Uploads from the web go through here: a hostile or pathological file then costs one child
process that is killed at its limit, never the web worker (whose memory would otherwise stay
grown). The child comes from a fork server, a clean process started once that imports only the
plain-Python importer, so nothing of the threaded web process (locks, database connections) is
copied into it.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from avance.core.documents import DocumentError

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["avance.core.documents.importer", "pymupdf"])


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    source: str,
    seconds: float,
    memory_mb: int,
    cpu_seconds: float | None = None,
) -> Any:
    """function(*args) in a child process; DocumentError when it fails, runs out of time or
    memory. The function and its result must be picklable.

    `seconds` is wall-clock time. `cpu_seconds`, when given, limits the child's own processor
    time instead (`seconds` is then only a backstop): a budget that other processes on a busy
    machine cannot use up, for passes whose result should not depend on the machine's load.

    Inside such a child already (a web import reading its tables), the function runs in place:
    the outer child's limits hold, and a daemonic process may not start children."""
    if multiprocessing.current_process().daemon:
        return function(*args)
    receive, send = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_child, args=(send, source, memory_mb, cpu_seconds, function, args), daemon=True
    )
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise DocumentError(
                f"{source}: reading it took longer than {seconds:g} s; it was stopped "
                "(is it unusually large or damaged?)"
            )
        try:
            outcome, value = receive.recv()
        except EOFError:  # the child died without answering
            child.join(5)
            if cpu_seconds is not None and child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise DocumentError(
                    f"{source}: reading it took more than {cpu_seconds:g} s of processor time; it "
                    "was stopped (is it unusually large or damaged?)"
                ) from None
            raise DocumentError(
                f"{source}: the reader stopped (it ran out of its {memory_mb} MB of memory or "
                f"crashed, exit code {child.exitcode}); is the file unusually large or damaged?"
            ) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
        child.close()
    if outcome == "error":
        raise DocumentError(value)
    return value


def _child(
    send: Connection,
    source: str,
    memory_mb: int,
    cpu_seconds: float | None,
    function: Callable[..., Any],
    args: tuple[Any, ...],
) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds is not None:  # SIGXCPU at the limit, SIGKILL a second later
        whole = max(1, math.ceil(cpu_seconds))  # the limit counts whole seconds
        resource.setrlimit(resource.RLIMIT_CPU, (whole, whole + 1))
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except DocumentError as exc:
        result = ("error", str(exc))
    except MemoryError:
        result = (
            "error",
            f"{source}: reading it needed more than {memory_mb} MB "
            "of memory; it was stopped (is it unusually large or damaged?)",
        )
    except Exception as exc:  # reported, not a dead child mistaken for the memory limit
        result = ("error", f"{source}: the file could not be read ({exc.__class__.__name__})")
    send.send(result)
    send.close()
