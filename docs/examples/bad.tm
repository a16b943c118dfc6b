a 0 1 X b
b 0 11 R a
