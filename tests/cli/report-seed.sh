# report-seed.sh — the fixture of the report tests (0950-0989): the
# organisation and property every section's seed stands on, and the
# sections' seeds, for one or more sites in the database $PM_DB.
# Source it after lib.sh.
#
# report_config: write $XDG_CONFIG_HOME/pm/config.yaml from the sections'
#   seed_<name>_config functions (each prints top-level YAML of its own
#   keys, or nothing) and REPORT_CONFIG_EXTRA (more top-level YAML).
# report_org: pm-admin init and the staff (the same logins in every
#   database):
#     admin  管理员  (the first member: role admin)
#     zhao   赵经理  manager   dept mgmt
#     wang   王师傅  maint     dept maint
#     li     李客服  service   dept service
#     chen   陈保安  security  dept security
#     qian   钱会计  finance   dept finance
# report_site SITE: site SITE (名 "SITE花园", residential), buildings 1
#   and 2 (6 floors), units 1-101 (100.00 m2), 1-102 (80.00), 2-101
#   (120.00), 2-102 (60.00), all occupied, handed over 2026-01-01, each
#   with an owner 业主<unit> moved in 2026-01-01.
# report_seed SITE: report_site SITE, then seed_care SITE, seed_safety
#   SITE, seed_fee SITE (tests/cli/report-seed-<name>.sh).
# report_db DB SITE...: a new database DB (PM_DB is set to it for the
#   call and restored) with the config, the organisation and
#   report_seed of every SITE, in order.
#
# The sections' seeds always name the site (--site SITE): a database may
# hold several.  They set PM_NOW as they need; report_seed restores it.
# The month seeded is REPORT_MONTH (2026-11); a report on it is run at
# REPORT_NOW (2026-12-02 09:00).
REPORT_MONTH=2026-11
REPORT_NOW="2026-12-02 09:00"
REPORT_CONFIG_EXTRA=${REPORT_CONFIG_EXTRA:-}

. "$PM_TESTS/report-seed-care.sh"
. "$PM_TESTS/report-seed-safety.sh"
. "$PM_TESTS/report-seed-fee.sh"

_seed_fail() { echo "report-seed: $*" >&2; return 1; }

report_config() {
	mkdir -p "$XDG_CONFIG_HOME/pm"
	{
		for f in seed_care_config seed_safety_config seed_fee_config; do
			if command -v "$f" >/dev/null 2>&1; then "$f"; fi
		done
		[ -n "$REPORT_CONFIG_EXTRA" ] && printf '%s\n' "$REPORT_CONFIG_EXTRA"
	} >"$XDG_CONFIG_HOME/pm/config.yaml"
	# no settings at all: the built-in defaults (an empty file is refused)
	[ -s "$XDG_CONFIG_HOME/pm/config.yaml" ] || rm -f "$XDG_CONFIG_HOME/pm/config.yaml"
}

report_org() {
	PM_NOW="2026-01-01 08:00" pm-admin init >/dev/null 2>&1 || _seed_fail "init" || return 1
	PM_NOW="2026-01-01 08:00" pm-org staff new admin --name 管理员 >/dev/null 2>&1 ||
	    _seed_fail "staff admin" || return 1
	for s in "zhao 赵经理 manager mgmt" "wang 王师傅 maint maint" "li 李客服 service service" \
	    "chen 陈保安 security security" "qian 钱会计 finance finance"; do
		set -- $s
		PM_NOW="2026-01-01 08:00" pm-org staff new "$1" --name "$2" --roles "$3" --dept "$4" \
		    >/dev/null 2>&1 || _seed_fail "staff $1" || return 1
	done
}

report_site() {
	_s=$1
	(
	export PM_NOW="2026-01-01 08:00"
	pm-unit site new "$_s" --name "${_s}花园" --kind residential >/dev/null &&
	pm-unit building new 1 --site "$_s" --name 1号楼 --floors 6 >/dev/null &&
	pm-unit building new 2 --site "$_s" --name 2号楼 --floors 6 >/dev/null &&
	pm-unit unit new 1-101 --site "$_s" --building 1 --floor 1 --area 100.00 --state occupied \
	    --handover 2026-01-01 >/dev/null &&
	pm-unit unit new 1-102 --site "$_s" --building 1 --floor 1 --area 80.00 --state occupied \
	    --handover 2026-01-01 >/dev/null &&
	pm-unit unit new 2-101 --site "$_s" --building 2 --floor 1 --area 120.00 --state occupied \
	    --handover 2026-01-01 >/dev/null &&
	pm-unit unit new 2-102 --site "$_s" --building 2 --floor 1 --area 60.00 --state occupied \
	    --handover 2026-01-01 >/dev/null &&
	for u in 1-101 1-102 2-101 2-102; do
		pm-unit occupant new --site "$_s" --unit "$u" --name "业主$u" --role owner \
		    --move-in 2026-01-01 >/dev/null || exit 1
	done
	) || _seed_fail "site $_s"
}

report_seed() {
	_site=$1
	_now=$PM_NOW
	report_site "$_site" || return 1
	seed_care "$_site" || _seed_fail "seed_care $_site" || return 1
	PM_NOW=$_now; export PM_NOW
	seed_safety "$_site" || _seed_fail "seed_safety $_site" || return 1
	PM_NOW=$_now; export PM_NOW
	seed_fee "$_site" || _seed_fail "seed_fee $_site" || return 1
	PM_NOW=$_now; export PM_NOW
}

report_db() {
	_db=$1 _old=$PM_DB
	shift
	PM_DB=$_db; export PM_DB
	report_config && report_org || { PM_DB=$_old; return 1; }
	for _x in "$@"; do
		report_seed "$_x" || { PM_DB=$_old; export PM_DB; return 1; }
	done
	PM_DB=$_old; export PM_DB
}
