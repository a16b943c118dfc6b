"""The page's data: rows of deltas read back (as page.js reads them) give every moment's fields,
state, marks and jumps; the page is one file that asks nothing of a network."""

from __future__ import annotations

import json
import re

import pytest

import rnnprog
from rnnprog.page import data, render
from rnnprog.page.timeline import Keep


def unpack(rows: list, packed: dict, fields: int, units: int) -> list[dict]:
    """The rows as page.js decodes them: each field and unit from the row before."""
    strings, out = packed["strings"], []
    net, ref, h = [""] * fields, [""] * fields, [0] * units
    for row in rows:
        row = row + [0] * (10 - len(row))
        net = net[:]
        for k in range(0, len(row[3] or []), 2):
            net[row[3][k]] = strings[row[3][k + 1]]
        if row[4] == 0:
            ref = net
        else:
            ref = ref[:]
            for k in range(0, len(row[4]), 2):
                ref[row[4][k]] = strings[row[4][k + 1]]
        h = h[:]
        for k in range(0, len(row[5] or []), 2):
            h[row[5][k]] = row[5][k + 1]
        jump = row[9] or None
        out.append({"tick": row[0], "where": packed["spans"][row[1]], "doing": strings[row[2]],
                    "network": tuple(net), "interpreter": tuple(ref), "state": h,
                    "acted": row[6] or [], "differs": row[7] or [], "inputs": row[8] or [],
                    "jump": jump and {"blocks": jump[0], "first": unpack(jump[4], packed, fields, units)}})
    return out


def same(moment, row: dict) -> None:
    assert row["tick"] == moment.tick and row["doing"] == moment.doing
    assert row["network"] == moment.network and row["interpreter"] == moment.interpreter
    assert row["where"] == [[s.line, s.start, s.end] for s in moment.where]
    assert row["state"] == [data.number(v) for v in moment.state]
    assert row["acted"] == list(moment.acted) and row["differs"] == list(moment.differs)
    assert row["inputs"] == [data.number(x) for x in moment.inputs]
    assert (row["jump"] is None) == (moment.jump is None)
    if moment.jump is not None:
        assert row["jump"]["blocks"] == moment.jump.blocks
        for inner, inner_row in zip(moment.jump.first, row["jump"]["first"], strict=True):
            same(inner, inner_row)


@pytest.mark.parametrize(("path", "inputs", "options"), [
    ("programs/mul.rm", {"a": 9, "b": 8}, {}),
    ("programs/bb4.tm", "", {}),
    ("programs/parity.seq", "1101", {}),
    ("programs/biquad-lowpass.iir", "1 0 0 2 0.5", {"dtype": "float32"}),
], ids=["rm", "tm", "seq", "iir"])
def test_rows_of_deltas_read_back_as_every_moment(path, inputs, options):
    kind, compiled, timeline = render.record(rnnprog.load(path), inputs, **options)
    network = kind.network(compiled)
    packed = json.loads(json.dumps(data.pack(timeline, network, title="t", kind=kind.title)))
    rows = unpack(packed["moments"], packed, len(timeline.fields), network.size)
    for moment, row in zip(timeline.moments, rows, strict=True):
        same(moment, row)
    assert len(packed["W"]) == network.recurrent.nonzero and packed["units"][0][0] == network.labels[0]


def test_an_interpreter_that_differs_and_stays_put_is_kept():
    """An empty interpreter delta (it reads as before, not as the network) is not trimmed away."""
    assert data._trim([5, 0, 0, [], [], [], [], [1], [], 0]) == [5, 0, 0, [], [], [], [], [1]]
    assert data._trim([5, 0, 0, [], [], []]) == [5, 0, 0, [], []]
    assert data._trim([0, 0, 0, [], 0]) == [0]


def test_numbers_keep_integers_exact_and_floats_short():
    assert data.number(42) == 42 and data.number(3.0) == 3 and data.number(2**60) == 1.152922e18
    assert data.number(0.1 + 0.2) == 0.3 and data.number(float("inf")) == 1e308


def test_the_page_is_one_file_that_fetches_nothing():
    html = render.build(rnnprog.load("programs/mul.rm"), {"a": 2, "b": 3})
    assert html.startswith("<!DOCTYPE html>") and "{{" not in html.replace("{{data}}", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!#)""", html)  # no script, style or link fetched
    assert not re.search(r"@import|url\(|https?://|fetch\(|XMLHttpRequest", html)
    payload = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert json.loads(payload.group(1))["title"] == "mul.rm"


def test_a_string_cannot_close_the_data_script():
    program = rnnprog.parse("in a\nout a\nhalt\n# </script><script>alert(1)\n")
    html = render.build(program, {"a": 1}, keep=Keep())
    assert html.count("</script>") == 2  # the data's and the page script's own
