/* text.c — UTF-8 validation, display width, terminal safety; see text.h. */
#include <string.h>

#include "i18n.h"
#include "text.h"

/*
 * Decoding follows RFC 3629 table 3-7 exactly: the second byte's range
 * depends on the lead byte, which is what refuses overlongs (C0, C1,
 * E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above
 * U+10FFFF (F4 90.., F5..FF) without any arithmetic after the fact.
 */
int
pm_utf8_decode(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char c = u[0], lo = 0x80, hi = 0xbf;
	int32_t v;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		goto bad;
	}
	if ((size_t)len > n)
		goto bad;
	if (u[1] < lo || u[1] > hi)
		goto bad;
	v = (v << 6) | (u[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (u[i] & 0x3f);
	}
	*cp = v;
	return len;
bad:
	/* One byte at a time: each bad byte becomes one U+FFFD and the
	 * next valid character after it is never swallowed. */
	*cp = -1;
	return 1;
}

int
pm_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)pm_utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

size_t
pm_utf8_chars(const char *s)
{
	size_t n = 0;

	/* In valid UTF-8 every code point has exactly one non-continuation byte. */
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
pm_text_check(const char *s, size_t n, size_t maxchars, const char *what, pm_err *err)
{
	size_t i = 0, chars = 0;
	int32_t cp;

	if (what == NULL)
		what = "text";
	while (i < n) {
		if (s[i] == '\0')
			return pm_err_set(err, PM_EX_DATAERR,
			    _("%s: contains a NUL byte at byte %zu"), what, i + 1);
		i += (size_t)pm_utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			return pm_err_set(err, PM_EX_DATAERR,
			    _("%s: invalid UTF-8 at byte %zu"), what, i);
		chars++;
	}
	if (maxchars > 0 && chars > maxchars)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: too long (%zu characters, at most %zu)"), what, chars, maxchars);
	return 0;
}

/* A closed range of code points. */
struct range {
	int32_t lo, hi;
};

/*
 * Zero-width code points: combining marks a terminal draws over the
 * previous cell, and format characters it does not draw at all.  Kept
 * to the blocks that occur in Chinese, Latin and emoji text; a rarer
 * mark counted as 1 only makes a table one column wider.
 */
static const struct range zero_width[] = {
	{ 0x0300, 0x036f },     /* combining diacritical marks */
	{ 0x0483, 0x0489 },     /* Cyrillic combining */
	{ 0x0591, 0x05bd },     /* Hebrew points */
	{ 0x0610, 0x061a },     /* Arabic marks */
	{ 0x064b, 0x065f },
	{ 0x1160, 0x11ff },     /* Hangul Jamo medial vowels, final consonants */
	{ 0x1ab0, 0x1aff },     /* combining diacritical marks extended */
	{ 0x1dc0, 0x1dff },     /* combining diacritical marks supplement */
	{ 0x200b, 0x200f },     /* ZWSP, ZWNJ, ZWJ, LRM, RLM */
	{ 0x202a, 0x202e },     /* bidi embeddings (escaped by pm_text_safe) */
	{ 0x2060, 0x2064 },     /* word joiner, invisible operators */
	{ 0x2066, 0x206f },     /* bidi isolates, deprecated format chars */
	{ 0x20d0, 0x20ff },     /* combining marks for symbols */
	{ 0x302a, 0x302d },     /* ideographic tone marks */
	{ 0x3099, 0x309a },     /* kana voiced sound marks */
	{ 0xd7b0, 0xd7ff },     /* Hangul Jamo extended-B (medial, final) */
	{ 0xfe00, 0xfe0f },     /* variation selectors (emoji presentation) */
	{ 0xfe20, 0xfe2f },     /* combining half marks */
	{ 0xfeff, 0xfeff },     /* BOM / zero-width no-break space */
	{ 0xe0001, 0xe0001 },   /* language tag */
	{ 0xe0020, 0xe007f },   /* tag characters (flag sequences) */
	{ 0xe0100, 0xe01ef },   /* variation selectors supplement (CJK IVS) */
};

/* East Asian Wide (W) and Fullwidth (F): two terminal cells. */
static const struct range wide[] = {
	{ 0x1100, 0x115f },     /* Hangul Jamo initial consonants */
	{ 0x231a, 0x231b },     /* watch, hourglass */
	{ 0x2e80, 0x303e },     /* CJK radicals, Kangxi, CJK symbols and punctuation */
	{ 0x3041, 0x33ff },     /* kana, bopomofo, Hangul compatibility, CJK compat */
	{ 0x3400, 0x4dbf },     /* CJK extension A */
	{ 0x4e00, 0x9fff },     /* CJK unified ideographs */
	{ 0xa000, 0xa4cf },     /* Yi */
	{ 0xac00, 0xd7a3 },     /* Hangul syllables */
	{ 0xf900, 0xfaff },     /* CJK compatibility ideographs */
	{ 0xfe10, 0xfe19 },     /* vertical forms */
	{ 0xfe30, 0xfe4f },     /* CJK compatibility forms */
	{ 0xff00, 0xff60 },     /* fullwidth ASCII variants */
	{ 0xffe0, 0xffe6 },     /* fullwidth signs (￥) */
	{ 0x1f300, 0x1f64f },   /* pictographs, emoticons */
	{ 0x1f680, 0x1f6c5 },   /* transport and map symbols */
	{ 0x1f900, 0x1f9ff },   /* supplemental symbols and pictographs */
	{ 0x20000, 0x2fffd },   /* CJK extensions B..F, compatibility supplement */
	{ 0x30000, 0x3fffd },   /* CJK extension G.. */
};

/* Binary search in a sorted table of disjoint ranges. */
static int
in_table(int32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
pm_cp_width(int32_t cp)
{
	/* Not a character: pm_text_safe prints U+FFFD in its place. */
	if (cp < 0 || cp > 0x10ffff)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* One printable piece of the safe form: a character or an escape. */
struct unit {
	char s[12];     /* bytes to print; at most "\u202E" or 4 UTF-8 bytes */
	size_t len;
	int width;
};

static const char hex[] = "0123456789ABCDEF";

static int
is_bidi(int32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/*
 * Characters a terminal does not draw, or draws as a line break, that
 * would let stored text hide or fake what a table shows ("admin" with a
 * zero-width space inside, a line separator that starts a new row).
 * The zero-width joiner between two emoji draws one emoji and is kept.
 */
static int
is_invisible(int32_t cp)
{
	return cp == 0x00ad || cp == 0x115f || cp == 0x1160 || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200d) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x2060 && cp <= 0x2064) || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0;
}

static int
is_emoji(int32_t cp)
{
	return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf) ||
	    cp == 0x2640 || cp == 0x2642 || cp == 0xfe0f;
}

/* The code point that ends before s[at] (at > 0), or -1. */
static int32_t
cp_before(const char *s, size_t at)
{
	size_t j = at;
	int32_t cp;

	while (j > 0 && at - j < 4 && ((unsigned char)s[j - 1] & 0xc0) == 0x80)
		j--;
	if (j == 0 || at - j >= 4)
		return -1;
	j--;
	if ((size_t)pm_utf8_decode(s + j, at - j, &cp) != at - j)
		return -1;
	return cp;
}

/* A ZWJ at s[at..at+3) that joins two emoji into one. */
static int
joins_emoji(const char *s, size_t n, size_t at)
{
	int32_t next;

	if (at == 0 || at + 3 >= n || !is_emoji(cp_before(s, at)))
		return 0;
	pm_utf8_decode(s + at + 3, n - at - 3, &next);
	return is_emoji(next);
}

static void
unit_esc(struct unit *u, const char *e)
{
	u->len = strlen(e);
	memcpy(u->s, e, u->len);
	u->width = (int)u->len;
}

static void
unit_hex(struct unit *u, char kind, int32_t cp, int digits)
{
	size_t i = 0;
	int d;

	u->s[i++] = '\\';
	u->s[i++] = kind;
	for (d = digits - 1; d >= 0; d--)
		u->s[i++] = hex[(cp >> (4 * d)) & 0xf];
	u->len = i;
	u->width = (int)i;
}

/*
 * Take the next unit of s[*i..n) and advance *i.  All escapes are ASCII
 * (so their width is their length) and are kept whole, so a cut never
 * leaves half an escape that reads like something else.
 */
static void
next_unit(const char *s, size_t n, size_t *i, struct unit *u)
{
	unsigned char c = (unsigned char)s[*i];
	int32_t cp;
	int k;

	if (c >= 0x20 && c < 0x7f) {
		u->s[0] = (char)c;
		u->len = 1;
		u->width = 1;
		(*i)++;
		return;
	}
	if (c < 0x80) {
		(*i)++;
		switch (c) {
		case '\t': unit_esc(u, "\\t"); break;
		case '\n': unit_esc(u, "\\n"); break;
		case '\r': unit_esc(u, "\\r"); break;
		case 0x1b: unit_esc(u, "\\e"); break;
		default: unit_hex(u, 'x', c, 2); break;
		}
		return;
	}
	k = pm_utf8_decode(s + *i, n - *i, &cp);
	*i += (size_t)k;
	if (cp < 0) {
		unit_esc(u, "\xef\xbf\xbd");
		u->width = 1;
	} else if (cp < 0xa0 || is_bidi(cp) ||
	    (is_invisible(cp) && !(cp == 0x200d && joins_emoji(s, n, *i - (size_t)k)))) {
		unit_hex(u, 'u', cp, 4);
	} else {
		memcpy(u->s, s + *i - k, (size_t)k);
		u->len = (size_t)k;
		u->width = pm_cp_width(cp);
	}
}

void
pm_text_safe(pm_buf *b, const char *s)
{
	size_t i = 0, n = strlen(s), run;
	struct unit u;

	while (i < n) {
		/* Copy runs of printable ASCII at once: most text is that. */
		for (run = i; run < n && (unsigned char)s[run] >= 0x20 &&
		    (unsigned char)s[run] < 0x7f; run++)
			;
		if (run > i) {
			pm_buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		next_unit(s, n, &i, &u);
		pm_buf_add(b, u.s, u.len);
	}
}

size_t
pm_text_width(const char *s)
{
	size_t i = 0, n = strlen(s), w = 0;
	struct unit u;

	while (i < n) {
		next_unit(s, n, &i, &u);
		w += (size_t)u.width;
	}
	return w;
}

static void
add_spaces(pm_buf *b, size_t n)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
		pm_buf_add(b, sp, k);
		n -= k;
	}
}

