"""notebooks/researcher.ipynb runs top to bottom (it loads the spaCy model, so it is marked slow)."""
from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "researcher.ipynb"


@pytest.mark.slow
def test_researcher_notebook_runs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                            ).execute()
    html = (tmp_path / "out" / "musk-map.html").read_text(encoding="utf-8")
    assert "Elon Musk" in html and "https://" not in html
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "->" in printed  # at least one path was found and printed
