"""Learned versus compiled, for any kind that offers a trainer (`Kind.trainer()`): the shared
options, training loop, start from the compiled weights, and the `rnnprog train` command."""
