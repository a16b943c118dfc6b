# Binary increment: adds one to the binary number on the tape (most significant bit at cell 0).
# The head runs right to the end, then carries leftwards.
# example: tape=1011 -> halted=true steps=8 state=halt tape=1100 head=0
# example: tape=111 -> halted=true steps=8 state=halt tape=1000 head=-2
# example: tape= -> halted=true steps=2 state=halt tape=1 head=-2
name: binary increment
start: right
blank: _
# STATE READ WRITE MOVE NEXT
right 0 0 R right
right 1 1 R right
right _ _ L carry
carry 1 0 L carry
carry 0 1 L halt
carry _ 1 L halt
