#!/bin/sh
# The layers hold: curses only in src/tui, the core never prints or
# exits, each library whose use is confined to one module stays there
# (tests may reach past it on purpose), and inside the core every
# include points down. JSON is the exception by design: every reader
# and writer of a JSON format uses jansson.
#
# The core's modules, lowest first, are the table below: a module may
# include only the modules listed before it, so that no two modules
# include each other and the store, near the bottom, knows nothing of
# annotations (the migrations that rebuild what annotate, pending and
# gold keep are handed to it from above, by project through migrate).
# A module is its header (include/stet/NAME.h, or src/core/NAME.h when
# only the core uses it) and its sources; the stems after its name are
# the other files it is made of. A new module gets a line here, after
# every module it includes and before every module that includes it.
#
# Headers: include/stet/ holds what src/cli, src/tui and the tests use
# (and what those headers include); a header only the core uses lives
# in src/core/, and src/cli and src/tui never include one of those.
. "$srcdir/tests/cli/lib.sh"

cat >"$SCRATCH/modules" <<'TABLE'
# What every module uses
error                   # status codes, messages, allocation
buf                     # growing buffers, big-endian keys, varints
mix                     # integer mixing, for hashes and orders
timefmt                 # ISO 8601 times
keys                    # key names, the default bindings
# Text and files
text text_map           # UTF-8, NFC, graphemes, widths, escapes
tokens                  # an item's tokens, their stored form
offsets                 # code points, UTF-16 units, bytes
tokenize tokenize_icu   # words at Unicode word boundaries (ICU)
bidi                    # right-to-left lines in display order (FriBidi)
sniff                   # what a file is (libmagic)
input                   # a corpus file's bytes as UTF-8 lines
# The project file and what it holds
store store_files store_in store_check store_fault store_meta store_walk store_copy store_salvage  # LMDB, the format number, migrations, damage
item                    # item records and their indexes
name                    # what a name may hold
label_name              # what a label name may hold, lists of names
schema                  # label sets and their versions
spans spans_rec spans_check  # span sets, their check, the sets that stand
pending                 # the keys of `pending`
routes                  # the route that stands for an item, what it asks
# Models
learner                 # logistic regression by FTRL-Proximal, rows anywhere
features                # items as hashed sparse vectors
weights                 # a learner's rows and state, in the project
# The write path and the log
annotate annotate_event annotators annotate_spans  # events and the values that stand
history                 # the walks over sessions and events
team                    # roles and members
gold                    # gold answers, kept out of item records
predict predict_in      # models, their predictions, reading them in
standing                # the labels that stand, as a learner is taught
learn learn_set learn_eval  # stet learn: train, store, predict, evaluate
suggest                 # a model's suggestion for an item, its draw
# Corpora in
reader read_*           # one reader per corpus format
batchq                  # import's reader-to-writer queue
import import_*         # corpus files into items
# Serving items
queue order order_predicted  # the orders items are served in, as a table
live live_pool live_log # a model that learns as people label, its pool
options                 # project options
serve                   # which item next, leases
progress                # what an annotator has done and owes
reach                   # can the queue reach every item
labeling labeling_find  # one annotator's session, where it goes without labeling
route route_spot        # stet route: bands by a model's confidence
# Statistics
agree agree_masi        # agreement coefficients, from counts
span_agree span_agree_* # agreement on spans and tokens: F1, IOB2 kappa, u-alpha
ratings ratings_slice   # who gave which label to which item
session_labels session_agreement words  # one session's labels
span_study span_study_rows  # span sets as the span agreement wants them
stats stats_tests       # pace and fatigue
automation              # do people rubber-stamp the model
simulate simulate_data  # what a labeling strategy would have cost
# For leads
notes                   # flags and comments
review review_session review_spans review_in  # items to adjudicate, spans too, a lead's place
# Annotations in and out, copies
export export_* csv_out # writers of labels and spans
annotations_in ann_*    # other tools' annotations
pairmap                 # merge's map of id pairs
merge clone             # offline copies and their return
salvage                 # a project rebuilt from a damaged file
# The whole project
slots                   # verify's table of slots
verify verify_expect verify_items  # the audit
migrate                 # the steps from older formats
project                 # opening and creating projects, info
TABLE

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

