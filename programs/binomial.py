# binomial: n choose k, the number of k-element subsets of n things (0 outside 0 <= k <= n).
# example: binomial(5, 2) == 10
# example: binomial(52, 5) == 2598960
# example: binomial(4, 7) == 0
# example: binomial(4, -1) == 0


def binomial(n, k):
    if k < 0 or k > n:
        return 0
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i  # exact: a product of i consecutive ints
    return result
