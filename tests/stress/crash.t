#!/bin/sh
# SIGKILL at random moments during every bulk writer: pm-unit import of
# each kind and survey import.  After each kill the database holds none
# or all of the file's rows (and the audit log agrees), the rerun
# completes it, a second rerun changes nothing, and pm-admin check is
# clean.  Then the other one-transaction writers (pm-fee bill and pay,
# plan run, round plan, drill record, incident open) and the batched
# incident escalate -.  The kill moment is uniform over the import's measured run
# time, so it falls in startup, parsing, the writes and the commit.
#
#   STRESS_KILLS  kills per kind (default 50; a run that ends before its
#                 kill does not count, and the loop tries again)
#   STRESS_SITES  size of the generated data (default 60 sites x 3
#                 buildings x 8 flats, about 2,000 units)
. "$PM_TESTS/lib.sh"
. "$PM_STRESS/lib.sh"
kills=${STRESS_KILLS:-50}
sites=${STRESS_SITES:-60}
ms() { date +%s%3N; }

pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
sh "$PM_TESTS/../../scripts/gen-demo" -s "$sites" -b 3 -u 8 data
printf 'code: autumn\nsite: s001\ntitle: 秋季调查\nquestions:\n  - text: 维修\n  - text: 保洁\n  - text: 建议\n    kind: text\n' > q.yaml
awk -F, 'NR == 1 { print "site,unit,q1,q2,q3"; next }
    $1 == "s001" && $6 != "parking" { printf "%s,%s,%d,%d,意见%d\n", $1, $2, NR % 5 + 1, NR % 3 + 3, NR }' data/units.csv > data/answers.csv

# sites and buildings are few in real data: add enough that a run
# lasts long enough to be killed in the middle
extra=$((sites * 25))
awk -v n=$extra 'BEGIN { for (i = 1; i <= n; i++) printf "x%04d,扩展%d号小区,residential,\n", i, i }' >> data/sites.csv
awk -v n=$extra 'BEGIN { for (i = 1; i <= n; i++) printf "s001,x%d,扩展%d号楼,18\n", i, i }' >> data/buildings.csv

# settle DB: fold its WAL into the file, so that cp copies all of it
settle() { sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null; }

