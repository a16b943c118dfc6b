"""The docs can't go stale: every `rnnprog` command shown in README.md and in every docs/*.md page
is run and its output compared with what the docs show; the pages the README promises must exist,
and every relative link in them must point to an existing file.

The format rule (for whoever writes the docs):

- Only fenced blocks opened with ```console are read. Each block runs on its own.
- A line starting `$ ` is a command; the lines after it, up to the next `$ ` line or the block's
  end, are its expected output (stdout and stderr together, as a terminal shows them).
- `$ rnnprog ARGS...` runs in this process through click's CliRunner (ARGS split like a shell,
  no pipes or redirections), in a scratch directory that mirrors the repository root (every
  top-level entry is linked there), so relative paths like `programs/mul.rm` work and files
  a command writes (`--plot x.png`) land in the scratch directory, not in the checkout.
- `$ echo $?` expects the exit code of the previous `rnnprog` command as its output.
- `$ cat FILE` expects FILE's content (FILE relative to the repository root).
- Any other `$ ` line (e.g. `$ .venv/bin/python bench/bench_rm.py`) is skipped with its output.
- An expected line that is exactly `...` matches any number of output lines (for excerpts).
- Before comparing, both sides are normalised: durations (`87.1 ms`, `"seconds": 0.07`), rates
  (`1,234 steps/s`), the device (`cpu`/`cuda`) and the repository's absolute path are replaced
  by placeholders, and trailing spaces are dropped.
- Every command's output is compared exactly, except `rnnprog train`'s: training numbers depend
  on the CPU's floating-point kernels. Its output is compared by its structure (every word, and
  every number taken as written, exactly: lengths, counts, steps, units, seed, the `accepted`
  and `compiled` columns) and its measured numbers within the tolerances its page states in one
  sentence, `the docs test allows training numbers (losses, gradient norms, distances and errors)
  within a factor of F of the page's, or both below FLOOR, and trained percentages within P
  points` (see `Tolerance`). The measured numbers are those right after `loss`, `norm`,
  `compiled|` or `->`, and in a table those of a column headed `trained...` (percentages: points)
  or `...(worst)`/`...(median)` (errors).
"""

from __future__ import annotations

import operator
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
#: Pages that must exist: a missing one fails the tests rather than silently running fewer blocks.
REQUIRED = ["README.md", "docs/architecture.md", "docs/benchmarks.md", "docs/checking.md",
            "docs/files.md", "docs/filters.md", "docs/inspecting.md", "docs/learned.md",
            "docs/limits.md", "docs/registers.md", "docs/sequences.md", "docs/tutorial.md",
            "docs/turing.md"]
#: Every page whose console blocks run: the README, then every docs/*.md page in sorted order.
DOCS = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]
#: An inline link or image `[text](target)` or `![alt](target "title")`, and a reference
#: definition `[name]: target`.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
VOLATILE = [
    (re.compile(r"\d[\d,]*(\.\d+)? ?ms\b"), "<ms>"),
    (re.compile(r'"seconds": [0-9.e-]+'), '"seconds": <s>'),
    (re.compile(r"\d[\d,]*(\.\d+)? (instance-)?steps/s"), "<rate>"),
    (re.compile(r"\b\d+\.\d+ s\b"), "<s>"),
    (re.compile(r"\b(cpu|cuda)\b"), "<device>"),
]


