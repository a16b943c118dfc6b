"""Compiled-program files: round trips for every kind, and every kind of damage refused cleanly."""

from __future__ import annotations

import json
import pathlib
import pickle
import struct

import numpy as np
import pytest
import safetensors.numpy

import rnnprog
from rnnprog import artifacts, kinds
from rnnprog.errors import ArtifactError
from tests.artifacts.files import SOURCES, compiled_file, edit_metadata, join, split


def test_every_built_in_kind_has_a_source_here():
    assert set(SOURCES) == set(kinds.BUILTIN)


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_round_trip_gives_the_same_program_and_network(tmp_path, kind):
    path = compiled_file(tmp_path, kind)
    artifact = artifacts.read(path)
    assert artifact.kind == kind
    assert rnnprog.load(path) == rnnprog.load(SOURCES[kind])
    assert artifact.metadata["source"] == SOURCES[kind].read_text()
    assert json.loads(artifact.metadata["labels"]) == list(artifact.network.labels)
    stored = safetensors.numpy.load_file(str(path))
    assert all(np.array_equal(stored[k], v) for k, v in artifact.network.tensors().items())


def test_loaded_register_program_runs_like_its_source(tmp_path):
    program = rnnprog.load(compiled_file(tmp_path, "rm"))
    assert rnnprog.run(program, {"a": 2, "b": 5}).outputs == {"c": 7}


def test_loaded_machine_and_filter_run_like_their_sources(tmp_path):
    machine = rnnprog.load(compiled_file(tmp_path, "tm"))
    assert rnnprog.run(machine, "") == rnnprog.run(rnnprog.load(SOURCES["tm"]), "")
    filt = rnnprog.load(compiled_file(tmp_path, "iir"))
    x = np.linspace(-1, 1, 16)
    assert np.array_equal(rnnprog.run(filt, x).y, rnnprog.run(rnnprog.load(SOURCES["iir"]), x).y)


def test_metadata_records_format_kind_and_version(tmp_path):
    meta = artifacts.read(compiled_file(tmp_path)).metadata
    assert meta["format_version"] == artifacts.FORMAT_VERSION
    assert meta["kind"] == "rm" and meta["rnnprog_version"] == rnnprog.__version__
    assert json.loads(meta["rnn"])["nonlinearity"] == "relu"
    assert json.loads(meta["encoding"])["inputs"] == ["a", "b"]
    assert json.loads(meta["decoding"])["halt"] == "pc:halt"


def refused(path) -> str:
    """Reading must raise ArtifactError (exit code 1); returns its message."""
    with pytest.raises(ArtifactError) as info:
        artifacts.read(path)
    assert info.value.exit_code == 1
    return str(info.value)


@pytest.mark.parametrize("keep", [0, 5, 8, 20, -1])
def test_truncated_files_are_refused(tmp_path, keep):
    path = compiled_file(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[:keep] if keep >= 0 else data[:-3])
    assert "truncated" in refused(path) or "not JSON" in refused(path)


def test_header_length_past_the_end_is_refused(tmp_path):
    path = compiled_file(tmp_path)
    data = path.read_bytes()
    path.write_bytes(struct.pack("<Q", 1 << 40) + data[8:])
    assert "header length" in refused(path)


def test_header_that_lies_about_tensor_sizes_is_refused(tmp_path):
    path = compiled_file(tmp_path)
    header, body = split(path)
    header["rnn.weight_hh_l0"]["shape"] = [64, 64]  # offsets still say 16 x 16 doubles
    join(path, header, body)
    assert "needs" in refused(path)


def test_header_whose_offsets_run_past_the_data_is_refused(tmp_path):
    path = compiled_file(tmp_path)
    header, body = split(path)
    entry = header["rnn.weight_hh_l0"]
    entry["shape"] = [entry["shape"][0] * 4, entry["shape"][1]]
    begin, end = entry["data_offsets"]
    entry["data_offsets"] = [begin, begin + 4 * (end - begin)]
    join(path, header, body)
    assert "overlaps" in refused(path) or "truncated" in refused(path)


def test_overlapping_tensors_are_refused(tmp_path):
    path = compiled_file(tmp_path)
    header, body = split(path)
    header["rnn.bias_hh_l0"]["data_offsets"] = list(header["rnn.bias_ih_l0"]["data_offsets"])
    join(path, header, body)
    refused(path)


