"""Run a compiled sequence program on a batch of inputs: the stock nn.RNN in chunks of ticks
(float32/float64, CPU or CUDA) or the exact ticker (Python integers), each row to its own end.

Rows of different lengths are padded with the end symbol, which every row reads after its input
anyway; a row ends at the first tick no rule fires (rejected), an accept state is entered, or its
budget (input length + max_steps) is spent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from rnnprog import device as devices
from rnnprog.device import EXACT_INTEGER_LIMIT, torch_dtype
from rnnprog.errors import plural
from rnnprog.network import exact, kernels, runner, torch_build
from rnnprog.seq import decode, endticks
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.interpret import DEFAULT_MAX_STEPS
from rnnprog.seq.ir import ACCEPTED, REJECTED, RUNNING, symbols_of

#: Counters must stay below these (every integer below is exact in the dtype); tests lower them.
LIMIT = {name: EXACT_INTEGER_LIMIT[name] for name in ("float32", "float64")}
#: Elements of the (ticks, batch, units) output one chunk may materialise, and its longest span.
CHUNK_ELEMENTS = 1 << 21
MAX_CHUNK_TICKS = 4096


@dataclass(frozen=True)
class Result:
    """One row's run: the emitted symbols, how it ended, ticks run, input length, the final
    state (None once rejected) and counters, and where it ran."""

    outputs: tuple[str, ...]
    end: str
    ticks: int
    length: int
    state: str | None
    counters: dict[str, int] = field(default_factory=dict)
    units: int = 0
    device: str = "cpu"
    dtype: str = "float32"

    @property
    def halted(self) -> bool:
        return self.end != RUNNING

    def __str__(self) -> str:
        return f"{' '.join(self.outputs) or '(no output)'}; {self.end} after {plural(self.ticks, 'tick')}"


@dataclass
class Batch:
    """Results per row, and with `record` each row's hidden states (ticks + 1, H)."""

    results: list[Result]
    states: list[np.ndarray] | None
    seconds: float


@dataclass
class _Row:
    codes: np.ndarray
    budget: int
    emitted: list = field(default_factory=list)
    states: list = field(default_factory=list)
    final: object = None
    ticks: int = 0
    end: str = RUNNING
    stop: int = 0  # the batched phase runs up to this tick
    start: list | None = None  # h(0), or where a row handed back by the fast-forward stands


def run_batch(compiled: CompiledSeq, inputs: list, *, dtype: str | None = None, device=None,
              max_steps: int | None = None, record: bool = False, accelerate: bool = True) -> Batch:
    """Run every input (strings or symbol lists) to its end; one batch through the network.

    Args:
        accelerate: fast-forward the ticks after the input (rnnprog.seq.endticks) for rows
            that run on once the input is spent; the same outputs, ends, ticks and precision
            errors. Off with `record` (every state is kept) and where asked.
    Raises:
        InputError: a symbol outside the alphabet. PrecisionError: a counter could reach the
            float dtype's exact limit (2^24 for float32, 2^53 for float64) in this run.
    """
    began = time.perf_counter()
    program = compiled.program
    dtype = devices.resolve_dtype(dtype or "float32")
    extra = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    read = _reader(program)
    rows = [_Row(codes, len(codes) + extra) for codes in map(read, inputs)]
    fast = accelerate and not record
    # Batched ticks up to `stop` per row: the input (and one tick, so an empty input's state is
    # one a rule fired into), plus HANDOFF_TICKS end ticks in a batch too large to go row by row.
    handoff = 0 if len(rows) <= ENDTICK_ROWS or dtype == "exact" else HANDOFF_TICKS
    for row in rows:
        row.stop = min(row.budget, max(1, len(row.codes)) + handoff) if fast else row.budget
    if dtype == "exact":
        for row in rows:
            _exact_row(compiled, row, record)
        where = "cpu"
    else:
        dev = devices.resolve_device(device)
        _float_rows(compiled, rows, dtype, dev, record)
        where = dev.type
    if fast:
        for row in rows:
            if row.end == RUNNING and row.ticks < row.budget:
                _end_ticks(compiled, row, dtype, device)
    results = [_result(compiled, row, where, dtype) for row in rows]
    states = [np.array(row.states, dtype=object) if dtype == "exact" else np.concatenate(row.states)
              for row in rows] if record else None
    return Batch(results, states, time.perf_counter() - began)


#: Batches of at most this many rows fast-forward every end tick, row by row; the rows of a
#: larger batch first run HANDOFF_TICKS end ticks batched (most rows end within a few).
ENDTICK_ROWS = 16
HANDOFF_TICKS = 4096


#: End ticks the fast-forward computes one by one without a jump before the row goes back to
#: the plain ticker (a loop that emits a symbol every tick is never jumped).
ENDTICK_STALL = 4096


