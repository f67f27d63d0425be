#!/bin/sh
# The layers hold: curses only in src/tui, the core never prints or
# exits, and each library whose use is confined to one module stays
# there (tests may reach past it on purpose). JSON is the exception by
# design: every reader and writer of a JSON format uses jansson.
. "$srcdir/tests/cli/lib.sh"

cd "$srcdir" || exit 1

# only_in HEADER FILE...: <HEADER> is included by these files alone
# among src/ and include/.
only_in() {
	h=$1
	shift
	found=$(grep -rlE "#include <$h>" src include | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	if [ "$found" = "$want" ]; then
		ok "<$h> is included by $* only"
	else
		not_ok "<$h> is included by $* only" "included by: $found"
	fi
}

only_in lmdb.h src/core/store.c
only_in magic.h src/core/sniff.c
only_in utf8proc.h src/core/text.c
only_in csv.h src/core/read_csv.c
only_in xxhash.h src/core/annotate.c src/core/item.c

curses=$(grep -rlE '#include <(n?curses|term)\.h>' src include | grep -v '^src/tui/' || true)
if [ -z "$curses" ]; then
	ok "curses is included in src/tui only"
else
	not_ok "curses is included in src/tui only" "also in: $curses"
fi

prints=$(grep -nE '(^|[^_a-z])(printf|puts|fputs|putchar|perror)\(|[^_a-z]exit\(|\b(stdout|stderr)\b' \
	src/core/*.c include/stet/*.h || true)
if [ -z "$prints" ]; then
	ok "the core never prints or exits"
else
	not_ok "the core never prints or exits" "$prints"
fi

done_testing
