/* handla-wait.h — waiting without sleeping, for the UI tests and tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

void          handla_wait_store_result_cb (GObject        *object,
                                           GAsyncResult   *result,
                                           gpointer        user_data);
GAsyncResult *handla_wait_for_result      (GAsyncResult  **slot);
void          handla_wait_for_store       (HandlaContext  *context);
void          handla_wait_for_frames      (GtkWidget      *widget,
                                           guint           n_frames);

typedef gboolean (*HandlaWaitFunc) (gpointer data);

gboolean      handla_wait_until           (HandlaWaitFunc  done,
                                           gpointer        data,
                                           guint           seconds);
void          handla_wait_for_finalize    (gpointer        object,
                                           guint           seconds);

G_END_DECLS
