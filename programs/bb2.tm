# BB(2): the 2-state, 2-symbol busy beaver champion (Rado 1962).
# From a blank tape it halts after 6 steps leaving 4 ones, the most any 2-state machine can.
# example: tape= -> halted=true steps=6 state=Z ones=4 tape=1111 head=0
1RB1LB_1LA1RZ
