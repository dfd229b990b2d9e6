#!/bin/sh
# pm-complaint list: every filter narrows the list, alone, in pairs, and
# beside --all (issue 8 item 9: `list --all --status replied -o id |
# close -` once acted on every contact, --status ignored).  Each listing
# is compared with the same condition applied to `list --all -o json`.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit unit new 2-201 --site moon --area 80 >/dev/null
pm-unit site set sunny --active yes >/dev/null

n() { pm-complaint new "$@" >/dev/null || echo "setup failed: new $*" >&2; }
a() { pm-complaint "$@" >/dev/null || echo "setup failed: $*" >&2; }
n --site sunny --unit 1-101 --kind complaint --channel phone --category 维修/漏水 --text 漏水 --received "2026-11-20 08:00"
n --site sunny --unit 1-101 --kind complaint --channel wechat --category 维修/电梯 --text 电梯 --received "2026-11-25 08:00"
n --site moon --unit 2-201 --kind suggestion --channel phone --category 环境/噪音 --text 噪音 --received "2026-11-26 08:00"
n --site moon --place 东门 --kind inquiry --channel walkin --category 环境 --text 询问 --received "2026-11-29 08:00"
n --site sunny --place 北门 --kind complaint --channel phone --category 维修 --text 门禁 --received "2026-11-30 08:30"
n --site moon --unit 2-201 --kind complaint --channel phone --category 维修/漏水 --text 又漏水 --received "2026-11-30 08:50"
a assign C1 --dept maint --to wang --at "2026-11-20 09:00"
a start C1 --at "2026-11-20 10:00"
a resolve C1 --result 修好 --at "2026-11-20 11:00"
a reply C1 --text 已修 --at "2026-11-20 12:00"
a assign C2 --dept maint --to wang --at "2026-11-25 09:00"
a reject C3 --reason 非物业责任 --at "2026-11-26 09:00"
a assign C4 --dept service --to li --at "2026-11-29 09:00"
a start C4 --at "2026-11-29 10:00"
a resolve C4 --result 已答 --at "2026-11-29 11:00"
a reply C4 --text 已答复 --at "2026-11-29 12:00"
a visit C4 --satisfaction 5 --at "2026-11-29 13:00"
a close C4 --at "2026-11-29 14:00"

pm-complaint -o json list --all > all.json
is "six contacts in every state" "C1 C2 C3 C4 C5 C6" "$(jq -r .id all.json | sort -V | tr '\n' ' ' | sed 's/ $//')"
is "in five states" "assigned closed new rejected replied" \
    "$(jq -r .status all.json | sort -u | tr '\n' ' ' | sed 's/ $//')"

# filters: "options<TAB>jq condition on a row of list --all -o json"
cat > filters <<'EOF'
--status new	.status == "new"
--status replied	.status == "replied"
--status rejected	.status == "rejected"
--status open	(.status | IN("closed", "rejected", "duplicate") | not)
--assignee wang	.assignee == "wang"
--dept maint	.dept == "maint"
--category 维修	(.category == "维修" or (.category // "" | startswith("维修/")))
--category 环境/噪音	.category == "环境/噪音"
--kind complaint	.kind == "complaint"
--channel phone	(.id | IN("C1", "C3", "C5", "C6"))
--site moon	.site == "moon"
--since 2026-11-26	.received >= "2026-11-26"
--until 2026-11-29	.received < "2026-11-29"
EOF

# listed OPTS...: the IDs list prints, in its order
listed() { pm-complaint list "$@" -o id 2>&1 | tr '\n' ' ' | sed 's/ $//'; }
# expect COND: the IDs of list --all whose rows meet COND, in its order
expect() { jq -r "select($1) | .id" all.json | tr '\n' ' ' | sed 's/ $//'; }

singles=0 pairs=0 bad=0
while IFS='	' read -r o1 c1; do
	singles=$((singles + 1))
	# shellcheck disable=SC2086
	got=$(listed --all $o1) want=$(expect "$c1")
	[ "$got" = "$want" ] || { bad=$((bad + 1)); echo "# --all $o1: got '$got', want '$want'"; }
	while IFS='	' read -r o2 c2; do
		[ "$o1" = "$o2" ] && continue
		[ "${o1%% *}" = "${o2%% *}" ] && continue   # one value per option
		pairs=$((pairs + 1))
		# shellcheck disable=SC2086
		got=$(listed --all $o1 $o2) want=$(expect "($c1) and ($c2)")
		[ "$got" = "$want" ] || { bad=$((bad + 1)); echo "# --all $o1 $o2: got '$got', want '$want'"; }
	done < filters
done < filters
is "every filter and pair of filters narrows list --all ($singles alone, $pairs pairs)" 0 "$bad"

is "the reported case: --all --status replied" "C1" "$(listed --all --status replied)"
is "--all beside --status open is the open ones" "$(listed --status open)" "$(listed --all --status open)"
is "--all --status: a pipe acts on those alone" "C1" \
    "$(pm-complaint list --all --status replied -o tsv | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
is "--all --limit 2: the newest two" "C6 C5" "$(listed --all --limit 2)"
is "--all --status new --limit 1" "C6" "$(listed --all --status new --limit 1)"
is "--all --overdue is --overdue" "$(listed --overdue)" "$(listed --all --overdue)"
is "--all --due-within 4h is --due-within 4h" "$(listed --due-within 4h)" "$(listed --all --due-within 4h)"
is "--all --overdue --site moon" "$(listed --overdue --site moon)" "$(listed --all --overdue --site moon)"
fails 64 "--all with an unknown state is refused, not ignored" pm-complaint list --all --status replyed
done_testing
