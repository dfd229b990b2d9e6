#!/bin/sh
# pm-fee bill over meter readings: readings imported, a metered item
# charges its meter kind's consumption x price (with tiers), own meters
# and the exact shares of a shared meter, a unit of another kind's meter
# not charged, billed once; a metered item must name its meter kind.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  items:
    WATER:
      name: 水费
      basis: metered
      meter: water
      rates:
        - from: 2026-01
          rate: 0
          tiers:
            - upto: 10
              rate: 3.50
            - rate: 5.00
    POWER:
      name: 电费
      basis: metered
      meter: power
      rates:
        - from: 2026-01
          rate: 0.60
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 >/dev/null
for u in 3-1 3-2 3-3; do
	pm-unit unit new $u --area 100.00 --building 3 --state occupied --handover 2026-01-01 >/dev/null
done
pm-unit unit new P1 --area 12.00 --kind parking --building 3 --handover 2026-01-01 >/dev/null
export PM_USER=qian

pm-fee meter new W31 --kind water --unit 3-1 --max 99999.9 --installed 2026-10-01 >/dev/null
pm-fee meter new W32 --kind water --unit 3-2 --max 99999.9 --installed 2026-10-01 >/dev/null
pm-fee meter new E31 --kind power --unit 3-1 --max 999999 --installed 2026-10-01 >/dev/null
pm-fee meter new S3 --kind water --building 3 --split household --max 9999 --installed 2026-10-01 >/dev/null
cat > nov.csv <<'E'
unit,meter,reading,time
3-1,W31,12.5,2026-11-28 10:00
3-2,W32,8,2026-11-28 10:00
3-1,E31,100,2026-11-28 10:00
,S3,1,2026-11-28 10:00
E
ok "readings imported" pm-fee meter import nov.csv
out_is "four" "4	0	0"

line() { sqlite3 "$PM_DB" "SELECT l.qty || ' ' || l.amount FROM bill_line l JOIN unit u ON u.id = l.unit_id WHERE u.code = '$1' AND l.item = '$2' AND l.period = '2026-11'"; }
ok "bill -n" pm-fee -n -o tsv bill --period 2026-11
out_is "what it would charge" "POWER	1	60.00
WATER	3	79.52"
ok "bill" pm-fee bill --period 2026-11
# 3-1: 12.50 + 0.34 = 12.84 m3: 10 x 3.50 + 2.84 x 5.00
is "own meter and a share, by tiers" "1284 4920" "$(line 3-1 WATER)"
# 3-2: 8.00 + 0.33 = 8.33 x 3.50 = 29.155, half-up
is "rounded once" "833 2916" "$(line 3-2 WATER)"
is "a share alone" "33 116" "$(line 3-3 WATER)"
is "the shared meter's 1.00 adds up exactly" 2150 "$(sqlite3 "$PM_DB" "SELECT sum(qty) FROM bill_line WHERE item = 'WATER'")"
is "power from the power meter" "10000 6000" "$(line 3-1 POWER)"
is "no power meter, no power line" "" "$(line 3-2 POWER)"
is "a parking space shares nothing" "" "$(line P1 WATER)"
ok "bill again" pm-fee -o tsv bill --period 2026-11
out_is "nothing billed twice" ""
is "still four lines" 4 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill_line')"
ok "the receivables are the lines" pm-admin check

# a metered item must say which meter it charges
sed -i '/meter: power/d' config/pm/config.yaml
fails 78 "a metered item without its meter kind" pm-fee bill --period 2026-12
err_has "says what is missing" "meter: water|power|gas|heat"
done_testing
