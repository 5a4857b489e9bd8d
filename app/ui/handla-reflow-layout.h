/* handla-reflow-layout.h — side by side when there is room, stacked when not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HANDLA_TYPE_REFLOW_LAYOUT (handla_reflow_layout_get_type ())

G_DECLARE_FINAL_TYPE (HandlaReflowLayout, handla_reflow_layout, HANDLA, REFLOW_LAYOUT, GtkLayoutManager)

int  handla_reflow_layout_get_spacing (HandlaReflowLayout *self);
void handla_reflow_layout_set_spacing (HandlaReflowLayout *self,
                                       int                 spacing);

G_END_DECLS

G_BEGIN_DECLS

#define HANDLA_TYPE_REFLOW_BOX (handla_reflow_box_get_type ())

G_DECLARE_FINAL_TYPE (HandlaReflowBox, handla_reflow_box, HANDLA, REFLOW_BOX, GtkWidget)

G_END_DECLS
