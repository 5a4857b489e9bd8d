/* handla-categories-page.h — the grid of categories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_CATEGORIES_PAGE (handla_categories_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCategoriesPage, handla_categories_page, HANDLA, CATEGORIES_PAGE, HandlaPage)

HandlaCategory *handla_categories_page_find      (HandlaCategoriesPage *self,
                                                  const char           *category_id);
GListModel     *handla_categories_page_get_model (HandlaCategoriesPage *self);

G_END_DECLS
