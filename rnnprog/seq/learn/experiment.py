"""The experiment: train on short inputs, then score the compiled network (run through
rnnprog.seq.runtime) and the trained one on the same fresh inputs at each test length.

Accuracy is whole-sequence exact: the end verdict for a recogniser; for a synchronous program
every per-tick output (and, for the compiled network, how the run ended).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from rnnprog.learn import loop, report
from rnnprog.learn.options import Lengths, TrainOptions
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.ir import ACCEPTED
from rnnprog.seq.learn import data, model
from rnnprog.seq.runtime import run_batch


@dataclass
class Row:
    """One test length: inputs, the share accepted, and both accuracies (0..1; the trained one
    nan when training diverged)."""

    length: int
    samples: int
    accepted: float
    compiled: float
    trained: float


class Report(report.Report):
    def table(self) -> str:
        """The plain-text table the command prints."""
        lines = [*self.header("lengths"), "",
                 f"{'length':>8} {'inputs':>7} {'accepted':>9} {'compiled':>9} {'trained':>8}"]
        for r in self.rows:
            trained = f"{r.trained:.1%}" if math.isfinite(r.trained) else "diverged"
            lines.append(f"{r.length:>8} {r.samples:>7} {r.accepted:>9.0%} {r.compiled:>9.1%} "
                         f"{trained:>8}")
        return "\n".join(lines)


def compiled_correct(compiled: CompiledSeq, examples: list[data.Example], mode: str,
                     device=None) -> list[bool]:
    """Run the compiled network (float32 stock nn.RNN) on every input; is each one right?"""
    if not examples:
        return []
    batch = run_batch(compiled, [e.text for e in examples], dtype="float32", device=device)
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


#: The kind's default training and test lengths (`rnnprog train` without the options), and the
#: longest: drawing accepted inputs of length L walks every configuration reachable in L ticks
#: (3 s at L = 2000 for anbn.seq, 13 s for anbncn.seq, growing faster than L^2), and a training
#: pool draws many lengths.
LENGTHS = Lengths(train=(1, 20), test=(20, 200, 2000), max_train=200, max_test=5000)


def run(compiled: CompiledSeq, *, name: str, options: TrainOptions, pool: int = 2000,
        progress: bool | None = False) -> tuple[Report, model.Learner]:
    """Train a model (seeded, deterministic), from random or compiled weights, then score both
    networks on the same fresh inputs per test length."""
    program, mode = compiled.program, data.task(compiled.program)
    if reason := data.refusal(program):
        raise ValueError(reason)
    options = options.checked(compiled.network.size, LENGTHS)
    lengths = options.train_lengths
    began = time.perf_counter()
    hidden = options.hidden or compiled.network.size
    with loop.session(options.seed, options.device, options.batch * hidden) as device:
        rng = random.Random(options.seed)
        positives = data.Positives(program) if mode == data.RECOGNISER else None
        examples = training_pool(program, positives, lengths, pool, rng)
        learner = model.Learner(options.cell, program.symbols, hidden, model.classes_of(program.outputs),
                                mode, data.accepts_early(program)).to(device)
        draws = random.Random(options.seed)
        draw = lambda: [draws.choice(examples) for _ in range(options.batch)]  # noqa: E731
        start, training = loop.train(learner, compiled, options, model.loss, examples[:256], draw,
                                     progress)
        learner.eval()
        out = Report(name, mode, options.cell, hidden, compiled.network.size, options.steps,
                     options.seed, lengths, training.first_loss, training.last_loss, 0.0, start,
                     device.type, training.diverged, losses=training.losses)
        for length in options.test_lengths:
            held = data.sample(program, positives, length, options.samples, rng)
            trained = math.nan if training.diverged else _mean(trained_correct(learner, held))
            out.rows.append(Row(length, len(held), _mean([e.accepted for e in held]),
                                _mean(compiled_correct(compiled, held, mode, device)), trained))
    out.seconds = time.perf_counter() - began
    return out, learner
