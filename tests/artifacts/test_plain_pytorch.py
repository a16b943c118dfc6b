"""The README's plain-PyTorch snippet (docs/plain_pytorch.py) runs without rnnprog and prints 42."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rnnprog import artifacts
from tests.artifacts.files import PROGRAMS

SNIPPET = Path(__file__).resolve().parents[2] / "docs" / "plain_pytorch.py"


def test_snippet_imports_no_rnnprog_and_reads_the_outputs(tmp_path):
    assert "rnnprog" not in SNIPPET.read_text()
    artifacts.save(PROGRAMS / "mul.rm", tmp_path / "mul.rnn")
    guard = "import sys; sys.modules['rnnprog'] = None; exec(open(sys.argv[1]).read())"
    done = subprocess.run([sys.executable, "-c", guard, str(SNIPPET)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "steps: 409\nc = 42\n"