total=0 rolled=0 committed=0 hot=0 reruns=0 checks=0
# strike BASE WORK DUR CMD...: WORK a fresh copy of BASE, CMD run on it
# (PM_DB, stdin from $strike_in or nothing) and SIGKILLed after a random
# wait_ms in [0, DUR]; rc is its exit status, 137 when the kill landed.
# CMD is a binary, not a shell function: $! must be the process killed.
strike() {
	_b=$1 _w=$2 _d=$3; shift 3
	rm -f "$_w" "$_w-wal" "$_w-shm"
	cp "$_b" "$_w"
	rand $((_d + 1)); wait_ms=$rnd
	PM_DB=$T/$_w "$@" <"${strike_in:-/dev/null}" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid
	rc=$?
}
# check_fifth DB LAST: pm-admin check (a full integrity check) on DB at
# every fifth kill k and at the LAST; a failure is one more bad $kind
check_fifth() {
	if [ $((k % 5)) -eq 0 ] || [ $k -eq "$2" ]; then
		checks=$((checks + 1))
		PM_DB=$T/$1 run pm-admin check
		[ "$st" -eq 0 ] || { bad=$((bad + 1)); _notok "$kind: check after a kill at ${wait_ms} ms"; }
	fi
}
# crash KIND TABLE CMD...: kill CMD (an import into TABLE) at random
# moments, starting each time from base.db.  The kill lands in
# [0, the run's time): what the sleep itself costs moves some past the
# end; those runs must have succeeded, do not count as kills, and
# narrow the window for the next ones.
crash() {
	kind=$1 table=$2; shift 2
	settle "$PM_DB"
	cp "$PM_DB" base.db
	PM_DB=$T/base.db pm-admin check >/dev/null
	n0=$(sqlite3 base.db "SELECT count(*) FROM $table")
	a0=$(sqlite3 base.db "SELECT count(*) FROM audit")
	cp base.db full.db
	t0=$(ms)
	PM_DB=$T/full.db run "$@"
	[ "$st" -eq 0 ] || { _notok "$kind: the import itself fails"; return; }
	dur=$(( $(ms) - t0 )) dur0=$(( $(ms) - t0 ))
	n1=$(sqlite3 full.db "SELECT count(*) FROM $table")
	a1=$(sqlite3 full.db "SELECT count(*) FROM audit")
	k=0 tries=0 bad=0 r0=$rolled c0=$committed h0=$hot
	while [ $k -lt "$kills" ] && [ $tries -lt $((kills * 10)) ]; do
		tries=$((tries + 1))
		strike base.db work.db "$dur" "$@"
		if [ $rc -ne 137 ]; then
			# it ended before the kill: it must have done its work
			[ $rc -eq 0 ] || { bad=$((bad + 1)); _notok "$kind: a run ended with exit $rc"; }
			# runs got faster than the first one (a busy machine):
			# aim earlier
			dur=$((dur * 3 / 4))
			continue
		fi
		k=$((k + 1))
		[ -s work.db-wal ] && hot=$((hot + 1))
		n=$(sqlite3 work.db "SELECT count(*) FROM $table")
		a=$(sqlite3 work.db "SELECT count(*) FROM audit")
		if [ "$n" -eq "$n0" ] && [ "$a" -eq "$a0" ]; then rolled=$((rolled + 1))
		elif [ "$n" -eq "$n1" ] && [ "$a" -eq "$a1" ]; then committed=$((committed + 1))
		else
			bad=$((bad + 1))
			_notok "$kind: killed after ${wait_ms} ms: $n rows (want $n0 or $n1), $a audit rows (want $a0 or $a1)"
			continue
		fi
		if ! PM_DB=$T/work.db "$@" >/dev/null 2>"$T/.err" ||
		    [ "$(sqlite3 work.db "SELECT count(*) FROM $table")" -ne "$n1" ]; then
			bad=$((bad + 1)); _notok "$kind: the rerun after a kill at ${wait_ms} ms does not complete it"
			continue
		fi
		reruns=$((reruns + 1))
		# check (a full integrity check) on every fifth kill, and the last
		check_fifth work.db "$kills"
	done
	total=$((total + k))
	is "$kind: $kills kills" "$kills" "$k"
	is "$kind: all or nothing each time, and the rerun completed it" 0 "$bad"
	PM_DB=$T/work.db run "$@"
	is "$kind: a second rerun changes nothing" 0 \
	    "$(awk -F '\t' "{ n += ${crash_changed:-\$1 + \$2} } END { print n + 0 }" "$T/.out")"
	say "crash: $kind ($((n1 - n0)) rows, ${dur0} ms a run): $k kills in $tries runs:" \
	    "$((rolled - r0)) found nothing written, $((committed - c0)) found it all;" \
	    "$((hot - h0)) left a WAL to recover"
	settle full.db
	rm -f "$PM_DB-wal" "$PM_DB-shm"
	cp full.db "$PM_DB"
}

crash "site import" site pm-unit site import data/sites.csv
crash "building import" building pm-unit building import data/buildings.csv
crash "unit import" unit pm-unit unit import data/units.csv
crash "occupant import" occupant pm-unit occupant import data/occupants.csv
crash "vehicle import" vehicle pm-unit vehicle import data/vehicles.csv
ok "survey new" pm-complaint survey new q.yaml
crash "survey import" survey_answer pm-complaint survey import autumn data/answers.csv
ok "the database is sound at the end" pm-admin check

