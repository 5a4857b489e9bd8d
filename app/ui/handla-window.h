/* handla-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_WINDOW (handla_window_get_type ())

G_DECLARE_FINAL_TYPE (HandlaWindow, handla_window, HANDLA, WINDOW, AdwApplicationWindow)

HandlaWindow  *handla_window_new              (GtkApplication *application,
                                               HandlaContext  *context);
HandlaContext *handla_window_get_context      (HandlaWindow   *self);
const char    *handla_window_get_page_name    (HandlaWindow   *self);
GtkWidget     *handla_window_get_page         (HandlaWindow   *self,
                                               const char     *name);
void           handla_window_add_toast        (HandlaWindow   *self,
                                               AdwToast       *toast);

G_END_DECLS
