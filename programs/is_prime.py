# is_prime: whether n is a prime number, by trial division up to its square root.
# example: is_prime(97) == True
# example: is_prime(91) == False
# example: is_prime(2) == True
# example: is_prime(-7) == False


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True
