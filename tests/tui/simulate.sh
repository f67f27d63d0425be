#!/bin/sh
# stet simulate on a terminal: while it runs, a progress line on stderr
# says which strategy is at which point, rewritten in place; at the end
# the line is cleared and stdout holds the report alone. Everything the
# pane receives is logged (tmux pipe-pane) before stet starts, so the
# test reads every line written, however fast the run.
. "$srcdir/tests/tui/lib.sh"

LEARN="$TESTDATA/learn"
"$STET" init w.stet --labels cultivar_1,cultivar_2,cultivar_3 >/dev/null
"$STET" import w.stet "$LEARN/wine.csv" >/dev/null
"$STET" import-annotations w.stet "$LEARN/wine-labels.jsonl" >/dev/null
"$STET" simulate w.stet --budget 20 --step 5 --format json >plain.json

# The pane's shell waits for a line before it runs stet, stdout to a
# file and stderr left on the terminal.
tm new-session -d -s sim -x 100 -y 10 -c "$SCRATCH" \
	sh -c 'read go; "$@" >tty.json; echo $? >sim.rc' sh \
	env TERM="$TUI_TERM" LC_ALL=C.UTF-8 \
	"$STET" simulate w.stet --budget 20 --step 5 --format json
TUI_CUR=sim
tm pipe-pane -t "=sim:" -o "cat >'$SCRATCH/pane.log'"
keys Enter
i=0
while [ ! -f sim.rc ] && [ "$i" -lt $((TUI_TIMEOUT * 20)) ]; do
	sleep 0.05
	i=$((i + 1))
done
expect_eq "stet simulate ends with status 0" 0 "$(cat sim.rc 2>/dev/null)"
expect_file "stdout holds the report alone, as without a terminal" \
	plain.json tty.json
# The pipe may lag the pane by a moment: wait for the clearing.
wait_log() {
	grep -q "$(printf '\r\033\\[K')\$" pane.log 2>/dev/null
}
i=0
while ! wait_log && [ "$i" -lt $((TUI_TIMEOUT * 20)) ]; do
	sleep 0.05
	i=$((i + 1))
done
log=$(tr '\r' '\n' <pane.log)
# Wine's pool of 142 has 3 labels: a seed set of 5, points at 5, 10,
# 15 and 20, four of them a strategy.
expect_match "the progress line names a strategy and its point" \
	'simulate: margin 2 of 4' "$log"
expect_match "every strategy has its turn" 'simulate: entropy 4 of 4' "$log"
if wait_log; then
	ok "the progress line is cleared at the end"
else
	not_ok "the progress line is cleared at the end" "$(od -c pane.log | tail -n 5)"
fi
snap
if printf '%s\n' "$SCREEN" | grep -q 'simulate:'; then
	not_ok "nothing of it is left on the screen" "$SCREEN"
else
	ok "nothing of it is left on the screen"
fi

done_testing
