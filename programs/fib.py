# fib: the n-th Fibonacci number: fib(0) == 0, fib(1) == 1, fib(n) == fib(n - 1) + fib(n - 2).
# example: fib(10) == 55
# example: fib(90) == 2880067194370816120
# example: fib(-1) raises AssertionError: n must be >= 0


def fib(n):
    assert n >= 0, "n must be >= 0"
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
