"""Learned versus compiled: train a stock recurrent network on a sequence program's interpreter
and compare it with the compiled network on inputs far longer than it was trained on."""
