/* pii.c — personal data: validation, normalisation, masking; see pii.h. */
#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "pii.h"
#include "text.h"

#define SHOWN_WIDTH 40          /* columns of the input echoed in a message */
#define PHONE_DIGITS_MAX 15     /* "0086" + 11: longer is refused unread */
#define IDNUM_LEN 18
#define PLATE_UNITS_MAX 8       /* letter + 6 + one spare to see "too long" */

static const char replacement[] = "\xef\xbf\xbd";  /* U+FFFD */

/*
 * Quote user input in a message without letting it break the line or
 * the terminal; cut by display columns so an escape or a character is
 * never split.
 */
static void mask_other(pm_buf *b, const char *s, size_t len);

static const char *
shown(const char *s, pm_buf *b)
{
	pm_buf m;

	/* the value refused is personal data all the same (a typo is a
	 * digit away from the number): masked as a value that is not a
	 * valid one is (pm_pii_phone, pm_pii_plate would only come back
	 * here, through the validator) */
	pm_buf_init(&m);
	mask_other(&m, s, strlen(s));
	pm_buf_reset(b);
	pm_text_fit(b, m.s, SHOWN_WIDTH, 0);
	pm_buf_free(&m);
	return b->s;
}

/* Next code point of s[*i..n), advancing *i; -1 for an invalid byte. */
static int32_t
next_cp(const char *s, size_t n, size_t *i)
{
	int32_t cp;

	*i += (size_t)pm_utf8_decode(s + *i, n - *i, &cp);
	return cp;
}

/*
 * Chinese input methods type full-width forms (０ Ａ ＋ － and the
 * ideographic space); folding them to ASCII once lets every check below
 * speak ASCII only.
 */
static int32_t
fold(int32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		return cp - 0xfee0;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

static int
is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == 0xa0;
}

