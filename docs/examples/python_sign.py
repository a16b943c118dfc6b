# sign: -1, 0 or 1, as x is negative, zero or positive.
def sign(x):
    return (x > 0) - (x < 0)
