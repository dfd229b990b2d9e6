#!/bin/sh
# scripts/embed-schema: the migrations go into libpm only when they are
# numbered 0001, 0002, ... without a gap or a number used twice.
. "$PM_TESTS/lib.sh"
embed="sh $PM_TESTS/../../scripts/embed-schema"
schema=$PM_TESTS/../../schema

mkdir s
for m in 0001-core 0002-more 0003-last; do
	printf -- '-- %s\nCREATE TABLE t%s (x "quoted\\" ?);\n' "$m" "${m%%-*}" > "s/$m.sql"
done

ok "three migrations in order" $embed s/0001-core.sql s/0002-more.sql s/0003-last.sql
out_has "each with its number and name" '^	\{ 3, "last",$'
quiet_err() { if [ ! -s "$T/.err" ]; then _ok "$1"; else _notok "$1 (stderr not empty)"; fi; }
quiet_err "and nothing on stderr"
is "the tree's own schema embeds" "$(ls "$schema" | grep -c '^[0-9]\{4\}-.*\.sql$')" \
    "$($embed "$schema"/[0-9][0-9][0-9][0-9]-*.sql | grep -c '^	{ [0-9]*, "')"

cp s/0002-more.sql s/0002-again.sql
fails 1 "a number used twice is refused" $embed s/0001-core.sql s/0002-again.sql s/0002-more.sql s/0003-last.sql
err_has "naming both files" "s/0002-more.sql: migration 0002 is given twice \(also s/0002-again.sql\)"
is "and nothing is written" "0" "$(wc -c < "$T/.out")"

fails 1 "a gap is refused" $embed s/0001-core.sql s/0003-last.sql
err_has "naming the missing number" "s/0003-last.sql: migration 0002 is missing"
is "and nothing is written" "0" "$(wc -c < "$T/.out")"

fails 1 "a first migration that is not 0001 is refused" $embed s/0002-more.sql
err_has "naming 0001" "migration 0001 is missing"

printf 'SELECT 1;\n' > s/0000-zero.sql
fails 1 "migration 0000 is refused" $embed s/0000-zero.sql s/0001-core.sql
err_has "numbers start at 1" "numbers start at 0001"

printf 'SELECT 1;\n' > s/12-short.sql
fails 1 "a name that is not NNNN-name.sql is refused" $embed s/0001-core.sql s/12-short.sql
err_has "and says so" "name must be NNNN-name.sql"

fails 1 "a missing file is refused" $embed s/0001-core.sql s/0002-nosuch.sql
err_has "and named" "s/0002-nosuch.sql: cannot read it"

fails 1 "no migrations at all is refused" $embed
err_has "with the usage" "no migrations given"

done_testing
