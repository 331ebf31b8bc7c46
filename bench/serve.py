"""Serving published pages: nginx's static figure, the deployed stack, `avance serve`, and a
dynamic page, side by side in one run.

    .venv/bin/python bench/serve.py [--seconds 10] [--connections 50]

Loads the demo region into a scratch SQLite database (DATABASE_URL, if set, names another),
renders the published site (`avance publish-site`), then runs wrk (Debian's package) for each
target in turn, on loopback, each after two seconds of warm-up that are not counted:

1. nginx serving a static copy of a published plan dashboard (the ceiling);
2. the deployed stack (deploy/nginx.conf in front of gunicorn with deploy/gunicorn.conf.py)
   serving the same published page;
3. the embedded `avance serve` serving it;
4. a filtered table (a search in a plan's table, never rendered) on the deployed stack.

Prints requests/s, p50, p99 and errors, and each figure's ratio to nginx's. Goals on a 2-core
machine: (2) at least a third of (1) with p99 <= 50 ms and no error; (3) >= 1,000 requests/s;
(4) >= 100 requests/s with p99 <= 500 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from avance.tests.stack import BIN, deployed, free_port, nginx_binary, wait_for

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


@dataclass
class Figures:
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk(name: str, url: str, seconds: int, connections: int) -> Figures:
    # Two seconds first, not counted: every app process has loaded its templates and read the
    # plan once, as on a server that has been up for more than a moment.
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)) + sum(
        int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out)
    )
    return Figures(
        name, float(rate.group(1)) if rate else 0.0, latency("50"), latency("99"), errors
    )


@contextlib.contextmanager
def listening(process: subprocess.Popen[bytes], port: int) -> Iterator[None]:
    """The server process once it listens on `port`; stopped afterwards."""
    try:
        wait_for(port)
        yield
    finally:
        process.terminate()
        process.wait(10)


def static_nginx(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """nginx with nothing but a root directory: the ceiling for serving these bytes."""
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    conf = folder / "static.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # as tests/stack.py: a private tmp dir
        + "worker_processes auto; pid static.pid; error_log stderr error;\n"
        "events { worker_connections 8192; }\n"
        "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 10000;\n"
        "  open_file_cache max=1000 inactive=30s;\n"
        "  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy;\n"
        "  fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;\n"
        "  types { text/html html; }\n"
        f"  server {{ listen 127.0.0.1:{port}; root {folder / 'www'}; }}\n}}\n"
    )
    return subprocess.Popen(
        [nginx_binary() or "nginx", "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("wrk") is None or nginx_binary() is None:
        sys.exit("bench/serve.py needs wrk and nginx (Debian: apt-get install wrk nginx)")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "AVANCE_DATA_DIR": tmp, "AVANCE_LOG_LEVEL": "ERROR"}
        subprocess.run([BIN / "avance", "demo"], env=env, check=True, capture_output=True)
        subprocess.run([BIN / "avance", "publish-site"], env=env, check=True, capture_output=True)
        # The published plan with the largest dashboard.
        rendered = max(
            (data / "public" / "vigente" / "planes").glob("*/index.html"),
            key=lambda path: path.stat().st_size,
        )
        page = f"/planes/{rendered.parent.name}/"
        size = rendered.stat().st_size
        (data / "static" / "www").mkdir(parents=True)
        shutil.copy(rendered, data / "static" / "www" / "dashboard.html")
        results: list[Figures] = []

        port = free_port()
        with listening(static_nginx(data / "static", port), port):
            url = f"http://127.0.0.1:{port}/dashboard.html"
            results.append(wrk("nginx, static copy", url, args.seconds, args.connections))

        port = free_port()
        embedded = subprocess.Popen(
            [BIN / "avance", "serve", "--no-worker", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with listening(embedded, port):
            url = f"http://127.0.0.1:{port}{page}"
            results.append(wrk("avance serve, published page", url, args.seconds, args.connections))

        with deployed(data, env, data / "public") as port:
            base = f"http://127.0.0.1:{port}"
            results.append(
                wrk("deployed stack, published page", base + page, args.seconds, args.connections)
            )
            results.append(
                wrk(
                    "deployed stack, filtered table (dynamic)",
                    base + page + "tabla/?q=transparencia",
                    args.seconds,
                    args.connections,
                )
            )

    print(
        f"page {page} ({size:,} bytes); wrk -t2 -c{args.connections} -d{args.seconds}s; "
        f"{os.cpu_count()} cores"
    )
    top = results[0].rate or 1.0
    print(f"{'target':44} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs nginx':>9}")
    for r in results:
        print(
            f"{r.name:44} {r.rate:10,.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.errors:7d} "
            f"{r.rate / top:9.3f}"
        )


if __name__ == "__main__":
    main()
