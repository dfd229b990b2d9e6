/* money.c — integer fen and fixed-point decimals; see money.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "err.h"
#include "money.h"
#include "buf.h"
#include "text.h"

/* __int128 is a GNU extension; say so, so -std=c11 -pedantic stays quiet. */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define SHOWN_MAX 48            /* bytes of the input echoed in a message */

static const char *const decimals_word[] = {
	"no", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine"
};

/* What the scanner found; spans point into the caller's string. */
struct scan {
	const char *ip;         /* integer part, digits and commas */
	size_t ilen;
	const char *fp;         /* fraction digits */
	size_t flen;
	int point;              /* a decimal point was seen */
	int neg;
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid.
 * Kept here rather than in text.c so money depends on nothing but err.
 */
static size_t
utf8_len(const unsigned char *p, const unsigned char *e)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;      /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if ((size_t)(e - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/*
 * A short, printable copy of the input for an error message: the text
 * may come from an import file and hold control characters, broken
 * UTF-8 or a megabyte of junk, none of which belongs on stderr.
 */
static void
shown(char *dst, size_t dstsz, const char *b, const char *e)
{
	const unsigned char *p = (const unsigned char *)b;
	const unsigned char *ue = (const unsigned char *)e;
	size_t o = 0, k;

	while (p < ue) {
		k = utf8_len(p, ue);
		/* keep room for "..." and the NUL */
		if (o + (k ? k : 1) + 4 > dstsz) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		/* C0, DEL and C1 (U+0080..U+009F) controls */
		if (k == 0 || (k == 1 && (*p < 0x20 || *p == 0x7F)) ||
		    (k == 2 && p[0] == 0xC2 && p[1] < 0xA0)) {
			dst[o++] = '?';
			p += k ? k : 1;
			continue;
		}
		memcpy(dst + o, p, k);
		o += k;
		p += k;
	}
	dst[o] = '\0';
}

/* Bytes of a yuan sign at p: ¥ (U+00A5) or full-width ￥ (U+FFE5). */
static size_t
yuan_sign(const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;

	if (e - p >= 2 && u[0] == 0xC2 && u[1] == 0xA5)
		return 2;
	if (e - p >= 3 && u[0] == 0xEF && u[1] == 0xBF && u[2] == 0xA5)
		return 3;
	return 0;
}

static int
prefix_ci(const char *p, const char *e, const char *word)
{
	for (; *word != '\0'; p++, word++)
		if (p >= e || lower((unsigned char)*p) != *word)
			return 0;
	return 1;
}

/*
 * Why the character at p cannot follow the number.  Spotting the usual
 * mistakes by name (1e3, a second point, an inner space) saves the user
 * guessing what "unexpected character" meant.
 */
static int
trailing(const char *p, const char *e, const struct scan *sc,
    const char *what, pm_err *err)
{
	char c[8];
	size_t k;

	if ((*p == 'e' || *p == 'E') && (sc->ilen > 0 || sc->flen > 0))
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: exponents are not allowed"), what);
	if (*p == '.' && sc->point)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: more than one decimal point"), what);
	if (*p == ',' && sc->point)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: comma after the decimal point"), what);
	if (is_space((unsigned char)*p))
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: space inside the number"), what);
	if (*p == '-' || *p == '+')
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: misplaced sign"), what);
	k = utf8_len((const unsigned char *)p, (const unsigned char *)e);
	if (k == 0 || (k == 1 && ((unsigned char)*p < 0x20 ||
	    (unsigned char)*p == 0x7F)) ||
	    (k == 2 && (unsigned char)p[0] == 0xC2 &&
	    (unsigned char)p[1] < 0xA0))
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: unexpected byte 0x%02X"), what, (unsigned char)*p);
	memcpy(c, p, k);
	c[k] = '\0';
	return pm_err_set(err, PM_EX_DATAERR,
	    _("%s: unexpected character '%s'"), what, c);
}

/*
 * Grouping commas must sit between groups of exactly three digits after
 * a first group of one to three.  "12,5" is almost surely a decimal
 * comma (European style), so it gets its own message.
 */
static int
check_groups(const struct scan *sc, const char *what, pm_err *err)
{
	const char *p = sc->ip, *e = sc->ip + sc->ilen;
	size_t len, commas = 0;
	int first = 1;

	if (memchr(p, ',', sc->ilen) == NULL)
		return 0;
	for (;;) {
		len = 0;
		while (p < e && is_digit((unsigned char)*p)) {
			p++;
			len++;
		}
		if (first ? (len < 1 || len > 3) : len != 3)
			break;
		first = 0;
		if (p == e)
			return 0;
		p++;            /* the comma */
		commas++;
	}
	if (commas == 1 && p == e && len == 1 && !sc->point)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: decimal comma (use a point: 12.5)"), what);
	return pm_err_set(err, PM_EX_DATAERR,
	    _("%s: misplaced grouping comma (groups of three digits;"
	    " the decimal point is '.')"), what);
}

/* v = v * 10 + d, refusing to pass PM_MONEY_MAX. */
static int
push_digit(uint64_t *v, unsigned d)
{
	if (*v > ((uint64_t)PM_MONEY_MAX - d) / 10)
		return -1;
	*v = *v * 10 + d;
	return 0;
}

/*
 * The one parser behind pm_money_parse and pm_decimal_parse.  The whole
 * string is checked for shape first and only then converted, so that
 * "99999999999999999999.999" reports its syntax before its size.
 */
static int
parse(const char *s, int scale, int flags, int money, int64_t *out,
    pm_err *err)
{
	char what[SHOWN_MAX + 8], big[48];
	const char *b, *e, *p;
	struct scan sc;
	uint64_t v = 0;
	size_t i, k;
	int sign = 0, cur = 0, rc;

	if (scale < 0 || scale > 9)
		return pm_err_set(err, PM_EX_SOFTWARE,
		    _("decimal scale %d outside 0..9"), scale);
	if (s == NULL)
		s = "";
	b = s;
	e = s + strlen(s);
	while (b < e && is_space((unsigned char)*b))
		b++;
	while (e > b && is_space((unsigned char)e[-1]))
		e--;
	if (b == e)
		return pm_err_set(err, PM_EX_DATAERR, money ?
		    "empty amount" : "empty number");
	shown(what, sizeof what, b, e);

	memset(&sc, 0, sizeof sc);
	p = b;
	/* a sign and a yuan sign in either order: -¥1.00 and ¥-1.00 */
	for (i = 0; i < 2 && p < e; i++) {
		if (!sign && (*p == '-' || *p == '+')) {
			sign = 1;
			sc.neg = *p == '-';
			p++;
		} else if (money && !cur && (k = yuan_sign(p, e)) > 0) {
			cur = 1;
			p += k;
		}
	}
	if (sign && !(flags & PM_MONEY_SIGNED))
		return pm_err_set(err, PM_EX_DATAERR, sc.neg ?
		    "%s: negative values are not allowed here" :
		    "%s: a sign is not allowed here", what);
	if (prefix_ci(p, e, "nan") || prefix_ci(p, e, "inf"))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: not a number"), what);

	sc.ip = p;
	while (p < e && (is_digit((unsigned char)*p) || *p == ','))
		p++;
	sc.ilen = (size_t)(p - sc.ip);
	if (p < e && *p == '.') {
		sc.point = 1;
		p++;
	}
	sc.fp = p;
	while (p < e && is_digit((unsigned char)*p))
		p++;
	sc.flen = (size_t)(p - sc.fp);
	if (p < e)
		return trailing(p, e, &sc, what, err);
	if ((rc = check_groups(&sc, what, err)) != 0)
		return rc;
	if (sc.ilen == 0 && sc.flen == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: no digits"), what);
	/* "1." may be a value cut short and ".5" a lost digit: ask. */
	if (sc.ilen == 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: no digits before the decimal point"), what);
	if (sc.point && sc.flen == 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: no digits after the decimal point"), what);
	if (sc.flen > (size_t)scale) {
		if (scale == 0)
			return pm_err_set(err, PM_EX_DATAERR,
			    _("%s: decimals are not allowed"), what);
		return pm_err_set(err, PM_EX_DATAERR,
		    _("%s: more than %s decimals"), what, decimals_word[scale]);
	}

	for (i = 0; i < sc.ilen; i++)
		if (sc.ip[i] != ',' &&
		    push_digit(&v, (unsigned)(sc.ip[i] - '0')) != 0)
			goto range;
	for (i = 0; i < (size_t)scale; i++)
		if (push_digit(&v, i < sc.flen ?
		    (unsigned)(sc.fp[i] - '0') : 0) != 0)
			goto range;
	/* v <= PM_MONEY_MAX < INT64_MAX, so the negation is safe */
	*out = sc.neg ? -(int64_t)v : (int64_t)v;
	return 0;
range:
	if (money)
		pm_money_format(PM_MONEY_MAX, PM_MONEY_GROUP, big, sizeof big);
	else
		pm_decimal_format(PM_MONEY_MAX, scale, big, sizeof big);
	return pm_err_set(err, PM_EX_DATAERR,
	    _("%s: out of range (the largest is %s)"), what, big);
}

int
pm_money_parse(const char *s, int flags, int64_t *fen, pm_err *err)
{
	return parse(s, 2, flags, 1, fen, err);
}

int
pm_decimal_parse(const char *s, int scale, int flags, int64_t *out,
    pm_err *err)
{
	return parse(s, scale, flags, 0, out, err);
}

/* snprintf's contract for a string we built ourselves. */
static size_t
emit(const char *s, size_t len, char *buf, size_t n)
{
	size_t k;

	if (buf != NULL && n > 0) {
		k = len < n ? len : n - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
	}
	return len;
}

/* Magnitude as unsigned, so INT64_MIN needs no special case. */
static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/*
 * Write |v| with `scale` decimals backwards, ending at end; returns the
 * new start.  Room needed: 20 digits, 6 commas, the point.
 */
static char *
digits_back(char *end, uint64_t u, int scale, int group)
{
	char *p = end;
	int i, n = 0;

	for (i = 0; i < scale; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (scale > 0)
		*--p = '.';
	do {
		if (group && n > 0 && n % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u > 0);
	return p;
}

size_t
pm_money_format(int64_t fen, int flags, char *buf, size_t n)
{
	char tmp[48], *end = tmp + sizeof tmp, *p;

	p = digits_back(end, magnitude(fen), 2, flags & PM_MONEY_GROUP);
	/* "-¥0.05": the sign leads, as spreadsheets write it */
	if (flags & PM_MONEY_YUAN) {
		*--p = (char)0xA5;
		*--p = (char)0xC2;
	}
	if (fen < 0)
		*--p = '-';
	return emit(p, (size_t)(end - p), buf, n);
}

size_t
pm_decimal_format(int64_t v, int scale, char *buf, size_t n)
{
	char tmp[48], *end = tmp + sizeof tmp, *p;

	if (scale < 0 || scale > 9)
		return emit("", 0, buf, n);
	p = digits_back(end, magnitude(v), scale, 0);
	if (v < 0)
		*--p = '-';
	return emit(p, (size_t)(end - p), buf, n);
}

static int
in_range(int64_t v)
{
	return v >= -PM_MONEY_MAX && v <= PM_MONEY_MAX;
}

int
pm_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r) || !in_range(r))
		return -1;
	*out = r;
	return 0;
}

int
pm_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r) || !in_range(r))
		return -1;
	*out = r;
	return 0;
}

int
pm_money_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r) || !in_range(r))
		return -1;
	*out = r;
	return 0;
}

