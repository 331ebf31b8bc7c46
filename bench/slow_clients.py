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
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def start(stack: str, data: Path, env: dict[str, str]) -> tuple[list[subprocess.Popen[bytes]], int]:
    app_port = free_port()
    if stack == "embedded":
        app = subprocess.Popen(
            [BIN / "avance", "serve", "--port", str(app_port)], env=env, stderr=subprocess.DEVNULL
        )
        wait_for(app_port)
        return [app], app_port
    app = subprocess.Popen(
        [BIN / "gunicorn", "-c", ROOT / "deploy/gunicorn.conf.py", "avance.wsgi:application"],
        env={**env, "AVANCE_BIND": f"127.0.0.1:{app_port}", "AVANCE_WORKERS": "4"},
        stderr=subprocess.DEVNULL,
    )
    front_port = free_port()
    prefix = data / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    conf = (ROOT / "deploy/nginx.conf").read_text()
    conf = conf.replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
    conf = conf.replace("127.0.0.1:8080", f"127.0.0.1:{front_port}")
    (prefix / "nginx.conf").write_text(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    front = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    wait_for(app_port)
    wait_for(front_port)
    return [front, app], front_port


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
        processes, port = start(args.stack, data, env)
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
        for process in processes:
            process.terminate()
            process.wait(10)
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
