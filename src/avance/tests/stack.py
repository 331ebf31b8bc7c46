"""The deployed stack, started from deploy/'s own files: nginx (deploy/nginx.conf) in front of
gunicorn (deploy/gunicorn.conf.py). Used by the deployed-stack test and by bench/serve.py and
bench/slow_clients.py, so the recipe they check is the one that ships."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, seconds: float = 60) -> None:
    until = time.time() + seconds
    while time.time() < until:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def nginx_config(prefix: Path, app_port: int, front_port: int, public: Path) -> Path:
    """deploy/nginx.conf with this run's addresses and public directory; nothing else changed."""
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    conf = (DEPLOY / "nginx.conf").read_text()
    for old, new in [
        ("127.0.0.1:8000", f"127.0.0.1:{app_port}"),
        ("127.0.0.1:8080", f"127.0.0.1:{front_port}"),
        ("/var/lib/avance/public", str(public)),
    ]:
        assert old in conf, f"deploy/nginx.conf no longer holds {old}"
        conf = conf.replace(old, new)
    if os.geteuid() == 0:
        # Started as root, nginx's workers would run as nobody and could not read a private
        # temporary directory; in production the public directory is readable by nginx's user.
        conf = "user root;\n" + conf
    path = prefix / "nginx.conf"
    path.write_text(conf)
    return path


@contextlib.contextmanager
def deployed(data: Path, env: dict[str, str], public: Path, workers: int = 4) -> Iterator[int]:
    """gunicorn (deploy/gunicorn.conf.py) and nginx (deploy/nginx.conf) running; yields the
    port nginx listens on. Both are stopped afterwards."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    app_port, front_port = free_port(), free_port()
    app = subprocess.Popen(
        [BIN / "gunicorn", "-c", DEPLOY / "gunicorn.conf.py", "avance.wsgi:application"],
        env={**env, "AVANCE_BIND": f"127.0.0.1:{app_port}", "AVANCE_WORKERS": str(workers)},
        stderr=subprocess.DEVNULL,
    )
    prefix = data / "nginx"
    conf = nginx_config(prefix, app_port, front_port, public)
    front = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(app_port)
        wait_for(front_port)
        yield front_port
    finally:
        for process in (front, app):
            process.terminate()
        for process in (front, app):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
