"""The built wheel works outside the repository: its examples ship inside it, `rnnprog demo` and a
`--plot` run pass in an empty folder, and every command the docs show (README.md and docs/*.md,
read as tests/test_docs.py reads them) prints what the docs say when run from the wheel in an empty
folder holding only the copied examples and the pages' own data files (the wheel is installed into
a fresh environment whose only other packages are rnnprog's dependencies, taken from this one)."""

import json
import shlex
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.test_docs import DOCS, agrees, blocks, commands, normalise

#: Built and installed once, then every docs command replayed: .ci/run runs this after `make test`.
pytestmark = pytest.mark.ci_after

ROOT = Path(__file__).resolve().parent.parent
#: Options whose value is a file the command writes: its folder is made before the docs run.
OUTPUTS = ("-o", "--output", "--onnx", "--plot", "--save")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh virtual environment with the wheel installed; returns (python, empty folder)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a copy: building writes build/ and egg-info next to the sources
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".*_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(base / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("rnnprog-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "env")], check=True)
    python = base / "env" / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                                purelib, str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    # The dependencies, without this checkout's editable rnnprog (a path added by a .pth file is
    # not itself scanned for .pth files, so the editable hook there stays off).
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()] + [sysconfig.get_paths()["purelib"]]
    (Path(purelib) / "dependencies.pth").write_text("\n".join(dict.fromkeys(ours)) + "\n")
    empty = base / "empty"
    empty.mkdir()
    return python, empty


def rnnprog(fresh, *args):
    python, folder = fresh
    return subprocess.run([str(python), "-m", "rnnprog", *args], cwd=folder, capture_output=True,
                          text=True, timeout=300)


def test_the_installed_package_is_the_wheel(fresh):
    python, folder = fresh
    where = subprocess.run([str(python), "-c", "import rnnprog; print(rnnprog.__file__)"], cwd=folder,
                           capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in where and "site-packages" in where


def test_demo_runs_from_an_empty_folder(fresh):
    result = rnnprog(fresh, "demo")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "shipped examples" in result.stdout and "weights are the program" in result.stdout


def runs(command: str) -> bool:
    """Whether tests/test_docs.py runs this `$ ` line (the others it skips, and so does this module)."""
    words = shlex.split(command)
    return words[0] == "rnnprog" or words == ["echo", "$?"] or (words[0] == "cat" and len(words) == 2)


def docs_blocks() -> list[tuple[str, int, list[tuple[str, list[str]]]]]:
    """(page, block number, [(command, expected lines)]) for every console block of the docs with a
    command that runs, numbered as tests/test_docs.py numbers them."""
    found = []
    for doc in DOCS:
        for number, block in enumerate(blocks((ROOT / doc).read_text()), start=1):
            steps = [(command, expected) for command, expected in commands(block) if runs(command)]
            if steps:
                found.append((doc, number, steps))
    return found


BLOCKS = docs_blocks()
STEPS = [pytest.param(b, s, id=f"{doc}:block{number}:{command}")
         for b, (doc, number, steps) in enumerate(BLOCKS) for s, (command, _) in enumerate(steps)]


@pytest.fixture(scope="module")
def docs_run(fresh, tmp_path_factory):
    """`rnnprog examples`, `rnnprog examples --copy programs`, then every docs command, run once from
    the wheel in a new empty folder; returns (folder, the listing's result, one list of driver
    results per block of BLOCKS)."""
    python, _ = fresh
    folder = tmp_path_factory.mktemp("docs-from-wheel")
    # docs/examples holds the pages' own input files (x.csv, rows.csv, bad.rm, ...): they belong to
    # the docs, not to the package, so the wheel does not ship them; a reader has them beside the page.
    shutil.copytree(ROOT / "docs" / "examples", folder / "docs" / "examples")
    for _, _, steps in BLOCKS:
        for command, _ in steps:
            words = shlex.split(command)
            for option, value in zip(words, words[1:]):
                if option in OUTPUTS:  # the repository has the folder (docs/images, say); here make it
                    (folder / value).parent.mkdir(parents=True, exist_ok=True)
    # One process for all of them (one per command would pay torch's import ~60 times): the driver
    # runs each through click's CliRunner, as tests/test_docs.py does; -I keeps the checkout off sys.path.
    setup = ["rnnprog examples", "rnnprog examples --copy programs"]
    sent = [setup] + [[command for command, _ in steps] for _, _, steps in BLOCKS]
    reply = tmp_path_factory.mktemp("driver") / "results.json"
    driver = ROOT / "tests" / "wheel_driver.py"
    done = subprocess.run([str(python), "-I", str(driver), str(reply)], cwd=folder, capture_output=True,
                          input=json.dumps({"repo": str(ROOT), "blocks": sent}), text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    answer = json.loads(reply.read_text())
    assert str(ROOT) not in answer["rnnprog"] and "site-packages" in answer["rnnprog"], answer["rnnprog"]
    (listed, copied), *results = answer["results"]
    assert copied["code"] == 0 and copied["error"] is None, copied
    assert [len(r) for r in results] == [len(steps) for _, _, steps in BLOCKS]
    return folder, listed, results


def test_examples_copy_and_a_plot(docs_run):
    """`rnnprog examples` lists the shipped programs, `--copy` copies them out (checked in docs_run),
    and every file a docs `--plot` command wrote from the wheel is a real PNG (matplotlib works)."""
    folder, listed, _ = docs_run
    assert listed["code"] == 0 and "mul.rm" in "\n".join(listed["output"]), listed
    plots = [folder / value for _, _, steps in BLOCKS for command, _ in steps
             for option, value in zip(shlex.split(command), shlex.split(command)[1:]) if option == "--plot"]
    assert plots, "no docs command writes a --plot"
    for png in plots:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000, png


@pytest.mark.parametrize(("block", "step"), STEPS)
def test_docs_command_from_the_wheel(docs_run, block, step):
    """The command prints what its docs page shows (and `echo $?` the exit code the page shows), run
    from the installed wheel in an empty folder, normalised and compared as tests/test_docs.py
    normalises and compares (`train` output by its structure and its page's tolerances)."""
    folder, _, results = docs_run
    doc, number, steps = BLOCKS[block]
    command, expected = steps[step]
    got = results[block][step]
    assert got["error"] is None, f"{doc} block {number}: $ {command} raised:\n{got['error']}"
    want, actual = normalise(expected, folder), normalise(got["output"], folder)
    assert agrees(doc, command, want, actual), (f"{doc} block {number}: $ {command}\n--- the docs show:\n"
                                   + "\n".join(want) + "\n--- the wheel printed:\n" + "\n".join(actual))
