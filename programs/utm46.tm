# Rogozhin's 4-state, 6-symbol universal Turing machine UTM(4,6) (Theoretical Computer Science 168,
# 1996), which simulates tag systems. Transcribed from a public listing, not re-checked against the
# paper; it is here for the scorecard: the size of the network for a universal machine.
# Symbols renamed to one character each: b> is `>`, b< is `<`; 0 is the blank.
# The example is this table's own behaviour on a small tape (found with the interpreter).
# example: tape=<cc head=2 -> halted=true steps=14 state=q3 tape=<>1c1 head=0
name: UTM(4,6)
start: q1
blank: 0
q1 1 < L q1
q1 b > R q1
q1 > b L q1
q1 < 0 R q1
q1 0 < L q1
q1 c 0 R q4
q2 1 0 R q2
q2 b > L q3
q2 > < R q2
q2 < > L q2
q2 0 1 L q2
q2 c b R q2
q3 1 1 R q3
q3 b < R q4
q3 > b R q3
q3 < halt
q3 0 c R q1
q3 c 1 R q1
q4 1 0 R q4
q4 b c L q2
q4 > < R q4
q4 < halt
q4 0 c L q2
q4 c b R q4