# core_includes TREE: every file of the core in no module of the table,
# and every quoted include of the core that points sideways or up or
# names a file of no module; one a line, nothing when the layers hold.
core_includes() {
	(cd "$1" && for f in src/core/*.[ch] include/stet/*.h; do
		echo "$f:"
		grep -H '^#include "' "$f"
	done) |
	awk -v table="$SCRATCH/modules" '
	function stem(path) {
		sub(/.*\//, "", path)
		sub(/\.[ch]$/, "", path)
		return path
	}
	# The module a file stem belongs to, or "" when none.
	function module_of(s,    p) {
		if (s in owner)
			return owner[s]
		for (p in prefix)
			if (substr(s, 1, length(p)) == p)
				return prefix[p]
		return ""
	}
	BEGIN {
		while ((getline line < table) > 0) {
			sub(/#.*/, "", line)
			n = split(line, f, " ")
			if (n < 1)
				continue
			place[f[1]] = ++nmod
			for (i = 1; i <= n; i++) {
				if (f[i] ~ /\*$/)
					prefix[substr(f[i], 1, length(f[i]) - 1)] = f[1]
				else
					owner[f[i]] = f[1]
			}
		}
	}
	/:$/ {
		file = substr($0, 1, length($0) - 1)
		if ((m = module_of(stem(file))) == "")
			print file ": in no module of the table"
		else
			seen[m] = 1
		next
	}
	{
		file = $0
		sub(/:.*/, "", file)
		inc = $0
		sub(/^[^"]*"/, "", inc)
		sub(/".*/, "", inc)
		m = module_of(stem(file))
		t = module_of(stem(inc))
		if (inc == "config.h" || m == "")
			next
		if (t == "")
			print file ": includes \"" inc "\", in no module of the table"
		else if (t != m && place[t] > place[m])
			print file " (" m ") includes \"" inc "\" (" t \
			      ", listed after " m ")"
	}
	END {
		for (m in place)
			if (!(m in seen))
				print m ": in the table, but no file of the core is in it"
	}'
}

# private_includes TREE: includes in src/cli and src/tui of a header
# that only the core may use (one in src/core/).
private_includes() {
	(cd "$1" && for h in src/core/*.h; do
		b=$(basename "$h")
		grep -HnE "^#include \"([^\"]*/)?$b\"|^#include \"[^\"]*core/" \
			src/cli/*.[ch] src/tui/*.[ch] 2>/dev/null
	done) | sort -u
}

# core_only_headers TREE: headers in include/stet/ that nothing outside
# the core includes, directly or through another such header.
core_only_headers() {
	(cd "$1" &&
	used=$(grep -rhoE '^#include "stet/[a-z_]+\.h"' src/cli src/tui tests |
	       sed 's/.*"stet\///; s/"$//' | sort -u)
	while :; do
		more=$(for h in $used; do
			grep -hoE '^#include "stet/[a-z_]+\.h"' "include/stet/$h" 2>/dev/null
		done | sed 's/.*"stet\///; s/"$//')
		next=$(printf '%s\n' $used $more | sort -u)
		[ "$next" = "$used" ] && break
		used=$next
	done
	for h in include/stet/*.h; do
		printf '%s\n' $used | grep -qx "$(basename "$h")" || echo "$h"
	done)
}

# none "what" FINDINGS: ok when FINDINGS is empty, else not ok with
# each finding on a comment line of its own.
none() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '%s\n' "$2" | sed 's/^/#   /'
	fi
}

# check_tree "what" TREE: the three checks above on TREE, each an ok or
# not ok line whose name begins with what.
check_tree() {
	none "$1: every core module includes only modules below it" \
		"$(core_includes "$2")"
	none "$1: src/cli and src/tui include no header private to the core" \
		"$(private_includes "$2")"
	none "$1: include/stet holds only headers used outside the core (move the others to src/core)" \
		"$(core_only_headers "$2")"
}

cd "$srcdir" || exit 1

only_in lmdb.h src/core/store_in.h
only_in magic.h src/core/sniff.c
only_in utf8proc.h src/core/text.c src/core/text_map.c
only_in 'unicode/[a-z0-9]+\.h' src/core/tokenize_icu.c
only_in csv.h src/core/read_csv.c
only_in fribidi.h src/core/bidi.c
only_in xxhash.h src/core/annotate.c src/core/features.c src/core/item.c

curses=$(grep -rlE '#include <(n?curses|term)\.h>' src include | grep -v '^src/tui/' || true)
if [ -z "$curses" ]; then
	ok "curses is included in src/tui only"
else
	not_ok "curses is included in src/tui only" "also in: $curses"
fi

# The CLI starts a screen and prints its keys through screens.h, which
# names no curses type: nothing of the terminal layer but that header.
cli_tui=$(grep -nE '#include "[./]*tui/' src/cli/*.c src/cli/*.h |
	grep -v '"\.\./tui/screens\.h"' || true)
screens_inc=$(grep -nE '#include' src/tui/screens.h |
	grep -vE '#include (<std(bool|def|int)\.h>|"stet/[a-z_]+\.h")' || true)
if [ -z "$cli_tui$screens_inc" ]; then
	ok "the CLI reaches the screens through the curses-free screens.h only"
else
	not_ok "the CLI reaches the screens through the curses-free screens.h only" \
		"$cli_tui" "$screens_inc"
fi

prints=$(grep -nE '(^|[^_a-z])(printf|puts|fputs|putchar|perror)\(|[^_a-z]exit\(|\b(stdout|stderr)\b' \
	src/core/*.c src/core/*.h include/stet/*.h || true)
if [ -z "$prints" ]; then
	ok "the core never prints or exits"
else
	not_ok "the core never prints or exits" "$prints"
fi

check_tree "the tree" .

# The checks must see a violation of each kind: planted in a copy of
# the sources, each one alone.
plant() {
	rm -rf "$SCRATCH/tree"
	mkdir "$SCRATCH/tree"
	find src include tests -name '*.[ch]' | tar cf - -T - |
		(cd "$SCRATCH/tree" && tar xf -)
}

# expect_caught "what" CHECK PATTERN: CHECK on the planted tree names
# the violation (its output matches PATTERN).
expect_caught() {
	v=$($2 "$SCRATCH/tree")
	if printf '%s\n' "$v" | grep -Eq -- "$3"; then
		ok "$1"
	else
		not_ok "$1" "expected a line matching: $3" "got: $v"
	fi
}

plant
printf '#include "stet/annotate.h"\n' >>"$SCRATCH/tree/src/core/store.c"
expect_caught "the store including annotate is caught" core_includes \
	'^src/core/store.c \(store\) includes "stet/annotate.h" \(annotate, listed after store\)$'

plant
printf '#include "stet/annotate.h"\n' >>"$SCRATCH/tree/src/core/pending.c"
expect_caught "annotate and pending including each other is caught" \
	core_includes '^src/core/pending.c \(pending\) includes "stet/annotate.h"'

plant
printf '#include "stet/labeling.h"\n' >>"$SCRATCH/tree/include/stet/history.h"
expect_caught "a header including one above it is caught" core_includes \
	'^include/stet/history.h \(history\) includes "stet/labeling.h"'

plant
printf 'int x;\n' >"$SCRATCH/tree/src/core/stray.c"
expect_caught "a core file in no module of the table is caught" \
	core_includes '^src/core/stray.c: in no module of the table$'

plant
rm "$SCRATCH/tree/src/core/timefmt.c" "$SCRATCH/tree/include/stet/timefmt.h"
expect_caught "a module of the table that is gone is caught" core_includes \
	'^timefmt: in the table, but no file of the core is in it$'

plant
printf '#include "../core/reach.h"\n' >>"$SCRATCH/tree/src/cli/cmd_verify.c"
expect_caught "src/cli including a header private to the core is caught" \
	private_includes 'src/cli/cmd_verify.c:[0-9]+:#include "../core/reach.h"'

plant
mv "$SCRATCH/tree/src/core/slots.h" "$SCRATCH/tree/include/stet/slots.h"
expect_caught "a header only the core uses, in include/stet, is caught" \
	core_only_headers '^include/stet/slots.h$'

done_testing
