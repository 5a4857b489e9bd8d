/* handla-keyboard.h — a large on-screen keyboard with å, ä and ö
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HANDLA_TYPE_KEYBOARD (handla_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (HandlaKeyboard, handla_keyboard, HANDLA, KEYBOARD, GtkWidget)

GtkWidget   *handla_keyboard_new        (void);
GtkEditable *handla_keyboard_get_target (HandlaKeyboard *self);
void         handla_keyboard_set_target (HandlaKeyboard *self,
                                         GtkEditable    *target);
GtkWidget   *handla_keyboard_find_key   (HandlaKeyboard *self,
                                         const char     *action_name,
                                         const char     *text);

G_END_DECLS
