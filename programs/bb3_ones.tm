# BB(3) ones champion: a 3-state, 2-symbol machine leaving 6 ones, the most possible, after 14 steps.
# example: tape= -> halted=true steps=14 state=Z ones=6 tape=111111 head=2
1RB1RZ_0RC1RB_1LC1LA
