#!/bin/sh
# pm-complaint: options are declared per verb; what a verb does not
# declare is a usage error (64) that changes nothing, and -n is refused by
# writers that have no dry run.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-complaint new --unit 3-2-1502 --text "电梯异响" --category 维修/电梯 >/dev/null
pm-complaint assign C1 --dept maint --to admin >/dev/null
pm-complaint start C1 >/dev/null

n0=$(pm-admin audit | wc -l)
e0=$(pm-complaint -o json show C1 | jq '.events | length')

# foreign options: each belongs to another verb
fails 64 "note refuses --satisfaction" pm-complaint note C1 --text x --satisfaction 5
err_has "names the option" "unknown option '--satisfaction'"
fails 64 "note refuses --dept" pm-complaint note C1 --text x --dept nosuch
fails 64 "note refuses --priority" pm-complaint note C1 --text x --priority bogus
fails 64 "all of them at once" pm-complaint note C1 --text x --satisfaction 5 --dept nosuch \
    --priority bogus
fails 64 "resolve refuses --reason" pm-complaint resolve C1 --result fixed --reason other
err_has "names it" "unknown option '--reason'"
fails 64 "--reason=VALUE is named without its value" pm-complaint resolve C1 --result x \
    --reason=secret
err_has "as --reason" "unknown option '--reason'"
fails 64 "list refuses --text" pm-complaint list --text x
fails 64 "a short option nobody declared" pm-complaint list -z

# required options and values
fails 64 "resolve needs --result" pm-complaint resolve C1
err_has "says which" "--result TEXT\|- is required"
fails 64 "a flag takes no value" pm-complaint list --overdue=yes
fails 64 "a value is missing" pm-complaint list --limit
err_has "says so" "option '--limit' needs a value"
fails 64 "--limit is a count" pm-complaint list --limit -3
err_has "names the value" "--limit -3: a count"
fails 64 "--satisfaction out of range" pm-complaint visit C1 --satisfaction 6
err_has "gives the range" "from 1 to 5"
fails 64 "--due-within is a duration" pm-complaint list --due-within soon
fails 64 "--at is a time" pm-complaint note C1 --text x --at yesterdayish
err_has "names --at" "^pm-complaint: --at"
fails 64 "--by is a word from the list" pm-complaint stats --by floor
fails 64 "show takes one ID" pm-complaint show C1 C2
err_has "the extra operand" "unexpected operand 'C2'"
fails 64 "show needs one" pm-complaint show
fails 64 "--reason without --unmask" pm-complaint list --reason audit
fails 64 "--unmask without --reason" pm-complaint list --unmask
fails 64 "duplicate-of needs the original and a duplicate" pm-complaint duplicate-of C1

# -n: only the verbs that declare a dry run take it
fails 64 "-n on note is refused" pm-complaint -n note C1 --text "would be written"
err_has "says why" "note has no dry run"
fails 64 "-n after the verb too" pm-complaint note C1 --text x -n
fails 64 "--dry-run on assign" pm-complaint assign C1 --to admin --dry-run
fails 64 "-n on new" pm-complaint -n new --unit 3-2-1502 --text x
ok "-n on a reader is harmless" pm-complaint -n list

is "nothing was written by any of it" "$n0" "$(pm-admin audit | wc -l)"
is "no event either" "$e0" "$(pm-complaint -o json show C1 | jq '.events | length')"
is "still one contact" 1 "$(pm-complaint list --all -o id | wc -l)"

# what the table declares is what help and --options say
ok "help of a verb" pm-complaint resolve --help
out_has "usage from the table" "^usage: pm-complaint resolve --result TEXT\|- \[--at TIME\] ID\.\.\.\|-$"
out_has "an options part" "^  --result TEXT\|-"
ok "--options" pm-complaint --options
out_has "resolve's options" "^resolve	--result --at	write	complaint.handle$"
out_has "list takes --unmask --reason" "^list	.*--all --unmask --reason	read	-$"
out_has "escalate has none" "^escalate		write	complaint.escalate$"
ok "--options is quiet on stderr" pm-complaint --options
quiet_err() { if [ ! -s "$T/.err" ]; then _ok "$1"; else _notok "$1"; fi; }
quiet_err "nothing on stderr"

# options and operands mix, and -- ends the options
ok "options after operands" pm-complaint note C1 --text "后补"
ok "-- ends options" pm-complaint note --text "x" -- C1

done_testing
