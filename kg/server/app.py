"""Build the Starlette app (``create_app``) and run it under uvicorn (``serve``)."""
from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator

import anyio.to_thread
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from ..errors import Errors, InputError
from .explorer import explorer_routes
from .pool import WorkerPool
from .protocol import sparql_endpoint
from .worker import Answer, StoreSource, UpdateTask

__all__ = ["create_app", "serve", "ServerConfig", "TOKEN_ENV", "LOOPBACK_HOSTS"]

TOKEN_ENV = "KG_SERVER_TOKEN"
# A page on another site can rebind its DNS name to 127.0.0.1 and read a loopback server;
# refusing unknown Host headers stops that.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# Scripts and styles only from this origin (no inline code, no CDN); nothing may frame us.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


@dataclass
class ServerConfig:
    """Everything a request handler needs: limits, the worker pool and the update switch."""

    pool: WorkerPool
    allow_update: bool = False
    token: str | None = None
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    examples: dict[str, str] = field(default_factory=dict)
    workdir: str | None = None
    _generation: int = 0

    def apply_update(self, sparql: str) -> Answer:
        """Run an update with every reader stopped; in-memory data moves to a new snapshot file."""
        new_source = None
        if self.pool.source.kind == "file":
            self._generation += 1
            new_source = StoreSource("file", os.path.join(self.workdir, f"snapshot-{self._generation}.nq"))
        snapshot = new_source.path if new_source else None
        return self.pool.update(UpdateTask(sparql, snapshot), self.timeout, new_source)


def create_app(store: Any = None, *, graph_file: str | None = None, allow_update: bool = False,
               token: str | None = None, timeout: float = 10.0, max_rows: int = 10_000,
               max_request_bytes: int = 1_000_000, workers: int | None = None,
               examples_dir: str | None = None, allowed_hosts: list[str] | None = None) -> Starlette:
    """Return the kg Starlette app over ``store`` (a store directory, an RDF file, a
    ``pyoxigraph.Store`` or a ``kg.store.KgStore``) or ``graph_file``.

    Reads no environment variables: pass ``token`` (required with ``allow_update``).
    ``allowed_hosts`` are the Host header names served (default: loopback names only;
    ``["*"]`` for any).

    >>> app = create_app(graph_file="out/graph.trig")  # doctest: +SKIP
    """
    if allow_update and not token:
        raise InputError(Errors.E402)
    workdir = tempfile.mkdtemp(prefix="kg-serve-")
    source = _resolve_source(store, graph_file, workdir)
    config = ServerConfig(WorkerPool(source, workers or max(2, os.cpu_count() or 2)), allow_update, token,
                          timeout, max_rows, max_request_bytes, _read_examples(examples_dir), workdir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(config.pool.start)
        try:
            yield
        finally:
            config.pool.close()
            shutil.rmtree(workdir, ignore_errors=True)

    routes = [Route("/sparql", sparql_endpoint, methods=["GET", "POST"]), *explorer_routes()]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.kg = config
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS))
    app.add_middleware(_SecurityHeaders)
    return app


def serve(store_path: str | None = None, graph_file: str | None = None, *, host: str = "127.0.0.1",
          port: int = 7878, allow_update: bool = False, timeout: float = 10.0, max_rows: int = 10_000,
          max_request_bytes: int = 1_000_000, workers: int | None = None, token: str | None = None,
          examples_dir: str | None = None) -> None:
    """Serve a store over HTTP until interrupted (``kg serve``).

    This entry point is the one place kg reads an environment variable: with
    ``allow_update`` and no ``token``, the bearer token comes from ``KG_SERVER_TOKEN``.
    """
    import uvicorn

    if store_path is None and graph_file is None:
        raise InputError(Errors.E411)
    if allow_update and token is None:
        token = os.environ.get(TOKEN_ENV) or None
    app = create_app(store_path, graph_file=graph_file, allow_update=allow_update, token=token,
                     timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes,
                     workers=workers, examples_dir=examples_dir or _default_examples(),
                     allowed_hosts=list(LOOPBACK_HOSTS) if _is_loopback(host) else ["*"])
    print(_banner(host, port, allow_update, graph_file), flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it caught, after shutting down cleanly
        pass


def _banner(host: str, port: int, allow_update: bool, graph_file: str | None = None) -> str:
    shown = f"[{host}]" if ":" in host else host
    lines = [f"kg: serving http://{shown}:{port}/ (explorer) and http://{shown}:{port}/sparql (SPARQL endpoint)"]
    if _is_loopback(host):
        lines.append(f"kg: bound to {host} only (this machine); pass --host 0.0.0.0 to share it on your network")
    else:
        lines.append(f"kg: WARNING: bound to {host}: other machines can reach this server")
    lines.append("kg: updates " + ("ENABLED (bearer token required)" if allow_update else "disabled (read-only)"))
    if allow_update and graph_file is not None:
        lines.append(f"kg: updates change an in-memory copy of {graph_file}, lost when the server stops "
                     "(serve a --store folder to keep them)")
    return "\n".join(lines)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _resolve_source(store: Any, graph_file: str | None, workdir: str) -> StoreSource:
    if graph_file is not None:
        return _file_source(graph_file)
    if isinstance(store, (str, os.PathLike)):
        return StoreSource("disk", str(store)) if Path(store).is_dir() else _file_source(str(store))
    inner = getattr(store, "location", None)
    if inner and Path(inner).is_dir():  # a KgStore on disk: workers reopen it read-only
        return StoreSource("disk", str(inner))
    oxstore = store if isinstance(store, ox.Store) else _inner_oxigraph(store)
    if oxstore is None:
        raise InputError(Errors.E411)
    # An in-memory store cannot be shared across processes: each worker loads a snapshot.
    snapshot = os.path.join(workdir, "snapshot-0.nq")
    oxstore.dump(snapshot, format=ox.RdfFormat.N_QUADS)
    return StoreSource("file", snapshot)


def _inner_oxigraph(store: Any) -> ox.Store | None:
    for name in ("store", "_store", "oxigraph"):
        inner = getattr(store, name, None)
        if isinstance(inner, ox.Store):
            return inner
    return None


def _file_source(path: str) -> StoreSource:
    if not Path(path).is_file():
        raise InputError(Errors.E001.format(path=path))
    return StoreSource("file", str(Path(path).resolve()))


def _default_examples() -> str | None:
    """examples/queries of the current folder, else of the source checkout kg runs from."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (root / "examples" / "queries").is_dir():
            return str(root / "examples" / "queries")
    return None


def _read_examples(folder: str | None) -> dict[str, str]:
    if not folder or not Path(folder).is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.rq"))}


class _SecurityHeaders:
    """ASGI middleware adding CSP and friends to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + _SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
