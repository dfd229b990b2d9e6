#!/bin/sh
# pm-fee meter: new, import (zero use, a lower reading refused, rollover
# and replacement exact, order, all or nothing, the same file twice),
# readings, usage with shared meters split exactly, -n, permissions.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 >/dev/null
for u in 3-1 3-2 3-3; do pm-unit unit new $u --area 100.00 --building 3 >/dev/null; done
pm-unit unit new P1 --area 12.00 --kind parking --building 3 >/dev/null
export PM_USER=qian

ok "a unit's meter" pm-fee meter new W31 --kind water --unit 3-1 --max 99999.9 --initial 99980.0 --installed 2026-10-01
out_is "prints the code" W31
ok "a shared meter" pm-fee meter new S3 --kind power --building 3 --split household --max 999999 --installed 2026-10-01
fails 65 "the same code again" pm-fee meter new W31 --kind water --unit 3-2 --max 9999
fails 64 "unit or split" pm-fee meter new X --kind water --max 9999
fails 64 "a kind of the list" pm-fee meter new X --kind steam --unit 3-1 --max 9999
fails 65 "a maximum above 0" pm-fee meter new X --kind water --unit 3-1 --max 0
err_has "names the option" "--max"
fails 65 "an initial finer than the register" pm-fee meter new X --kind water --unit 3-1 --max 9999 --initial 1.5
fails 66 "no such unit" pm-fee meter new X --kind water --unit 9-9 --max 9999
fails 77 "service may not" env PM_USER=kefu pm-fee meter new X --kind water --unit 3-1 --max 9999

cat > r1.csv <<'E'
unit,meter,reading,time,event,final,max
3-1,W31,99987.6,2026-10-31 10:00,,,
,S3,100,2026-10-31 10:00,,,
E
ok "import" pm-fee meter import r1.csv
out_is "two readings" "2	0	0"
ok "the same file again" pm-fee meter import r1.csv
out_is "nothing new" "0	0	2"

cat > low.csv <<'E'
unit,meter,reading,time
3-1,W31,99987.6,2026-11-10 10:00
3-1,W31,12.3,2026-11-29 10:00
E
fails 65 "a lower reading is refused" pm-fee meter import low.csv
err_has "with its line" "low.csv:3: .*lower than the previous 99987.60"
ok "all or nothing" pm-fee meter readings --unit 3-1 -o id
is "nothing of low.csv" 2 "$(wc -l < "$T/.out")"

cat > r2.csv <<'E'
unit,meter,reading,time,event,final,max
3-1,W31,99987.6,2026-11-10 10:00,,,
3-1,W31,12.3,2026-11-29 10:00,rollover,,
,S3,101,2026-11-29 10:00,,,
E
ok "zero use and a rollover" pm-fee meter import r2.csv
out_is "three" "3	0	0"
ok "readings" pm-fee meter readings --unit 3-1 -o tsv
is "used: 0, then 99999.9 - 99987.6 + 0.1 + 12.3" \
	"install 0.00,read 7.60,read 0.00,rollover 24.70" \
	"$(cut -f6,9 "$T/.out" | tr '\t' ' ' | paste -sd,)"

cat > old.csv <<'E'
unit,meter,reading,time
3-1,W31,13,2026-11-20 10:00
E
fails 65 "a reading before the latest" pm-fee meter import old.csv
err_has "time order" "old.csv:2: .*time order"
printf 'unit,meter,reading,time\n3-1,W31,13,2026-12-20 10:00\n' > future.csv
fails 65 "a reading in the future" pm-fee meter import future.csv
printf 'unit,meter,reading,time\n3-2,W31,13,2026-11-30 08:00\n' > wrongunit.csv
fails 65 "the meter of another unit" pm-fee meter import wrongunit.csv
printf 'unit,meter,reading,time\n3-1,W31,13.45,2026-11-30 08:00\n' > fine.csv
fails 65 "finer than the register" pm-fee meter import fine.csv
printf 'unit,meter,reading,time\n3-1,W31,1e3,2026-11-30 08:00\n' > exp.csv
fails 65 "an exponent" pm-fee meter import exp.csv
printf 'unit,meter,reading,time,event\n3-1,W31,13,2026-11-30 08:00,reset\n' > ev.csv
fails 65 "an unknown event" pm-fee meter import ev.csv
printf 'unit,meter,reading\n3-1,W31,13\n' > nocol.csv
fails 65 "a missing column" pm-fee meter import nocol.csv
printf 'unit,meter,reading,time\n3-1,W31,15,2026-11-30 08:00\n' > dry.csv
ok "-n" pm-fee -n meter import dry.csv
out_is "would record one" "1	0	0"
ok "-n records nothing" pm-fee meter readings --meter W31 -o id
is "still four" 4 "$(wc -l < "$T/.out")"

cat > rep.jsonl <<'E'
{"unit":"3-1","meter":"W31","reading":"0","time":"2026-11-30 08:00","event":"replace","final":"20.0","max":"9999.99"}
{"unit":"3-1","meter":"W31","reading":"1.25","time":"2026-11-30 08:30"}
E
ok "a replacement (JSON Lines)" pm-fee meter import rep.jsonl
ok "readings after it" pm-fee meter readings --meter W31 -o json
is "final 20.0 - 12.3, then from the new register's 0" "7.7 1.25" \
	"$(jq -r 'select(.time >= "2026-11-30") | .used' "$T/.out" | paste -sd' ')"
ok "the meter after it" pm-fee meter list --unit 3-1 -o json
is "the new register, replaced today" "9999.99 2026-11-30" "$(jq -r '"\(.max) \(.replaced)"' "$T/.out")"
printf 'unit,meter,reading,time,event\n3-1,W31,2,2026-11-30 08:40,replace\n' > nofinal.csv
fails 65 "a replacement without the final reading" pm-fee meter import nofinal.csv

ok "usage of November" pm-fee meter usage --period 2026-11 -o tsv
is "W31: 0 + 24.7 + 7.7 + 1.25; S3: 1.00 over three households" \
	"3-1 S3 0.34,3-2 S3 0.33,3-3 S3 0.33,3-1 W31 33.65" \
	"$(cut -f1,2,7 "$T/.out" | tr '\t' ' ' | paste -sd,)"
ok "usage of October, power only" pm-fee meter usage --period 2026-10 --kind power -o json
is "100.00 over three households: 33.34 + 33.33 + 33.33" "33.34 33.33 33.33" \
	"$(jq -r .used "$T/.out" | paste -sd' ')"
fails 64 "a bad period" pm-fee meter usage --period 2026-13
fails 77 "service may not import" env PM_USER=kefu pm-fee meter import r1.csv
ok "readings are append-only" sh -c "! sqlite3 '$PM_DB' 'UPDATE meter_reading SET used = 0' 2>/dev/null"
ok "pm-admin check" pm-admin check
done_testing
