# patrol-fixture.sh — PATROL_SITES communities (default 50), each with 20
# checkpoints and one route walked every hour, in a new database $PM_DB,
# for the stress suites' round plan cases and the benchmark; sourced.
# Loaded at PM_NOW 2027-01-01 00:00.  patrol_rounds prints the rounds
# made as "route occurrence", sorted; patrol_expect those that rounds
# through 2027-01-DAYS should be.
_pu=${PM_USER:-}
export PM_USER=admin
PM_NOW="2027-01-01 00:00" pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李保安 --roles security --dept security >/dev/null 2>&1
_ns=${PATROL_SITES:-50}
awk -v n="$_ns" 'BEGIN { print "code,name,kind"; for (i = 1; i <= n; i++) printf "p%02d,小区%d,residential\n", i, i }' \
    > "$T/psites.csv"
pm-unit site import "$T/psites.csv" >/dev/null
awk -v n="$_ns" 'BEGIN { print "site,code,name,kind,tag"
	for (i = 1; i <= n; i++) for (j = 1; j <= 20; j++)
		printf "p%02d,CP-%02d,巡更点%d,other,T%02d-%02d\n", i, j, j, i, j }' > "$T/ppoints.csv"
pm-patrol point import "$T/ppoints.csv" >/dev/null
_i=1
while [ $_i -le "$_ns" ]; do
	_s=$(printf 'p%02d' $_i)
	{ printf 'route: r%s\ntitle: 巡逻%s\nsite: %s\ndepts: [security]\nschedule: every 1 hour\n' "$_s" "$_s" "$_s"
	  printf 'window: 50min\npoints:\n'
	  _j=1; while [ $_j -le 20 ]; do printf '  - point: CP-%02d\n    offset: %dmin\n    window: 5min\n' $_j $((_j * 2 - 2)); _j=$((_j + 1)); done
	} > "$T/route-$_s.yaml"
	PM_NOW="2027-01-01 00:00" pm-patrol route load "$T/route-$_s.yaml" >/dev/null
	_i=$((_i + 1))
done
PM_USER=$_pu
patrol_rounds() {
	sqlite3 "${1:-$PM_DB}" "SELECT r.code || ' ' || p.occurrence FROM patrol_round p
	    JOIN route r ON r.id = p.route_id ORDER BY 1"
}
patrol_expect() {
	awk -v n="$_ns" -v days="$1" 'BEGIN { for (i = 1; i <= n; i++) for (d = 1; d <= days; d++)
		for (h = 0; h < 24; h++) printf "rp%02d 2027-01-%02d %02d:00\n", i, d, h }' | sort
}
