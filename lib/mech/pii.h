/*
 * pii.h — personal data: validation, normalisation and masking.
 *
 * Phone numbers, ID numbers, licence plates and names are personal data
 * (PIPL).  They are validated and normalised on the way in, and masked
 * on the way out unless the actor may unmask (pii.unmask) and gives a
 * reason (the caller audits that).
 */
#ifndef PM_PII_H
#define PM_PII_H

#include <stddef.h>
#include "buf.h"
#include "err.h"
#include "mask.h"
#include "perm.h"

/*
 * Normalise and validate a mainland mobile or landline phone number.
 * Accepts full-width digits (０-９) and +, spaces (also U+3000), hyphens,
 * parentheses, and a leading +86 / 0086 / 86 country code, which is
 * removed only when a mobile number (11 digits starting with 1) follows;
 * any other + number is refused.  The result is digits only: 11 digits
 * 1[3-9]... for mobiles, or a landline of 10-12 digits starting with 0
 * and a non-zero area code digit.  Writes the digits to out (at least
 * 16 bytes).  Anything else: PM_EX_DATAERR naming the input.
 */
int pm_phone_normalize(const char *s, char *out, size_t n, pm_err *err);

/*
 * Validate a resident ID number (GB 11643-1999): 18 characters, 17
 * digits and a check character (digit or X; a lower-case x is accepted
 * and upper-cased; full-width forms are accepted; surrounding spaces are
 * trimmed), a birth date YYYYMMDD (characters 7-14) that exists, with a
 * year from 1800 to 2100 (whether it is in the past is not checked),
 * and the ISO 7064 MOD 11-2 check character.  Messages show at most the
 * last 4 characters, never the whole number.  Writes the canonical form
 * to out (at least 19 bytes).
 */
int pm_idnum_normalize(const char *s, char *out, size_t n, pm_err *err);

/*
 * Validate a mainland licence plate: a province character (京 津 沪 渝
 * 冀 豫 云 辽 黑 湘 皖 鲁 新 苏 浙 赣 鄂 桂 甘 晋 蒙 陕 吉 闽 贵 粤 青 藏 川
 * 宁 琼), a letter, then 5 characters (ordinary) or 6 (new-energy) of
 * A-Z and 0-9 (I and O are not used; the last of 5 may be 挂 学 警 港
 * 澳; of 6, the first or the last is D or F).  Lower-case and
 * full-width letters and digits are accepted; surrounding spaces and
 * spaces/dots (. ·)/hyphens after the province character are removed:
 * "京a·12345" -> "京A12345".  Writes the canonical form to out (>= 32 bytes).
 */
int pm_plate_normalize(const char *s, char *out, size_t n, pm_err *err);

/* Masked forms, appended to b (NULL or "" appends nothing):
 *   phone  13812341234 -> 138****1234; landline: all but the first 3
 *          and last 2 digits starred
 *   idnum  11010519491231002X -> 1*************002X (first 1 and last 4 kept)
 *   plate  京A12345 -> 京A***45 (province, letter, stars, last 2)
 *   name   张三 -> 张*; 欧阳娜娜 -> 欧***; one character -> *; ASCII
 *          names keep the first letter: Wang Fang -> W******** (inner
 *          spaces are starred too; surrounding spaces are dropped)
 * Phones, ID numbers and plates are normalised first when they can be
 * (so "+86 138-1234-1234" masks as 138****1234); an ID number that fails
 * its checks but has 18 characters is still masked as one.  Anything
 * else keeps at most its first and last character and always less than
 * half of it: 1-2 characters all stars, 3-4 the first only.  One star
 * per character; surrounding spaces are dropped; a kept character that
 * cannot be shown as itself (invalid UTF-8, a control, a bidi or other
 * invisible mark) shows as U+FFFD, so the result is always valid UTF-8.
 */
void pm_pii_phone(pm_buf *b, const char *phone);
void pm_pii_idnum(pm_buf *b, const char *idnum);
void pm_pii_plate(pm_buf *b, const char *plate);
void pm_pii_name(pm_buf *b, const char *name);

/* The masker of mask.h: one of the four above by class (a class it does
 * not know is masked as a name: keeps at most the first character).
 * pm_registry_init installs it for every writer and the audit log. */
void pm_pii_mask(pm_buf *b, pm_pii_class c, const char *s);

/* The permission to see personal data unmasked (--unmask), perm.h. */
extern const pm_perm_name pm_pii_perm_names[];

#endif