def _end_ticks(compiled: CompiledSeq, row: _Row, dtype: str, device) -> None:
    """Go on from a running row's state after its input with certified jumps (endticks); a row
    that finds no loop to jump goes on in the plain network from where it stands."""
    limit = None if dtype == "exact" else LIMIT[dtype]
    engine = endticks.EndAccelerator(compiled, limit, dtype)
    start = [int(round(float(v))) for v in row.final]
    done = engine.run(start, row.budget - row.ticks, stall=ENDTICK_STALL)
    row.emitted.extend(engine.emitted)
    row.ticks += done.ticks
    row.final = done.final if dtype == "exact" else np.array(done.final, dtype=np.float64)
    if done.halted:
        y = engine.readouts({i: v for i, v in enumerate(done.final) if v})
        row.end = ACCEPTED if 2 * y[engine.outputs] > 1 else REJECTED
    elif done.stalled:
        rest = _Row(np.zeros(0, dtype=np.int64), row.budget - row.ticks, stop=row.budget - row.ticks,
                    start=list(done.final))
        if dtype == "exact":
            _exact_row(compiled, rest, False)
        else:
            _float_rows(compiled, [rest], dtype, devices.resolve_device(device), False)
        row.emitted.extend(rest.emitted)
        row.ticks += rest.ticks
        row.final, row.end = rest.final, rest.end