size_t
pm_text_fit(pm_buf *b, const char *s, size_t width, int pad)
{
	size_t n = strlen(s), i, w, total, limit, padding;
	struct unit u;

	total = pm_text_width(s);
	if (total <= width) {
		limit = total;
		w = total;
	} else {
		/* Keep one column for "…"; with width 0 nothing fits at all. */
		limit = width > 0 ? width - 1 : 0;
		w = 0;
	}
	/* Find the cut first, so left padding can come before the text. */
	if (total > width) {
		size_t zwj = (size_t)-1;

		w = 0;
		for (i = 0; i < n;) {
			size_t j = i;
			next_unit(s, n, &j, &u);
			if (w + (size_t)u.width > limit)
				break;
			w += (size_t)u.width;
			/* a joiner kept between two emoji, its second one cut */
			zwj = u.len == 3 && memcmp(u.s, "\xe2\x80\x8d", 3) == 0 ? i : (size_t)-1;
			i = j;
		}
		/* a joiner with nothing after it is no longer a joiner (it
		 * would print as an escape): cut before it */
		n = zwj != (size_t)-1 ? zwj : i;
		if (width > 0)
			w++;
	}
	padding = pad != 0 && w < width ? width - w : 0;
	if (pad < 0)
		add_spaces(b, padding);
	for (i = 0; i < n;) {
		next_unit(s, n, &i, &u);
		pm_buf_add(b, u.s, u.len);
	}
	if (total > width && width > 0)
		pm_buf_adds(b, "\xe2\x80\xa6");
	if (pad > 0)
		add_spaces(b, padding);
	return w + padding;
}

