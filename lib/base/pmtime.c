/* pmtime.c — instants, business-zone calendar, spans; see pmtime.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "pmtime.h"

/* Dates past 2038 are ordinary here, and localtime_r must agree. */
_Static_assert(sizeof(time_t) >= 8, "libpm needs a 64-bit time_t");

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define ZONE_NAME_MAX 200
#define UNITS "s, min, h, d, w, mo, y"
#define FORMS "2026-11-30, 2026-11-30 14:05, 2026-11-30T14:05:00+08:00, " \
	"now, today, yesterday, tomorrow, +3d, -6h, @1764482700"

#define DAY 86400

/*
 * Instants handed to localtime_r are clamped to years -1..10001: enough
 * room around 1..9999 that a clamped value is visibly out of range, and
 * no risk of the C library refusing a year that does not fit an int.
 */
#define LT_MIN INT64_C(-62198755200)    /* -0001-01-01T00:00:00Z */
#define LT_MAX INT64_C(253433923199)    /* 10001-01-01T00:00:00Z - 1 */

/* Zones that still work without a zoneinfo database: none has had
 * daylight saving since 1991, so a fixed offset is right for us. */
static const struct {
	const char *name;
	const char *tz;
} builtin_zones[] = {
	{ "Asia/Shanghai", "CST-8" },
	{ "Asia/Chongqing", "CST-8" },
	{ "Asia/Hong_Kong", "HKT-8" },
	{ "Asia/Macau", "CST-8" },
	{ "Asia/Taipei", "CST-8" },
};

/*
 * The TZ entry itself, handed to putenv: the environment then points at
 * this buffer, so switching zones allocates nothing (setenv would leak a
 * copy per switch) and a glance at getenv("TZ") tells whether anyone has
 * replaced it since.  After "TZ=": ":" + a zoneinfo path, or a POSIX
 * string.
 */
static char zone_env[4200] = "TZ=";
#define ZONE_TZ (zone_env + 3)
#define ZONE_TZ_SIZE (sizeof zone_env - 3)
static char zone_name[ZONE_NAME_MAX + 1];
static int zone_ready;
static unsigned zone_gen = 1;   /* bumped whenever the zone in use changes */

/* Quote user text in a message: bounded, and control bytes shown as '?'
 * so the message stays one harmless line. */
static const char *
show(const char *s, char *buf, size_t n)
{
	size_t i, lim = n - 4;

	for (i = 0; i < lim && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (s[i] != '\0') {
		/* do not cut inside a UTF-8 sequence */
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
		memcpy(buf + i, "...", 4);
	} else {
		buf[i] = '\0';
	}
	return buf;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n decimal digits at s (stops at the first non-digit, so never
 * reads past a NUL). */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm: exact for any year, no table, no time_t limits). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
pm_days_in_month(int year, int month)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return len[month - 1];
}

int
pm_date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && day >= 1 &&
	    day <= pm_days_in_month(year, month);
}

/*
 * "+08:00", "+0800", "-05:30", "+08:05:43" -> seconds east of UTC.
 * Returns the length consumed, 0 if s does not start with an offset,
 * -1 if it does but a field is out of range.
 */
static int
parse_offset(const char *s, int *off)
{
	int h, m, sec = 0, len;

	if ((s[0] != '+' && s[0] != '-') || digits(s + 1, 2, &h) != 0)
		return 0;
	if (s[3] == ':') {
		if (digits(s + 4, 2, &m) != 0)
			return 0;
		len = 6;
		if (s[6] == ':') {
			if (digits(s + 7, 2, &sec) != 0)
				return 0;
			len = 9;
		}
	} else {
		if (digits(s + 3, 2, &m) != 0)
			return 0;
		len = 5;
	}
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	*off = h * 3600 + m * 60 + sec;
	if (s[0] == '-')
		*off = -*off;
	return len;
}

/* A fixed offset as a POSIX TZ string; POSIX counts west, so +08:00 is
 * "<+0800>-8". */
