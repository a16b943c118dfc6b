"""The metadata stored beside the weights: every value a string, structured ones as JSON.

Keys (all in a safetensors header's `__metadata__`, and in an ONNX file's metadata_props):

    format           "rnnprog-compiled-program"
    format_version   "1"; a reader refuses any other version, naming both
    rnnprog_version  the rnnprog that wrote the file (informational)
    kind             the name of a registered kind (kinds.all_kinds(): "rm", "seq", ...)
    source_name      the source file's name, e.g. "mul.rm"
    source           the program text, verbatim
    labels           JSON list: the label of every hidden unit, in order
    rnn              JSON: torch.nn.RNN(**rnn) arguments (input_size, hidden_size, ...)
    dtype            the stored weights' dtype ("float64" in .rnn files, "float32" in ONNX)
    ticks_per_step   network ticks per program step
    encoding         JSON: how inputs become the RNN input and h(0)
    decoding         JSON: how states become registers / tape / outputs
"""

from __future__ import annotations

import json

from rnnprog.artifacts.networks import Network
from rnnprog.errors import ArtifactError
from rnnprog.version import __version__

FORMAT = "rnnprog-compiled-program"
FORMAT_VERSION = "1"
#: Keys whose values follow from the source text and must equal a fresh compilation's.
DERIVED_KEYS = ("kind", "labels", "rnn", "dtype", "ticks_per_step", "encoding", "decoding")
REQUIRED_KEYS = ("format", "format_version", "rnnprog_version", "source_name", "source",
                 *DERIVED_KEYS)


def describe(network: Network, source: str, source_name: str) -> dict[str, str]:
    """The metadata of `network`, compiled from `source` (the text of `source_name`)."""
    dtype = str(network.rnn.weight_hh_l0.dtype).removeprefix("torch.")
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "rnnprog_version": __version__, "kind": network.kind,
            "source_name": source_name, "source": source,
            "labels": json.dumps(list(network.labels)), "rnn": json.dumps(network.config()),
            "dtype": dtype, "ticks_per_step": str(network.ticks_per_step),
            "encoding": json.dumps(network.encoding), "decoding": json.dumps(network.decoding)}


def check_format(metadata: dict[str, str], path: str) -> None:
    """Refuse files that are not rnnprog programs, of another format version, or missing keys.

    Raises:
        ArtifactError: naming the missing keys or both versions.
    """
    if metadata.get("format") != FORMAT:
        raise ArtifactError(f"{path}: not an rnnprog compiled program (its metadata has no "
                            f"format {FORMAT!r}); write one with `rnnprog compile FILE -o OUT.rnn`")
    version = metadata.get("format_version")
    if version != FORMAT_VERSION:
        writer = metadata.get("rnnprog_version", "an unknown rnnprog")
        raise ArtifactError(f"{path}: format version {version} (written by rnnprog {writer}), but "
                            f"this rnnprog {__version__} reads only format version "
                            f"{FORMAT_VERSION}; recompile the source with `rnnprog compile`")
    missing = [key for key in REQUIRED_KEYS if key not in metadata]
    if missing:
        raise ArtifactError(f"{path}: metadata lacks {', '.join(missing)}")


def compare(stored: dict[str, str], expected: dict[str, str], path: str) -> None:
    """Require every derived key to equal a fresh compilation's; labels name the first difference.

    Raises:
        ArtifactError: the first key (or unit label) that differs.
    """
    for key in DERIVED_KEYS:
        if stored[key] == expected[key]:
            continue
        if key == "labels":
            raise ArtifactError(f"{path}: {label_difference(stored[key], expected[key])}"
                                + version_note(stored))
        raise ArtifactError(f"{path}: metadata `{key}` does not match the stored source, compiled "
                            f"again: {value_difference(key, stored[key], expected[key])}"
                            + version_note(stored))


def label_difference(stored: str, expected: str) -> str:
    """Where two JSON label lists first differ, in words."""
    try:
        got = json.loads(stored)
    except ValueError:
        return "metadata `labels` is not JSON"
    want = json.loads(expected)
    if not isinstance(got, list):
        return "metadata `labels` is not a list"
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"unit {i} is labelled {a!r} in the file, {b!r} by the compiler"
    return f"the file labels {len(got)} units, the compiler makes {len(want)}"


def value_difference(key: str, stored: str, expected: str) -> str:
    """The first differing field of two JSON objects (`rnn`, `encoding`, ...) in words, else both
    values (clipped)."""
    try:
        got, want = json.loads(stored), json.loads(expected)
    except ValueError:
        got = want = None
    if isinstance(got, dict) and isinstance(want, dict):
        for field in [*want, *(name for name in got if name not in want)]:
            if got.get(field, "(missing)") != want.get(field, "(missing)"):
                return (f"`{key}.{field}` is {_clip(json.dumps(got.get(field, '(missing)')))} in the "
                        f"file, {_clip(json.dumps(want.get(field, '(missing)')))} from the compiler")
    return f"the file says {_clip(stored)}, the compiler gives {_clip(expected)}"


def version_note(metadata: dict[str, str]) -> str:
    """A hint when the file comes from another rnnprog, whose compiler may have differed."""
    writer = metadata.get("rnnprog_version")
    if writer and writer != __version__:
        return (f" (written by rnnprog {writer}, read by {__version__}: recompile the "
                "source)")
    return " (the file was changed after it was written, or is damaged)"


def _clip(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")
