"""Edits that doctor a real ONNX export in exact, named ways, each with the refusal it must get.

Each edit takes a loaded ModelProto (an export of programs/mul.rm) and changes one thing in
place; EDITS pairs it with a regular expression the `error:` line must match.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import rnnprog
from rnnprog.artifacts import onnx_export
from tests.artifacts.files import PROGRAMS

#: How a duplicated value is reported, whatever name torch's exporter gave it.
TWICE = r"`[^`]+` is defined 2 times"


def export(path, source=PROGRAMS / "mul.rm"):
    """Export `source` to the ONNX file `path`; returns `path`."""
    onnx_export.export(rnnprog.load(source), source.read_text(), source.name, str(path))
    return path


def edited(model, name: str):
    """A copy of `model` with the edit called `name` applied."""
    model = copy.deepcopy(model)
    {edit.__name__: edit for edit, _ in EDITS}[name](model)
    return model


def rnn_node(model):
    return next(node for node in model.graph.node if node.op_type == "RNN")


def initializer(model, name):
    return next(t for t in model.graph.initializer if t.name == name)


def recurrent(model):
    """The initializer the RNN node reads as R."""
    return initializer(model, rnn_node(model).input[2])


def doubled(model):
    """R with every entry doubled, under R's name (mul a=6 b=7 would print 84 or overflow)."""
    tensor = recurrent(model)
    return numpy_helper.from_array(numpy_helper.to_array(tensor) * 2, tensor.name)


def tampered_copy_first(model):
    """Issue 20's attack: a doubled copy of R before the real one. Readers disagree on which copy
    of a name counts (the old check read one, onnxruntime ran the other and printed c = 84)."""
    originals = [doubled(model), *model.graph.initializer]
    del model.graph.initializer[:]
    model.graph.initializer.extend(originals)


def tampered_copy_last(model):
    model.graph.initializer.append(doubled(model))


def identical_copy(model):
    model.graph.initializer.append(copy.deepcopy(recurrent(model)))


def constant_shadows_weight(model):
    model.graph.node.insert(0, helper.make_node("Constant", [], [recurrent(model).name],
                                                value=doubled(model)))


def initializer_shadows_input(model):
    model.graph.initializer.append(numpy_helper.from_array(np.ones((1, 1, 23), np.float32), "h0"))


def input_replaced_by_initializer(model):
    del model.graph.input[1]
    initializer_shadows_input(model)


def sparse_copy(model):
    values = numpy_helper.to_array(recurrent(model)).ravel() * 2
    where = np.flatnonzero(values)
    model.graph.sparse_initializer.append(helper.make_sparse_tensor(
        numpy_helper.from_array(values[where], recurrent(model).name),
        numpy_helper.from_array(where.astype(np.int64), "where"), [1, 23, 23]))


def external_data(model):
    tensor = recurrent(model)
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    entry = tensor.external_data.add()
    entry.key, entry.value = "location", "../../../dev/zero"


def local_function(model):
    model.functions.append(helper.make_function("evil", "RNN", ["X"], ["Y"], [
        helper.make_node("Identity", ["X"], ["Y"])], [helper.make_opsetid("", 17)]))


def training_info(model):
    model.training_info.add().initialization.CopyFrom(helper.make_graph([], "init", [], []))


def opset_99(model):
    model.opset_import[0].version = 99


def ir_version_99(model):
    model.ir_version = 99


def node_domain(model):
    rnn_node(model).domain = "evil"


def output_renamed(model):
    model.graph.output[0].name = "states2"


def output_removed(model):
    del model.graph.output[2]


def input_added(model):
    model.graph.input.append(helper.make_tensor_value_info("y", TensorProto.FLOAT, [1]))


def fixed_length(model):
    axis = model.graph.input[0].type.tensor_type.shape.dim[0]
    axis.Clear()
    axis.dim_value = 5


def double_input(model):
    model.graph.input[0].type.tensor_type.elem_type = TensorProto.DOUBLE


def node_added(model):
    model.graph.node.append(helper.make_node("Identity", ["h_n"], ["extra"]))


