#!/bin/sh
# pm-unit: each kind's options are its fields (new, set) or the filters
# (list, show, export); what a verb does not declare is a usage error (64)
# that changes nothing, and -n is refused by new and set (import has a
# dry run).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-unit occupant new --unit 3-2-1502 --name 张三 --role owner --move-in 2020-01-01 \
    --phone 13812345678 >/dev/null

n0=$(pm-admin audit | wc -l)
u0=$(pm-unit unit list)

# foreign options: fields of another kind, filters on a writer
fails 64 "unit new refuses --floors (a building's)" pm-unit unit new X-1 --area 20 --floors 3
err_has "names it" "unit new: unknown option '--floors'"
fails 64 "site new refuses --area" pm-unit site new park --name 公园 --kind office --area 3
fails 64 "unit set refuses --phone (an occupant's)" pm-unit unit set 3-2-1502 --phone 1
fails 64 "vehicle new refuses --move-in" pm-unit vehicle new 京A12345 --move-in 2020-01-01
fails 64 "unit set refuses --all" pm-unit unit set 3-2-1502 --state vacant --all
fails 64 "show refuses list filters" pm-unit unit show 3-2-1502 --state vacant
fails 64 "list refuses fields" pm-unit unit list --area 100
fails 64 "import refuses --site" pm-unit unit import --site sunny u.csv
fails 64 "new takes no --unmask" pm-unit unit new X-1 --area 20 --unmask --reason x
fails 64 "a short option nobody declared" pm-unit unit list -s sunny

# required fields, operands
fails 64 "unit new needs --area" pm-unit unit new X-1
err_has "says which" "unit new: --area M2 is required"
fails 64 "occupant new needs --move-in" pm-unit occupant new --unit 3-2-1502 --name 李四 --role tenant
err_has "says which" "--move-in DATE is required"
fails 64 "occupant new takes no operand" pm-unit occupant new 7 --unit 3-2-1502 --name 李四 \
    --role tenant --move-in 2021-01-01
err_has "the operand" "unexpected operand '7'"
fails 64 "one record at a time" pm-unit unit new X-1 X-2 --area 20
fails 64 "show names one record" pm-unit unit show 3-2-1502 X-1
fails 64 "import needs a FILE" pm-unit unit import
fails 64 "--csv or --jsonl" pm-unit unit import --csv --jsonl u.csv
fails 64 "--unmask needs --reason" pm-unit occupant list --unmask
fails 64 "--reason needs --unmask" pm-unit occupant export --reason x

# -n: new and set refuse it, import checks and takes it back
fails 64 "-n unit new is refused" pm-unit -n unit new X-1 --area 20
err_has "says why" "unit new has no dry run"
fails 64 "-n unit set" pm-unit unit set 3-2-1502 --state occupied -n
fails 64 "--dry-run occupant set" pm-unit --dry-run occupant set 1 --move-out 2026-01-01
is "nothing was written by any of it" "$n0" "$(pm-admin audit | wc -l)"
is "units unchanged" "$u0" "$(pm-unit unit list)"
printf 'site,code,area\nsunny,X-1,20\n' > u.csv
ok "-n import" pm-unit -n unit import u.csv
out_is "counts what it would do" "1	0	0"
is "and keeps nothing" "$u0" "$(pm-unit unit list)"
is "not even an audit row" "$n0" "$(pm-admin audit | wc -l)"

# masking is lib's: masked unless --unmask
ok "occupant list" pm-unit occupant list
out_has "phone masked" "	138\*\*\*\*5678	"
ok "occupant list --unmask" pm-unit occupant list --unmask --reason "停水通知"
out_has "phone in clear" "	13812345678	"

# what the tables declare is what help and --options say
ok "help of new" pm-unit unit new --help
out_has "usage from the fields" "^usage: pm-unit unit new --area M2 \[--site CODE\] \[--code CODE\]"
out_has "required marked" "^  --area M2 .*\(required\)$"
ok "--options" pm-unit --options
out_has "occupant set's fields" "^occupant set	--id --site --unit --name --role --move-in --move-out --phone --id-number	write	unit.edit$"
out_has "unit show" "^unit show	--site --unmask --reason	read	-$"
out_has "vehicle import" "^vehicle import	--csv --jsonl	write	unit.import$"

done_testing
