"""Write a page: the template with its style, script and data inlined, so it opens from disk.

Nothing on the page is fetched: no server, no network, no CDN. The data is JSON in a
`<script type="application/json">` element, with `</` written `<\\/` so no string can close it.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

from rnnprog import kinds
from rnnprog.page import data
from rnnprog.page.timeline import Keep, Timeline


def asset(name: str) -> str:
    """The text of one of the page's files (rnnprog/page/assets/)."""
    return resources.files("rnnprog.page").joinpath("assets", name).read_text(encoding="utf-8")


def page(timeline: Timeline, network, *, title: str, kind: str) -> str:
    """The page's HTML for a timeline and the network it ran."""
    packed = json.dumps(data.pack(timeline, network, title=title, kind=kind), separators=(",", ":"),
                        ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    heading = f"{title} · {timeline.inputs}"
    return (asset("page.html")
            .replace("{{title}}", html.escape(heading))
            .replace("{{style}}", asset("page.css"))
            .replace("{{script}}", asset("page.js"))
            .replace("{{data}}", packed))


def build(program, inputs=None, *, title: str | None = None, max_steps: int | None = None,
          dtype: str | None = None, keep: Keep | None = None, **options) -> str:
    """The page of one run of `program` (a Program or compiled program of any kind) on `inputs`
    (as `rnnprog.run` takes them, or None for the kind's default input).

    Args:
        title: the page's heading (default: the program's file name, or its kind's title).
        options: the kind's own (`accelerate=False` for register programs, `head=` for Turing
            machines).
    Raises:
        InputError, PrecisionError, DeviceError: as a run of the program would.
    """
    kind, compiled, timeline = record(program, inputs, max_steps=max_steps, dtype=dtype, keep=keep,
                                      **options)
    path = getattr(kind.program_of(compiled), "path", None)
    if title is None:
        title = Path(path).name if path and path != "<string>" else kind.title
    return page(timeline, kind.network(compiled), title=title, kind=kind.title)


def record(program, inputs=None, *, max_steps: int | None = None, dtype: str | None = None,
           keep: Keep | None = None, **options):
    """(kind, compiled program, Timeline) of one run, through the Kind protocol."""
    kind = kinds.of(program)
    compiled = kind.compile(program)
    timeline = kind.timeline(compiled, inputs, max_steps=max_steps, dtype=dtype, keep=keep, **options)
    return kind, compiled, timeline


def iframe(page_html: str, *, height: int = 720) -> str:
    """The page inside an `<iframe srcdoc=...>`, for a notebook's output cell: its script and
    style stay inside the frame (`IPython.display.HTML(iframe(html))`)."""
    return (f'<iframe srcdoc="{html.escape(page_html, quote=True)}" style="width:100%;'
            f'height:{height}px;border:1px solid #999" title="rnnprog page"></iframe>')
