/* handla-search-page.h — find products by name with a large on-screen keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-keyboard.h"
#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_SEARCH_PAGE (handla_search_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaSearchPage, handla_search_page, HANDLA, SEARCH_PAGE, HandlaPage)

GtkEditable    *handla_search_page_get_entry     (HandlaSearchPage *self);
HandlaKeyboard *handla_search_page_get_keyboard  (HandlaSearchPage *self);
GListModel     *handla_search_page_get_results   (HandlaSearchPage *self);
const char     *handla_search_page_get_state     (HandlaSearchPage *self);
const char     *handla_search_page_get_status    (HandlaSearchPage *self);
gboolean        handla_search_page_is_searching  (HandlaSearchPage *self);

G_END_DECLS
