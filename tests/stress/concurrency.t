#!/bin/sh
# Writers and readers over every tool at once, for a bounded time: no
# command may fail (a busy or locked database beyond the default timeout
# above all), no write may be lost (what each writer says it wrote is
# what the database holds), and pm-admin check passes at the end.
#
#   STRESS_SECONDS  how long (default 60)
#   STRESS_WRITERS  writers (default 8): complaint new/assign/note, unit
#                   new and import, staff set, backup, check, in turn
#   STRESS_READERS  readers (default 4): every list, show, stats, audit
. "$PM_TESTS/lib.sh"
. "$PM_STRESS/lib.sh"
secs=${STRESS_SECONDS:-60}
nw=${STRESS_WRITERS:-8}
nr=${STRESS_READERS:-4}
unset PM_NOW    # real time: the deadline and the contacts' clocks move

pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-complaint new --text 第一条 --unit 1-101 >/dev/null
i=1
while [ $i -le "$nw" ]; do pm-org staff new "w$i" --name "写者$i" --dept service >/dev/null; i=$((i + 1)); done
mkdir -p log bk

# attempt WHO CMD...: run CMD; on any failure, log it with its status and
# stderr (exit 1 is a predicate's "nothing found", not a failure)
attempt() {
	_who=$1; shift
	"$@" >"log/$_who.out" 2>"log/$_who.err"
	_st=$?
	if [ $_st -ne 0 ]; then
		printf '%s\t%s\t%s\n' "$_st" "$*" "$(head -n 1 "log/$_who.err")" >> "log/$_who.fail"
		return 1
	fi
	return 0
}

writer() {
	w=$1 j=0 mine=
	: > "log/w$w.new"; : > "log/w$w.notes"; : > "log/w$w.units"; : > "log/w$w.fail"
	while [ "$(date +%s)" -lt "$end" ]; do
		j=$((j + 1))
		case $((j % 8)) in
		1)	attempt "w$w" pm-complaint new --text "写者$w 第$j条" --unit 1-101 &&
			    { mine=$(cat "log/w$w.out"); echo "$mine" >> "log/w$w.new"; } ;;
		2)	[ -n "$mine" ] && attempt "w$w" pm-complaint assign --dept service --to "w$w" "$mine" ;;
		3)	[ -n "$mine" ] && attempt "w$w" pm-complaint note --text "备注 w$w-$j" "$mine" &&
			    echo "$mine w$w-$j" >> "log/w$w.notes" ;;
		4)	attempt "w$w" pm-unit unit new "w$w-$j" --area 50 && echo "w$w-$j" >> "log/w$w.units" ;;
		5)	{ echo site,code,area; k=1; while [ $k -le 10 ]; do echo "s1,i$w-$j-$k,60"; k=$((k + 1)); done; } > "log/w$w.csv"
			attempt "w$w" pm-unit unit import "log/w$w.csv" &&
			    sed -n '2,$s/^s1,\([^,]*\),.*/\1/p' "log/w$w.csv" >> "log/w$w.units" ;;
		6)	attempt "w$w" pm-org staff set "w$w" --name "写者$w-$j" && echo "写者$w-$j" > "log/w$w.name" ;;
		7)	attempt "w$w" pm-admin backup "bk/w$w-$j.db" && echo "bk/w$w-$j.db" >> "log/w$w.bk" ;;
		0)	attempt "w$w" pm-admin check ;;
		esac
	done
	echo "$j" > "log/w$w.ops"
}

reader() {
	r=$1 j=0
	: > "log/r$r.fail"
	while [ "$(date +%s)" -lt "$end" ]; do
		j=$((j + 1))
		case $((j % 7)) in
		1) attempt "r$r" pm-complaint list --all ;;
		2) attempt "r$r" pm-unit unit list ;;
		3) attempt "r$r" pm-org staff list ;;
		4) attempt "r$r" pm-admin audit --limit 50 --reverse ;;
		5) attempt "r$r" pm-complaint show C1 ;;
		6) attempt "r$r" pm-complaint stats ;;
		0) attempt "r$r" pm-unit site list ;;
		esac
	done
	echo "$j" > "log/r$r.ops"
}

