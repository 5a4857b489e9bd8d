/* handla-ui-utils.h — text and symbols shared by several pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "handla-core.h"

G_BEGIN_DECLS

const char *handla_symbol_for_category   (const char    *hint);
char       *handla_product_dup_details   (HandlaProduct *product);
char       *handla_product_dup_comparison (HandlaProduct *product);
char       *handla_product_dup_regular_price (HandlaProduct *product);
char       *handla_product_dup_price     (HandlaProduct *product);
char       *handla_format_quantity       (HandlaProduct *product,
                                          guint          quantity);
char       *handla_format_weight_or_count (gboolean      by_weight,
                                          guint          quantity);
GSource    *handla_minute_timer_new      (HandlaClock   *clock,
                                          GDateTime     *now,
                                          GSourceFunc    callback,
                                          gpointer       user_data);
void        handla_minute_timer_clear    (GSource      **timer);
void        handla_spinner_spin_while_mapped (GtkSpinner    *spinner);
void        handla_set_optional_label    (GtkLabel      *label,
                                          const char    *text);
const char *handla_label_name            (const char    *code);
const char *handla_allergen_name         (const char    *code);
const char *handla_substitution_title    (HandlaSubstitution substitution);
const char *handla_substitution_explanation (HandlaSubstitution substitution);
char       *handla_format_day            (GDateTime     *when);
const char *handla_format_weekday        (GDateWeekday   weekday);
AdwToast   *handla_toast_new             (const char    *text);
char       *handla_format_clock          (GDateTime     *when);
char       *handla_format_window         (GDateTime     *start,
                                          GDateTime     *end);
char       *handla_capitalize            (const char    *text);
char       *handla_format_time_left      (GTimeSpan      left);
const char *handla_order_status_title    (HandlaOrder   *order);
const char *handla_order_status_icon     (HandlaOrder   *order);
char       *handla_format_change_banner  (HandlaOrder   *order,
                                          GDateTime     *now,
                                          gboolean      *can_send);

G_END_DECLS
