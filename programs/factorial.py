# factorial: n! == 1 * 2 * ... * n, for n >= 0.
# example: factorial(5) == 120
# example: factorial(0) == 1
# example: factorial(25) == 15511210043330985984000000


def factorial(n):
    assert n >= 0, "factorial of a negative number"
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result