int
pm_money_muldiv(int64_t a, int64_t b, int64_t div, pm_round mode,
    int64_t *out)
{
	i128 p;
	u128 up, q, r, twice;
	int neg;

	if (div <= 0)
		return -1;
	/* |a*b| <= 2^126: always fits */
	p = (i128)a * b;
	neg = p < 0;
	up = neg ? 0 - (u128)p : (u128)p;
	/* round the magnitude, so negatives mirror positives */
	q = up / (u128)div;
	r = up % (u128)div;
	twice = r * 2;          /* r < 2^63: no overflow */
	switch (mode) {
	case PM_ROUND_HALF_UP:
		if (twice >= (u128)div)
			q++;
		break;
	case PM_ROUND_HALF_EVEN:
		if (twice > (u128)div || (twice == (u128)div && (q & 1)))
			q++;
		break;
	case PM_ROUND_DOWN:
		break;
	case PM_ROUND_UP:
		if (r > 0)
			q++;
		break;
	default:
		return -1;
	}
	if (q > (u128)PM_MONEY_MAX)
		return -1;
	*out = neg ? -(int64_t)q : (int64_t)q;
	return 0;
}

/* t*w mod sum, from the floor already kept in shares (cheaper than %). */
static u128
remainder_of(uint64_t t, int64_t w, int64_t fl, u128 sum)
{
	return (u128)t * (uint64_t)w - (u128)(uint64_t)fl * sum;
}