void
pm_text_html(pm_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		pm_buf_add(b, s + from, i - from);
		pm_buf_adds(b, e);
		from = i + 1;
	}
	pm_buf_add(b, s + from, n - from);
}

int
pm_code_valid(const char *s, size_t max, unsigned flags)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++) {
		char c = s[n];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')
			continue;
		if ((flags & PM_CODE_UPPER) && c >= 'A' && c <= 'Z')
			continue;
		if ((flags & PM_CODE_DOT) && c == '.')
			continue;
		return 0;
	}
	return n >= 1 && n <= max;
}

const char *
pm_text_quote(pm_buf *q, const char *s)
{
	pm_text_fit(q, s != NULL ? s : "", PM_QUOTE_MAX, 0);
	return q->s;
}

int
pm_text_fail(pm_err *err, int status, const char *fmt, const char *s)
{
	pm_buf q;

	pm_buf_init(&q);
	pm_err_set(err, status, fmt, pm_text_quote(&q, s));
	pm_buf_free(&q);
	return status;
}

int
pm_text_word(const char *choices, const char *word)
{
	size_t n;
	const char *e;

	if (word == NULL || *word == '\0')
		return 0;
	n = strlen(word);
	for (;;) {
		e = strchr(choices, '|');
		if ((e != NULL ? (size_t)(e - choices) : strlen(choices)) == n &&
		    memcmp(choices, word, n) == 0)
			return 1;
		if (e == NULL)
			return 0;
		choices = e + 1;
	}
}

int
pm_text_one_of(pm_err *err, const char *field, const char *v, const char *choices)
{
	pm_buf q, c;

	pm_buf_init(&q);
	pm_buf_init(&c);
	for (; *choices != '\0'; choices++)
		if (*choices == '|')
			pm_buf_adds(&c, ", ");
		else
			pm_buf_addc(&c, *choices);
	pm_err_field(err, PM_EX_USAGE, field, _("%s %s: one of %s"), field, pm_text_quote(&q, v),
	    c.s);
	pm_buf_free(&q);
	pm_buf_free(&c);
	return PM_EX_USAGE;
}

int
pm_text_need(const char *v, const char *field, pm_err *err)
{
	if (v == NULL || *v == '\0')
		return pm_err_field(err, PM_EX_USAGE, field, _("%s is required"), field);
	return 0;
}

int
pm_text_field(const char *s, size_t maxchars, const char *field, pm_err *err)
{
	if (s == NULL)
		return 0;
	if (*s == '\0')
		return pm_err_field(err, PM_EX_USAGE, field, _("%s is empty"), field);
	return pm_text_check(s, strlen(s), maxchars, field, err);
}

int
pm_text_enum(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
pm_text_enum_name(const char *const *names, size_t n, int i)
{
	if (i < 0 || (size_t)i >= n)
		return "unknown";
	return names[i];
}
