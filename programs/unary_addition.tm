# Unary addition: the tape 111+11 (3 + 2) becomes 11111 (5).
# The `+` becomes a 1, the head runs to the end and erases the last 1.
# example: tape=111+11 -> halted=true steps=8 state=halt tape=11111 ones=5
# example: tape=1+ -> halted=true steps=4 state=halt tape=1 ones=1
name: unary addition
start: scan
blank: _
scan 1 1 R scan
scan + 1 R end
end 1 1 R end
end _ _ L erase
erase 1 _ L halt
