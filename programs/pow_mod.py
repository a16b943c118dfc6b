# pow_mod: base ** exponent % modulus by repeated squaring (Python's pow(base, exponent, modulus)).
# example: pow_mod(3, 200, 1000) == 1
# example: pow_mod(-2, 5, 7) == 3
# example: pow_mod(3, 10 ** 6, 10 ** 9 + 7) == 64935414
# example: pow_mod(2, 10, 0) raises AssertionError: modulus must be positive


def pow_mod(base, exponent, modulus):
    assert exponent >= 0, "exponent must be >= 0"
    assert modulus > 0, "modulus must be positive"
    result = 1 % modulus
    base %= modulus
    while exponent > 0:
        if exponent % 2 == 1:
            result = result * base % modulus
        base = base * base % modulus
        exponent //= 2
    return result
