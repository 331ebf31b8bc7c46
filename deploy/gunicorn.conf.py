"""gunicorn settings for Avance's app processes behind nginx (deploy/nginx.conf).

    gunicorn -c deploy/gunicorn.conf.py avance.wsgi:application

Sync workers are right behind nginx: nginx hands over only whole requests, so a worker is never
held by a slow client. The environment variables of docs/configuration.md apply as usual.
"""

import multiprocessing
import os

bind = os.environ.get("AVANCE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("AVANCE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 120  # a first-time report rendering of a very large plan
graceful_timeout = 30
max_requests = 2000  # recycle workers, so a leak can never grow without bound
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = "127.0.0.1"