static void
fixed_tz(int off, char *tz, size_t n)
{
	int a = off < 0 ? -off : off;
	int h = a / 3600, m = a / 60 % 60, s = a % 60;
	char east = off < 0 ? '-' : '+';
	const char *west = off > 0 ? "-" : "";

	if (s != 0)
		snprintf(tz, n, "<%c%02d%02d%02d>%s%d:%02d:%02d", east, h, m, s,
		    west, h, m, s);
	else if (m != 0)
		snprintf(tz, n, "<%c%02d%02d>%s%d:%02d", east, h, m, west, h, m);
	else
		snprintf(tz, n, "<%c%02d%02d>%s%d", east, h, m, west, h);
}

/* An IANA name we are willing to look up as a file: no way out of the
 * zoneinfo directory, nothing a shell or a TZ parser would read as more. */
static int
zone_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || strlen(name) > ZONE_NAME_MAX ||
	    strstr(name, "..") != NULL)
		return 0;
	/* right/ zones count leap seconds: 23:59:60 and a clock that is
	 * not POSIX time */
	if (strncmp(name, "right/", 6) == 0)
		return 0;
	for (p = name; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    is_digit(c) || c == '/' || c == '_' || c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

/* A regular file that starts like a compiled zone: zoneinfo also holds
 * tables (leapseconds, tzdata.zi) that the C library would quietly
 * treat as UTC. */
static int
is_tzif(const char *path)
{
	struct stat st;
	char magic[4];
	int fd;
	ssize_t got;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	got = read(fd, magic, sizeof magic);
	close(fd);
	return got == (ssize_t)sizeof magic && memcmp(magic, "TZif", 4) == 0;
}

/* The TZ value that selects zone `name`. */
static int
zone_resolve(const char *name, char *tz, size_t n, pm_err *err)
{
	char path[4096], q[80];
	const char *dir;
	size_t i;
	int off, len;

	if (name == NULL)
		name = PM_TIME_ZONE_DEFAULT;
	if (strcmp(name, "UTC") == 0) {
		snprintf(tz, n, "UTC0");
		return 0;
	}
	if (name[0] == '+' || name[0] == '-') {
		len = parse_offset(name, &off);
		if (len > 0 && name[len] == '\0') {
			fixed_tz(off, tz, n);
			return 0;
		}
		goto unknown;
	}
	if (!zone_name_ok(name))
		goto unknown;
	dir = getenv("TZDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = ZONEINFO_DIR;
	len = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (len > 0 && (size_t)len < sizeof path && is_tzif(path)) {
		if ((size_t)snprintf(tz, n, ":%s", path) >= n)
			goto unknown;
		return 0;
	}
	/* No database, or one without this zone: the built-in few. */
	for (i = 0; i < sizeof builtin_zones / sizeof builtin_zones[0]; i++)
		if (strcmp(name, builtin_zones[i].name) == 0) {
			snprintf(tz, n, "%s", builtin_zones[i].tz);
			return 0;
		}
unknown:
	return pm_err_set(err, PM_EX_CONFIG, _("unknown time zone %s"),
	    show(name, q, sizeof q));
}

int
pm_time_zone_check(const char *name, pm_err *err)
{
	char tz[ZONE_TZ_SIZE];

	return zone_resolve(name, tz, sizeof tz, err);
}

int
pm_time_set_zone(const char *name, pm_err *err)
{
	char tz[ZONE_TZ_SIZE];
	int rc;

	if (name == NULL)
		name = PM_TIME_ZONE_DEFAULT;
	if ((rc = zone_resolve(name, tz, sizeof tz, err)) != 0)
		return rc;
	memcpy(ZONE_TZ, tz, ZONE_TZ_SIZE);
	snprintf(zone_name, sizeof zone_name, "%s", name);
	zone_ready = 1;
	zone_gen++;
	if (putenv(zone_env) != 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("setting TZ: %s"),
		    strerror(errno));
	tzset();
	return 0;
}

/*
 * Make sure TZ selects the business zone before any calendar question:
 * the default zone if none was set, and again if something else in the
 * process changed TZ since (a test, a library, a hook).
 */
static void
use_zone(void)
{
	const char *cur;

	if (!zone_ready && pm_time_set_zone(PM_TIME_ZONE_DEFAULT, NULL) != 0)
		return;
	cur = getenv("TZ");
	if (cur != ZONE_TZ && putenv(zone_env) == 0) {
		tzset();
		zone_gen++;
	}
}

const char *
pm_time_zone(void)
{
	use_zone();
	return zone_ready ? zone_name : PM_TIME_ZONE_DEFAULT;
}

static void
libc_lt(pm_time t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (localtime_r(&tt, tm) == NULL) {
		memset(tm, 0, sizeof *tm);
		tm->tm_year = 70;
		tm->tm_mday = 1;
	}
}

/* The calendar fields of t at UTC offset off, by arithmetic. */
static void
fields_at(pm_time t, long off, int isdst, struct tm *tm)
{
	int64_t local = t + off, days = floordiv(local, DAY), sod = local - days * DAY, y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	memset(tm, 0, sizeof *tm);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(sod / 3600);
	tm->tm_min = (int)(sod / 60 % 60);
	tm->tm_sec = (int)(sod % 60);
	tm->tm_wday = (int)(days - floordiv(days + 4, 7) * 7 + 4);  /* 1970-01-01: Thursday */
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm->tm_isdst = isdst;
	tm->tm_gmtoff = off;
}

/*
 * The zone's offset, kept by the hour.  glibc works out every instant
 * after a zone's last transition (for Asia/Shanghai: all since 1991) by
 * parsing the zone's rule text again — a third of the time of listing a
 * million rows.  An hour whose first and last second have the same
 * offset has it throughout (transitions are months apart), so its offset
 * is kept in a small table and the fields are arithmetic; an hour with a
 * transition in it always asks libc.  zone_gen tells entries of an
 * earlier zone apart.
 */
#define OFF_SLOTS 256
static struct {
	int64_t hour;
	long off;
	int isdst;
	unsigned gen;
} off_cache[OFF_SLOTS];

static int
same_fields(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon && a->tm_mday == b->tm_mday &&
	    a->tm_hour == b->tm_hour && a->tm_min == b->tm_min && a->tm_sec == b->tm_sec &&
	    a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday;
}

/* localtime_r in the business zone, never failing. */
static void
lt(pm_time t, struct tm *tm)
{
	struct tm a, b;
	int64_t h;
	unsigned slot;

	use_zone();
	if (t < LT_MIN)
		t = LT_MIN;
	if (t > LT_MAX)
		t = LT_MAX;
	h = floordiv(t, 3600);
	slot = (unsigned)((uint64_t)h % OFF_SLOTS);
	if (off_cache[slot].gen == zone_gen && off_cache[slot].hour == h) {
		fields_at(t, off_cache[slot].off, off_cache[slot].isdst, tm);
		return;
	}
	libc_lt(h * 3600, &a);
	libc_lt(h * 3600 + 3599, &b);
	fields_at(h * 3600, a.tm_gmtoff, a.tm_isdst, tm);
	/* the arithmetic must agree with libc where both were asked */
	if (a.tm_gmtoff == b.tm_gmtoff && a.tm_isdst == b.tm_isdst && same_fields(&a, tm)) {
		off_cache[slot].hour = h;
		off_cache[slot].off = a.tm_gmtoff;
		off_cache[slot].isdst = a.tm_isdst;
		off_cache[slot].gen = zone_gen;
		fields_at(t, a.tm_gmtoff, a.tm_isdst, tm);
		return;
	}
	libc_lt(t, tm);
}

static int64_t
utcoff(pm_time t)
{
	struct tm tm;

	lt(t, &tm);
	return tm.tm_gmtoff;
}

/*
 * Local calendar fields -> instant.  Fields are normalised arithmetically
 * (month 13, day 32, hour 25 roll over); the year must stay within a few
 * million either way of 1..9999 so nothing overflows.
 *
 * The offset is whichever one, from a day before or a day after, maps
 * back onto these fields.  Both do in an overlap: take the earlier
 * instant.  Neither does in a gap: use the offset from before the gap,
 * which moves the time forward by the gap's length (02:30 on a New York
 * spring-forward day is 03:30 EDT).  This is what mktime does on glibc,
 * but spelled out so it does not depend on the C library.
 */
static pm_time
from_local(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s)
{
	int64_t idx, ny, nm, l, oa, ob, ta, tb;
	int va, vb;

	idx = y * 12 + (mo - 1);
	ny = floordiv(idx, 12);
	nm = idx - ny * 12 + 1;
	l = (days_from_civil(ny, nm, 1) + d - 1) * DAY + h * 3600 + mi * 60 + s;
	oa = utcoff(l - DAY);
	ob = utcoff(l + DAY);
	ta = l - oa;
	tb = l - ob;
	va = utcoff(ta) == oa;
	vb = utcoff(tb) == ob;
	if (va && vb)
		return ta < tb ? ta : tb;
	if (vb)
		return tb;
	return ta;
}

pm_time
pm_time_from_local(int year, int month, int day, int hour, int min, int sec)
{
	return from_local(year, month, day, hour, min, sec);
}

void
pm_time_local(pm_time t, pm_tm *out)
{
	struct tm tm;

	lt(t, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->min = tm.tm_min;
	out->sec = tm.tm_sec;
	out->wday = tm.tm_wday;
	out->yday = tm.tm_yday;
	out->utcoff = (int)tm.tm_gmtoff;
}

pm_time
pm_time_day_start(pm_time t)
{
	pm_tm tm;

	pm_time_local(t, &tm);
	return from_local(tm.year, tm.month, tm.day, 0, 0, 0);
}

/* Saturating, so an absurd span lands far out of range instead of
 * wrapping round into a plausible date. */
static pm_time
add_sat(pm_time a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

pm_time
pm_time_add(pm_time t, pm_span span)
{
	if (span.months != 0) {
		pm_tm tm;
		int64_t idx, y, m, d;

		pm_time_local(t, &tm);
		idx = (int64_t)tm.year * 12 + (tm.month - 1) + span.months;
		y = floordiv(idx, 12);
		m = idx - y * 12 + 1;
		/* beyond these the result is out of range anyway */
		if (y < -2)
			y = -2;
		if (y > 10002)
			y = 10002;
		d = tm.day;
		if (d > pm_days_in_month((int)y, (int)m))
			d = pm_days_in_month((int)y, (int)m);
		t = from_local(y, m, d, tm.hour, tm.min, tm.sec);
	}
	return add_sat(t, span.seconds);
}

/* The one range rule: an instant's business-zone date is in 0001..9999,
 * so whatever we accept can be printed and read back. */
static int
in_range(pm_time t)
{
	pm_tm tm;

	pm_time_local(t, &tm);
	return tm.year >= 1 && tm.year <= 9999;
}

static int
bad_span(const char *s, pm_err *err, const char *why)
{
	char q[80];

	return pm_err_set(err, PM_EX_DATAERR, _("%s: %s (a span is numbers with "
	    "units, like +30min, -6h, 3d, 1h30min; units: %s)"),
	    show(s, q, sizeof q), why, UNITS);
}

int
pm_span_parse(const char *s, pm_span *out, pm_err *err)
{
	static const struct {
		const char *name;
		int64_t secs;
		int months;
	} units[] = {
		{ "s", 1, 0 }, { "min", 60, 0 }, { "h", 3600, 0 },
		{ "d", DAY, 0 }, { "w", 7 * DAY, 0 }, { "mo", 0, 1 },
		{ "y", 0, 12 },
	};
	const char *p;
	char q[80], why[96];
	int64_t secs = 0, months = 0;
	int neg = 0;

	if (s == NULL)
		s = "";
	p = s;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p == '\0')
		return bad_span(s, err, "not a span");
	while (*p != '\0') {
		const char *u;
		int64_t n = 0;
		size_t ulen, i;

		if (!is_digit(*p))
			return bad_span(s, err, "not a span");
		for (; is_digit(*p); p++) {
			if (n > (INT64_MAX - (*p - '0')) / 10)
				return bad_span(s, err, "too large");
			n = n * 10 + (*p - '0');
		}
		for (u = p; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'); p++)
			;
		ulen = (size_t)(p - u);
		if (ulen == 0)
			return bad_span(s, err, *p == '\0' ?
			    "a number needs a unit" : "not a span");
		if (ulen == 1 && *u == 'm')
			return pm_err_set(err, PM_EX_DATAERR, _("%s: \"m\" is "
			    "ambiguous: write min (minutes) or mo (months)"),
			    show(s, q, sizeof q));
		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strlen(units[i].name) == ulen &&
			    memcmp(units[i].name, u, ulen) == 0)
				break;
		if (i == sizeof units / sizeof units[0]) {
			snprintf(why, sizeof why, "unknown unit \"%.*s\"",
			    ulen > 20 ? 20 : (int)ulen, u);
			return bad_span(s, err, why);
		}
		if (units[i].months != 0) {
			if (n > (INT32_MAX - months) / units[i].months)
				return bad_span(s, err, "too large");
			months += n * units[i].months;
		} else {
			if (n > (INT64_MAX - secs) / units[i].secs)
				return bad_span(s, err, "too large");
			secs += n * units[i].secs;
		}
	}
	out->seconds = neg ? -secs : secs;
	out->months = (int32_t)(neg ? -months : months);
	return 0;
}

/*
 * YYYY-MM-DD[(T| )HH:MM[:SS][Z|+HH:MM|+HHMM]].  Returns 0, or 1 when s
 * is not shaped like a date at all (the caller may have a better
 * message), or an error status.
 */
static int
parse_absolute(const char *s, pm_time *out, pm_err *err)
{
	const char *p = s;
	char q[80], j[40];
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, has_off = 0, n;

	if (digits(p, 4, &y) != 0 || p[4] != '-' || digits(p + 5, 2, &mo) != 0 ||
	    p[7] != '-' || digits(p + 8, 2, &d) != 0)
		return 1;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &h) != 0 || p[3] != ':' ||
		    digits(p + 4, 2, &mi) != 0)
			goto syntax;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec) != 0)
				goto syntax;
			p += 3;
		}
		if (*p == 'Z') {
			has_off = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			n = parse_offset(p, &off);
			if (n < 0)
				return pm_err_set(err, PM_EX_DATAERR, _("%s: no such "
				    "UTC offset"), show(s, q, sizeof q));
			if (n == 0)
				goto syntax;
			has_off = 1;
			p += n;
		}
	}
	if (*p != '\0')
		return pm_err_set(err, PM_EX_DATAERR, _("%s: unexpected \"%s\" "
		    "after the date"), show(s, q, sizeof q), show(p, j, sizeof j));
	if (!pm_date_valid(y, mo, d))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: no such date%s"),
		    show(s, q, sizeof q), y == 0 ? " (years are 0001..9999)" : "");
	if (h > 23)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: hour must be 00..23"),
		    show(s, q, sizeof q));
	if (mi > 59)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: minute must be "
		    "00..59"), show(s, q, sizeof q));
	if (sec > 59)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: second must be "
		    "00..59"), show(s, q, sizeof q));
	if (has_off)
		*out = days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 +
		    sec - off;
	else
		*out = from_local(y, mo, d, h, mi, sec);
	return 0;