# pm-fee bill: a month for every unit, killed at random moments.  After
# each kill there are no bills or all of them (and the journal agrees);
# the rerun bills what is missing and nothing twice; a third run bills
# nothing; pm-admin check is clean.
mkdir -p feecfg
printf 'fee:\n  items:\n    PROP:\n      basis: area\n      rates:\n        - from: 2000-01\n          rate: 1.85\n    PARK:\n      basis: parking\n      rates:\n        - from: 2000-01\n          rate: 150\n' > feecfg/config.yaml
fee() { PM_CONFIG=$T/feecfg/config.yaml pm-fee "$@"; }
settle "$PM_DB"
cp "$PM_DB" fbase.db
cp fbase.db ffull.db
t0=$(ms)
PM_DB=$T/ffull.db fee bill --period 2026-11 >/dev/null 2>&1
dur=$(( $(ms) - t0 )) dur0=$dur
nb=$(sqlite3 ffull.db "SELECT count(*) FROM bill")
nt=$(sqlite3 ffull.db "SELECT count(*) FROM ledger_txn")
k=0 tries=0 bad=0 frolled=0 fcommitted=0
while [ $k -lt "$kills" ] && [ $tries -lt $((kills * 10)) ]; do
	tries=$((tries + 1))
	rm -f fwork.db fwork.db-wal fwork.db-shm
	cp fbase.db fwork.db
	rand $((dur + 1)); wait_ms=$rnd
	# pm-fee itself, not the fee function: $! must be the process killed
	PM_CONFIG=$T/feecfg/config.yaml PM_DB=$T/fwork.db pm-fee bill --period 2026-11 \
	    >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -ne 137 ]; then
		[ $rc -eq 0 ] || { bad=$((bad + 1)); _notok "bill: a run ended with exit $rc"; }
		dur=$((dur * 3 / 4))
		continue
	fi
	k=$((k + 1))
	b=$(sqlite3 fwork.db "SELECT count(*) FROM bill")
	t=$(sqlite3 fwork.db "SELECT count(*) FROM ledger_txn")
	if [ "$b" -eq 0 ] && [ "$t" -eq 0 ]; then frolled=$((frolled + 1))
	elif [ "$b" -eq "$nb" ] && [ "$t" -eq "$nt" ]; then fcommitted=$((fcommitted + 1))
	else bad=$((bad + 1)); _notok "bill: killed after ${wait_ms} ms: $b bills, $t entries"; continue
	fi
	PM_DB=$T/fwork.db fee bill --period 2026-11 >/dev/null 2>&1
	if [ "$(sqlite3 fwork.db "SELECT count(*) FROM bill")" -ne "$nb" ] ||
	    [ "$(sqlite3 fwork.db "SELECT count(*) FROM bill_line")" -ne \
	      "$(sqlite3 ffull.db "SELECT count(*) FROM bill_line")" ]; then
		bad=$((bad + 1)); _notok "bill: the rerun after a kill at ${wait_ms} ms does not complete it"
	fi
	if [ $((k % 5)) -eq 0 ]; then
		PM_DB=$T/fwork.db run pm-admin check
		[ "$st" -eq 0 ] || { bad=$((bad + 1)); _notok "bill: check after a kill at ${wait_ms} ms"; }
	fi
done
is "bill: $kills kills" "$kills" "$k"
is "bill: all or nothing each time, and the rerun completed it" 0 "$bad"
PM_DB=$T/fwork.db run fee -o tsv bill --period 2026-11
is "bill: a third run bills nothing" "" "$(cat "$T/.out")"
PM_DB=$T/fwork.db ok "bill: the database is sound" pm-admin check
say "crash: bill ($nb bills, ${dur0} ms a run): $k kills in $tries runs:" \
    "$frolled found nothing written, $fcommitted found it all"

# pm-fee pay --import: a bank statement of 1,500 payments, killed at
# random moments: none or all of them (and their receipts), the rerun
# records the rest, a second rerun records nothing new (its third
# column, new, is 0)
awk -F, 'NR > 1 && n < 1500 { n++; printf "%s,%s,%d.%02d,bank,BK%05d\n", $1, $2, n % 900 + 100, n % 100, n }' \
    data/units.csv | sed '1i site,unit,amount,method,ref' > data/pay.csv
printf 'fee:\n  items:\n    PROP:\n      basis: area\n      rates:\n        - from: 2000-01\n          rate: 1.85\n' > pay.yaml
export PM_CONFIG=$T/pay.yaml crash_changed='$3'
crash "pay import" payment pm-fee pay --import data/pay.csv
unset PM_CONFIG crash_changed
is "pay import: receipts 1..n per site, no gap" 0 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM (SELECT seq_scope FROM ledger_txn WHERE kind = 'payment' GROUP BY seq_scope, seq_year HAVING min(seq_no) <> 1 OR max(seq_no) <> count(*))")"

