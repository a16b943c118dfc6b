# BB(4): the 4-state, 2-symbol busy beaver champion (Brady 1983): 107 steps, 13 ones.
# Its stacks reach 14 cells, past float32's 11: run it in float64 (the default) or exact.
# example: tape= -> halted=true steps=107 state=Z ones=13 tape=10111111111111 head=-9
1RB1LB_1LA0LC_1RZ1LD_1RD0RA
