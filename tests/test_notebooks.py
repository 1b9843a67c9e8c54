"""Every notebook in notebooks/ runs top to bottom, offline, in a kernel on this venv's Python."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Extra cells appended to a notebook before it runs: they assert on the notebook's own variables.
CHECKS = {
    "analyst.ipynb": """\
assert (meetings["met"] == "Ding Xuexiang").any(), meetings
assert len(claims) and len(org_facts) and len(roles), "empty cookbook result"
assert in_range["time"].astype(str).between("2023-05", "2023-07").all() and len(in_range), in_range
assert {"subject_label", "evidence"} <= set(facts.columns) and len(facts)
assert (OUT / "meetings.csv").stat().st_size > 0
""",
}


def _text(output) -> str:
    return output.get("text") or "".join(str(v) for v in output.get("data", {}).values())


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    if path.name in CHECKS:
        cells.append(nbformat.v4.new_code_cell(CHECKS[path.name]))
    # jupyter_client runs the "python3" kernelspec (argv "python") with sys.executable, i.e. this venv;
    # the last cell proves it.
    cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert _text(code[-1].outputs[0]).strip() == sys.prefix
    assert any(_text(o).strip() for c in code[:-1] for o in c.outputs), "the notebook printed nothing"
