"""A pool of query worker processes: a query that runs past its time limit is killed, not waited for."""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from typing import Any

from ..errors import Errors, KgError
from .worker import Answer, QueryTask, StoreSource, UpdateTask, update_main, worker_main

__all__ = ["WorkerPool", "QueryTimeout", "PoolBusy", "WorkerDied"]

# spawn, not fork: the server process has uvicorn's threads and maybe an open store, and
# forking those is undefined behaviour. A spawned worker starts in ~0.3 s.
_CTX = multiprocessing.get_context("spawn")
_START_TIMEOUT = 600.0  # loading a large --graph file into each worker can take a while


class QueryTimeout(KgError):
    """The query ran past its time limit; its worker was killed."""


class PoolBusy(KgError):
    """No worker became free in time."""


class WorkerDied(KgError):
    """The worker process exited while answering."""


class _Worker:
    def __init__(self, source: StoreSource) -> None:
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=worker_main, args=(child, source), daemon=True)
        self.process.start()
        child.close()
        try:
            status = self.conn.recv() if self.conn.poll(_START_TIMEOUT) else "no answer"
        except EOFError:
            status = "it exited"
        if status != "ready":
            self.kill()
            raise WorkerDied(Errors.E412.format(detail=f"the worker did not start: {status}"))

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes reading ``source``; ``run`` sends a task to an idle one.

    >>> pool = WorkerPool(StoreSource("file", "graph.trig"), size=2)  # doctest: +SKIP
    >>> pool.start(); pool.run(QueryTask("ASK {}"), timeout=10.0).body  # doctest: +SKIP
    b'{"head": {}, "boolean": false}'
    """

    def __init__(self, source: StoreSource, size: int = 2) -> None:
        self.source = source
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()  # one update at a time
        self._set_lock = threading.Lock()
        self._closed = False
        self._last_error = ""

    def start(self) -> None:
        """Start every worker (in parallel: each may have a file to load)."""
        threads = [threading.Thread(target=self._spawn) for _ in range(self.size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if not self._all:
            raise WorkerDied(self._last_error)

    def run(self, task: QueryTask, timeout: float, queue_timeout: float | None = None) -> Answer:
        """Evaluate ``task`` for at most ``timeout`` seconds once a worker is free.

        Waiting for a free worker has its own limit (``queue_timeout``, default three times
        ``timeout`` and at least 30 s): under a burst, a fast query queued behind slow ones
        should wait its turn, not fail, while a query that runs too long is still cut at ``timeout``.
        """
        wait = queue_timeout if queue_timeout is not None else max(30.0, 3 * timeout)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolBusy(Errors.E405.format(timeout=wait)) from None
        deadline = time.monotonic() + timeout
        try:
            worker.conn.send(task)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerDied(Errors.E412.format(detail=type(exc).__name__)) from None
        # Evaluation is still running inside Oxigraph and cannot be interrupted from Python,
        # so the only way to really stop it is to kill the process.
        self._replace(worker)
        raise QueryTimeout(Errors.E404.format(timeout=timeout))

    def update(self, task: UpdateTask, timeout: float, new_source: StoreSource | None = None) -> Answer:
        """Stop every reader, run ``task`` in a writer process, then restart the readers.

        Oxigraph calls a read-only open beside a writing process undefined behaviour, so
        readers and the writer never overlap.
        """
        with self._lock:
            self._drain()
            try:
                answer = _run_writer(self.source, task, timeout)
                if answer.kind == "updated" and new_source is not None:
                    self.source = new_source
            finally:
                self.start()
        return answer

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            self._drop(worker)

    def _drain(self) -> None:
        # Every killed worker is replaced exactly once, so live + starting workers always
        # number ``size``: taking ``size`` idle ones means none is answering a query.
        for _ in range(self.size):
            try:
                self._drop(self._idle.get(timeout=_START_TIMEOUT))
            except queue.Empty:
                break

    def _spawn(self) -> None:
        if self._closed:
            return
        try:
            worker = _Worker(self.source)
        except (WorkerDied, EOFError, OSError) as exc:
            self._last_error = str(exc) or type(exc).__name__
            return
        with self._set_lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _drop(self, worker: _Worker) -> None:
        with self._set_lock:
            self._all.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self._drop(worker)
        threading.Thread(target=self._spawn, daemon=True).start()


def _run_writer(source: StoreSource, task: UpdateTask, timeout: float) -> Answer:
    conn, child = _CTX.Pipe()
    process = _CTX.Process(target=update_main, args=(child, source, task), daemon=True)
    process.start()
    child.close()
    try:
        if conn.poll(timeout):
            return conn.recv()
        raise QueryTimeout(Errors.E404.format(timeout=timeout))
    except EOFError:
        raise WorkerDied(Errors.E412.format(detail=f"exit code {process.exitcode}")) from None
    finally:
        process.kill()
        process.join(5)
        conn.close()
