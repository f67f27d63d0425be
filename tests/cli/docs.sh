#!/bin/sh
# The manual pages keep up with the program: every command has an entry
# in stet(1), every long option a command's --help shows is in stet(1),
# and groff finds nothing to warn about in either page.
. "$srcdir/tests/cli/lib.sh"

MAN1="$srcdir/man/stet.1"
MAN5="$srcdir/man/stet.5"

# The page as words: \- as -, and font changes, \&, \c and \| removed,
# so that "\fB\-\-skip\-bad\fR" reads "--skip-bad".
plain() {
	sed -e 's/\\-/-/g' \
	    -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' \
	    -e 's/\\f[A-Za-z1-4]//g' \
	    -e 's/\\&//g' -e 's/\\c//g' -e 's/\\|//g' "$1"
}

if [ -r "$MAN1" ] && [ -r "$MAN5" ]; then
	ok "man/stet.1 and man/stet.5 are there"
else
	not_ok "man/stet.1 and man/stet.5 are there" "looked in $srcdir/man"
	done_testing
	exit
fi
plain "$MAN1" >"$SCRATCH/stet.1.txt"

# The headings of .SS entries and the tags of .TP entries, one a line.
awk '
	/^\.SS[ \t]/ { sub(/^\.SS[ \t]+/, ""); print; next }
	tag { tag = 0; sub(/^\.[A-Za-z]+[ \t]*/, ""); print; next }
	/^\.TP([ \t]|$)/ { tag = 1 }
' "$SCRATCH/stet.1.txt" >"$SCRATCH/entries"

commands=$("$STET" --commands)
[ -n "$commands" ] && ok "stet --commands lists commands" ||
	not_ok "stet --commands lists commands"

for cmd in $commands; do
	# A whole word: "import" must not be found in "import-annotations".
	if awk -v cmd="$cmd" '
		{ n = split($0, w, /[^A-Za-z0-9_-]+/)
		  for (i = 1; i <= n; i++) if (w[i] == cmd) found = 1 }
		END { exit !found }' "$SCRATCH/entries"; then
		ok "stet.1 has an entry (.SS or .TP) for $cmd"
	else
		not_ok "stet.1 has an entry (.SS or .TP) for $cmd" \
			"no .SS heading or .TP tag names '$cmd'"
	fi
done

for cmd in "" $commands; do
	help=$("$STET" $cmd --help 2>&1)
	options=$(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	if [ -z "$options" ]; then
		not_ok "stet $cmd --help shows long options" "$help"
		continue
	fi
	for opt in $options; do
		if grep -Eq -- "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" \
			"$SCRATCH/stet.1.txt"; then
			ok "stet.1 documents stet${cmd:+ $cmd} $opt"
		else
			not_ok "stet.1 documents stet${cmd:+ $cmd} $opt" \
				"'stet${cmd:+ $cmd} --help' shows $opt; man/stet.1 does not"
		fi
	done
done

# Every key of each screen's key table has a .TP entry in that
# command's section of stet.1.
for cmd in label review report; do
	keys=$("$STET" "$cmd" --keys | cut -f1)
	[ -n "$keys" ] && ok "stet $cmd --keys prints the key table" ||
		not_ok "stet $cmd --keys prints the key table"
	awk -v s="\"stet $cmd\"" '
		/^\.SS[ \t]/ { insec = index($0, s) > 0; next }
		!insec { next }
		tag { tag = 0; sub(/^\.[A-Za-z]+[ \t]*/, ""); print; next }
		/^\.TP([ \t]|$)/ { tag = 1 }
	' "$SCRATCH/stet.1.txt" | tr '",' '  ' >"$SCRATCH/key-entries"
	set -f # "?" is a key, not a pattern
	for key in $keys; do
		if awk -v k="$key" '
			{ for (i = 1; i <= NF; i++) if ($i == k) found = 1 }
			END { exit !found }' "$SCRATCH/key-entries"; then
			ok "stet.1 has an entry for the key $key of stet $cmd"
		else
			not_ok "stet.1 has an entry for the key $key of stet $cmd" \
				"stet $cmd --keys lists $key; no .TP tag of its section of man/stet.1 names it"
		fi
	done
	set +f
done

for page in "$MAN1" "$MAN5"; do
	name=${page##*/}
	if ! command -v groff >/dev/null 2>&1; then
		ok "groff -man -ww finds nothing in $name # SKIP groff is not installed"
		continue
	fi
	warnings=$(groff -man -ww -z "$page" 2>&1)
	if [ -z "$warnings" ]; then
		ok "groff -man -ww finds nothing in $name"
	else
		not_ok "groff -man -ww finds nothing in $name" "$warnings"
	fi
done

done_testing