def blocks(text: str) -> list[list[str]]:
    """The lines of every ```console block, in order."""
    found, current = [], None
    for line in text.splitlines():
        if current is None and line.strip() == "```console":
            current = []
        elif current is not None and line.strip() == "```":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def commands(block: list[str]) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every `$ ` line of a block."""
    out = []
    for line in block:
        if line.startswith("$ "):
            out.append((line[2:].strip(), []))
        elif out:
            out[-1][1].append(line)
    return out


def normalise(lines: list[str], root: Path = ROOT) -> list[str]:
    """The lines with `root` (the folder the commands ran in) shown as `.`, volatile numbers and
    the device as placeholders, trailing spaces and trailing blank lines dropped."""
    out = []
    for line in lines:
        line = line.replace(str(root), ".")
        for pattern, placeholder in VOLATILE:
            line = pattern.sub(placeholder, line)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected: list, actual: list[str], same=operator.eq) -> bool:
    """Line-by-line agreement (`same(expected line, actual line)`, equality unless given) where
    an expected `...` line stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:], same) for i in range(len(actual) + 1))
    return bool(actual) and same(expected[0], actual[0]) and matches(expected[1:], actual[1:], same)


#: The sentence a page with `rnnprog train` output states its tolerances in (whitespace and line
#: breaks as Markdown allows).
TOLERANCE = re.compile(r"the docs test allows training numbers \(losses, gradient norms, distances and "
                       r"errors\) within a factor of (\d+(?:\.\d+)?) of the page's, or both below "
                       r"(\d+(?:\.\d+)?(?:e-?\d+)?), and trained percentages within (\d+(?:\.\d+)?) points")
#: A number as the commands print one: 1,000 / 0.425 / 5.45e-32 / 99.0%.
NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:e[+-]?\d+)?%?")
#: The words a measured number follows, outside tables.
MEASURED_AFTER = ("loss", "norm", "compiled|", "->")


@dataclass(frozen=True)
class Tolerance:
    """How far `train` output may be from its page: measured numbers within a factor `factor`
    of the page's, or both at most `floor` in size (a loss or distance at the floating-point
    floor stays checked as such); trained percentages within `points` points."""

    factor: float
    floor: float
    points: float

    @classmethod
    def of_page(cls, doc: str) -> Tolerance | None:
        """The tolerance stated on page `doc` (README.md or docs/NAME.md), or None."""
        found = TOLERANCE.search(" ".join((ROOT / doc).read_text().split()))
        return cls(*map(float, found.groups())) if found else None

    def close(self, want: str, got: str, how: str) -> bool:
        """Whether number `got` is within this tolerance of `want`, compared as `how` says."""
        if how == "exact":
            return want == got
        a, b = (float(v.replace(",", "").rstrip("%")) for v in (want, got))
        if how == "points":
            return abs(a - b) <= self.points
        if abs(a) <= self.floor and abs(b) <= self.floor:
            return True
        return a * b > 0 and max(abs(a), abs(b)) <= self.factor * min(abs(a), abs(b))


