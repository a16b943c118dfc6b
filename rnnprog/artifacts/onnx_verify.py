"""Verify an ONNX file against a fresh export of its stored source, so onnxruntime runs only what was checked.

A file passes when its model is, field by field, the model `rnnprog export` writes for the
program compiled again from the stored source (`onnx_export.trace_bytes`), and the weights its
RNN and MatMul nodes reference equal that compilation's. The checks go from the most specific to
a catch-all, so the message names the first thing wrong:

    storage     no external data, sparse initializers, model-local functions or training graphs
    versions    the export's IR version and opset imports (opset 17)
    names       every value defined once: no second copy of an initializer, no initializer or
                Constant that shadows a graph input or another node's output
    interface   graph inputs and outputs: the export's names, element types and shapes (the
                sequence and batch axes dynamic)
    nodes       the export's ops, domains, inputs, outputs and attributes, in its order
    weights     the tensors the nodes reference: float32, the compiled shapes and exact values
    the rest    every other field of the model and graph (names, doc strings and metadata aside;
                onnx_run compares the metadata with the compiler's)

The caller drops unknown protobuf fields before verifying and hands onnxruntime the verified
model's own bytes, so nothing this module did not read reaches the runtime.
"""

from __future__ import annotations

import collections
import math

import numpy as np

from rnnprog.artifacts import metadata, networks, onnx_export
from rnnprog.errors import ArtifactError

#: Model fields that do not change what runs (metadata_props is compared key by key elsewhere).
FREE_MODEL_FIELDS = {"producer_name", "producer_version", "doc_string", "model_version", "domain",
                     "metadata_props"}
#: Graph fields that do not change what runs.
FREE_GRAPH_FIELDS = {"name", "doc_string"}
#: Appended to structural refusals.
HINT = "; export the program again with `rnnprog export`"


def stored_metadata(model, path: str) -> dict[str, str]:
    """The metadata_props as a dict, each key present once.

    Raises:
        ArtifactError: a key appears twice (a reader could take either value).
    """
    counts = collections.Counter(entry.key for entry in model.metadata_props)
    repeated = sorted(key for key, n in counts.items() if n > 1)
    if repeated:
        raise ArtifactError(f"{path}: metadata key `{_shown(repeated[0])}` appears {counts[repeated[0]]} "
                            "times; an export writes each key once")
    return onnx_export.stored_metadata(model)


def verify(model, network: networks.Network, meta: dict[str, str], path: str) -> None:
    """Require `model` to be the export of `network`, field by field (see the module docstring).

    Raises:
        ArtifactError: naming the first field, value name, node, attribute or weight that differs.
    """
    import onnx

    fresh = onnx.load_from_string(onnx_export.trace_bytes(network))
    for check in (_storage, _versions, _names, _interface, _nodes):
        problem = check(model, fresh)
        if problem:
            raise ArtifactError(f"{path}: {problem}{HINT}")
    problem = _weights(model, fresh, network)
    if problem:
        raise ArtifactError(f"{path}: {problem}" + metadata.version_note(meta))
    problem = _rest(model, fresh)
    if problem:
        raise ArtifactError(f"{path}: {problem}{HINT}")


def _storage(model, _fresh) -> str | None:
    """Values that live outside the graph's plain initializers and nodes."""
    import onnx

    graph = model.graph
    for tensor in [*graph.initializer, *_attribute_tensors(graph)]:
        if tensor.data_location == onnx.TensorProto.EXTERNAL:
            return (f"tensor `{_shown(tensor.name)}` keeps its values in an external file; an export keeps "
                    "every weight inside the .onnx file")
    if graph.sparse_initializer:
        names = _listed(t.values.name for t in graph.sparse_initializer)
        return f"the graph holds sparse initializers {names}; an export has none"
    if model.functions:
        names = _listed(f"{f.domain}:{f.name}" for f in model.functions)
        return f"the model defines its own functions {names}; an export defines none"
    if model.training_info:
        return "the model holds training_info graphs; an export has none"
    return None


def _attribute_tensors(graph) -> list:
    """The tensors held in node attributes (a Constant's value)."""
    return [tensor for node in graph.node for a in node.attribute
            for tensor in ([a.t] if a.HasField("t") else list(a.tensors))]


def _versions(model, fresh) -> str | None:
    if model.ir_version != fresh.ir_version:
        return f"ONNX IR version {model.ir_version}, an export has {fresh.ir_version}"
    got, want = _opsets(model), _opsets(fresh)
    if got != want:
        return f"the model imports opset {got}, an export imports {want}"
    return None


def _opsets(model) -> str:
    return ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import) or "(none)"


