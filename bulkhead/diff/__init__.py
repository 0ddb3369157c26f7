"""`bulkhead diff`: what a change to a stack adds, removes and modifies, from two saved plan files."""
