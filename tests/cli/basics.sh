#!/bin/sh
# The command line itself: help, version, usage errors, exit statuses.
. "$srcdir/tests/cli/lib.sh"

run_stet --help
expect_rc "--help exits 0" 0
expect_match "--help lists import" "^  import " "$OUT"

run_stet --version
expect_match "--version names the package" "^stet [0-9]+\.[0-9]+" "$OUT"

run_stet
expect_rc "no arguments is a usage error" 2

run_stet frobnicate
expect_rc "an unknown command is a usage error" 2
expect_match "an unknown command is named" "unknown command 'frobnicate'" "$ERR"

for cmd in $("$STET" --commands); do
	run_stet "$cmd" --help
	expect_rc "stet $cmd --help exits 0" 0
	expect_match "stet $cmd --help shows usage" "^usage: stet $cmd" "$OUT"
done

run_stet import --bogus p.stet
expect_rc "an unknown option is a usage error" 2
expect_match "the usage error names the command" "^stet: import: " "$ERR"

run_stet info missing.stet
expect_rc "a missing project fails with 1" 1
expect_match "a missing project says how to create one" "stet init missing.stet" "$ERR"

run_stet init p.stet
expect_rc "init without labels is a usage error" 2

run_stet init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL
expect_rc "init creates a project" 0
test -f p.stet && ok "the project is one file" || not_ok "the project is one file"

run_stet init p.stet --labels A,B
expect_rc "init refuses to overwrite a project" 1
expect_match "init says the file exists" "already exists" "$ERR"

run_stet info p.stet --format json
expect_rc "info --format json exits 0" 0
expect_match "info json has the contract keys" \
	'"items":0.*"annotators":1,"sessions":0,"annotations":0.*"labels":\["POSITIVE","NEGATIVE","NEUTRAL"\].*"schema_version":1' "$OUT"

echo "not a project" > junk.stet
run_stet info junk.stet
expect_rc "a file that is not a project fails" 1
expect_match "a file that is not a project is named" "junk.stet: not a stet project" "$ERR"

# Durations: minutes or a number with s, m or h, and nothing else.
for bad in nan inf -1 5x ""; do
	run_stet label junk.stet --break "$bad"
	expect_rc "--break '$bad' is a usage error" 2
done
run_stet stats junk.stet --idle 0
expect_rc "--idle 0 is a usage error" 2

done_testing