syntax:
	return pm_err_set(err, PM_EX_DATAERR, _("%s: not a date or time "
	    "(expected %s)"), show(s, q, sizeof q), FORMS);
}

/* "@1764482700", seconds since the epoch: 0, -1 if malformed, -2 if
 * beyond 64 bits. */
static int
parse_epoch(const char *s, pm_time *out)
{
	const char *p = s + 1;
	int64_t v = 0;
	int neg = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p))
		return -1;
	for (; is_digit(*p); p++) {
		if (v > (INT64_MAX - (*p - '0')) / 10)
			v = -1;
		if (v >= 0)
			v = v * 10 + (*p - '0');
	}
	if (*p != '\0')
		return -1;
	if (v < 0)
		return -2;
	*out = neg ? -v : v;
	return 0;
}

int
pm_time_parse(const char *s, pm_time now, pm_time *out, pm_err *err)
{
	char q[80];
	pm_time t = 0;
	pm_span span;
	pm_tm tm;
	int rc;

	if (s == NULL)
		s = "";
	if (strcmp(s, "now") == 0) {
		t = now;
	} else if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0 ||
	    strcmp(s, "tomorrow") == 0) {
		/* by calendar day, not 86400 s: DST days are 23 or 25 h */
		pm_time_local(now, &tm);
		t = from_local(tm.year, tm.month, tm.day + (s[2] == 's' ? -1 :
		    s[2] == 'm' ? 1 : 0), 0, 0, 0);
	} else if (s[0] == '@') {
		rc = parse_epoch(s, &t);
		if (rc == -1)
			return pm_err_set(err, PM_EX_DATAERR, _("%s: not a number "
			    "of seconds (expected @1764482700)"),
			    show(s, q, sizeof q));
		if (rc == -2)
			t = INT64_MAX;  /* refused just below */
	} else if (s[0] == '+' || s[0] == '-') {
		if ((rc = pm_span_parse(s, &span, err)) != 0)
			return rc;
		t = pm_time_add(now, span);
	} else {
		rc = parse_absolute(s, &t, err);
		if (rc == 1 && pm_span_parse(s, &span, NULL) == 0)
			return pm_err_set(err, PM_EX_DATAERR, _("%s: an offset from "
			    "now needs a sign (+%s or -%s)"), show(s, q, sizeof q),
			    q, q);
		if (rc == 1)
			return pm_err_set(err, PM_EX_DATAERR, _("%s: not a date or "
			    "time (expected %s)"), show(s, q, sizeof q), FORMS);
		if (rc != 0)
			return rc;
	}
	if (!in_range(t))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: out of range (years "
		    "0001..9999)"), show(s, q, sizeof q));
	*out = t;
	return 0;
}

