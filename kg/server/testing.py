"""Run the app on a loopback port inside this process, for tests and benchmarks.

>>> with live_server(create_app(graph_file="graph.trig")) as url:  # doctest: +SKIP
...     urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D").read()
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any, Iterator

__all__ = ["live_server"]


@contextlib.contextmanager
def live_server(app: Any, host: str = "127.0.0.1", startup_timeout: float = 60.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of ``host``; yield its base URL; stop on exit."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))  # the kernel picks the port: no race with other tests
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"server on {host}:{port} did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
