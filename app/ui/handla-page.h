/* handla-page.h — base class of the window's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_PAGE (handla_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (HandlaPage, handla_page, HANDLA, PAGE, AdwBin)

struct _HandlaPageClass
{
  AdwBinClass parent_class;

  /* Called once the page has its context. */
  void (*context_set) (HandlaPage *self);
  /* Called each time the page comes on screen. */
  void (*shown)       (HandlaPage *self);
  /* Called when the visit ends: drop everything of the customer. */
  void (*clear)       (HandlaPage *self);
};

HandlaContext *handla_page_get_context     (HandlaPage    *self);
void           handla_page_set_context     (HandlaPage    *self,
                                            HandlaContext *context);
const char    *handla_page_get_title       (HandlaPage    *self);
void           handla_page_set_title       (HandlaPage    *self,
                                            const char    *title);
void           handla_page_shown           (HandlaPage    *self);
void           handla_page_clear           (HandlaPage    *self);
void           handla_page_add_toast       (HandlaPage    *self,
                                            AdwToast      *toast);

G_END_DECLS
