/*
 * fuzz_money.c — libFuzzer target for the money and decimal parsers.
 *
 * Whatever parses must format and parse back to the same value, in
 * every format; whatever is refused must be refused with status 65 and
 * a one-line message; and a value accepted unsigned must be accepted
 * signed with the same value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "money.h"

static void
check_refusal(int rc, const pm_err *err)
{
	if (rc != PM_EX_DATAERR || err->status != PM_EX_DATAERR ||
	    err->msg[0] == '\0' || strchr(err->msg, '\n') != NULL)
		abort();
}

static void
money_round_trip(int64_t v)
{
	static const int fl[] = {
		0, PM_MONEY_GROUP, PM_MONEY_YUAN, PM_MONEY_GROUP | PM_MONEY_YUAN
	};
	char buf[40], again[40];
	pm_err err;
	int64_t back;
	size_t i;

	if (v > PM_MONEY_MAX || v < -PM_MONEY_MAX)
		abort();
	for (i = 0; i < sizeof fl / sizeof fl[0]; i++) {
		if (pm_money_format(v, fl[i], buf, sizeof buf) >= sizeof buf)
			abort();
		if (pm_money_parse(buf, PM_MONEY_SIGNED, &back, &err) != 0 ||
		    back != v)
			abort();
		/* formatting is canonical: a second pass changes nothing */
		pm_money_format(back, fl[i], again, sizeof again);
		if (strcmp(buf, again) != 0)
			abort();
	}
}

static void
decimal_round_trip(int64_t v, int scale)
{
	char buf[40];
	pm_err err;
	int64_t back;

	if (v > PM_MONEY_MAX || v < -PM_MONEY_MAX)
		abort();
	if (pm_decimal_format(v, scale, buf, sizeof buf) >= sizeof buf)
		abort();
	if (pm_decimal_parse(buf, scale, PM_MONEY_SIGNED, &back, &err) != 0 ||
	    back != v)
		abort();
}

/* Parse unsigned and signed; the two must agree where both accept. */
static void
fuzz_money(const char *s)
{
	pm_err err;
	int64_t u = 0, v = 0;
	int ru, rs;

	ru = pm_money_parse(s, 0, &u, &err);
	if (ru != 0)
		check_refusal(ru, &err);
	rs = pm_money_parse(s, PM_MONEY_SIGNED, &v, &err);
	if (rs != 0)
		check_refusal(rs, &err);
	if (ru == 0 && (rs != 0 || u != v || u < 0))
		abort();
	if (rs == 0)
		money_round_trip(v);
	/* money is scale 2 with a yuan sign on top */
	if (strstr(s, "\xC2\xA5") == NULL && strstr(s, "\xEF\xBF\xA5") == NULL) {
		int64_t d = 0;
		int rd = pm_decimal_parse(s, 2, PM_MONEY_SIGNED, &d, &err);
		if ((rd == 0) != (rs == 0) || (rs == 0 && d != v))
			abort();
	}
}

static void
fuzz_decimal(const char *s)
{
	pm_err err;
	int64_t u = 0, v = 0;
	int scale, ru, rs;

	for (scale = 0; scale <= 9; scale++) {
		ru = pm_decimal_parse(s, scale, 0, &u, &err);
		if (ru != 0)
			check_refusal(ru, &err);
		rs = pm_decimal_parse(s, scale, PM_MONEY_SIGNED, &v, &err);
		if (rs != 0)
			check_refusal(rs, &err);
		if (ru == 0 && (rs != 0 || u != v || u < 0))
			abort();
		if (rs == 0)
			decimal_round_trip(v, scale);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	fuzz_money(s);
	fuzz_decimal(s);
	free(s);
	return 0;
}
