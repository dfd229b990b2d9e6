/* report_safety.c — the patrols and actions sections (placeholders until
 * the safety sections arrive; see report_safety.h). */
#include <stddef.h>

#include "i18n.h"
#include "report_safety.h"

const pm_fig_section pm_report_patrols_section = {
	"patrols", N_("Patrols and safety"), NULL, 0, NULL, 0, NULL
};

const pm_fig_section pm_report_actions_section = {
	"actions", N_("Improvement actions"), NULL, 0, NULL, 0, NULL
};
