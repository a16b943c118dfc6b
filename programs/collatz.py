# collatz: how many steps n -> n // 2 (n even) or 3 * n + 1 (n odd) take to reach 1.
# example: collatz(6) == 8
# example: collatz(27) == 111
# example: collatz(1) == 0
# example: collatz(0) raises AssertionError: n must be >= 1


def collatz(n):
    assert n >= 1, "n must be >= 1"
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
