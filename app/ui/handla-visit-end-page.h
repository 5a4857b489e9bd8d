/* handla-visit-end-page.h — the visit summary, then the customer leaves the tablet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_VISIT_END_PAGE (handla_visit_end_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaVisitEndPage, handla_visit_end_page, HANDLA, VISIT_END_PAGE, HandlaPage)

G_END_DECLS