@pytest.mark.parametrize("key", ["rnn.weight_hh_l0", "source"])
def test_a_key_named_twice_in_the_header_is_refused(tmp_path, key):
    """A second entry ahead of the real one (a weight over the same bytes, or another source):
    json keeps the last copy, another reader may keep the first, so neither is trusted."""
    path = compiled_file(tmp_path)
    header, body = split(path)
    text = json.dumps(header)
    if key == "source":
        lie = json.dumps({"source": "in a b\nout c\nhalt\n"})[1:-1]
        text = text.replace('"__metadata__": {', '"__metadata__": {' + lie + ", ", 1)
    else:
        text = "{" + json.dumps({key: header[key]})[1:-1] + ", " + text[1:]
    path.write_bytes(struct.pack("<Q", len(text)) + text.encode() + body)
    assert f"`{key}` appears more than once" in refused(path)


def test_other_format_version_is_refused_naming_both_versions(tmp_path):
    path = edit_metadata(compiled_file(tmp_path), format_version="99")
    message = refused(path)
    assert "format version 99" in message and f"format version {artifacts.FORMAT_VERSION}" in message


def test_tampered_weight_is_refused_naming_the_unit(tmp_path):
    path = compiled_file(tmp_path)
    header, body = split(path)
    begin = header["rnn.weight_hh_l0"]["data_offsets"][0]
    body = body[:begin] + np.float64(5).tobytes() + body[begin + 8:]  # W[0, 0] := 5
    join(path, header, body)
    message = refused(path)
    labels = artifacts.save(SOURCES["rm"], tmp_path / "fresh.rnn").network.labels
    assert "rnn.weight_hh_l0" in message and repr(labels[0]) in message


def test_swapped_labels_are_refused_naming_the_unit(tmp_path):
    path = compiled_file(tmp_path)
    labels = json.loads(artifacts.read(path).metadata["labels"])
    labels[2], labels[3] = labels[3], labels[2]
    message = refused(edit_metadata(path, labels=json.dumps(labels)))
    assert f"unit 2 is labelled {labels[2]!r}" in message


def test_weights_of_another_shape_are_refused(tmp_path):
    path = compiled_file(tmp_path)
    tensors = safetensors.numpy.load_file(str(path))
    meta = artifacts.read(path).metadata
    tensors["rnn.weight_hh_l0"] = tensors["rnn.weight_hh_l0"][:-1]
    safetensors.numpy.save_file(tensors, str(path), metadata=meta)
    assert "shape" in refused(path) or "(15, 16)" in refused(path)


def test_tampered_source_is_refused(tmp_path):
    path = compiled_file(tmp_path)
    source = artifacts.read(path).metadata["source"]
    assert "the stored source does not parse" in refused(edit_metadata(path, source="jmp nowhere\n"))
    longer = source.replace("inc c", "inc c\n  inc c", 1)  # one more unit: labels shift
    assert "unit 4 is labelled" in refused(edit_metadata(compiled_file(tmp_path), source=longer))
    retargeted = source.replace("jz b done", "jz b ma", 1)  # same units, another jump: weights
    assert "differs" in refused(edit_metadata(compiled_file(tmp_path), source=retargeted))


@pytest.mark.parametrize("data", [b"", b"\x00" * 64, b"not a safetensors file at all, honest",
                                  struct.pack("<Q", 2) + b"[]"])
def test_garbage_is_refused(tmp_path, data):
    path = tmp_path / "garbage.rnn"
    path.write_bytes(data)
    refused(path)


def test_plain_safetensors_without_rnnprog_metadata_is_refused(tmp_path):
    path = tmp_path / "plain.rnn"
    safetensors.numpy.save_file({"w": np.zeros(3)}, str(path))
    assert "not an rnnprog compiled program" in refused(path)


class _Touch:
    """A pickle payload that creates a file when unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


def test_a_pickle_is_never_unpickled(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "evil.rnn"
    path.write_bytes(pickle.dumps(_Touch(marker)))
    refused(path)
    with pytest.raises(ArtifactError):
        rnnprog.load(path)
    assert not marker.exists()


def test_same_source_gives_the_same_bytes_that_safetensors_reads(tmp_path):
    first, second = compiled_file(tmp_path / "a"), compiled_file(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    with safetensors.safe_open(str(first), "np") as f:
        assert f.metadata()["kind"] == "rm" and "rnn.weight_hh_l0" in f.keys()


def test_a_changed_constructor_argument_is_named(tmp_path):
    """A filter file from before filters ran sequence-first: the message names the field."""
    path = compiled_file(tmp_path, "iir")
    rnn = json.loads(artifacts.read(path).metadata["rnn"])
    message = refused(edit_metadata(path, rnn=json.dumps({**rnn, "batch_first": True})))
    assert "`rnn.batch_first` is 'true' in the file, 'false' from the compiler" in message