def _names(model, _fresh) -> str | None:
    """Each value name is defined once: by a graph input, an initializer or a node output."""
    graph = model.graph
    where = collections.defaultdict(list)
    for value in graph.input:
        where[value.name].append("a graph input")
    for tensor in graph.initializer:
        where[tensor.name].append("an initializer")
    for node in graph.node:
        for name in filter(None, node.output):
            where[name].append(f"an output of {_shown(node.op_type)} node "
                               f"{_shown(node.name or '(unnamed)')}")
    for name, places in where.items():
        if len(places) > 1:
            return (f"`{_shown(name)}` is defined {len(places)} times ({'; '.join(places[:4])}): onnxruntime "
                    "would run one copy while a check could read another")
    return None


def _interface(model, fresh) -> str | None:
    """The export's graph inputs and outputs: names, element types, shapes."""
    for side in ("input", "output"):
        got, want = getattr(model.graph, side), getattr(fresh.graph, side)
        problem = _name_difference(f"the graph's {side}", [v.name for v in got],
                                   [v.name for v in want])
        if problem:
            return problem
        for have, expect in zip(got, want):
            if have.type != expect.type:
                return (f"graph {side} `{_shown(have.name)}` is {_type_text(have.type)}, an export's is "
                        f"{_type_text(expect.type)} (named axes stay dynamic)")
    return None


def _name_difference(what: str, got, want) -> str | None:
    """`<what>s are [...], an export's are [...]`, or `<what> 2 is ...` where one name of
    equally many differs (`what` is e.g. "the graph's output")."""
    got, want = list(got), list(want)
    if len(got) != len(want):
        return f"{what}s are {_listed(got)}, an export's are {_listed(want)}"
    for i, (have, expect) in enumerate(zip(got, want)):
        if have != expect:
            return f"{what} {i + 1} is `{have}`, an export's is `{expect}`"
    return None


def _listed(names, limit: int = 8) -> str:
    """`[`a`, `b`]`, at most `limit` names shown (a doctored file may hold a million)."""
    names = list(names)
    more = f", ... ({len(names)} in all)" if len(names) > limit else ""
    return "[" + ", ".join(f"`{_shown(name)}`" for name in names[:limit]) + more + "]"


def _shown(name: str, limit: int = 60) -> str:
    """A name from the file, safe to print: control characters escaped, clipped to `limit`."""
    text = name if name.isprintable() else name.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[:limit] + "..."


def _type_text(value_type) -> str:
    """`float (sequence, batch, 1)` for a tensor type; named dims are dynamic axes."""
    which = value_type.WhichOneof("value")
    if which != "tensor_type":
        return f"a {which or 'untyped'} value"
    tensor = value_type.tensor_type
    if not tensor.HasField("shape"):
        return f"{_dtype(tensor.elem_type)} of any shape"
    dims = [d.dim_param or (str(d.dim_value) if d.HasField("dim_value") else "?")
            for d in tensor.shape.dim]
    return f"{_dtype(tensor.elem_type)} ({', '.join(dims)})"


def _dtype(code: int) -> str:
    import onnx

    try:
        return onnx.TensorProto.DataType.Name(code).lower()
    except ValueError:
        return f"element type {code}"


def _nodes(model, fresh) -> str | None:
    """The export's nodes in its order: op, domain, inputs, outputs, attributes, the rest."""
    got, want = model.graph.node, fresh.graph.node
    if len(got) != len(want):
        return (f"the graph has {len(got)} nodes {_listed(n.op_type for n in got)}, an export "
                f"has {len(want)} {_listed(n.op_type for n in want)}")
    for have, expect in zip(got, want):
        where = f"node {_shown(have.name or '(unnamed)')} ({_shown(have.op_type)})"
        if (have.domain, have.op_type) != (expect.domain, expect.op_type):
            return (f"{where} is op {_shown(have.domain or 'ai.onnx')}:{_shown(have.op_type)}, "
                    f"where an export has {expect.domain or 'ai.onnx'}:{expect.op_type}")
        for side in ("input", "output"):
            problem = _name_difference(f"{where}'s {side}", getattr(have, side),
                                       getattr(expect, side))
            if problem:
                return problem
        problem = _attributes(have, expect)
        if problem:
            return f"{where}: {problem}"
        field = _differing_field(have, expect)
        if field:
            return f"{where}: field `{field}` differs from an export's"
    return None


def _attributes(have, expect) -> str | None:
    """The first attribute (activations, direction, clip, hidden_size, ...) added, lost or changed."""
    got = {a.name: a for a in have.attribute}
    want = {a.name: a for a in expect.attribute}
    for name in sorted(got.keys() | want.keys()):
        if got.get(name) != want.get(name):
            return (f"attribute `{_shown(name)}` is {_attribute_text(got.get(name))}, the export has "
                    f"{_attribute_text(want.get(name))}")
    return None


