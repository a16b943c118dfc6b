# ilog: the integer logarithm, the largest e with base ** e <= n.
# example: ilog(1000, 10) == 3
# example: ilog(1023, 2) == 9
# example: ilog(1, 7) == 0
# example: ilog(0, 2) raises AssertionError: needs n >= 1 and base >= 2


def ilog(n, base):
    assert n >= 1 and base >= 2, "needs n >= 1 and base >= 2"
    power, exponent = base, 0
    while power <= n:
        power *= base
        exponent += 1
    return exponent