int
pm_time_now(pm_time *now, pm_err *err)
{
	const char *env = getenv("PM_NOW");
	pm_time real = (pm_time)time(NULL);
	pm_err e;

	/* empty counts as unset, so `PM_NOW= cmd` means the real clock */
	if (env == NULL || env[0] == '\0') {
		*now = real;
		return 0;
	}
	if (pm_time_parse(env, real, now, &e) != 0)
		return pm_err_set(err, PM_EX_USAGE, _("PM_NOW: %s"), e.msg);
	return 0;
}

pm_month
pm_month_add(pm_month m, int months)
{
	int64_t idx = (int64_t)m.year * 12 + (m.month - 1) + months;
	int64_t y = floordiv(idx, 12);
	pm_month r;

	r.month = (int)(idx - y * 12 + 1);
	r.year = y > INT32_MAX ? INT32_MAX : y < INT32_MIN ? INT32_MIN : (int)y;
	return r;
}

int64_t
pm_month_diff(pm_month from, pm_month to)
{
	return ((int64_t)to.year - from.year) * 12 + (to.month - from.month);
}

pm_month
pm_month_of(pm_time t)
{
	pm_tm tm;
	pm_month m;

	pm_time_local(t, &tm);
	m.year = tm.year;
	m.month = tm.month;
	return m;
}

