"""The built wheel works outside the repository: its examples ship inside it, `rnnprog demo` and a
`--plot` run pass in an empty folder (the wheel is installed into a fresh environment whose only
other packages are rnnprog's dependencies, taken from this one)."""

import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


def test_examples_copy_and_a_plot(fresh):
    listed = rnnprog(fresh, "examples")
    assert listed.returncode == 0 and "mul.rm" in listed.stdout
    assert rnnprog(fresh, "examples", "--copy", "programs").returncode == 0
    result = rnnprog(fresh, "run", "programs/mul.rm", "a=3", "b=2", "--plot", "run.png")
    assert result.returncode == 0, result.stderr
    png = fresh[1] / "run.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
