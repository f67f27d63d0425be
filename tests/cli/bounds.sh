#!/bin/sh
# Readers of other tools' files stay inside their input whatever it
# holds: separators at the very end of a string, of a line, of a file.
# Under the sanitizers a read past the end stops the run.
. "$srcdir/tests/cli/lib.sh"

"$STET" init p.stet --labels POS,NEG >/dev/null

# Label Studio: result types and control names are listed, ", " between
# them, in the messages that say what the file holds; a name ending in
# "," is a whole word, not a separator.
printf '%s\n' '[{"data":{"text":"t"},"annotations":[{"result":[{"type":"x,","from_name":"a"},{"type":"y","from_name":"a"}]}]}]' >type-comma.json
run_stet import-annotations p.stet --from labelstudio type-comma.json
expect_rc "labelstudio: a result type ending in a comma fails cleanly" 1
expect_match "labelstudio: both types are named, each once" \
	'not x,, y$' "$ERR"

printf '%s\n' '[{"data":{"text":"t"},"annotations":[{"result":[{"type":"choices","from_name":"a,"},{"type":"choices","from_name":"b"}]}]}]' >from-comma.json
run_stet import-annotations p.stet --from labelstudio from-comma.json
expect_rc "labelstudio: a control name ending in a comma fails cleanly" 1
expect_match "labelstudio: both controls are named" \
	'2 choices or taxonomy controls \(a,, b\)' "$ERR"

printf '%s\n' '[{"data":{"text":"t"},"annotations":[{"result":[{"type":"choices","from_name":"a,"},{"type":"choices","from_name":"a"}]}]}]' >from-comma-prefix.json
run_stet import-annotations p.stet --from labelstudio from-comma-prefix.json
expect_match "labelstudio: a control is not taken for the one its name begins" \
	'2 choices or taxonomy controls \(a,, a\)' "$ERR"

printf '%s\n' '[{"data":{"text":"t"},"annotations":[{"result":[{"type":"x","from_name":"a,"},{"type":"y","from_name":"a"}]}]}]' >from-comma-other.json
run_stet import-annotations p.stet --from labelstudio from-comma-other.json
expect_rc "labelstudio: a from_name ending in a comma beside other results" 1

# A word that is a prefix of one already listed, and one holding ", ",
# are their own words.
printf '%s\n' '[{"data":{"text":"t"},"annotations":[{"result":[{"type":"choices","from_name":"ab, c"},{"type":"choices","from_name":"ab"},{"type":"choices","from_name":"ab, c"}]}]}]' >prefix.json
run_stet import-annotations p.stet --from labelstudio prefix.json
expect_match "labelstudio: controls are told apart by the whole name" \
	'2 choices or taxonomy controls \(ab, c, ab\)' "$ERR"

done_testing
