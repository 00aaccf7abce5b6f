"""gunicorn settings for `make run` (and any deployment that starts `gunicorn -c gunicorn.conf.py`).

The app is loaded once in the master (``preload_app``) so that workers start fast and share its
memory. Whatever database connections the master opened while loading (migrations check, role
sync) must never be used by a worker: two processes talking over one socket corrupt each
other's answers. Before each fork the master closes its pool; after the fork each worker
drops its inherited pool without touching the sockets (``dispose(close=False)``) and opens its
own connections on first use. ``pool_pre_ping`` (config.py) replaces connections the database
closed while idle.
"""
from __future__ import annotations

import gc
import os

preload_app = True
workers = int(os.environ.get("WORKERS", "2"))
# gthread measured best on this app (bench/RESULTS_http.md: 109 / 65 req/s HTML / REST against
# 83 / 41 for sync; gevent's p99 was 0.8-1 s). Threads share the worker's caches.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")


def _balanced_gthread():
    """gthread, except that a worker already holding a connection per thread leaves a new one
    to the other workers for 2 ms. gunicorn keeps a keep-alive connection with the worker that
    accepted it; without this, 8 clients connecting at once could all land on one worker
    (measured: 157-170 list pages a second instead of 300, the other worker idle)."""
    import time

    from gunicorn.workers.gthread import ThreadWorker

    class BalancedThreadWorker(ThreadWorker):
        def accept(self, server, listener):
            if self.nr_conns >= self.cfg.threads:
                time.sleep(0.002)
            super().accept(server, listener)

    return BalancedThreadWorker


if worker_class == "gthread":
    worker_class = _balanced_gthread()
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Seconds an idle keep-alive connection stays with its worker (gunicorn's default 2).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "2"))
graceful_timeout = 20
accesslog = "-"


def _flask_app(server):
    """The preloaded Flask app, or None when the app is loaded in each worker instead."""
    return getattr(server.app, "callable", None)


def _engines(app):
    from app.extensions import db

    with app.app_context():
        return list(db.engines.values())


def pre_fork(server, worker):
    """Master, before each fork: end the session and close every pooled connection, so that
    no worker inherits an open one."""
    app = _flask_app(server)
    if app is None:
        return
    from app.extensions import db

    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    # The loaded app's objects never die: move them out of the collector's sight, so that
    # workers' full collections take milliseconds, not the 0.5-1 s pauses that made the
    # slowest 1-2 % of list requests (bench/RESULTS_http.md).
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Worker, right after the fork: forget the pools inherited from the master without
    closing their sockets (they belong to the master); new connections are opened on demand."""
    app = _flask_app(server)
    if app is None:
        return
    for engine in _engines(app):
        engine.dispose(close=False)
    server.log.info("worker %s: database pools reset after fork", worker.pid)
