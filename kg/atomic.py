"""Write output files atomically: a temporary file beside the target, renamed into place on success.

Every file kg writes (RDF, exports, maps, CaRB output) goes through here, so a failed or
interrupted command never leaves a half-written file, and a finished one gets the usual
permissions (``0666`` less the umask, like any file the user's shell would create), not
``mkstemp``'s private ``0600``.

>>> import os, tempfile
>>> out = os.path.join(tempfile.mkdtemp(), "x.txt")
>>> write_atomic(out, "hello")
5
>>> open(out).read()
'hello'
"""
from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import Errors, InputError

__all__ = ["atomic_output", "write_atomic"]


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; rename it into place on success, delete it on any error.

    Missing parent folders are created. A target that cannot be written (a folder, a read-only
    location) raises ``InputError`` (E010) naming ``path``.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as e:
        raise InputError(Errors.E010.format(path=path, detail=e.strerror or e)) from None
    try:
        yield tmp
        try:
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, target)
        except OSError as e:  # e.g. the target is a folder
            raise InputError(Errors.E010.format(path=path, detail=e.strerror or e)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_atomic(path: str | os.PathLike, data: str | bytes) -> int:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; returns the number of bytes written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as tmp:
        try:
            Path(tmp).write_bytes(raw)
        except OSError as e:  # e.g. the disk is full
            raise InputError(Errors.E010.format(path=path, detail=e.strerror or e)) from None
    return len(raw)


@functools.lru_cache(maxsize=None)
def _umask() -> int:
    # Read once: os.umask is the only portable way to read it and briefly sets it, which must not
    # race with files other threads create later (the store's writer thread).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
