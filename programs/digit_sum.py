# digit_sum: the sum of the decimal digits of n (of abs(n) when n < 0).
# example: digit_sum(2026) == 10
# example: digit_sum(-909) == 18
# example: digit_sum(0) == 0


def digit_sum(n):
    n = abs(n)
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total
