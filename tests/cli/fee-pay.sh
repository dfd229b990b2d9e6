# fee-pay.sh — the fixture of the payment tests (0603-0619); source it
# after lib.sh.
#
# fee_config FEE [ITEMS] [TOP] [FILE]: config.yaml (or FILE) with the
# fee: settings FEE (lines indented by two), the item PROP (area, 2.00 a
# m2 from 2026-01) and ITEMS (lines indented by four), after the
# top-level YAML TOP.
# fee_setup FEE [ITEMS] [TOP]: that config and a database with admin,
# qian (finance), wang (maint) and zhao (a cashier: fee.pay and
# fee.read), site sunny, units 1-101 (100 m2) and 1-102 (50 m2), both
# handed over 2026-01-01.
# q SQL: one query on the database.
fee_config() {
	mkdir -p "$T/config/pm"
	printf '%bfee:\n%b  items:\n    PROP:\n      name: 物业费\n      basis: area\n      rates:\n        - from: 2026-01\n          rate: 2.00\n%b' \
	    "${3:-}" "${1:-}" "${2:-}" >"${4:-$T/config/pm/config.yaml}"
}
fee_setup() {
	fee_config "$@"
	pm-admin init >/dev/null 2>&1
	pm-org staff new admin --name 管理员 >/dev/null 2>&1
	pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
	pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
	pm-org role new cashier --perms fee.pay,fee.read >/dev/null 2>&1
	pm-org staff new zhao --name 赵出纳 --roles cashier --dept finance >/dev/null 2>&1
	pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
	pm-unit unit new 1-101 --site sunny --area 100.00 --state occupied --handover 2026-01-01 >/dev/null
	pm-unit unit new 1-102 --site sunny --area 50.00 --state occupied --handover 2026-01-01 >/dev/null
}
q() { sqlite3 "$PM_DB" "$1"; }
# allocs [FILE] / lines [FILE]: a payment show's allocations, a bill
# show's lines, from its json, as "B1.L=8.70 B1.1=200.00"; allocs_sep SEP
# and allocs_at N: joined by SEP, or the Nth only.
jq_yuan='def yuan: "\(. / 100 | floor).\(. % 100 | tostring | if length < 2 then "0" + . else . end)";'
jq_alloc="$jq_yuan"' [.allocations[] | "\(.target)=\(.amount_fen | yuan)\(if .reversed then "(reversed)" else "" end)"]'
allocs() { jq -r "$jq_alloc"' | join(" ")' "$@"; }
allocs_sep() { _s=$1; shift; jq -r "$jq_alloc | join(\"$_s\")" "$@"; }
allocs_at() { _i=$1; shift; jq -r "$jq_alloc | .[$_i]" "$@"; }
lines() { jq -r "$jq_yuan"' [.lines[] | "\(.line)=\(.left_fen | yuan)"] | join(" ")' "$@"; }