# plan run, a year in one run (2027 for 300 lifts: about 7,500 jobs in
# one transaction), killed in the middle: no job or all of them, and the
# rerun makes the rest, exactly the calendar's
export PM_DB=$T/plan.db
PLAN_LIFTS=${STRESS_PLAN_LIFTS:-300} . "$PM_STRESS/plan-fixture.sh"
export PM_USER=wang PM_NOW="2027-01-01 01:00"
crash "plan run, a year" workorder pm-workorder plan run --through 2027-12-31
plan_calendar > plan.cal
plan_jobs "$T/work.db" > plan.jobs
same_file "plan run after kills and reruns: the jobs are the calendar's ($(wc -l < plan.jobs))" plan.cal plan.jobs
PM_DB=$T/work.db run pm-workorder plan run --through 2027-12-31 --list
out_is "plan run: a second rerun makes nothing" ""

# round plan, a month of rounds for 50 communities in one run (36,000
# rounds in one transaction), killed in the middle: no round or all of
# them, and the rerun makes the rest, exactly the schedules'
export PM_DB=$T/patrol.db
PATROL_SITES=${STRESS_PATROL_SITES:-50} . "$PM_STRESS/patrol-fixture.sh"
export PM_USER=li PM_NOW="2027-01-01 00:00"
crash "round plan, a month" patrol_round pm-patrol round plan --through 2027-01-30
patrol_expect 30 > patrol.exp
patrol_rounds "$T/work.db" > patrol.got
same_file "round plan after kills and reruns: the rounds are the schedules' ($(wc -l < patrol.got))" \
    patrol.exp patrol.got
PM_DB=$T/work.db run pm-patrol round plan --through 2027-01-30 --list
out_is "round plan: a second rerun makes nothing" ""

# pm-patrol's drill and incident writers are each one transaction over a
# record or two (plan, open, log, resolve, close: a row and its event),
# too short to be struck inside except by chance, and not idempotent:
# a rerun of `incident open` is a second incident, as it would be at the
# console.  The two that do enough to be killed meaningfully get a loop
# each: `drill record` with many findings (the drill, its findings, its
# event and audit row, or none of them; the rerun completes one that
# found nothing, and is refused, 65, where it found it all), and
# `incident open` repeated (the incident, its event and audit row, or
# none).  `incident escalate -` commits in batches (PM_V_BATCH), so it
# is checked per incident: killed over 3,000 late ones (more than one batch), each is at the
# level its escalate events say, the rerun escalates exactly the rest,
# and a second rerun is quiet.
export PM_DB=$T/safety.db PM_USER=admin PM_NOW="2026-11-30 09:00"
safety_db
pm-patrol drill plan --kind fire --date 2026-11-20 --text 疏散演练 >/dev/null
set -- $(awk 'BEGIN { for (i = 1; i <= 1500; i++) printf " --findings 问题%d：消防通道堆放杂物", i }')
findings="$*"
set --

