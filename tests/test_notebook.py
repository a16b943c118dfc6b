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
