"""`rnnprog page`: one self-contained HTML step debugger of a run, for any kind.

`timeline` holds the kind-neutral record a kind's `timeline` method returns (and what a page
keeps of a long run), `sampling` runs a network keeping only those ticks, `generic` is the
default any kind gets, `data` packs a record as compact JSON and `render` writes the page.
"""
