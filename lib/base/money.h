/*
 * money.h — money as integer fen, and fixed-point decimals.
 *
 * No floating point anywhere.  All arithmetic is overflow-checked: a
 * function that could overflow returns nonzero instead of wrapping.
 */
#ifndef PM_MONEY_H
#define PM_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

/* Largest magnitude accepted for an amount: 9,000,000,000,000,000 fen. */
#define PM_MONEY_MAX INT64_C(9000000000000000000)

typedef enum pm_round {
	PM_ROUND_HALF_UP = 0,   /* default: .5 goes away from zero */
	PM_ROUND_HALF_EVEN,     /* banker's rounding: .5 goes to the even neighbour */
	PM_ROUND_DOWN,          /* toward zero (truncate) */
	PM_ROUND_UP             /* away from zero */
} pm_round;

/* flags for pm_money_parse / pm_decimal_parse */
#define PM_MONEY_SIGNED 0x1     /* allow a leading - (or +) */

/*
 * Parse an amount of yuan into fen: "1234.5", "1234.50", "1,234.50",
 * "¥1234.50", "￥1234.50", "-3.00" (with PM_MONEY_SIGNED).  Leading and
 * trailing spaces and tabs are allowed; leading zeros are ("007.10").
 * A sign and a yuan sign may come in either order ("-¥3", "¥-3"); "+"
 * also needs PM_MONEY_SIGNED.  Refused with PM_EX_DATAERR and a reason
 * naming the input ("12.345: more than two decimals"): empty, more than
 * two decimals (even zeros: "1.000"), exponents, NaN/Inf, decimal
 * comma ("12,5"), misplaced grouping commas ("1,23"), a sign when not
 * allowed, any other character, or a magnitude above PM_MONEY_MAX.
 * A digit is required on both sides of a point: "1." and ".5" are
 * refused (a value cut short or a lost digit), "0.5" is fine.
 * *fen is set only on success.
 */
int pm_money_parse(const char *s, int flags, int64_t *fen, pm_err *err);

/* flags for pm_money_format */
#define PM_MONEY_GROUP 0x1      /* thousands separators: 1,234.50 */
#define PM_MONEY_YUAN  0x2      /* leading ¥ */

/*
 * Format fen as yuan with exactly two decimals ("1234.50", "-0.05",
 * "-¥1,234.50" with both flags).  Any int64_t, INT64_MIN included.
 * Writes at most n bytes including the NUL; returns the length the full
 * string has (like snprintf).  A 40-byte buffer is always enough.
 */
size_t pm_money_format(int64_t fen, int flags, char *buf, size_t n);

/*
 * Fixed-point decimal with `scale` decimals (0..9) into an integer:
 * pm_decimal_parse("100.5", 2, ...) -> 10050 (area in 0.01 m2),
 * pm_decimal_parse("1.85", 4, ...) -> 18500 (a rate in 0.0001 yuan).
 * More decimals than scale is an error (no silent rounding).  Grouping
 * commas, spaces, signs and range as in pm_money_parse; no currency
 * sign.  A scale outside 0..9 is PM_EX_SOFTWARE.  pm_decimal_format
 * writes exactly `scale` decimals and no grouping ("1.8500", "-3");
 * with a scale outside 0..9 it writes "" and returns 0.
 */
int pm_decimal_parse(const char *s, int scale, int flags, int64_t *out, pm_err *err);
size_t pm_decimal_format(int64_t v, int scale, char *buf, size_t n);

/* Overflow-checked arithmetic: return 0 and set *out, or -1 on overflow
 * (result outside [-PM_MONEY_MAX, PM_MONEY_MAX]). */
int pm_money_add(int64_t a, int64_t b, int64_t *out);
int pm_money_sub(int64_t a, int64_t b, int64_t *out);
int pm_money_mul(int64_t a, int64_t b, int64_t *out);

/*
 * out = round(a * b / div) with the given rounding mode, computed with a
 * 128-bit intermediate so a*b itself may exceed 64 bits.  div > 0.
 * Example: a bill line = area (0.01 m2) * rate (0.0001 yuan) gives
 * 0.000001 yuan units, so fen = pm_money_muldiv(area, rate, 10000, mode):
 * 10050 * 18500 / 10000 = 18592.5 -> 18593 (half-up) or 18592 (half-even).
 * Returns 0, or -1 on overflow or div <= 0.
 */
int pm_money_muldiv(int64_t a, int64_t b, int64_t div, pm_round mode, int64_t *out);

/*
 * The same rounding as an SQL expression, for set-based statements that
 * compute many amounts in one INSERT ... SELECT: appends to out an
 * integer expression equal to pm_money_muldiv(a, b, div, mode) for
 * a * b >= 0 and div > 0, where a, b and div are SQL expressions (the
 * caller's, never user text; each is parenthesised and may be repeated).
 * The caller keeps 2 * a * b below 2^63: SQL engines do not stop on
 * integer overflow the way muldiv does.  test_money checks the two
 * forms agree.  Returns 0, or -1 (nothing appended) for a bad mode.
 */
struct pm_buf;
int pm_money_muldiv_sql(struct pm_buf *out, const char *a, const char *b, const char *div,
    pm_round mode);

/*
 * Split total into n shares proportional to weights (all >= 0, sum > 0),
 * so that the shares add up to total exactly: each share is the floor of
 * its exact part, and the remaining fen go one each to the largest
 * remainders, earlier index first on ties (100.00 / 3 = 33.34 + 33.33 +
 * 33.33).  total may be negative (shares are then the negation of the
 * split of -total).  Returns 0, or -1 on bad weights (n == 0, a
 * negative weight, all zero), a NULL array, or |total| > PM_MONEY_MAX.
 * Never allocates.
 */
int pm_money_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *shares);

/* Parse "half-up", "half-even", "down", "up" (exactly); returns 0 or
 * -1.  pm_round_name gives those names back, "unknown" for others. */
int pm_round_parse(const char *s, pm_round *mode);
const char *pm_round_name(pm_round mode);

#endif
