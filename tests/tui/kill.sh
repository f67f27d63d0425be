#!/bin/sh
# A label the screen shows as saved survives SIGKILL: every action is its
# own durable transaction. The next session resumes after it.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 30 k > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# labels_of NAME: "item label" lines of NAME's standing labels, in order.
labels_of() {
	"$STET" export p.stet --annotations |
		sed -n "s/^{\"item\":\"\\([^\"]*\\)\",\"annotator\":\"$1\",\"label\":\"\\([^\"]*\\)\",.*/\\1 \\2/p" | sort
}

tui_start s1 100 30 label p.stet --as ana
expect_screen "the screen opens on k01" ' item k01 ' '^ 0 done · 30 left '
step "k01 labeled POSITIVE" 1 -- ' item k02 ' '^ saved POSITIVE$'
step "k02 labeled NEGATIVE" 2 -- ' item k03 ' '^ saved NEGATIVE$'
step "k03 labeled NEUTRAL" 3 -- ' item k04 ' '^ saved NEUTRAL$'
step "k04 labeled POSITIVE" 1 -- ' item k05 ' '^ saved POSITIVE$'
step "k05 labeled NEGATIVE, the status says saved" 2 -- \
	' item k06 ' '^ saved NEGATIVE$' ' saved$' '^ 5 done · 25 left '

pid=$(stet_pid)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
	ok "stet runs as pid $pid"
else
	not_ok "stet runs as pid $pid"
fi
kill -9 "$pid"
expect_exit "stet dies of SIGKILL" 137

want=$(printf 'k01 POSITIVE\nk02 NEGATIVE\nk03 NEUTRAL\nk04 POSITIVE\nk05 NEGATIVE')
expect_eq "all five labels are in the project" "$want" "$(labels_of ana)"
run_stet info p.stet --format json
expect_rc "the project opens after the kill" 0
expect_eq "five annotations stand" 5 "$(json_get annotations)"

tui_start s2 100 30 label p.stet --as ana
expect_screen "a new session resumes at k06" ' item k06 ' '^ 5 done · 25 left ' \
	'Item number 6 of the test corpus\.'
step "b shows k05 with its label" b -- ' item k05 ' '\[2 NEGATIVE\]'

# Keys typed ahead, and a kill in the middle of them: whatever the screen
# has shown as saved is in the project.
step "n comes back to k06" n -- ' item k06 '
keys 3 3 3 3 3 3 3 3 3 3 3 3
if wait_for ' item k(0[89]|1[0-9]) '; then
	ok "some of the typed-ahead labels are done"
else
	not_ok_screen "some of the typed-ahead labels are done"
fi
# The item shown just before the kill: every item before it was labeled.
snap
shown=$(title_id)
pid=$(stet_pid)
kill -9 "$pid"
expect_exit "the second session dies of SIGKILL" 137
n=$(echo "$shown" | sed 's/^k0*//')
got=$(labels_of ana | grep -v '^k0[1-5] ' | grep -c ' NEUTRAL$')
if [ -n "$n" ] && [ "$got" -ge $((n - 6)) ]; then
	ok "every label shown as saved is kept ($got NEUTRAL, screen was at $shown)"
else
	not_ok "every label shown as saved is kept" "screen was at $shown, NEUTRAL labels: $got" \
		"$(labels_of ana)"
fi
next=$(printf 'k%02d' $((6 + got)))

tui_start s3 100 30 label p.stet --as ana
expect_screen "a third session resumes after the last kept label ($next)" " item $next "
step "and labels as usual" 1 -- "^ saved POSITIVE$"
keys q
expect_exit "q quits with status 0" 0
expect_eq "the labels of all three sessions stand" $((5 + got + 1)) "$(labels_of ana | wc -l | tr -d ' ')"

done_testing