def nodes_reversed(model):
    nodes = list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(reversed(nodes))


def readout_reads_w(model):
    matmul = next(node for node in model.graph.node if node.op_type == "MatMul")
    matmul.input[1] = rnn_node(model).input[1]


def node_renamed(model):
    rnn_node(model).name = "elsewhere"


def weight_changed(model):
    tensor = recurrent(model)
    values = numpy_helper.to_array(tensor).copy()
    values[0, 3, 4] += 1
    tensor.CopyFrom(numpy_helper.from_array(values, tensor.name))


def weight_float64(model):
    tensor = recurrent(model)
    tensor.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(tensor).astype(np.float64),
                                            tensor.name))


def weight_huge_shape(model):
    recurrent(model).dims[0] = 2 ** 62


def weight_as_float_data(model):
    tensor = recurrent(model)
    values = numpy_helper.to_array(tensor).ravel().tolist()
    tensor.ClearField("raw_data")
    tensor.float_data.extend(values)


def weight_stored_twice(model):
    tensor = recurrent(model)
    tensor.float_data.extend((numpy_helper.to_array(tensor) * 2).ravel().tolist())


def shape_annotation(model):
    model.graph.value_info.append(helper.make_tensor_value_info(
        rnn_node(model).output[0], TensorProto.FLOAT, [1, 2, 3]))


def metadata_key_twice(model):
    entries = list(model.metadata_props)
    del model.metadata_props[:]
    lie = onnx.StringStringEntryProto(key="source", value="in a b\nout c\nhalt\n")
    model.metadata_props.extend([lie, *entries])


def metadata_labels_swapped(model):
    entry = next(e for e in model.metadata_props if e.key == "labels")
    labels = json.loads(entry.value)
    labels[0], labels[1] = labels[1], labels[0]
    entry.value = json.dumps(labels)


EDITS = [
    (tampered_copy_first, TWICE + r" \(an initializer; an initializer\)"),
    (tampered_copy_last, TWICE),
    (identical_copy, TWICE),
    (constant_shadows_weight, TWICE + r" \(an initializer; an output of Constant node"),
    (initializer_shadows_input, r"`h0` is defined 2 times \(a graph input; an initializer\)"),
    (input_replaced_by_initializer, r"the graph's inputs are \[`x`\], an export's are \[`x`, `h0`\]"),
    (sparse_copy, "the graph holds sparse initializers"),
    (external_data, "keeps its values in an external file"),
    (local_function, r"defines its own functions \[`evil:RNN`\]"),
    (training_info, "training_info"),
    (opset_99, "imports opset ai.onnx 99, an export imports ai.onnx 17"),
    (ir_version_99, "ONNX IR version 99"),
    (node_domain, "is op evil:RNN, where an export has ai.onnx:RNN"),
    (output_renamed, "the graph's output 1 is `states2`, an export's is `states`"),
    (output_removed, "the graph's outputs are"),
    (input_added, "the graph's inputs are"),
    (fixed_length, r"graph input `x` is float \(5, batch, 1\), an export's is float \(sequence, batch, 1\)"),
    (double_input, "graph input `x` is double"),
    (node_added, "the graph has 5 nodes"),
    (nodes_reversed, "is op ai.onnx:MatMul, where an export has ai.onnx:RNN"),
    (readout_reads_w, r"\(MatMul\)'s input 2 is"),
    (node_renamed, "field `name` differs"),
    (weight_changed, r"weight R \(`[^`]+`\) differs from compiling the stored source again at unit"),
    (weight_float64, r"weight R \(`[^`]+`\) is double"),
    (weight_huge_shape, r"weight R \(`[^`]+`\) has shape \(4611686018427387904, 23, 23\)"),
    (weight_as_float_data, "stores them unlike an export \\(field `float_data`\\)"),
    (weight_stored_twice, "stores them unlike an export"),
    (shape_annotation, "the graph's field `value_info` differs"),
    (metadata_key_twice, "metadata key `source` appears 2 times"),
    (metadata_labels_swapped, "unit 0 is labelled 'pc:1' in the file, 'pc:loop' by the compiler"),
]
