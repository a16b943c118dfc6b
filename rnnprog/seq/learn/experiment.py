"""The experiment: train on short inputs, then score the compiled network (run through
rnnprog.seq.runtime) and the trained one on the same fresh inputs at each test length.

Accuracy is whole-sequence exact: the end verdict for a recogniser; for a synchronous program
every per-tick output (and, for the compiled network, how the run ended).
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field

import torch

from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.ir import ACCEPTED
from rnnprog.seq.learn import data, model
from rnnprog.seq.runtime import run_batch


@dataclass
class Row:
    """One test length: inputs, the share accepted, and both accuracies (0..1)."""

    length: int
    samples: int
    accepted: float
    compiled: float
    trained: float


@dataclass
class Report:
    program: str
    task: str
    cell: str
    hidden: int
    compiled_units: int
    steps: int
    seed: int
    train_lengths: tuple[int, int]
    first_loss: float
    last_loss: float
    seconds: float
    rows: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def table(self) -> str:
        """The plain-text table the command prints."""
        lo, hi = self.train_lengths
        lines = [f"{self.program}: {self.task}; trained {self.cell} of {self.hidden} units "
                 f"(compiled: {self.compiled_units} units), {self.steps} Adam steps on lengths "
                 f"{lo}..{hi}, seed {self.seed}",
                 f"loss {self.first_loss:.4f} -> {self.last_loss:.4f} in {self.seconds:.1f} s",
                 "", f"{'length':>8} {'inputs':>7} {'accepted':>9} {'compiled':>9} {'trained':>8}"]
        for r in self.rows:
            lines.append(f"{r.length:>8} {r.samples:>7} {r.accepted:>9.0%} {r.compiled:>9.1%} "
                         f"{r.trained:>8.1%}")
        return "\n".join(lines)


def compiled_correct(compiled: CompiledSeq, examples: list[data.Example], mode: str) -> list[bool]:
    """Run the compiled network (float32 stock nn.RNN) on every input; is each one right?"""
    if not examples:
        return []
    batch = run_batch(compiled, [e.text for e in examples], dtype="float32")
    if mode == data.RECOGNISER:
        return [(r.end == ACCEPTED) == e.accepted for r, e in zip(batch.results, examples, strict=True)]
    truth = [data.interpret(compiled.program, e.text) for e in examples]
    return [r.outputs == t.outputs and r.end == t.end for r, t in zip(batch.results, truth, strict=True)]


def trained_correct(learner: model.Learner, examples: list[data.Example]) -> list[bool]:
    predictions = model.predict(learner, [e.text for e in examples])
    if learner.mode == data.RECOGNISER:
        return [p == e.accepted for p, e in zip(predictions, examples, strict=True)]
    return [p == e.ticks for p, e in zip(predictions, examples, strict=True)]


def _mean(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def training_pool(program, positives, lengths: tuple[int, int], size: int, rng) -> list[data.Example]:
    """`size` labelled inputs, lengths uniform over the training range."""
    lo, hi = lengths
    if positives is None:
        return [data.label(program, data.uniform(program, rng.randint(lo, hi), rng)) for _ in range(size)]
    return [data.one(program, positives, rng.randint(lo, hi), k % 2 == 0, rng) for k in range(size)]


def run(compiled: CompiledSeq, *, name: str, cell: str = "rnn", hidden: int | None = None,
        steps: int = 1000, seed: int = 0, train_lengths: tuple[int, int] = (1, 20),
        test_lengths: tuple[int, ...] = (20, 200, 2000), samples: int = 100, pool: int = 2000,
        batch: int = 32, lr: float = 0.01) -> tuple[Report, model.Learner]:
    """Train a fresh model (seeded, deterministic on CPU), then score both networks per length."""
    program, mode = compiled.program, data.task(compiled.program)
    if mode is None:
        raise ValueError("train handles recognisers (no outputs) and synchronous programs "
                         "(an output on every input tick)")
    began = time.perf_counter()
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(seed)
    positives = data.Positives(program) if mode == data.RECOGNISER else None
    examples = training_pool(program, positives, train_lengths, pool, rng)
    hidden = hidden or compiled.network.size
    learner = model.Learner(cell, program.symbols, hidden, model.classes_of(program.outputs), mode)
    training = model.train(learner, examples, steps=steps, seed=seed, batch=batch, lr=lr)
    learner.eval()
    report = Report(name, mode, cell, hidden, compiled.network.size, steps, seed, train_lengths,
                    training.first_loss, training.last_loss, 0.0)
    for length in test_lengths:
        held = data.sample(program, positives, length, samples, rng)
        report.rows.append(Row(length, len(held), _mean([e.accepted for e in held]),
                               _mean(compiled_correct(compiled, held, mode)),
                               _mean(trained_correct(learner, held))))
    report.seconds = time.perf_counter() - began
    return report, learner
