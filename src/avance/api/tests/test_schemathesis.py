"""Schemathesis against the OpenAPI document of a live server with the demo loaded: at least
2,000 generated requests over every operation (the writes with a planner's token), with every
check on: no 5xx, every status documented, every response matching its schema. Runs on SQLite
only (the server is a subprocess with its own database)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

AVANCE = [sys.executable, "-m", "avance.cli"]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="its server runs on its own SQLite database; the SQLite pass runs it",
)
def test_schemathesis_finds_no_failure_in_2000_requests(tmp_path):
    if not SCHEMATHESIS.exists() and shutil.which("schemathesis") is None:
        pytest.fail("schemathesis is not installed (make install)")
    env = dict(
        os.environ,
        AVANCE_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/st.sqlite3",
        AVANCE_API_ANONYMOUS_PER_MINUTE="1000000",
        AVANCE_API_TOKEN_PER_MINUTE="1000000",
    )
    subprocess.run([*AVANCE, "demo"], env=env, check=True, capture_output=True, timeout=300)
    token = (
        subprocess.run(
            [*AVANCE, "api-token", "create", "planeacion.itaiva", "--name", "schemathesis"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    server = subprocess.Popen(
        [*AVANCE, "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.1)
        result = subprocess.run(
            [
                str(SCHEMATHESIS if SCHEMATHESIS.exists() else "schemathesis"),
                "run",
                url,
                "--checks",
                "all",
                "--max-examples",
                "60",
                "--seed",
                "20261202",
                "-H",
                f"Authorization: Bearer {token}",
                "--no-color",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    output = result.stdout + result.stderr
    generated = re.search(r"(\d+) generated", output)
    assert result.returncode == 0, output[-4000:]
    assert generated is not None and int(generated.group(1)) >= 2000, output[-2000:]