pm_time
pm_month_start(pm_month m)
{
	return from_local(m.year, m.month, 1, 0, 0, 0);
}

pm_time
pm_month_end(pm_month m)
{
	return from_local(m.year, (int64_t)m.month + 1, 1, 0, 0, 0);
}

int
pm_month_days(pm_month m)
{
	m = pm_month_add(m, 0);
	return pm_days_in_month(m.year, m.month);
}

int
pm_month_parse(const char *s, pm_time now, pm_month *out, pm_err *err)
{
	char q[80];
	pm_month m;
	int y, mo;

	if (s == NULL)
		s = "";
	if (strcmp(s, "this") == 0 || strcmp(s, "last") == 0 ||
	    strcmp(s, "next") == 0) {
		m = pm_month_add(pm_month_of(now),
		    s[0] == 'l' ? -1 : s[0] == 'n' ? 1 : 0);
		if (m.year < 1 || m.year > 9999)
			return pm_err_set(err, PM_EX_DATAERR, _("%s: out of range "
			    "(years 0001..9999)"), s);
		*out = m;
		return 0;
	}
	if (digits(s, 4, &y) != 0 || s[4] != '-' || digits(s + 5, 2, &mo) != 0 ||
	    s[7] != '\0')
		return pm_err_set(err, PM_EX_DATAERR, _("%s: not a month (expected "
		    "2026-11, this, last or next)"), show(s, q, sizeof q));
	if (y < 1 || mo < 1 || mo > 12)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: no such month"),
		    show(s, q, sizeof q));
	out->year = y;
	out->month = mo;
	return 0;
}