# crash_tx KIND STATE RERUN CMD...: kill CMD at random moments in its
# measured run time, each time on a copy of $PM_DB; STATE is SQL whose
# one line is what CMD touches: after a kill it is the one before or the
# one after, never between.  RERUN 1: a rerun after a kill completes what
# found nothing and is refused (65) where it found it all.
crash_tx() {
	kind=$1 state=$2 rerun=$3; shift 3
	settle "$PM_DB"
	cp "$PM_DB" tbase.db
	s0=$(sqlite3 tbase.db "$state")
	cp tbase.db tfull.db
	t0=$(ms)
	PM_DB=$T/tfull.db run "$@"
	[ "$st" -eq 0 ] || { _notok "$kind: the command itself fails"; return; }
	dur=$(( $(ms) - t0 )) dur0=$(( $(ms) - t0 ))
	s1=$(sqlite3 tfull.db "$state")
	k=0 tries=0 bad=0 r0=$rolled c0=$committed h0=$hot early=0
	while [ $k -lt "$kills" ] && [ $tries -lt $((kills * 20)) ]; do
		tries=$((tries + 1))
		strike tbase.db twork.db "$dur" "$@"
		if [ $rc -ne 137 ]; then
			[ $rc -eq 0 ] && [ "$(sqlite3 twork.db "$state")" = "$s1" ] ||
			    { bad=$((bad + 1)); _notok "$kind: a run ended with exit $rc"; }
			early=$((early + 1))
			[ $dur -gt 1 ] && dur=$((dur * 3 / 4))
			continue
		fi
		k=$((k + 1))
		[ -s twork.db-wal ] && hot=$((hot + 1))
		s=$(sqlite3 twork.db "$state")
		if [ "$s" = "$s0" ]; then rolled=$((rolled + 1)) want=0
		elif [ "$s" = "$s1" ]; then committed=$((committed + 1)) want=65
		else
			bad=$((bad + 1))
			_notok "$kind: killed after ${wait_ms} ms: '$s' (want '$s0' or '$s1')"
			continue
		fi
		if [ "$rerun" -eq 1 ]; then
			PM_DB=$T/twork.db "$@" >/dev/null 2>&1
			rc=$?
			if [ $rc -ne $want ] || [ "$(sqlite3 twork.db "$state")" != "$s1" ]; then
				bad=$((bad + 1))
				_notok "$kind: the rerun after a kill at ${wait_ms} ms: exit $rc (want $want)"
				continue
			fi
			reruns=$((reruns + 1))
		fi
		check_fifth twork.db "$kills"
	done
	total=$((total + k))
	is "$kind: $kills kills" "$kills" "$k"
	is "$kind: all or nothing each time" 0 "$bad"
	say "crash: $kind (${dur0} ms a run): $k kills in $tries runs ($early ended first):" \
	    "$((rolled - r0)) found nothing written, $((committed - c0)) found it all;" \
	    "$((hot - h0)) left a WAL to recover"
}

# shellcheck disable=SC2086 # the findings are words of their own
crash_tx "drill record, 1,500 findings" \
    "SELECT status || ' ' || coalesce(participants, '-') || ' ' ||
        (SELECT count(*) FROM drill_finding WHERE drill_id = 1) || ' ' ||
        (SELECT count(*) FROM event WHERE entity = 'drill') || ' ' ||
        (SELECT count(*) FROM audit) FROM drill WHERE id = 1" 1 \
    pm-patrol drill record D1 --participants 30 --minutes 40 --date 2026-11-20 $findings
crash_tx "incident open" \
    "SELECT (SELECT count(*) FROM incident) || ' ' ||
        (SELECT count(*) FROM event WHERE entity = 'incident') || ' ' ||
        (SELECT count(*) FROM audit)" 0 \
    pm-patrol incident open --kind fire --place 3号楼 --text 配电箱冒烟 -o id

# the improvement loop (pm-action): an action made from the drill (the
# action, its event, its link to D1, its audit row, or none of them),
# and a meeting with its attendees and minutes
crash_tx "action new from a drill" \
    "SELECT (SELECT count(*) FROM action) || ' ' ||
        (SELECT count(*) FROM event WHERE entity = 'action') || ' ' ||
        (SELECT count(*) FROM link) || ' ' || (SELECT count(*) FROM audit)" 0 \
    pm-action new --text 消防通道整改复查 --owner head --source D1 -o id
awk 'BEGIN { for (i = 1; i <= 40; i++) printf "%d. 楼道照明不足，消防通道堆放杂物，需整改。\n", i }' > minutes.txt
crash_tx "meeting new with minutes" \
    "SELECT (SELECT count(*) FROM meeting) || ' ' || (SELECT count(*) FROM meeting_attendee) ||
        ' ' || (SELECT count(*) FROM event WHERE entity = 'meeting') || ' ' ||
        (SELECT count(*) FROM audit)" 0 \
    pm-action meeting new --title 安全部月度总结会 --dept security --date 2026-11-28 \
    --attendee head --attendee zhao --minutes minutes.txt -o id