end=$(($(date +%s) + secs))
i=1; while [ $i -le "$nw" ]; do writer $i & i=$((i + 1)); done
i=1; while [ $i -le "$nr" ]; do reader $i & i=$((i + 1)); done
wait

wops=$(cat log/w*.ops | awk '{ s += $1 } END { print s + 0 }')
rops=$(cat log/r*.ops | awk '{ s += $1 } END { print s + 0 }')
nfail=$(cat log/*.fail | wc -l)
nbusy=$(cat log/*.fail | awk -F '\t' '$1 == 69' | wc -l)
is "no busy failure under the default timeout" 0 "$nbusy"
is "no command failed" 0 "$nfail"
[ "$nfail" -gt 0 ] && sort log/*.fail | uniq -c | sort -rn | head -n 10 | sed 's/^/#   /'

news=$(cat log/w*.new | wc -l)
is "every contact written is there ($news)" $((news + 1)) "$(q 'SELECT count(*) FROM contact')"
missing=$(cat log/w*.new | while read -r id; do
	[ "$(q "SELECT count(*) FROM contact WHERE id = ${id#C}")" -eq 1 ] || echo "$id"; done | wc -l)
is "by ID too" 0 "$missing"
notes=$(cat log/w*.notes | wc -l)
is "every note written is there ($notes)" "$notes" "$(q "SELECT count(*) FROM event WHERE event = 'note'")"
lost=$(cat log/w*.notes | while read -r id tag; do
	[ "$(q "SELECT count(*) FROM event WHERE entity_id = ${id#C} AND event = 'note' AND note LIKE '%$tag'")" -ge 1 ] ||
	    echo "$id $tag"; done | wc -l)
is "each on its contact" 0 "$lost"
units=$(cat log/w*.units | wc -l)
is "every unit written is there ($units)" $((units + 1)) "$(q 'SELECT count(*) FROM unit')"
names=0 wrong=0
for f in log/w*.name; do
	[ -e "$f" ] || continue
	w=${f#log/}; w=${w%.name}
	names=$((names + 1))
	[ "$(q "SELECT name FROM staff WHERE login = '$w'")" = "$(cat "$f")" ] || wrong=$((wrong + 1))
done
is "each staff member has the name set last ($names)" 0 "$wrong"
nbk=0 badbk=0
for b in $(cat log/w*.bk 2>/dev/null); do
	nbk=$((nbk + 1))
	PM_DB=$T/$b pm-admin check >/dev/null 2>&1 || badbk=$((badbk + 1))
done
is "every backup is a sound database ($nbk)" 0 "$badbk"

# two and more billing runs at once: every unit billed once
mkdir -p feecfg
printf 'fee:\n  items:\n    PROP:\n      basis: area\n      rates:\n        - from: 2000-01\n          rate: 1.85\n' > feecfg/config.yaml
sqlite3 "$PM_DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
    INSERT INTO unit (site_id, code, area, handover) SELECT 1, 'h' || i, 9000, '2026-01-01' FROM n"
i=1
while [ $i -le 4 ]; do
	PM_CONFIG=$T/feecfg/config.yaml pm-fee bill --period 2026-11 >"log/bill$i.out" 2>"log/bill$i.err" &
	i=$((i + 1))
done
wait
is "concurrent bill runs: none failed" "" "$(cat log/bill*.err)"
is "each unit billed once" "$(q "SELECT count(*) FROM unit WHERE handover IS NOT NULL OR id IN (SELECT unit_id FROM occupant WHERE role = 'owner')")" \
    "$(q "SELECT count(*) FROM bill_line WHERE period = '2026-11' AND item = 'PROP'")"
is "no unit twice" 0 "$(q "SELECT count(*) FROM (SELECT unit_id FROM bill_line WHERE period = '2026-11' GROUP BY unit_id, item HAVING count(*) > 1)")"
ok "pm-admin check passes at the end" pm-admin check

# 10 payers x 100 payments at once (pm-fee pay, each its own command):
# every payment recorded once, receipt numbers unique and gap-free
payer() {
	k=1
	while [ $k -le 100 ]; do
		PM_CONFIG=$T/feecfg/config.yaml pm-fee pay --unit "h$1" --amount 1.50 --method wechat \
		    --ref "C$1-$k" >>"log/pay$1.out" 2>>"log/pay$1.err" || echo "$k" >>"log/pay$1.fail"
		k=$((k + 1))
	done
}
p0=$(q 'SELECT count(*) FROM payment')
i=1; while [ $i -le 10 ]; do : >"log/pay$i.fail"; payer $i & i=$((i + 1)); done
wait
is "concurrent payments: none failed" "" "$(cat log/pay*.fail log/pay*.err)"
is "no payment lost: 1000 recorded" 1000 "$(($(q 'SELECT count(*) FROM payment') - p0))"
is "each payer's 100, each ref once" "100 100 100 100 100 100 100 100 100 100" \
    "$(i=1; while [ $i -le 10 ]; do q "SELECT count(DISTINCT ref) FROM payment WHERE ref GLOB 'C$i-*'"; i=$((i + 1)); done | tr '\n' ' ' | sed 's/ $//')"
is "receipts printed: 1000 different" 1000 "$(cut -f2 log/pay*.out | sort -u | wc -l | tr -d ' ')"
is "receipt numbers gap-free: 1..n per site and year" "1 $(q "SELECT count(*) FROM ledger_txn WHERE kind = 'payment'") $(q "SELECT count(*) FROM ledger_txn WHERE kind = 'payment'")" \
    "$(q "SELECT min(seq_no) || ' ' || max(seq_no) || ' ' || count(DISTINCT seq_no) FROM ledger_txn WHERE kind = 'payment'")"
is "each settled its unit's bill: 166.50 - 150.00 left" "1650 x10" \
    "$(q "SELECT group_concat(DISTINCT b) || ' x' || count(*) FROM (SELECT sum(p.amount) AS b FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name GLOB 'Assets:Receivable:s1:h[0-9]' OR a.name = 'Assets:Receivable:s1:h10' GROUP BY a.id)")"
ok "pm-admin check passes after the payments" pm-admin check

# plan run, the daily cron job started twice at once (two hosts, or a
# slow run still going when the next starts), every day of 2027: each
# job is made exactly once, and the jobs are what the calendar says.
(
	export PM_DB=$T/plan.db
	. "$PM_STRESS/plan-fixture.sh"
	plan_calendar > plan.cal
	day=0 pfail=0
	while [ $day -lt 365 ]; do
		d=$(date -u -d "2027-01-01 +$day days" +%F)
		PM_USER=wang PM_NOW="$d 01:00" pm-workorder plan run 2>>plan.err & p1=$!
		PM_USER=wang PM_NOW="$d 01:00" pm-workorder plan run 2>>plan.err & p2=$!
		wait $p1 || pfail=$((pfail + 1))
		wait $p2 || pfail=$((pfail + 1))
		day=$((day + 1))
	done
	echo "$pfail" > plan.fail
	plan_jobs > plan.jobs
	sqlite3 "$PM_DB" "SELECT count(*) - count(DISTINCT plan_item_id || '/' || equipment_id || '/' || occurrence)
	    FROM workorder" > plan.dup
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > plan.check
)
is "plan run, two at once every day of 2027: none failed" 0 "$(cat plan.fail)"
is "none doubled" 0 "$(cat plan.dup)"
same_file "the jobs are the calendar: no gap, no duplicate ($(wc -l < plan.jobs) jobs)" plan.cal plan.jobs
is "the plan database is sound" 0 "$(cat plan.check)"

# the action escalation cron started four times at once over the same
# late actions: each climbs exactly once per level, nobody fails
(
	export PM_DB=$T/action.db
	pm-admin init >/dev/null 2>&1
	pm-org staff new admin --name 管理员 >/dev/null 2>&1
	pm-org staff new wang --name 王师傅 --dept maint >/dev/null 2>&1
	pm-org staff new qian --name 钱主管 --dept maint >/dev/null 2>&1
	pm-org dept set maint --head qian >/dev/null
	k=1
	while [ $k -le 200 ]; do
		PM_NOW="2026-11-01 09:00" pm-action new --text "措施$k" --owner wang \
		    --source report:2026-10 --due 2026-11-10 >/dev/null || echo "new $k" >> action.fail
		k=$((k + 1))
	done
	k=1
	while [ $k -le 4 ]; do
		sh -c 'PM_NOW="2026-11-12 09:00" pm-action list --overdue -o id |
		    PM_NOW="2026-11-12 09:00" pm-action escalate -' >"action$k.out" 2>>action.err &
		k=$((k + 1))
	done
	wait
	cat action[1-4].out | wc -l | tr -d ' ' > action.raised
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'action' AND event = 'escalate'" > action.events
	sqlite3 "$PM_DB" "SELECT count(*) FROM action WHERE esc_level <> 1" > action.wrong
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > action.check
)
is "action escalate, four at once: none failed" "" "$(cat action.err action.fail 2>/dev/null)"
is "each of 200 raised once, by one of them" 200 "$(cat action.raised)"
is "one escalate event each" 200 "$(cat action.events)"
is "all at level 1" 0 "$(cat action.wrong)"
is "the action database is sound" 0 "$(cat action.check)"
# round plan, the cron job started twice at once, every day of a month
# for 50 communities: each round exactly once, the schedules' rounds.
(
	export PM_DB=$T/patrol.db
	. "$PM_STRESS/patrol-fixture.sh"
	day=1 rfail=0
	while [ $day -le 30 ]; do
		d=$(printf '2027-01-%02d' $day)
		PM_USER=li PM_NOW="$d 00:00" pm-patrol round plan 2>>round.err & p1=$!
		PM_USER=li PM_NOW="$d 00:00" pm-patrol round plan 2>>round.err & p2=$!
		wait $p1 || rfail=$((rfail + 1))
		wait $p2 || rfail=$((rfail + 1))
		day=$((day + 1))
	done
	echo "$rfail" > round.fail
	patrol_expect 30 > round.exp
	patrol_rounds > round.got
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > round.check
)
is "round plan, two at once every day of a month: none failed" 0 "$(cat round.fail)"
same_file "the rounds are the schedules': none doubled, none missing ($(wc -l < round.got))" \
    round.exp round.got
is "the patrol database is sound" 0 "$(cat round.check)"

# hazards: writers reporting and rectifying at once, and the escalation
# cron job started three times at once over the same late hazards: every
# hazard written is there, each fix once, each hazard one level once.
(
	export PM_DB=$T/hazard.db PM_NOW="2026-11-30 09:00"
	safety_db
	i=1
	while [ $i -le 4 ]; do
		(
			j=1
			while [ $j -le 25 ]; do
				id=$(pm-patrol hazard new --severity 重大 --place "岗$i" --text "隐患 $i-$j" 2>>hz.err) &&
				    echo "$id" >> "hz.$i"
				[ $((j % 5)) -eq 0 ] && pm-patrol hazard fix "$id" --action 已整改 >/dev/null 2>>hz.err
				j=$((j + 1))
			done
		) &
		i=$((i + 1))
	done
	wait
	export PM_NOW="2026-12-01 10:00"
	for k in 1 2 3; do
		sh -c 'pm-patrol hazard list --overdue -o id | pm-patrol hazard escalate -' >"esc.$k" 2>>hz.err &
	done
	wait
	cat hz.1 hz.2 hz.3 hz.4 | wc -l > hz.n
	sqlite3 "$PM_DB" "SELECT count(*) FROM hazard" > hz.rows
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'hazard' AND event = 'fix'" > hz.fixes
	cat esc.1 esc.2 esc.3 | wc -l > hz.esc
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'hazard' AND event = 'escalate'" > hz.escev
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > hz.check
)
is "hazards: no command failed" "" "$(cat hz.err)"
is "every hazard written is there ($(cat hz.n))" "$(cat hz.n)" "$(cat hz.rows)"
is "each fix once" 20 "$(cat hz.fixes)"
# all 100 are late: 80 to be rectified, 20 to be re-inspected
is "three escalations at once: each late hazard one level, once" 100 "$(cat hz.esc)"
is "one escalate event each" 100 "$(cat hz.escev)"
is "the hazard database is sound" 0 "$(cat hz.check)"

# incidents: writers opening incidents and logging at once, some
# resolving, then the escalation cron job started three times at once
# over the same late incidents, twice (level 1, then level 2): every
# incident and log entry written is there, each late open incident one
# level per run, once.
(
	export PM_DB=$T/incident.db PM_NOW="2026-11-30 08:50"
	safety_db
	ic_writer() {
		j=1
		while [ $j -le 25 ]; do
			id=$(pm-patrol incident open --kind fire --place "岗$1" --text "事件 $1-$j" \
			    -o id 2>>ic.err) && echo "$id" >> "ic.id.$1" &&
			    pm-patrol incident log "$id" --text "记录 $1-$j" 2>>ic.err &&
			    echo "$id $1-$j" >> "ic.log.$1"
			[ $((j % 5)) -eq 0 ] && pm-patrol incident resolve "$id" >/dev/null 2>>ic.err
			j=$((j + 1))
		done
	}
	at_once 4 ic_writer
	cat ic.id.* | wc -l > ic.n
	cat ic.log.* | wc -l > ic.logs
	sqlite3 "$PM_DB" "SELECT count(*) FROM incident" > ic.rows
	cat ic.log.* | while read -r id tag; do
		[ "$(sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'incident' AND
		    entity_id = ${id#I} AND event = 'log' AND note = '记录 $tag'")" -eq 1 ] || echo "$id $tag"
	done | wc -l > ic.lost
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'incident' AND event = 'resolve'" > ic.res
	# the fire plan: respond in 5min (08:55), level 1 has 15min (09:10)
	for lv in 1 2; do
		[ $lv -eq 1 ] && export PM_NOW="2026-11-30 09:00" || export PM_NOW="2026-11-30 09:20"
		for k in 1 2 3; do
			sh -c 'pm-patrol incident list --overdue -o id | pm-patrol incident escalate -' \
			    >"icesc.$lv.$k" 2>>ic.err &
		done
		wait
		cat icesc.$lv.1 icesc.$lv.2 icesc.$lv.3 | wc -l > "ic.esc.$lv"
		cut -f1 icesc.$lv.1 icesc.$lv.2 icesc.$lv.3 | sort | uniq -d | wc -l > "ic.twice.$lv"
		sqlite3 "$PM_DB" "SELECT count(*) FROM incident WHERE status = 'open' AND esc_level <> $lv" \
		    > "ic.wrong.$lv"
	done
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'incident' AND event = 'escalate'" > ic.escev
	sqlite3 "$PM_DB" "SELECT count(*) FROM incident WHERE status <> 'open' AND esc_level <> 0" > ic.resesc
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > ic.check
)
is "incidents: no command failed" "" "$(cat ic.err)"
is "every incident written is there ($(cat ic.n))" "$(cat ic.n)" "$(cat ic.rows)"
is "every log entry written is there ($(cat ic.logs)), each on its incident" 0 "$(cat ic.lost)"
is "each resolve once" 20 "$(cat ic.res)"
# 80 left open and late
is "three escalations at once: each late incident to level 1, once" "80 0" \
    "$(cat ic.esc.1) $(cat ic.twice.1)"
is "all 80 at level 1" 0 "$(cat ic.wrong.1)"
is "three again when level 1 ran out: each to level 2, once" "80 0" \
    "$(cat ic.esc.2) $(cat ic.twice.2)"
is "all 80 at level 2" 0 "$(cat ic.wrong.2)"
is "one escalate event per incident and level" 160 "$(cat ic.escev)"
is "the resolved ones never climbed" 0 "$(cat ic.resesc)"
is "the incident database is sound" 0 "$(cat ic.check)"

# drills: writers planning and recording drills at once, each at its
# own site: every drill planned is there, each record once with its
# findings.
(
	export PM_DB=$T/drill.db PM_NOW="2026-11-30 09:00"
	safety_db
	i=1
	while [ $i -le 4 ]; do
		pm-unit site new "d$i" --name "小区$i" --kind residential >/dev/null
		i=$((i + 1))
	done
	dr_writer() {
		j=1
		while [ $j -le 25 ]; do
			d=$(printf '2026-11-%02d' $j)
			id=$(pm-patrol drill plan --kind fire --site "d$1" --date "$d" \
			    --text "演练 $1-$j" -o id 2>>dr.err) && echo "$id" >> "dr.id.$1" &&
			    [ $((j % 2)) -eq 1 ] &&
			    pm-patrol drill record "$id" --participants $(($1 * 10 + j)) --minutes 30 \
			        --findings "问题 $1-$j-1" --findings "问题 $1-$j-2" --date "$d" 2>>dr.err &&
			    echo "$id $(($1 * 10 + j))" >> "dr.rec.$1"
			j=$((j + 1))
		done
	}
	at_once 4 dr_writer
	cat dr.id.* | wc -l > dr.n
	cat dr.rec.* | wc -l > dr.recs
	sqlite3 "$PM_DB" "SELECT count(*) FROM drill" > dr.rows
	sqlite3 "$PM_DB" "SELECT count(*) FROM drill WHERE status = 'done'" > dr.done
	cat dr.rec.* | while read -r id p; do
		[ "$(sqlite3 "$PM_DB" "SELECT participants FROM drill WHERE id = ${id#D}")" = "$p" ] &&
		    [ "$(sqlite3 "$PM_DB" "SELECT count(*) FROM drill_finding WHERE drill_id = ${id#D}")" -eq 2 ] ||
		    echo "$id"
	done | wc -l > dr.lost
	sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'drill' AND event = 'record'" > dr.recev
	PM_DB=$PM_DB pm-admin check > /dev/null 2>&1; echo $? > dr.check
)
is "drills: no command failed" "" "$(cat dr.err)"
is "every drill planned is there ($(cat dr.n))" "$(cat dr.n)" "$(cat dr.rows)"
is "every record is there ($(cat dr.recs)): done, with its participants and findings" \
    "$(cat dr.recs) 0" "$(cat dr.done) $(cat dr.lost)"
is "one record event each" "$(cat dr.recs)" "$(cat dr.recev)"
is "the drill database is sound" 0 "$(cat dr.check)"

say "concurrency: $nw writers and $nr readers for ${secs}s: $wops writer and $rops reader commands," \
    "$nfail failures ($nbusy busy)"
say "concurrency: 10 payers x 100 payments, receipts gap-free"
say "concurrency: 4 writers x 25 incidents (open, log, some resolve), then escalate x3 twice;" \
    "4 writers x 25 drills planned, half recorded"
say "concurrency: verified $news contacts, $notes notes, $units units, $names staff names," \
    "$nbk backups (each checked), and the final check"
done_testing
