/* handla-review-page.h — everything in one summary, and "Send order"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_REVIEW_PAGE (handla_review_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaReviewPage, handla_review_page, HANDLA, REVIEW_PAGE, HandlaPage)

G_END_DECLS
