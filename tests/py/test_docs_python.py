"""The Python blocks of docs/python.md run as written: each line `expression  # value` gives value."""

import re
import runpy
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "python.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
CLAIM = re.compile(r"^(?P<expression>\S.*?)\s+# (?P<value>-?\d+)\b")


def blocks() -> list[str]:
    return [block for block in BLOCK.findall(PAGE.read_text()) if "on_rnn" in block]


@pytest.mark.parametrize("block", blocks())
def test_python_blocks_run_and_say_what_they_print(block, tmp_path):
    path = tmp_path / "example.py"  # the decorator reads the function's source from its file
    path.write_text(block)
    namespace = runpy.run_path(str(path))
    claims = [m for m in map(CLAIM.match, block.splitlines()) if m]
    assert claims, "the block states no value"
    for claim in claims:
        assert eval(claim["expression"], namespace) == int(claim["value"]), claim.group(0)
