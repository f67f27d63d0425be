#!/bin/sh
# A short run of the kill -9 soak (make soak runs the long one): twenty
# labeling sessions killed with SIGKILL at random moments, and three
# each of an import, a merge and a review decision killed at random
# points. Every check waits for what the screen or the project shows;
# the random delays only choose where each kill lands, so every run
# must pass whatever they choose.
. "$srcdir/tests/cli/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
/usr/bin/python3 "$srcdir/tests/soak/kill_soak.py" --stet "$STET" --tap \
	--kills 20 --imports 3 --merges 3 --reviews 3 --seed 20
