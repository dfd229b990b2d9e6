#!/bin/sh
# scripts/gen-holidays: the committed lib/mech/holidays_cn.c is what the
# script makes of the holiday-cn files in ../shared/external (skipped
# when that copy of the data set is absent), and the script refuses
# what it cannot read faithfully.
. "$PM_TESTS/lib.sh"
top=$(cd "$PM_TESTS/../.." && pwd)
src="$top/../shared/external/holiday-cn"
gen="$top/scripts/gen-holidays"
if [ -f "$src/2026.json" ]; then
	run sh "$gen" "$src"/20*.json
	is "the script runs" 0 "$st"
	cp "$T/.out" gen.c
	same_file "holidays_cn.c is generated from the data set" "$top/lib/mech/holidays_cn.c" gen.c
	err_has "an empty placeholder year is skipped, and said so" "2027.json: no days"
else
	_ok "# skip regenerating: $src is absent"
	_ok "# skip"
	_ok "# skip"
fi
cat > a.json <<'J'
{"year": 2030, "papers": ["u"], "days": [
  {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
  {"name": "元旦", "date": "2029-12-31", "isOffDay": true},
  {"name": "元旦", "date": "2030-01-01", "isOffDay": true}]}
J
ok "a small file" sh "$gen" a.json
out_has "sorted by date, duplicates once" "^	\{ 2030, 20291231, 1, \"元旦\" \},$"
is "two rows" 2 "$(grep -c '^	{ 2030' "$T/.out")"
printf '{"year": 2030, "days": [{"name": "x", "date": "2030-01-01", "isOffDay": true},\n{"name": "x", "date": "2030-01-01", "isOffDay": false}]}' > b.json
run sh "$gen" b.json
is "a date both off and worked is refused" 1 "$st"
err_has "naming it" "2030-01-01 is listed both"
printf '{"year": 2030, "days": [{"name": "x", "date": "2028-12-01", "isOffDay": true}]}' > c.json
run sh "$gen" c.json
is "a day outside the year is refused" 1 "$st"
printf '{"year": 2030, "days": [{"name": "\\u5143", "date": "2030-01-01", "isOffDay": true}]}' > d.json
run sh "$gen" d.json
is "an escape it does not decode is refused" 1 "$st"
run sh "$gen"
is "no files: usage" 64 "$st"
done_testing
