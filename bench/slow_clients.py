"""Load test: normal clients keep being served while many slow clients trickle requests.

    .venv/bin/python bench/slow_clients.py [--stack nginx|embedded] [--seconds 60]
        [--normal 50] [--slow 200]

On loopback only. `nginx` runs the deployed stack (deploy/nginx.conf in front of gunicorn with
deploy/gunicorn.conf.py, needs Debian's nginx); `embedded` runs `avance serve`. The demo region
is loaded into a scratch SQLite database. Normal clients fetch the home page, a plan's dashboard
and /health in a loop; slow clients send a request's headers one byte every few seconds, and
open a new connection whenever the server drops theirs. Prints requests, errors and latencies;
the target is zero errors for the normal clients.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from avance.tests.stack import deployed, free_port, wait_for

BIN = Path(sys.executable).parent


def start(stack: str, data: Path, env: dict[str, str]) -> tuple[contextlib.ExitStack, int]:
    """The stack running (closing the returned ExitStack stops it) and the port to load."""
    running = contextlib.ExitStack()
    if stack == "embedded":
        port = free_port()
        app = subprocess.Popen(
            [BIN / "avance", "serve", "--no-worker", "--port", str(port)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        running.callback(app.wait, 10)
        running.callback(app.terminate)
        wait_for(port)
        return running, port
    port = running.enter_context(deployed(data, env, data / "public"))
    return running, port


def normal_client(port: int, paths: list[str], until: float, out: dict[str, list]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = 0
    while time.time() < until:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                out["errors"].append(f"{path}: {response.status}")
            else:
                out["latencies"].append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as exc:
            out["errors"].append(f"{path}: {exc.__class__.__name__}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()


def slow_client(port: int, until: float, stats: dict[str, int]) -> None:
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " + b"a" * 500
    while time.time() < until:
        stalled = None
        try:
            stalled = socket.create_connection(("127.0.0.1", port), timeout=10)
            stats["connections"] += 1
            for byte in request:
                if time.time() >= until:
                    break
                stalled.sendall(bytes([byte]))
                time.sleep(3)
        except OSError:
            stats["dropped"] += 1  # the server hung up on it: what it should do
            time.sleep(1)
        finally:
            if stalled is not None:
                stalled.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stack", choices=["nginx", "embedded"], default="nginx")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--normal", type=int, default=50)
    parser.add_argument("--slow", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "AVANCE_DATA_DIR": tmp, "AVANCE_LOG_LEVEL": "ERROR"}
        env.pop("DATABASE_URL", None)
        subprocess.run([BIN / "avance", "demo"], env=env, check=True, capture_output=True)
        listing = subprocess.run(
            [BIN / "avance", "plans"], env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        plan = listing[1].split()[0] if len(listing) > 1 else ""
        running, port = start(args.stack, data, env)
        paths = ["/", "/health"] + ([f"/planes/{plan}/"] if plan else [])
        until = time.time() + args.seconds
        results: dict[str, list] = {"errors": [], "latencies": []}
        slow_stats = {"connections": 0, "dropped": 0}
        threads = [
            threading.Thread(target=slow_client, args=(port, until, slow_stats), daemon=True)
            for _ in range(args.slow)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)  # let the slow clients take their connections first
        normal = [
            threading.Thread(target=normal_client, args=(port, paths, until, results))
            for _ in range(args.normal)
        ]
        for thread in normal:
            thread.start()
        for thread in normal:
            thread.join()
        running.close()
    latencies = sorted(results["latencies"])
    print(f"stack: {args.stack}, {args.seconds} s, {args.normal} normal + {args.slow} slow clients")
    print(f"paths: {', '.join(paths)}")
    print(f"normal requests served: {len(latencies)}, errors: {len(results['errors'])}")
    if latencies:
        print(
            f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms"
        )
    print(
        f"slow connections opened: {slow_stats['connections']}, refused or dropped: "
        f"{slow_stats['dropped']}"
    )
    for error in results["errors"][:10]:
        print("  error:", error)
    sys.exit(1 if results["errors"] else 0)


if __name__ == "__main__":
    main()
