#!/bin/sh
# Missing records read alike in every tool (issue 8 item 14): one form,
# "KIND KEY: no such KIND" (pm(7): pm-fee: unit 3-2-1502: no such unit),
# exit 66, one line.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-complaint new --text 漏水 --unit 1-101 >/dev/null

# missing KIND KEY CMD...: exit 66, "tool: KIND KEY: no such KIND[ member]"
missing() {
	_k=$1 _key=$2; shift 2
	run "$@"
	_tool=$1
	_want="$_tool: $_k $_key: no such $_k"
	[ "$_k" = staff ] && _want="$_want member"
	if [ "$st" -ne 66 ]; then _notok "$*: exit $st, want 66"
	elif [ "$(wc -l < "$T/.err")" -ne 1 ]; then _notok "$*: stderr is not one line"
	elif ! grep -qxF -e "$_want" -e "$_want (--site)" -e "$_want (--dept)" -e "$_want (--unit)" "$T/.err"; then
		_notok "$*: says '$(cat "$T/.err")', want '$_want'"
	else _ok "$*: $(cat "$T/.err")"; fi
}
missing unit 9-9 pm-unit unit set 9-9 --area 1
missing unit 9-9 pm-unit unit show 9-9
missing site nope pm-unit site set nope --name x
missing building 9 pm-unit building set 9 --name x
missing occupant 999 pm-unit occupant set 999 --name x
missing unit 9-9 pm-unit occupant new --unit 9-9 --name 张三 --role owner --move-in 2020-01-01
missing staff ghost pm-org staff set ghost --name x
missing staff ghost pm-org staff show ghost
missing department nope pm-org staff new x --name y --dept nope
missing role ghost pm-org role show ghost
missing complaint C99 pm-complaint start C99
missing complaint C99 pm-complaint show C99
missing complaint C99 pm-complaint escalate C99
missing complaint C99 pm-complaint duplicate-of C1 C99
missing unit 9-9 pm-complaint new --text x --unit 9-9
missing site nope pm-complaint new --text x --site nope
missing department nope pm-complaint assign C1 --dept nope
missing staff ghost pm-complaint list --assignee ghost
missing department nope pm-complaint list --dept nope
# a role named in a staff record is bad data there (65), and reads alike
fails 65 "an unknown role in --roles" pm-org staff new x --name y --roles ghost
err_has "reads alike" "^pm-org: role ghost: no such role \(roles: "
done_testing