/* Hyphen-like marks people type between groups of digits. */
static int
is_dash(int32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

static int
is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

static int
too_small(size_t need, size_t n, const char *what, pm_err *err)
{
	if (need <= n)
		return 0;
	return pm_err_set(err, PM_EX_SOFTWARE, _("%s: output buffer of %zu bytes, need %zu"),
	    what, n, need);
}

/*
 * Phones.  Country-code prefixes are taken off only when a mobile number
 * follows: "86" before a 10-digit landline could equally be the start of
 * a local number, and a wrong guess would store a different phone.
 */
static int
is_mobile(const char *d, size_t nd)
{
	return nd == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* Area codes are 0[1-9]..; "00" starts an international call instead. */
static int
is_landline(const char *d, size_t nd)
{
	return nd >= 10 && nd <= 12 && d[0] == '0' && d[1] != '0';
}

int
pm_phone_normalize(const char *s, char *out, size_t n, pm_err *err)
{
	char d[PHONE_DIGITS_MAX + 1];
	size_t len = strlen(s), i = 0, nd = 0;
	const char *p = d;
	int plus = 0, rc;
	int32_t c;
	pm_buf b;

	if (len == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("phone number: empty"));
	while (i < len) {
		c = fold(next_cp(s, len, &i));
		if (is_digit(c)) {
			if (nd == PHONE_DIGITS_MAX)
				goto bad;
			d[nd++] = (char)c;
		} else if (c == '+' && nd == 0 && !plus) {
			plus = 1;
		} else if (!is_space(c) && !is_dash(c) && c != '(' && c != ')') {
			goto bad;
		}
	}
	d[nd] = '\0';
	if (nd == 13 && memcmp(d, "861", 3) == 0) {
		p += 2;
		nd -= 2;
	} else if (nd == 15 && !plus && memcmp(d, "00861", 5) == 0) {
		p += 4;
		nd -= 4;
	} else if (plus) {
		/* Only +86 is a mainland number; others are not ours to check. */
		goto bad;
	}
	if (!is_mobile(p, nd) && !is_landline(p, nd))
		goto bad;
	if ((rc = too_small(nd + 1, n, "phone", err)) != 0)
		return rc;
	memcpy(out, p, nd + 1);
	return 0;
bad:
	pm_buf_init(&b);
	rc = pm_err_set(err, PM_EX_DATAERR, _("phone %s: not a mobile (11 digits, "
	    "1[3-9]...) or landline number (0 + area code)"), shown(s, &b));
	pm_buf_free(&b);
	return rc;
}

/*
 * ID numbers.  Messages show at most the last four characters and the
 * faulty birth date: the whole number in a log is exactly the leak the
 * masking is there to prevent.
 */
static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_exists(const char *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m, day, i;

	for (i = 0; i < 4; i++)
		y = y * 10 + (d[i] - '0');
	m = (d[4] - '0') * 10 + (d[5] - '0');
	day = (d[6] - '0') * 10 + (d[7] - '0');
	if (y < 1800 || y > 2100 || m < 1 || m > 12 || day < 1)
		return 0;
	return day <= mdays[m - 1] + (m == 2 && leap(y));
}

/* GB 11643 check character: weights are 2^(17-i) mod 11. */
static char
id_check(const char *d)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char chk[] = "10X98765432";
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	return chk[sum % 11];
}

int
pm_idnum_normalize(const char *s, char *out, size_t n, pm_err *err)
{
	char d[IDNUM_LEN + 1];
	size_t len = strlen(s), i = 0, chars = 0, spaces = 0, k;
	int32_t c, cp[IDNUM_LEN];
	int rc;

	/* Surrounding spaces are dropped; spaces inside count, and fail. */
	while (i < len) {
		c = fold(next_cp(s, len, &i));
		if (is_space(c)) {
			if (chars > 0)
				spaces++;
			continue;
		}
		for (; spaces > 0; spaces--, chars++)
			if (chars < IDNUM_LEN)
				cp[chars] = ' ';
		if (chars < IDNUM_LEN)
			cp[chars] = c;
		chars++;
	}
	if (chars == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("ID number: empty"));
	if (chars != IDNUM_LEN)
		return pm_err_set(err, PM_EX_DATAERR, P_(
		    "ID number: %zu character, expected %d", "ID number: %zu characters, expected %d",
		    chars), chars, IDNUM_LEN);
	for (k = 0; k < IDNUM_LEN; k++) {
		c = cp[k];
		if (k == IDNUM_LEN - 1 && (c == 'x' || c == 'X'))
			c = 'X';
		else if (!is_digit(c))
			return pm_err_set(err, PM_EX_DATAERR, k == IDNUM_LEN - 1 ?
			    "ID number: the last character is not a digit or X" :
			    "ID number: character %zu is not a digit", k + 1);
		d[k] = (char)c;
	}
	d[IDNUM_LEN] = '\0';
	if (!date_exists(d + 6))
		return pm_err_set(err, PM_EX_DATAERR,
		    _("ID number ending %s: no such birth date %.8s"), d + 14, d + 6);
	if (id_check(d) != d[17])
		return pm_err_set(err, PM_EX_DATAERR,
		    _("ID number ending %s: wrong check character"), d + 14);
	if ((rc = too_small(IDNUM_LEN + 1, n, "ID number", err)) != 0)
		return rc;
	memcpy(out, d, IDNUM_LEN + 1);
	return 0;
}

/*
 * Plates.  The province characters and the special last characters are
 * all three-byte UTF-8, compared as code points.
 */
static const int32_t provinces[] = {
	0x4eac, 0x6d25, 0x6caa, 0x6e1d, 0x5180, 0x8c6b, 0x4e91, 0x8fbd,  /* 京津沪渝冀豫云辽 */
	0x9ed1, 0x6e58, 0x7696, 0x9c81, 0x65b0, 0x82cf, 0x6d59, 0x8d63,  /* 黑湘皖鲁新苏浙赣 */
	0x9102, 0x6842, 0x7518, 0x664b, 0x8499, 0x9655, 0x5409, 0x95fd,  /* 鄂桂甘晋蒙陕吉闽 */
	0x8d35, 0x7ca4, 0x9752, 0x85cf, 0x5ddd, 0x5b81, 0x743c,          /* 贵粤青藏川宁琼 */
};

/* 挂 (trailer) 学 (learner) 警 (police) 港 澳 (Hong Kong, Macao). */
static const int32_t plate_suffixes[] = { 0x6302, 0x5b66, 0x8b66, 0x6e2f, 0x6fb3 };

static int
in_list(int32_t c, const int32_t *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] == c)
			return 1;
	return 0;
}