static size_t
count_at_least(uint64_t t, const int64_t *weights, const int64_t *shares,
    size_t n, u128 sum, u128 v)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (remainder_of(t, weights[i], shares[i], sum) >= v)
			c++;
	return c;
}

/*
 * Largest remainder without allocating: the left-over fen go to the
 * `left` largest remainders, so binary-search the smallest remainder
 * that still gets one (at most 128 passes), then hand out ties in index
 * order.  No malloc means no out-of-memory path in billing.
 */
int
pm_money_allocate(int64_t total, const int64_t *weights, size_t n,
    int64_t *shares)
{
	u128 sum = 0, lo, hi, mid, r;
	uint64_t t, given = 0, left;
	size_t i, extra;

	if (weights == NULL || shares == NULL || n == 0 || !in_range(total))
		return -1;
	for (i = 0; i < n; i++) {
		if (weights[i] < 0)
			return -1;
		sum += (uint64_t)weights[i];   /* < n * 2^63: fits */
	}
	if (sum == 0)
		return -1;
	t = magnitude(total);
	for (i = 0; i < n; i++) {
		/* share <= t <= PM_MONEY_MAX */
		shares[i] = (int64_t)((u128)t * (uint64_t)weights[i] / sum);
		given += (uint64_t)shares[i];
	}
	/* the fractional parts add up to fewer than n fen */
	left = t - given;
	if (left > 0) {
		lo = 1;
		hi = sum - 1;
		while (lo < hi) {
			mid = lo + (hi - lo + 1) / 2;
			if (count_at_least(t, weights, shares, n, sum, mid) >= left)
				lo = mid;
			else
				hi = mid - 1;
		}
		/* every remainder above lo gets one; fewer than left of them */
		extra = 0;
		for (i = 0; i < n; i++)
			if (remainder_of(t, weights[i], shares[i], sum) > lo)
				extra++;
		/* each remainder is read before its own share moves */
		for (i = 0; i < n; i++) {
			r = remainder_of(t, weights[i], shares[i], sum);
			if (r > lo)
				shares[i]++;
			else if (r == lo && extra < left) {
				shares[i]++;
				extra++;
			}
		}
	}
	if (total < 0)
		for (i = 0; i < n; i++)
			shares[i] = -shares[i];
	return 0;
}

