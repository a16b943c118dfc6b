"""The teachers' notebook runs top to bottom (nbclient, a fresh kernel) and is committed without
outputs."""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "teachers.ipynb"


def test_the_notebook_is_committed_stripped():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("name", list(__import__("rnnprog.kinds").kinds.BUILTIN))
def test_the_notebook_has_a_program_of_every_kind(name):
    """Every kind of the registry has a section that loads one of its shipped programs."""
    import re

    from rnnprog import kinds

    extension = kinds.get(name).extension
    source = "".join(cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells
                     if cell.cell_type == "code")
    assert re.search(rf"rnnprog\.load\(\"programs/\S+\{extension}\"\)", source), f"no {extension} program"


@pytest.mark.ci_after  # a fresh kernel runs every cell: .ci/run runs it after `make test`
def test_the_notebook_runs(tmp_path):
    for entry in ROOT.iterdir():  # run where programs/ resolves, writing plots to tmp_path
        if not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                      for out in cell.outputs)
    assert "c = 42 (halted after 409 steps)" in printed and "True" in printed
    assert (tmp_path / "mul-run.png").stat().st_size > 5000 and (tmp_path / "bb2-run.png").exists()
    assert "'aabb' (no output); accepted after 5 ticks | interpreter: accepted" in printed
    assert (tmp_path / "anbn-run.png").stat().st_size > 5000
    assert "gcd(-48, 18) = 6 | CPython: 6" in printed
    assert "111 steps from 27, computed by the network" in printed
    pages = [out["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
             for out in cell.outputs if "text/html" in out.get("data", {})]
    assert len(pages) >= 4 and all("<iframe srcdoc=" in html for html in pages)
