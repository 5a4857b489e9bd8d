/* handla-home-page.h — the start page: large tiles to each part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_HOME_PAGE (handla_home_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaHomePage, handla_home_page, HANDLA, HOME_PAGE, HandlaPage)

G_END_DECLS