# incident escalate - over 3,000 late incidents (a batch commits every
# PM_CLI_BATCH_MS, 50 ms), killed at random
# moments: batches commit as they go, so each incident is checked
export PM_NOW="2026-11-30 08:50"
k=1
while [ $k -le 3000 ]; do
	pm-patrol incident open --kind fire --place "岗$k" --text "事件$k" -o id >/dev/null ||
	    echo "open $k" >> esc.fail
	k=$((k + 1))
done
export PM_NOW="2026-11-30 09:00"
pm-patrol incident list --overdue -o id > esc.ids
is "escalate: 3,000 late incidents to escalate" 3000 "$(wc -l < esc.ids | tr -d ' ')"
settle "$PM_DB"
cp "$PM_DB" ebase.db
cp ebase.db efull.db
t0=$(ms)
PM_DB=$T/efull.db pm-patrol incident escalate - < esc.ids >/dev/null 2>>esc.fail
dur=$(( $(ms) - t0 )) dur0=$dur
# every incident at the level its escalate events say, none twice
torn="SELECT count(*) FROM incident i WHERE esc_level <> (SELECT count(*) FROM event e
    WHERE e.entity = 'incident' AND e.entity_id = i.id AND e.event = 'escalate')"
k=0 tries=0 bad=0 part=0 ekills=$((kills / 2 > 0 ? kills / 2 : 1))
while [ $k -lt $ekills ] && [ $tries -lt $((ekills * 10)) ]; do
	tries=$((tries + 1))
	strike_in=esc.ids
	strike ebase.db ework.db "$dur" pm-patrol incident escalate -
	strike_in=
	if [ $rc -ne 137 ]; then
		[ $rc -eq 0 ] || { bad=$((bad + 1)); _notok "escalate: a run ended with exit $rc"; }
		dur=$((dur * 3 / 4))
		continue
	fi
	k=$((k + 1))
	n=$(sqlite3 ework.db "SELECT count(*) FROM incident WHERE esc_level = 1")
	[ "$n" -gt 0 ] && [ "$n" -lt 3000 ] && part=$((part + 1))
	t=$(sqlite3 ework.db "$torn")
	[ "$t" -eq 0 ] || { bad=$((bad + 1)); _notok "escalate: killed after ${wait_ms} ms: $t torn"; continue; }
	# the cron job's next run escalates exactly the rest
	PM_DB=$T/ework.db pm-patrol incident list --overdue -o id |
	    PM_DB=$T/ework.db pm-patrol incident escalate - > esc.rest 2>>esc.fail
	if [ "$(wc -l < esc.rest)" -ne $((3000 - n)) ] ||
	    [ "$(sqlite3 ework.db "SELECT count(*) FROM incident WHERE esc_level = 1")" -ne 3000 ] ||
	    [ "$(sqlite3 ework.db "$torn")" -ne 0 ]; then
		bad=$((bad + 1)); _notok "escalate: the rerun after a kill at ${wait_ms} ms ($n done)"
		continue
	fi
	reruns=$((reruns + 1))
	kind=escalate
	check_fifth ework.db $ekills
done
total=$((total + k))
is "escalate: $ekills kills" $ekills "$k"
is "escalate: each incident whole, and the rerun escalated exactly the rest" 0 "$bad"
is "escalate: nothing failed" "" "$(cat esc.fail 2>/dev/null)"
PM_DB=$T/ework.db run sh -c 'pm-patrol incident list --overdue -o id | pm-patrol incident escalate -'
is "escalate: a second rerun is quiet" "" "$(cat "$T/.out")"
PM_DB=$T/ework.db ok "escalate: the database is sound" pm-admin check
say "crash: incident escalate - (3,000 incidents, ${dur0} ms a run): $k kills in $tries runs," \
    "$part with some batches committed"

say "crash: $total SIGKILLs in all: $rolled rolled back, $committed committed, $hot with a WAL" \
    "to recover; $reruns reruns completed the import, $checks integrity checks clean"
done_testing