/* Dots and middle dots people write after the letter (京A·12345). */
static int
is_plate_sep(int32_t c)
{
	return is_space(c) || is_dash(c) || c == '.' || c == 0xb7 || c == 0x2022 ||
	    c == 0x30fb;
}

static int
is_upper(int32_t c)
{
	return c >= 'A' && c <= 'Z';
}

/* Append one code point (BMP only is enough here) as UTF-8. */
static void
put_cp(char *out, size_t *o, int32_t c)
{
	if (c < 0x80) {
		out[(*o)++] = (char)c;
	} else {
		out[(*o)++] = (char)(0xe0 | (c >> 12));
		out[(*o)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (c & 0x3f));
	}
}

static int
plate_refuse(const char *s, const char *why, pm_err *err)
{
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	rc = pm_err_set(err, PM_EX_DATAERR, _("plate %s: %s"), shown(s, &b), why);
	pm_buf_free(&b);
	return rc;
}

int
pm_plate_normalize(const char *s, char *out, size_t n, pm_err *err)
{
	int32_t u[PLATE_UNITS_MAX], c, prov = -1;
	size_t len = strlen(s), i = 0, nu = 0, ns, k, o = 0;
	char buf[32];
	int rc;

	while (i < len && prov < 0) {
		c = fold(next_cp(s, len, &i));
		if (!is_space(c))
			prov = c;
	}
	if (prov < 0)
		return pm_err_set(err, PM_EX_DATAERR, _("plate: empty"));
	if (!in_list(prov, provinces, sizeof provinces / sizeof provinces[0]))
		return plate_refuse(s, "does not start with a province character "
		    "(京, 沪, 粤, ...)", err);
	while (i < len) {
		c = fold(next_cp(s, len, &i));
		if (is_plate_sep(c))
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!is_upper(c) && !is_digit(c) &&
		    !in_list(c, plate_suffixes, sizeof plate_suffixes / sizeof plate_suffixes[0]))
			return plate_refuse(s, "only letters, digits and 挂 学 警 港 澳 "
			    "may follow the province", err);
		if (nu == PLATE_UNITS_MAX)
			return plate_refuse(s, "too long (a letter, then 5 characters, "
			    "or 6 for new energy)", err);
		u[nu++] = c;
	}
	if (nu == 0 || !is_upper(u[0]))
		return plate_refuse(s, "no letter after the province character", err);
	ns = nu - 1;
	if (ns != 5 && ns != 6)
		return plate_refuse(s, "expected a letter, then 5 characters "
		    "(or 6 for new energy)", err);
	for (k = 1; k < nu; k++) {
		c = u[k];
		if (c == 'I' || c == 'O')
			return plate_refuse(s, "I and O are not used on plates", err);
		if (c >= 0x80 && (k != nu - 1 || ns != 5))
			return plate_refuse(s, "挂 学 警 港 澳 only end an ordinary plate", err);
	}
	if (ns == 6 && u[1] != 'D' && u[1] != 'F' && u[6] != 'D' && u[6] != 'F')
		return plate_refuse(s, "a 6-character (new energy) plate has D or F "
		    "first or last", err);
	put_cp(buf, &o, prov);
	for (k = 0; k < nu; k++)
		put_cp(buf, &o, u[k]);
	buf[o] = '\0';
	if ((rc = too_small(o + 1, n, "plate", err)) != 0)
		return rc;
	memcpy(out, buf, o + 1);
	return 0;
}

/*
 * Masks.  Everything works on characters, so a star always stands for a
 * whole character and a cut never leaves half a UTF-8 sequence; an
 * invalid byte counts as one character.  A character that is shown but
 * could not be printed as itself (an invalid byte, a control, a bidi or
 * other invisible mark) is shown as U+FFFD, so a masked value is always
 * valid UTF-8 that cannot reorder or hide the text around it, whoever
 * prints it.
 */
static size_t
count_chars(const char *s, size_t len)
{
	size_t i = 0, chars = 0;

	while (i < len) {
		next_cp(s, len, &i);
		chars++;
	}
	return chars;
}

