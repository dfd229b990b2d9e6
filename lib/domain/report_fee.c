/* report_fee.c — the fees section (a placeholder until the fee section
 * arrives; see report_fee.h). */
#include <stddef.h>

#include "i18n.h"
#include "report_fee.h"

const pm_fig_section pm_report_fees_section = {
	"fees", N_("Fees"), NULL, 0, NULL, 0, NULL
};
