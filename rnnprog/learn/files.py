"""A trained model as a safetensors file: its weights, and under one metadata key the JSON that
rebuilds its shape (cell, hidden units, symbols...)."""

from __future__ import annotations

import json

from rnnprog import outputs
from rnnprog.errors import ArtifactError


def save(model, path: str, key: str, shape: dict) -> None:
    """Write `model`'s state and `shape` (JSON under `key`) to `path`, in place: through a link
    to its target, and never over a folder, device or FIFO (see rnnprog.outputs).

    Raises:
        RnnprogError: the path cannot be written.
    """
    from safetensors.torch import save as serialise

    data = serialise({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()},
                     metadata={key: json.dumps(shape)})
    outputs.write_bytes(path, data)


def load(path: str, key: str) -> tuple[dict, dict]:
    """(shape, state) of a file written by `save` with the same `key`.

    Raises:
        ArtifactError: unreadable, not safetensors, or saved for another kind of model.
    """
    from safetensors import SafetensorError, safe_open
    from safetensors.torch import load_file

    try:
        with safe_open(path, "pt") as handle:
            meta = handle.metadata() or {}
        state = load_file(path)
    except (OSError, SafetensorError) as error:
        raise ArtifactError(f"{path}: not a readable safetensors model ({error})") from None
    if key not in meta:
        raise ArtifactError(f"{path}: not a model saved by `rnnprog train` for this kind "
                            f"(no {key!r} metadata)")
    return json.loads(meta[key]), state
