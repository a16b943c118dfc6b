# BB(3) step champion: the 3-state, 2-symbol machine that runs longest, 21 steps (5 ones).
# example: tape= -> halted=true steps=21 state=Z ones=5 tape=11111 head=1
1RB1RZ_1LB0RC_1LC1LA
