"""Learned versus compiled for filters: fit a stock RNN to (x, y) pairs from the interpreter and
compare its impulse and frequency responses, and its error on long signals, with the compiled one."""
