# isqrt: the integer square root, the largest x with x * x <= n (math.isqrt), by Newton's method.
# example: isqrt(99) == 9
# example: isqrt(100) == 10
# example: isqrt(10 ** 30) == 1000000000000000
# example: isqrt(-4) raises AssertionError: isqrt of a negative number


def isqrt(n):
    assert n >= 0, "isqrt of a negative number"
    if n < 2:
        return n
    x, t = 1, n
    while t > 0:  # x = 2 ** ceil(bits / 2), at least the root
        x *= 2
        t //= 4
    while True:  # Newton's step from above, until it stops going down
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y
