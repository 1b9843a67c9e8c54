"""Lexicon tables (kg/data/*.jsonl) shared by the kg_* components, and their disk round trip."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["DATA_DIR", "load_table", "LexiconMixin"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def _read(path: str) -> tuple[dict[str, Any], ...]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return tuple(rows)


def load_table(name: str, folder: Path | str | None = None) -> list[dict[str, Any]]:
    """Read one lexicon table.

    name (str): table name without extension, e.g. "titles".
    folder (Path | str | None): where to look; the packaged kg/data by default.
    RETURNS (list[dict]): one dict per JSONL line.
    """
    return list(_read(str(Path(folder or DATA_DIR) / f"{name}.jsonl")))


class LexiconMixin:
    """Gives a component `tables`, `initialize()` and `to_disk`/`from_disk` of its JSONL tables.

    Subclasses list their table names in `TABLES` and derive lookups in `_compile()`.
    """

    TABLES: tuple[str, ...] = ()

    def _load_tables(self, folder: Path | str | None = None) -> None:
        self.tables = {name: load_table(name, folder) for name in self.TABLES}
        self._compile()

    def _compile(self) -> None:  # pragma: no cover - overridden
        """Build lookups from `self.tables`."""

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """(Re)load the packaged tables."""
        self._load_tables()

    def to_disk(self, path, *, exclude=()) -> None:
        """Write each table as one JSONL file in `path`."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, rows in self.tables.items():
            with open(path / f"{name}.jsonl", "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r) + "\n" for r in rows)

    def from_disk(self, path, *, exclude=()):
        """Read the tables written by `to_disk`."""
        _read.cache_clear()
        self._load_tables(path)
        return self
