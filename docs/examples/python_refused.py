# Outside the subset rnnprog compiles: `rnnprog run` reports every problem at once.
import math


def mean(values):
    total = 0
    for v in values:
        total += v
    return total / len(values)


def norm(x, y):
    return math.sqrt(x * x + y * y)
