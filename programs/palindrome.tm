# Palindrome checker over {a, b}: erases matching outer letters pair by pair and
# halts with Y on the tape for a palindrome, or N beside the unchecked rest at the first mismatch.
# example: tape=abba -> halted=true steps=15 state=halt tape=Y
# example: tape=aba -> halted=true steps=10 state=halt tape=Y
# example: tape=ab -> halted=true steps=4 state=halt tape=N
# example: tape=abab -> halted=true steps=6 state=halt tape=baN
name: palindrome
start: start
blank: _
start a _ R haveA      # remember the leftmost letter and erase it
start b _ R haveB
start _ Y R halt       # nothing left: a palindrome
haveA a a R haveA
haveA b b R haveA
haveA _ _ L matchA     # at the right end: compare the last letter
haveB a a R haveB
haveB b b R haveB
haveB _ _ L matchB
matchA a _ L back
matchA b N R halt
matchA _ Y R halt      # the remembered letter was the middle one
matchB b _ L back
matchB a N R halt
matchB _ Y R halt
back a a L back
back b b L back
back _ _ R start
