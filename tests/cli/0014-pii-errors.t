#!/bin/sh
# Personal data in error messages: a value refused, a record that exists
# already or not at all is named masked, never in clear — whichever tool,
# option or import file it came from.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-unit vehicle new 京A12345 --unit 3-2-1502 >/dev/null

# clear VALUE: stderr does not hold VALUE
clear() {
	if grep -qF -- "$1" "$T/.err"; then _notok "$2 ($1 in clear: $(cat "$T/.err"))"
	else _ok "$2"; fi
}

fails 65 "occupant new, bad phone" pm-unit occupant new --unit 3-2-1502 --name 欧阳娜娜 \
    --role owner --move-in 2020-07-01 --phone 1370000111
clear 1370000111 "the phone masked"
err_has "and still said to be the phone" "phone 1\*+1: not a mobile"
fails 65 "occupant new, bad ID number" pm-unit occupant new --unit 3-2-1502 --name 欧阳娜娜 \
    --role owner --move-in 2020-07-01 --id-number 110105194912310021
clear 110105194912310021 "the ID number masked"
fails 65 "staff set --phone, bad" pm-org staff set admin --phone 1370000111
clear 1370000111 "the staff phone masked"
fails 65 "staff new --phone, bad" pm-org staff new kefu --name 李客服 --phone 23700001111
clear 23700001111 "the new staff's phone masked"
fails 65 "complaint new --phone, bad" pm-complaint new --unit 3-2-1502 --name 张三 \
    --phone 1370000111 --text 漏水
clear 1370000111 "the caller's phone masked"
fails 65 "duplicate vehicle" pm-unit vehicle new 京A12345
clear 京A12345 "the plate masked"
err_has "masked as plates are" "vehicle 京A\*\*\*45: already exists"
fails 65 "bad plate" pm-unit vehicle new 京A1234Z9
clear 京A1234Z9 "the bad plate masked"
fails 66 "unknown vehicle: set" pm-unit vehicle set 京B99999 --active no
clear 京B99999 "set: the plate masked"
fails 66 "unknown vehicle: show" pm-unit vehicle show 京B99999
clear 京B99999 "show: the plate masked"
err_has "show says what was not found" "vehicle 京B\*\*\*99: no such vehicle"

# the same through imports: file:line, value masked
printf 'site,unit,name,role,move_in,phone\nsunny,3-2-1502,欧阳娜娜,owner,2020-07-01,1370000111\n' > o.csv
fails 65 "import, bad phone" pm-unit occupant import o.csv
clear 1370000111 "import: the phone masked"
err_has "import: file and line" "o.csv:2: "
printf 'site,plate\nsunny,京A12345\nsunny,京A1234Z9\n' > v.csv
fails 65 "import, bad plate" pm-unit vehicle import v.csv
clear 京A1234Z9 "import: the plate masked"
err_has "import: line 3" "v.csv:3: "
done_testing
