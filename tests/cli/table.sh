# table.sh — check that -o table output lines up.  Source after lib.sh.
#
# Fields of a table line are separated by two or more spaces (values
# with two spaces in a row would confuse it: keep test data free of them).

# starts: for each line on stdin, the display columns (wc -L counts a
# Chinese character as two) where its second, third, ... fields start.
starts() {
	while IFS= read -r line; do
		out="" prefix="" rest=$line
		while :; do
			case $rest in *"  "*) ;; *) break ;; esac
			field=${rest%%  *}
			rest=${rest#"$field"}
			sp=${rest%%[! ]*}
			rest=${rest#"$sp"}
			[ -z "$rest" ] && break
			prefix="$prefix$field$sp"
			out="$out $(printf '%s' "$prefix" | wc -L)"
		done
		printf '%s\n' "$out"
	done
}

# aligned NAME: the fields of every line of the last run's stdout start
# at the display columns of the header's (a line whose last cells are
# empty has fewer fields), and there are at least two lines.
aligned() {
	starts < "$T/.out" > "$T/.starts"
	_head=$(head -n 1 "$T/.starts")
	_bad=0
	while IFS= read -r _s; do
		case "$_head " in "$_s "*) ;; *) _bad=$((_bad + 1)) ;; esac
	done < "$T/.starts"
	if [ "$(wc -l < "$T/.out")" -ge 2 ] && [ -n "$_head" ] && [ $_bad -eq 0 ]; then _ok "$1"
	else _notok "$1 ($_bad lines out of line)"; sed 's/^/#   /' "$T/.starts"; fi
}
