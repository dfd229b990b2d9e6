/*
 * text.h — UTF-8 text: validation, display width, terminal safety.
 */
#ifndef PM_TEXT_H
#define PM_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "buf.h"

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int pm_utf8_valid(const char *s, size_t n);

/*
 * Decode one code point at s (at most n bytes).  Returns the number of
 * bytes used (1..4) and sets *cp; on an invalid sequence returns 1 and
 * sets *cp = -1.  n must be > 0.
 */
int pm_utf8_decode(const char *s, size_t n, int32_t *cp);

/* Number of code points in a valid UTF-8 string. */
size_t pm_utf8_chars(const char *s);

/*
 * Check user text before it is stored: valid UTF-8, no NUL (n is the
 * byte length the caller read), at most maxchars code points (0 = no
 * limit).  what names the field in the message ("text", "name").
 * Errors are PM_EX_DATAERR.  Control characters are allowed: they are
 * stored as given and made harmless on output.
 */
int pm_text_check(const char *s, size_t n, size_t maxchars, const char *what, pm_err *err);

/*
 * Display width of one code point on a terminal: 0 for combining marks,
 * zero-width characters and controls (which pm_text_safe replaces
 * anyway), 2 for East Asian Wide and Fullwidth characters (CJK, Hangul,
 * kana, full-width forms, most emoji), 1 otherwise (also for -1 and
 * other non-characters, which pm_text_safe prints as U+FFFD).
 */
int pm_cp_width(int32_t cp);

/* Display width of a string as pm_text_safe would print it. */
size_t pm_text_width(const char *s);

/*
 * Append s to b made harmless for a terminal:
 *   - all C0 controls (tab and newline included), DEL, and C1
 *     controls U+0080..U+009F are written as visible escapes: \t \n \r
 *     as those two characters, ESC as "\e", others as "\xHH" (C0/DEL)
 *     or "\u0085" style (C1);
 *   - bidi controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F,
 *     U+061C) as "\u202E" style escapes;
 *   - characters that are not drawn or break the line: the line and
 *     paragraph separators U+2028 U+2029, zero-width space, non-joiner
 *     and joiner U+200B..U+200D (a joiner between two emoji is kept: it
 *     draws one emoji), word joiner and invisible operators
 *     U+2060..U+2064, U+FEFF, soft hyphen U+00AD, U+180E and the Hangul
 *     fillers U+115F U+1160 U+3164 U+FFA0, also as "\u200B" escapes;
 *   - invalid UTF-8 bytes as U+FFFD;
 *   - everything else unchanged.
 * The result is valid UTF-8 with no control characters at all.
 */
void pm_text_safe(pm_buf *b, const char *s);

/*
 * Append at most `width` display columns of the safe form of s to b; if
 * s is wider, cut at a character boundary and end with "…" (width 1) so
 * the total is <= width.  If pad, pad with spaces to exactly width
 * (right-pad; left-pad when pad < 0, for numbers).  A wide character
 * that does not fit before the "…" is left out whole (the column is then
 * one short, made up by padding); an escape such as "\e" is never split.
 * s may already be safe: pm_text_safe does not change safe text.
 * Returns the display width appended.
 */
size_t pm_text_fit(pm_buf *b, const char *s, size_t width, int pad);

/*
 * Append s[0..n) to b with the five characters HTML and XML give a
 * meaning escaped (& < > " ' as entities), everything else as it is: a
 * document's text and attribute values.  Controls are the caller's
 * business (pm_text_safe first where they may occur).
 */
void pm_text_html(pm_buf *b, const char *s, size_t n);

/*
 * Is s a code: 1..max characters of a-z 0-9 _ -, plus A-Z with
 * PM_CODE_UPPER and '.' with PM_CODE_DOT?  Codes are what people type
 * on the command line to name things: roles, logins, places, groups.
 */
#define PM_CODE_UPPER 0x1
#define PM_CODE_DOT   0x2
int pm_code_valid(const char *s, size_t max, unsigned flags);

/*
 * Text someone typed, quoted into a message: at most PM_QUOTE_MAX
 * display columns of its safe form (pm_text_fit), so an error line stays
 * one short, harmless line whatever was given.  pm_text_quote appends to
 * q and returns q->s; pm_text_fail sets err to fmt (one %s) with s
 * quoted and returns status.
 */
#define PM_QUOTE_MAX 40
const char *pm_text_quote(pm_buf *q, const char *s);
int pm_text_fail(pm_err *err, int status, const char *fmt, const char *s);

/*
 * The checks every record's fields go through, named by field (the
 * front maps a field to its option).  Moved here when a second process
 * tool wrote them again.
 *
 * pm_text_word: 1 when word is one of choices ("a|b|c"); NULL and ""
 * are none.
 * pm_text_one_of: PM_EX_USAGE "kind castle: one of a, b, c" about
 * field, v quoted; choices "a|b|c" or already "a, b, c".
 * pm_text_need: PM_EX_USAGE "title is required" when v is NULL or "".
 * pm_text_field: optional text (NULL passes) that is not empty ("place
 * is empty") and passes pm_text_check with maxchars.
 */
int pm_text_word(const char *choices, const char *word);
int pm_text_one_of(pm_err *err, const char *field, const char *v, const char *choices);
int pm_text_need(const char *v, const char *field, pm_err *err);
int pm_text_field(const char *s, size_t maxchars, const char *field, pm_err *err);

/*
 * An enumeration's words (a rounding mode, a proration rule: config and
 * option values naming an enum constant by its index in names[0..n)):
 * pm_text_enum is the index of s, or -1 (also for NULL);
 * pm_text_enum_name the word of index i, "unknown" outside the table.
 */
int pm_text_enum(const char *const *names, size_t n, const char *s);
const char *pm_text_enum_name(const char *const *names, size_t n, int i);

#endif