/* Drop surrounding spaces: shown, a space would reveal nothing and hide
 * the character it displaced. */
static void
trim(const char **s, size_t *len)
{
	size_t i = 0, start, first = 0, end = 0;
	int seen = 0;

	while (i < *len) {
		start = i;
		if (is_space(fold(next_cp(*s, *len, &i))))
			continue;
		if (!seen)
			first = start;
		seen = 1;
		end = i;
	}
	*s += first;
	*len = end - first;
}

/* Keep the first `front` and last `back` characters, star the rest. */
static void
mask_keep(pm_buf *b, const char *s, size_t len, size_t front, size_t back)
{
	size_t chars = count_chars(s, len), i = 0, at, start;
	int32_t c;

	if (front + back > chars)
		front = back = 0;
	for (at = 0; i < len; at++) {
		start = i;
		c = next_cp(s, len, &i);
		if (at >= front && at < chars - back)
			pm_buf_addc(b, '*');
		else if (c < 0 || pm_cp_width(c) == 0 || (c >= 0x2028 && c <= 0x202f) ||
		    c == 0x061c)
			pm_buf_add(b, replacement, sizeof replacement - 1);
		else
			pm_buf_add(b, s + start, i - start);
	}
}

/*
 * Text that is not in the expected form gets the tight rule: never more
 * than the first and last character, and always less than half of the
 * text (nothing of 1 or 2 characters, only the first of 3 or 4).
 */
static void
mask_other(pm_buf *b, const char *s, size_t len)
{
	size_t chars;

	trim(&s, &len);
	chars = count_chars(s, len);
	mask_keep(b, s, len, chars >= 3, chars >= 5);
}

void
pm_pii_phone(pm_buf *b, const char *phone)
{
	char d[32];

	if (phone == NULL || *phone == '\0')
		return;
	if (pm_phone_normalize(phone, d, sizeof d, NULL) != 0)
		mask_other(b, phone, strlen(phone));
	else if (d[0] == '1')
		mask_keep(b, d, strlen(d), 3, 4);
	else
		mask_keep(b, d, strlen(d), 3, 2);
}

void
pm_pii_idnum(pm_buf *b, const char *idnum)
{
	char d[32];
	size_t len;

	if (idnum == NULL || *idnum == '\0')
		return;
	/* Stored numbers that fail today's check (old data, a typo) still
	 * mask like ID numbers when they have the length of one. */
	if (pm_idnum_normalize(idnum, d, sizeof d, NULL) == 0)
		idnum = d;
	len = strlen(idnum);
	trim(&idnum, &len);
	if (count_chars(idnum, len) == IDNUM_LEN)
		mask_keep(b, idnum, len, 1, 4);
	else
		mask_other(b, idnum, len);
}

void
pm_pii_plate(pm_buf *b, const char *plate)
{
	char d[32];

	if (plate == NULL || *plate == '\0')
		return;
	if (pm_plate_normalize(plate, d, sizeof d, NULL) == 0)
		mask_keep(b, d, strlen(d), 2, 2);
	else
		mask_other(b, plate, strlen(plate));
}

void
pm_pii_name(pm_buf *b, const char *name)
{
	size_t len;

	if (name == NULL)
		return;
	len = strlen(name);
	trim(&name, &len);
	mask_keep(b, name, len, count_chars(name, len) >= 2, 0);
}

void
pm_pii_mask(pm_buf *b, pm_pii_class c, const char *s)
{
	switch (c) {
	case PM_PII_NONE: pm_buf_adds(b, s); return;
	case PM_PII_PHONE: pm_pii_phone(b, s); return;
	case PM_PII_IDNUM: pm_pii_idnum(b, s); return;
	case PM_PII_PLATE: pm_pii_plate(b, s); return;
	case PM_PII_NAME: break;
	}
	/* a name, or a class added to mask.h before it was taught here:
	 * the strictest form there is */
	pm_pii_name(b, s);
}

const pm_perm_name pm_pii_perm_names[] = {
	{ "pii.unmask", "see personal data unmasked (with a reason, audited)" },
	{ NULL, NULL }
};
