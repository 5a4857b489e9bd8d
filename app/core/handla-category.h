/* handla-category.h — one category of the supplier's catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HANDLA_TYPE_CATEGORY (handla_category_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCategory, handla_category, HANDLA, CATEGORY, GObject)

HandlaCategory *handla_category_new               (const char     *id,
                                                   const char     *name,
                                                   const char     *icon_name,
                                                   guint           n_products);
const char     *handla_category_get_id            (HandlaCategory *self);
const char     *handla_category_get_name          (HandlaCategory *self);
const char     *handla_category_get_icon_name     (HandlaCategory *self);
guint           handla_category_get_n_products    (HandlaCategory *self);

G_END_DECLS
