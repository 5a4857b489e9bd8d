/* handla-text-size.h — the three text sizes and the style sheet they generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  HANDLA_TEXT_SIZE_NORMAL,
  HANDLA_TEXT_SIZE_LARGE,
  HANDLA_TEXT_SIZE_LARGEST,
} HandlaTextSize;

HandlaTextSize handla_text_size_from_nick        (const char     *nick);
guint          handla_text_size_get_max_columns  (HandlaTextSize  size);
int            handla_text_size_get_offer_width  (HandlaTextSize  size);
int            handla_text_size_get_offer_height (HandlaTextSize  size);
char          *handla_text_size_build_css        (HandlaTextSize  size);
void           handla_text_size_apply            (GdkDisplay     *display,
                                                  HandlaTextSize  size);

G_END_DECLS