def _attribute_text(attribute) -> str:
    """An attribute's value for a message: scalars and lists as written, small tensors as lists."""
    from onnx import helper, numpy_helper

    if attribute is None:
        return "None"
    if attribute.HasField("t"):
        tensor = attribute.t
        if math.prod(tensor.dims) <= 16 and all(d >= 0 for d in tensor.dims):
            try:
                return repr(numpy_helper.to_array(tensor).tolist())
            except Exception:  # noqa: BLE001 - a tensor that lies about its size: describe it instead
                pass
        return f"a {_dtype(tensor.data_type)} tensor of shape {tuple(tensor.dims)}"
    value = helper.get_attribute_value(attribute)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, list):
        value = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "..."


def _weights(model, fresh, network: networks.Network) -> str | None:
    """The initializers the RNN and MatMul nodes reference equal the compiled weights exactly."""
    by_name = {t.name: t for t in model.graph.initializer}  # names are unique (_names)
    want_names = [t.name for t in fresh.graph.initializer]
    if sorted(by_name) != sorted(want_names):
        return (f"the graph's initializers are {_listed(by_name)}, an export's are "
                f"{_listed(want_names)}")
    for name, (role, want) in _expected(fresh, network).items():
        problem = _weight_difference(by_name[name], role, want, network.labels)
        if problem:
            return f"weight {role} (`{name}`) {problem}"
    return None


def _expected(fresh, network: networks.Network) -> dict[str, tuple[str, np.ndarray]]:
    """Initializer name -> (its role, the compiled float32 array), as the export lays them out:
    W (1, H, I), R (1, H, H), B (1, 2H) = [b_ih, b_hh] where the RNN has biases, and the
    readout (H, O) = readout.weight^T where the kind has one."""
    tensors = network.tensors()
    rnn = next(node for node in fresh.graph.node if node.op_type == "RNN")
    out = {rnn.input[1]: ("W", tensors["rnn.weight_ih_l0"][None]),
           rnn.input[2]: ("R", tensors["rnn.weight_hh_l0"][None])}
    if "rnn.bias_ih_l0" in tensors:
        out[rnn.input[3]] = ("B", np.concatenate([tensors["rnn.bias_ih_l0"],
                                                  tensors["rnn.bias_hh_l0"]])[None])
    readout = [node for node in fresh.graph.node if node.op_type == "MatMul"]
    if readout:
        out[readout[0].input[1]] = ("readout", tensors["readout.weight"].T)
    return out


def _weight_difference(tensor, role: str, want: np.ndarray, labels) -> str | None:
    """How one stored weight differs from the compiled one (type, shape, first value), or None."""
    import onnx
    from onnx import numpy_helper

    if tensor.data_type != onnx.TensorProto.FLOAT:
        return f"is {_dtype(tensor.data_type)}, an export's is float"
    if tuple(tensor.dims) != want.shape:
        return f"has shape {tuple(tensor.dims)}, the compiled weight {want.shape}"
    try:
        got = numpy_helper.to_array(tensor)
    except Exception as err:  # noqa: BLE001 - data that does not fill its shape: never a traceback
        return f"cannot be read: {err}"
    if got.shape != want.shape or not np.array_equal(got, want):
        return "differs from compiling the stored source again" + _first_difference(got, want, role,
                                                                                      labels)
    return None


def _first_difference(got: np.ndarray, want: np.ndarray, role: str, labels) -> str:
    """` at unit 'pc:loop' (...)`: the first differing entry, its unit named by label."""
    if got.shape != want.shape:
        return ""
    index = tuple(int(i) for i in np.argwhere(got != want)[0])  # NaN != anything: found too
    unit = index[0] if role == "readout" else index[1] % len(labels)  # B is [b_ih, b_hh] side by side
    return (f" at unit {labels[unit]!r} (index {index}): the file has {float(got[index])!r}, the "
            f"compiler gives {float(want[index])!r}")


def _rest(model, fresh) -> str | None:
    """Every field of the model and its graph, bar names, doc strings and metadata, as exported."""
    for tensor, expect in zip(sorted(model.graph.initializer, key=lambda t: t.name),
                              sorted(fresh.graph.initializer, key=lambda t: t.name)):
        field = _differing_field(tensor, expect)
        if field:
            return (f"initializer `{_shown(tensor.name)}` holds the right values but stores them unlike an "
                    f"export (field `{field}`)")
    for where, got, want, skip in (("graph", model.graph, fresh.graph, FREE_GRAPH_FIELDS),
                                   ("model", model, fresh, FREE_MODEL_FIELDS)):
        field = _differing_field(got, want, skip)
        if field:
            return f"the {where}'s field `{field}` differs from an export's"
    return None


def _differing_field(got, want, skip=frozenset()) -> str | None:
    """The name of the first protobuf field (in declaration order) where two messages differ."""
    for field in got.DESCRIPTOR.fields:
        if field.name not in skip and getattr(got, field.name) != getattr(want, field.name):
            return field.name
    return None