def _line_rules(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Each expected line of a `train` output with how to compare each of its numbers (exact,
    factor or points): measured after the words of MEASURED_AFTER, or by the column's header in
    the table under a header line starting with `length`."""
    rules, columns = [], None
    for line in lines:
        words = line.split()
        if not words:
            columns = None
        elif words[0] == "length":
            columns = re.split(r"\s{2,}", line.strip())
            rules.append((line, ["exact"] * len(NUMBER.findall(line))))
            continue
        if columns is not None and len(words) == len(columns):
            hows = [("points" if value.endswith("%") else "factor") if name.startswith("trained")
                    else "factor" if name.endswith(("(worst)", "(median)")) else "exact"
                    for name, value in zip(columns, words, strict=True)]
            rules.append((line, [h for h, w in zip(hows, words, strict=True) if NUMBER.fullmatch(w)]))
            continue
        rules.append((line, ["factor" if (line[:m.start()].split() or [""])[-1] in MEASURED_AFTER
                             else "exact" for m in NUMBER.finditer(line)]))
    return rules


def agrees(doc: str, command: str, want: list[str], got: list[str]) -> bool:
    """Whether the normalised output `got` is what page `doc` shows (`want`) for `command`: line
    by line exactly, or for `rnnprog train` by structure and the page's Tolerance."""
    if shlex.split(command)[:2] != ["rnnprog", "train"]:
        return matches(want, got)
    tolerance = Tolerance.of_page(doc)
    assert tolerance, f"{doc} shows `rnnprog train` output but states no tolerance ({TOLERANCE.pattern})"

    def same(rule, line: str) -> bool:
        text, hows = rule
        skeleton = [NUMBER.sub("#", " ".join(v.split())) for v in (text, line)]
        pairs = list(zip(NUMBER.findall(text), NUMBER.findall(line), strict=False))
        return skeleton[0] == skeleton[1] and all(
            tolerance.close(w, g, how) for (w, g), how in zip(pairs, hows, strict=True))

    rules = [line if line == "..." else rule for line, rule in zip(want, _line_rules(want), strict=True)]
    return matches(rules, got, same)


def cases():
    for doc in DOCS:
        path = ROOT / doc
        for number, block in enumerate(blocks(path.read_text()), start=1):
            if any(cmd.startswith(("rnnprog ", "cat ", "echo ")) for cmd, _ in commands(block)):
                yield pytest.param(doc, block, id=f"{doc}:block{number}")


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A directory mirroring the repository root, as the working directory: every entry linked,
    except that docs/ is a folder of links whose images/ is empty, so a page's `--plot
    docs/images/x.png` writes here and never through a link into the checkout."""
    for entry in ROOT.iterdir():
        if not entry.name.startswith(".") and entry.name != "docs":
            (tmp_path / entry.name).symlink_to(entry)
    (tmp_path / "docs" / "images").mkdir(parents=True)
    for entry in (ROOT / "docs").iterdir():
        if entry.name != "images":
            (tmp_path / "docs" / entry.name).symlink_to(entry)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    return tmp_path


@pytest.mark.parametrize(("doc", "block"), list(cases()))
def test_console_block_matches_the_docs(doc, block, scratch):
    from rnnprog.cli import main  # here, so the page and link tests run even if rnnprog is broken

    runner = CliRunner()
    last_code = None
    for command, expected in commands(block):
        words = shlex.split(command)
        if words[0] == "rnnprog":
            result = runner.invoke(main, words[1:], prog_name="rnnprog")
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            actual, last_code = result.output.splitlines(), result.exit_code
        elif words == ["echo", "$?"]:
            actual = [str(last_code)]
        elif words[0] == "cat" and len(words) == 2:
            actual = (scratch / words[1]).read_text().splitlines()
        else:
            continue
        want, got = normalise(expected), normalise(actual)
        assert agrees(doc, command, want, got), (f"$ {command}\n--- the docs show:\n" + "\n".join(want)
                                    + "\n--- the command printed:\n" + "\n".join(got))


@pytest.mark.parametrize("page", REQUIRED)
def test_required_page_exists(page):
    assert (ROOT / page).is_file(), f"{page} is missing (README.md links every page of docs/)"


def prose(text: str) -> str:
    """The text outside fenced code blocks and inline code spans, where links are links."""
    kept, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return re.sub(r"`[^`]*`", "", "\n".join(kept))


def relative_links(text: str) -> list[str]:
    """Every link target in the prose that is a path (not a URL, mail address or #anchor),
    without its #fragment."""
    text = prose(text)
    targets = LINK.findall(text) + REFERENCE.findall(text)
    return [target.split("#")[0] for target in targets
            if not re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith("#")]


@pytest.mark.parametrize("doc", DOCS)
def test_relative_links_point_to_existing_files(doc):
    page = ROOT / doc
    broken = [target for target in relative_links(page.read_text())
              if not (page.parent / target).exists()]
    assert not broken, f"{doc} links to missing files: {', '.join(broken)}"


def test_the_readme_links_every_page():
    linked = {os.path.normpath(target) for target in relative_links((ROOT / "README.md").read_text())}
    missing = [doc for doc in DOCS[1:] if os.path.normpath(doc) not in linked]
    assert not missing, f"README.md does not link {', '.join(missing)}"


@pytest.mark.parametrize("name", list(__import__("rnnprog.kinds").kinds.BUILTIN))
def test_the_readme_shows_every_kind(name):
    """Every kind of the registry has a row in the README's table of kinds and a command the docs
    test runs on one of its shipped programs."""
    from rnnprog import kinds

    extension = kinds.get(name).extension
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"^\|[^\n]*\| `\{extension}` \|", readme, re.M), f"no row for {extension}"
    ran = [cmd for block in blocks(readme) for cmd, _ in commands(block)]
    assert any(re.search(rf"programs/\S+\{extension}\b", cmd) for cmd in ran), f"no {extension} example"


def test_the_format_rule_itself():
    block = ["$ rnnprog run x", "a", "...", "z", "$ echo $?", "0"]
    assert commands(block) == [("rnnprog run x", ["a", "...", "z"]), ("echo $?", ["0"])]
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"]) and not matches(["a", "z"], ["a", "b", "z"])
    assert normalise(["took 87.1 ms on cpu", '{"seconds": 0.07}']) == \
        ["took <ms> on <device>", '{"seconds": <s>}']
    assert os.sep not in normalise([str(ROOT)])[0]
    text = ("See [a](docs/a.md#x), ![i](img/p.png \"t\"), [w](https://x.org), [s](#top),\n"
            "`[code](nope.md)`\n```\n[fenced](nope.md)\n```\n[ref]: ../b.md\n")
    assert relative_links(text) == ["docs/a.md", "img/p.png", "../b.md"]


def test_train_output_is_compared_by_its_structure_and_the_pages_tolerance(tmp_path):
    page = tmp_path / "page.md"  # an absolute path: ROOT / page is the page
    page.write_text("Here the docs test allows training numbers (losses, gradient norms,\ndistances "
                    "and errors) within a factor of 2 of the page's, or both below 1e-8, and trained "
                    "percentages within 5 points.\n")
    assert Tolerance.of_page(str(page)) == Tolerance(2.0, 1e-8, 5.0)
    want = ["x.seq: recogniser; trained rnn of 9 units (compiled: 9 units), 10 Adam steps on "
            "lengths 1..20, seed 0",
            "start: the compiled weights; loss 4.59e-10, gradient norm 1.8e-09, max |w - compiled| 0",
            "loss 0.425 -> 0.0007082 in <s> (<device>)", "",
            "  length  inputs  accepted  compiled  trained",
            "      20     100       50%    100.0%    99.0%"]
    close = [want[0], "start: the compiled weights; loss 0, gradient norm 3e-09, max |w - compiled| 0",
             "loss 0.43 -> 0.0006171 in <s> (<device>)", *want[3:5],
             "      20     100       50%    100.0%   100.0%"]

    def train(expected, actual) -> bool:
        return agrees(str(page), "rnnprog train x.seq", expected, actual)

    assert train(want, close) and train(["...", *want[2:]], close)
    changes = [(0, "10 Adam", "11 Adam"), (0, "rnn", "gru"), (1, "loss 0,", "loss 1e-07,"),
               (2, "0.0006171", "0.002"), (5, "  100.0%", "   90.0%"), (5, "100.0% ", " 99.0% "),
               (5, "50%", "49%")]
    for line, old, new in changes:
        changed = [*close[:line], close[line].replace(old, new), *close[line + 1:]]
        assert not train(want, changed), (old, new)
    assert not agrees(str(page), "rnnprog run x.seq", want, close)  # every other command: exact
    filters = ["  length  signals  compiled (worst)  trained (median)  trained (worst)  trained <= 1%",
               "      64      100          1.11e-15          2.94e-02         5.17e-02             0%"]
    near = filters[1].replace("1.11e-15", "3.1e-15").replace("    0%", "    4%")
    assert train(filters, [filters[0], near])
    assert not train(filters, [filters[0], filters[1].replace("64", "65")])