def _reader(program):
    """input -> its symbol columns (int64): an ASCII string through a 256-entry table (one numpy
    look-up, not a Python step per symbol), anything else, or a string with a symbol outside
    the alphabet (for its error), through ir.symbols_of."""
    column = {s: j for j, s in enumerate(program.symbols)}
    table = np.full(256, -1, dtype=np.int64)
    table[[i for i in range(128) if chr(i).isspace()]] = -2  # read as nothing, like symbols_of
    single = all(len(s) == 1 and s.isascii() for s in program.alphabet)
    for s in program.alphabet if single else ():
        table[ord(s)] = column[s]

    def read(text) -> np.ndarray:
        if single and isinstance(text, str) and text.isascii():
            codes = table[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
            if not (codes == -1).any():
                return codes[codes >= 0]
        return np.array([column[s] for s in symbols_of(program, text)], dtype=np.int64)
    return read


def _h0(compiled: CompiledSeq) -> list[int]:
    h = [0] * compiled.network.size
    h[compiled.layout.init] = 1
    return h


def _ending(y: list, outputs: int) -> tuple[int, str | None]:
    """From a readout (out rows, accept, fired): the output row (-1 none) and the end, if any."""
    emitted = next((i for i in range(outputs) if y[i] > 0.5), -1)
    end = ACCEPTED if y[outputs] > 0.5 else REJECTED if y[outputs + 1] < 0.5 else None
    return emitted, end


def _exact_row(compiled: CompiledSeq, row: _Row, record: bool) -> None:
    """h(t) = max(0, W h(t-1) + U x(t) + b) in Python integers, tick by tick."""
    network, end_column = compiled.network, len(compiled.program.symbols) - 1
    table, feeds, readout = exact.rows(network), network.input.rows, network.readout.rows
    outputs = len(compiled.program.outputs)
    h = row.start or _h0(compiled)
    row.states = [h] if record else []
    x = [0] * network.input.shape[1]
    while row.ticks < row.stop:
        j = int(row.codes[row.ticks]) if row.ticks < len(row.codes) else end_column
        x[j] = 1
        h = exact.tick_with_input(table, feeds, h, x)
        x[j] = 0
        row.ticks += 1
        if record:
            row.states.append(h)
        emitted, end = _ending([sum(w * h[i] for i, w in r) for r in readout], outputs)
        row.emitted.append(emitted)
        if end is not None:
            row.end = end
            break
    row.final = h


def _modules(compiled: CompiledSeq, dtype: str, dev: torch.device):
    """The stock nn.RNN, the readout nn.Linear and the counter map (C, H), cached per dtype/device."""
    network = compiled.network
    key = ("seq-modules", dtype, str(dev))
    if key not in network.cache:
        count = torch_build.dense(compiled.count, torch_dtype(dtype), dev)
        network.cache[key] = (torch_build.module(network, dtype, dev),
                              torch_build.build_readout(network, dtype, dev), count)
    return network.cache[key]


def safe_ticks(compiled: CompiledSeq, count: torch.Tensor, h: torch.Tensor, dtype: str) -> int:
    """How many ticks every counter stays below LIMIT[dtype]: a counter grows by at most 1 a
    tick, so from the largest value m it is LIMIT - 1 - m.

    Raises:
        PrecisionError: not one more tick is safe (the message names the counter and the fix).
    """
    if not count.shape[0]:
        return MAX_CHUNK_TICKS
    values = (count @ h.t()).max(1).values  # (C,): each counter's largest value after the last tick
    biggest = int(values.max().item())
    room = LIMIT[dtype] - 1 - biggest
    if room < 1:
        name = compiled.program.counters[int(values.argmax())]
        raise endticks.counter_error(name, biggest, LIMIT[dtype], dtype)
    return room


def _float_rows(compiled: CompiledSeq, rows: list[_Row], dtype: str, dev: torch.device,
                record: bool) -> None:
    """Advance the running rows chunk by chunk through the stock module, x(t) one-hot."""
    rnn, readout, count = _modules(compiled, dtype, dev)
    network, outputs = compiled.network, len(compiled.program.outputs)
    size, width, end_column = network.size, network.input.shape[1], len(compiled.program.symbols) - 1
    h = torch.tensor([row.start or _h0(compiled) for row in rows], dtype=torch_dtype(dtype), device=dev)
    if record:
        for row in rows:
            row.states.append(h[:1].cpu().numpy())
    start = h.cpu().numpy()
    for b, row in enumerate(rows):
        row.final = start[b]  # a row with no tick to run (a budget of 0) ends here
    active, tick = np.array([i for i, row in enumerate(rows) if row.stop > 0], dtype=np.int64), 0
    h = h[torch.from_numpy(active).to(dev)]
    padded = _padded_codes(rows, end_column)  # (B, longest input), the end symbol after each
    cap = (runner.CUDA_CHUNK_ELEMENTS if dev.type == "cuda" else CHUNK_ELEMENTS) // size
    while active.size:
        most = max(rows[i].stop for i in active) - tick
        span = min(most, MAX_CHUNK_TICKS, max(1, cap // len(active)), safe_ticks(compiled, count, h, dtype))
        codes = np.full((span, active.size), end_column, dtype=np.int64)
        part = padded[active, tick:tick + span].T
        codes[:len(part)] = part
        x = torch.nn.functional.one_hot(torch.from_numpy(codes).to(dev), width).to(h.dtype)
        with torch.no_grad(), devices.cpu_threads(runner.CPU_TICK_THREADS if dev.type == "cpu" else None):
            out, _ = kernels.stock(rnn, x, h.unsqueeze(0))  # (T, B, H)
            y = readout(out)  # (T, B, outputs + 2)
        done = _chunk_ends(rows, active, tick, y, out, outputs, record)
        keep = ~done
        h, active, tick = out[-1][torch.from_numpy(keep).to(dev)], active[keep], tick + span


def _padded_codes(rows: list[_Row], end_column: int) -> np.ndarray:
    """Every row's symbol columns in one array (B, longest), padded with the end symbol."""
    longest = max((len(row.codes) for row in rows), default=0)
    padded = np.full((len(rows), longest), end_column, dtype=np.int16 if end_column < 2**15 else np.int64)
    for b, row in enumerate(rows):
        padded[b, :len(row.codes)] = row.codes
    return padded


def _chunk_ends(rows, active, tick: int, y: torch.Tensor, out: torch.Tensor, outputs: int,
                record: bool) -> np.ndarray:
    """Book one chunk into each row (emitted symbols, states) and end the rows that ended; the
    ended rows' final states come off the device in one copy."""
    span = y.shape[0]
    y = y.cpu().numpy()
    level = y[:, :, :outputs]
    emitted = np.where(level.max(2, initial=0) > 0.5, level.argmax(2) if outputs else -1, -1)
    ended = (y[:, :, outputs] > 0.5) | (y[:, :, outputs + 1] < 0.5)  # (T, B)
    budgets = np.array([rows[i].stop for i in active])
    ended |= (tick + 1 + np.arange(span))[:, None] >= budgets[None, :]
    first = np.where(ended.any(0), ended.argmax(0), -1)
    upto = np.where(first >= 0, first + 1, span)
    states = out.cpu().numpy() if record else None
    for b, i in enumerate(active.tolist()):
        row = rows[i]
        if outputs:  # a program without outputs emits nothing: no list of -1 per tick
            row.emitted.extend(emitted[:upto[b], b].tolist())
        if record:
            row.states.append(states[:upto[b], b])
        row.ticks = tick + int(upto[b])
    which = np.flatnonzero(first >= 0)
    if which.size:
        at = torch.from_numpy(first[which]).to(out.device)
        finals = out[at, torch.from_numpy(which).to(out.device)].cpu().numpy()
        for n, b in enumerate(which.tolist()):
            a, fired = y[first[b], b, outputs], y[first[b], b, outputs + 1]
            row = rows[active[b]]
            row.end = ACCEPTED if a > 0.5 else REJECTED if fired < 0.5 else RUNNING
            row.final = finals[n]
    return first >= 0


def _result(compiled: CompiledSeq, row: _Row, where: str, dtype: str) -> Result:
    program = compiled.program
    values = decode.integers(row.final)
    step = decode.decode(compiled, row.final)
    counters = decode.apply(compiled.count, values) if values is not None else []
    names = program.outputs
    return Result(tuple(names[e] for e in row.emitted if e >= 0), row.end, row.ticks,
                  len(row.codes), None if step is None else step.state,
                  dict(zip(program.counters, counters)), compiled.network.size, where, dtype)
