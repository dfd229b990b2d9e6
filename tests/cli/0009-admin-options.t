#!/bin/sh
# pm-admin: options are declared per verb; what a verb does not declare
# is a usage error (64) that touches nothing, and -n is refused by the
# verbs that would change files or the database (init, migrate, backup).
. "$PM_TESTS/lib.sh"

# -n on init: no database is made
fails 64 "-n init is refused" pm-admin -n init
err_has "says why" "init has no dry run"
is "no database file" no "$([ -e pm.db ] && echo yes || echo no)"
fails 64 "init takes no options" pm-admin init --force
err_has "names it" "unknown option '--force'"
fails 64 "init takes no operands" pm-admin init x.db
is "still no database file" no "$([ -e pm.db ] && echo yes || echo no)"

pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
n0=$(pm-admin audit | wc -l)

# foreign options: each belongs to another verb
fails 64 "check refuses --backup" pm-admin check --backup x.db
fails 64 "backup refuses --limit" pm-admin backup b.db --limit 3
is "no backup made" no "$([ -e b.db ] && echo yes || echo no)"
fails 64 "migrate refuses --since" pm-admin migrate --since today
fails 64 "audit refuses --backup" pm-admin audit --backup x
fails 64 "config refuses --reverse" pm-admin config --reverse
fails 64 "a short option nobody declared" pm-admin audit -z
fails 64 "--unmask is nobody's here" pm-admin audit --unmask --reason x

# values and operands
fails 64 "--limit is a count of 1 or more" pm-admin audit --limit 0
err_has "names the value" "--limit 0: a count \(1 or more\)"
fails 64 "--limit is a number" pm-admin audit --limit many
fails 64 "--until is a date" pm-admin audit --until someday
err_has "names --until" "^pm-admin: --until"
fails 64 "--reverse takes no value" pm-admin audit --reverse=yes
fails 64 "backup needs FILE" pm-admin backup
err_has "says what to give" "backup: give FILE"
fails 64 "backup takes one FILE" pm-admin backup a.db b.db
err_has "the extra operand" "unexpected operand 'b.db'"
printf 'timezone: Asia/Shanghai\n' > a.yaml
fails 64 "config takes one FILE at most" pm-admin config a.yaml b.yaml
rm -f a.yaml

# -n: the writers refuse it, the readers are not changed by it
fails 64 "-n migrate is refused" pm-admin -n migrate
err_has "says why" "migrate has no dry run"
fails 64 "-n backup is refused" pm-admin backup b.db -n
is "no backup made by it" no "$([ -e b.db ] && echo yes || echo no)"
ok "-n check is harmless" pm-admin -n check
ok "-n audit is harmless" pm-admin -n audit
is "nothing was written by any of it" "$n0" "$(pm-admin audit | wc -l)"
is "no backup file anywhere" "" "$(ls | grep -v '^pm\.db' || true)"

# what the table declares is what help and --options say
ok "help of a verb" pm-admin migrate --help
out_has "usage from the table" "^usage: pm-admin migrate \[--backup FILE\] \[--verify HOW\]$"
out_has "an options part" "^  --backup FILE"
ok "--options" pm-admin --options
# columns: verb, options, read|write|create, the permission (- for none)
out_has "audit's options" "^audit	--since --until --actor --os-user --entity --action --limit --reverse	read	-$"
out_has "init has none" "^init		create	-$"
out_has "backup has --verify" "^backup	--verify	write	admin$"

done_testing
