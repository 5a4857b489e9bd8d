/* handla-clock.h — where "now" comes from: the real clock, or a fake one for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HANDLA_TYPE_CLOCK (handla_clock_get_type ())

G_DECLARE_FINAL_TYPE (HandlaClock, handla_clock, HANDLA, CLOCK, GObject)

HandlaClock *handla_clock_new          (void);
HandlaClock *handla_clock_new_fake     (GDateTime   *start);
gboolean     handla_clock_is_fake      (HandlaClock *self);
GDateTime   *handla_clock_get_now      (HandlaClock *self);
void         handla_clock_set_now      (HandlaClock *self,
                                        GDateTime   *now);
void         handla_clock_advance      (HandlaClock *self,
                                        GTimeSpan    span);
GSource     *handla_clock_source_new   (HandlaClock *self,
                                        GDateTime   *deadline);

G_END_DECLS
