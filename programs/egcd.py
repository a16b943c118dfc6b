# egcd: extended Euclid: (g, x, y) with g == gcd(a, b) and a * x + b * y == g; x, y may be negative.
# example: egcd(240, 46) == (2, -9, 47)
# example: egcd(17, 5) == (1, -2, 7)
# example: egcd(0, 5) == (5, 0, 1)


def egcd(a, b):
    """Euclid's algorithm, carrying the coefficients that write each remainder from a and b."""
    x0, y0, x1, y1 = 1, 0, 0, 1
    while b != 0:
        q = a // b
        a, b = b, a - q * b
        x0, x1 = x1, x0 - q * x1
        y0, y1 = y1, y0 - q * y1
    return a, x0, y0