static const char *const round_names[] = {
	"half-up", "half-even", "down", "up"
};

#define N_ROUND (sizeof round_names / sizeof round_names[0])

int
pm_round_parse(const char *s, pm_round *mode)
{
	int i = pm_text_enum(round_names, N_ROUND, s);

	if (i < 0)
		return -1;
	*mode = (pm_round)i;
	return 0;
}

const char *
pm_round_name(pm_round mode)
{
	return pm_text_enum_name(round_names, N_ROUND, (int)mode);
}

int
pm_money_muldiv_sql(struct pm_buf *out, const char *a, const char *b, const char *div,
    pm_round mode)
{
	pm_buf x;

	if (mode != PM_ROUND_HALF_UP && mode != PM_ROUND_HALF_EVEN && mode != PM_ROUND_DOWN &&
	    mode != PM_ROUND_UP)
		return -1;
	pm_buf_init(&x);
	pm_buf_addf(&x, "((%s) * (%s))", a, b);
	/* q = x / d, r = x % d as in muldiv, for x >= 0 */
	pm_buf_addf(out, "(%s / (%s)", x.s, div);
	switch (mode) {
	case PM_ROUND_HALF_UP:
		pm_buf_addf(out, " + CASE WHEN 2 * (%s %% (%s)) >= (%s) THEN 1 ELSE 0 END", x.s, div, div);
		break;
	case PM_ROUND_HALF_EVEN:
		pm_buf_addf(out, " + CASE WHEN 2 * (%s %% (%s)) > (%s) OR (2 * (%s %% (%s)) = (%s) "
		    "AND (%s / (%s)) %% 2 = 1) THEN 1 ELSE 0 END", x.s, div, div, x.s, div, div, x.s, div);
		break;
	case PM_ROUND_UP:
		pm_buf_addf(out, " + CASE WHEN %s %% (%s) > 0 THEN 1 ELSE 0 END", x.s, div);
		break;
	case PM_ROUND_DOWN:
		break;
	}
	pm_buf_addc(out, ')');
	pm_buf_free(&x);
	return 0;
}
