# clamp: x held inside [low, high]; with sign(x), -1, 0 or 1, and distance(a, b) == abs(a - b).
# example: clamp(15, 0, 10) == 10
# example: clamp(-3, 0, 10) == 0
# example: clamp(4, 0, 10) == 4
# example: clamp(4, 10, 0) raises AssertionError: empty range
# example: sign(-7) == -1
# example: sign(0) == 0
# example: distance(-3, 4) == 7


def sign(x):
    return (x > 0) - (x < 0)


def distance(a, b):
    return abs(a - b)


def clamp(x, low, high):
    assert low <= high, "empty range"
    return max(low, min(x, high))