static size_t
fmt_ret(int n)
{
	return n < 0 ? 0 : (size_t)n;
}

/* +08:00, or +08:05:43 for the odd local-mean-time offset, which a
 * minutes-only offset could not give back exactly. */
static void
fmt_offset(long off, char *o, size_t n)
{
	char sign = off < 0 ? '-' : '+';
	int a = (int)((off < 0 ? -off : off) % DAY);

	if (a % 60 != 0)
		snprintf(o, n, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60,
		    a % 60);
	else
		snprintf(o, n, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
}

/* Two digits (or more, zero-padded to w) at p; returns the end. */
static char *
put_num(char *p, int v, int w)
{
	char *e = p + w;

	while (w-- > 0) {
		p[w] = (char)('0' + v % 10);
		v /= 10;
	}
	return e;
}

/*
 * What snprintf would write for the usual years (0000-9999), by hand:
 * listings format two or three times a row, and printf's parsing of the
 * format string was a fifth of streaming a million rows.
 */
static size_t
fmt_fast(const struct tm *tm, pm_tfmt f, char *buf)
{
	char *p = buf;
	long off = tm->tm_gmtoff;
	int a;

	p = put_num(p, tm->tm_year + 1900, 4);
	*p++ = '-';
	p = put_num(p, tm->tm_mon + 1, 2);
	*p++ = '-';
	p = put_num(p, tm->tm_mday, 2);
	if (f != PM_TF_DATE) {
		*p++ = f == PM_TF_MINUTE ? ' ' : 'T';
		p = put_num(p, tm->tm_hour, 2);
		*p++ = ':';
		p = put_num(p, tm->tm_min, 2);
	}
	if (f == PM_TF_ISO) {
		*p++ = ':';
		p = put_num(p, tm->tm_sec, 2);
		/* as fmt_offset */
		*p++ = off < 0 ? '-' : '+';
		a = (int)((off < 0 ? -off : off) % DAY);
		p = put_num(p, a / 3600, 2);
		*p++ = ':';
		p = put_num(p, a / 60 % 60, 2);
		if (a % 60 != 0) {
			*p++ = ':';
			p = put_num(p, a % 60, 2);
		}
	}
	*p = '\0';
	return (size_t)(p - buf);
}

size_t
pm_time_format(pm_time t, pm_tfmt f, char *buf, size_t n)
{
	struct tm tm;
	char o[32];

	if (f == PM_TF_UTC) {
		int64_t days = t / DAY, sod = t % DAY, y;
		int m, d;

		if (sod < 0) {
			sod += DAY;
			days--;
		}

		civil_from_days(days, &y, &m, &d);
		return fmt_ret(snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
		    (long long)y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60),
		    (int)(sod % 60)));
	}
	lt(t, &tm);
	if (n >= 40 && tm.tm_year >= -1900 && tm.tm_year <= 9999 - 1900 && f != PM_TF_MONTH)
		return fmt_fast(&tm, f, buf);
	switch (f) {
	case PM_TF_MINUTE:
		return fmt_ret(snprintf(buf, n, "%04d-%02d-%02d %02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min));
	case PM_TF_DATE:
		return fmt_ret(snprintf(buf, n, "%04d-%02d-%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
	case PM_TF_MONTH:
		return fmt_ret(snprintf(buf, n, "%04d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1));
	default:
		fmt_offset(tm.tm_gmtoff, o, sizeof o);
		return fmt_ret(snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%s",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, o));
	}
}

size_t
pm_month_format(pm_month m, char *buf, size_t n)
{
	return fmt_ret(snprintf(buf, n, "%04d-%02d", m.year, m.month));
}

int64_t
pm_date_days(pm_date d)
{
	/* normalise the month first, so that month 13 or 0 is a year over */
	int64_t idx = (int64_t)d.year * 12 + ((int64_t)d.month - 1);
	int64_t y = floordiv(idx, 12);

	return days_from_civil(y, idx - y * 12 + 1, 1) + (int64_t)d.day - 1;
}

int
pm_date_from_days(int64_t days, pm_date *out)
{
	int64_t y;
	int m, d;

	if (days < PM_DATE_DAYS_MIN || days > PM_DATE_DAYS_MAX)
		return -1;
	civil_from_days(days, &y, &m, &d);
	out->year = (int)y;
	out->month = m;
	out->day = d;
	return 0;
}

int64_t
pm_date_diff(pm_date from, pm_date to)
{
	return pm_date_days(to) - pm_date_days(from);
}

int
pm_date_cmp(pm_date a, pm_date b)
{
	int64_t x = pm_date_days(a), y = pm_date_days(b);

	return (x > y) - (x < y);
}

int
pm_date_add_days(pm_date d, int64_t n, pm_date *out)
{
	int64_t z = pm_date_days(d);

	/* day numbers are tiny: only a huge n can overflow */
	if (n > PM_DATE_DAYS_MAX - PM_DATE_DAYS_MIN ||
	    n < PM_DATE_DAYS_MIN - PM_DATE_DAYS_MAX)
		return -1;
	return pm_date_from_days(z + n, out);
}

int
pm_date_add_months(pm_date d, int n, pm_date *out)
{
	int64_t idx;
	int len;
	pm_date r;

	if (!pm_date_valid(d.year, d.month, d.day))
		return -1;
	idx = (int64_t)d.year * 12 + (d.month - 1) + n;
	if (idx < 12 || idx > INT64_C(9999) * 12 + 11)
		return -1;
	r.year = (int)(idx / 12);
	r.month = (int)(idx % 12) + 1;
	len = pm_days_in_month(r.year, r.month);
	r.day = d.day > len ? len : d.day;
	*out = r;
	return 0;
}

int
pm_date_add_years(pm_date d, int n, pm_date *out)
{
	/* |n| above 10000 years leaves the range anyway; keeps 12 * n small */
	if (n > 10000 || n < -10000)
		return -1;
	return pm_date_add_months(d, n * 12, out);
}

int
pm_date_parse(const char *s, pm_date *out, pm_err *err)
{
	char q[80];
	int y, m, d;

	if (s == NULL || digits(s, 4, &y) != 0 || s[4] != '-' ||
	    digits(s + 5, 2, &m) != 0 ||
	    s[7] != '-' || digits(s + 8, 2, &d) != 0 || s[10] != '\0')
		return pm_err_set(err, PM_EX_DATAERR, _("%s: not a date (expected "
		    "2026-11-30)"), s == NULL ? "" : show(s, q, sizeof q));
	if (!pm_date_valid(y, m, d))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: no such date"),
		    show(s, q, sizeof q));
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
}

size_t
pm_date_format(pm_date d, char *buf, size_t n)
{
	return fmt_ret(snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month,
	    d.day));
}

pm_date
pm_date_of(pm_time t)
{
	pm_tm tm;
	pm_date d;

	pm_time_local(t, &tm);
	d.year = tm.year;
	d.month = tm.month;
	d.day = tm.day;
	return d;
}

pm_time
pm_date_start(pm_date d)
{
	return from_local(d.year, d.month, d.day, 0, 0, 0);
}

pm_time
pm_date_at(pm_date d, int minute)
{
	return from_local(d.year, d.month, d.day, minute / 60, minute % 60, 0);
}

int
pm_date_wday(pm_date d)
{
	/* day 0, 1970-01-01, was a Thursday */
	return (int)(((pm_date_days(d) + 4) % 7 + 7) % 7);
}
