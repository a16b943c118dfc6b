"""`rnnprog show --plot`: a network's recurrent weights, handed to rnnprog.plots."""

from __future__ import annotations

from pathlib import Path

import torch

from rnnprog import plots
from rnnprog.network import torch_build
from rnnprog.network.ir import Network


def save_weights(path: str, network: Network, name: str) -> None:
    """The recurrent weight matrix of any program as a labelled heatmap, units grouped by role."""
    weight = torch_build.dense(network.recurrent, torch.float64).numpy()
    plots.save_weights(path, f"{Path(name).name}: W_hh ({network.size} units)", weight,
                       network.labels, [u.role for u in network.units])
