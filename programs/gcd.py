# gcd: the greatest common divisor of two ints of any sign, by Euclid's algorithm.
# example: gcd(48, 18) == 6
# example: gcd(-48, 18) == 6
# example: gcd(7, 0) == 7
# example: gcd(0, 0) == 0


def gcd(a, b):
    """gcd(a, b) == gcd(b, a % b), and gcd(a, 0) == abs(a)."""
    while b:
        a, b = b, a % b
    return abs(a)
