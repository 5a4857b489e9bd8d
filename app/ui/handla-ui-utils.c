/* handla-ui-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "handla-ui-utils.h"

/* The category symbols shipped in the resource (ui/icons/). */
static const char * const known_symbols[] = {
  "baking", "bread", "cereals", "cheese", "coffee", "dairy", "drinks",
  "eggs", "fats", "fish", "frozen", "fruit", "household", "meat",
  "pantry", "ready-meals", "spices", "spreads", "sweets", "vegetables",
};

/**
 * handla_symbol_for_category:
 * @hint: (nullable): a category's icon hint from the catalogue
 *
 * Returns: the symbolic icon name for @hint, or the generic grocery symbol
 */
const char *
handla_symbol_for_category (const char *hint)
{
  static GHashTable *names;

  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      for (guint i = 0; i < G_N_ELEMENTS (known_symbols); i++)
        g_hash_table_insert (names, (gpointer)known_symbols[i],
                             g_strdup_printf ("handla-%s-symbolic", known_symbols[i]));
    }

  if (hint != NULL)
    {
      const char *name = g_hash_table_lookup (names, hint);

      if (name != NULL)
        return name;
    }

  return "handla-grocery-symbolic";
}

/**
 * handla_product_dup_details:
 * @product: a product
 *
 * Returns: (transfer full): brand and size, "Ängsgården · 1,5 l"
 */
char *
handla_product_dup_details (HandlaProduct *product)
{
  const char *brand = handla_product_get_brand (product);
  const char *size = handla_product_get_size (product);

  if (brand != NULL && *brand && size != NULL && *size)
    return g_strdup_printf ("%s · %s", brand, size);
  if (size != NULL && *size)
    return g_strdup (size);
  return g_strdup (brand != NULL ? brand : "");
}

/**
 * handla_product_dup_comparison:
 * @product: a product
 *
 * Returns: (transfer full) (nullable): "Jämförpris 16,60 kr/l" at the
 *   current (offer) price, or %NULL when the supplier gave none
 */
char *
handla_product_dup_comparison (HandlaProduct *product)
{
  g_autofree char *price = NULL;

  if (handla_product_get_comparison_price (product) < 0)
    return NULL;

  price = handla_money_format_comparison (handla_product_get_current_comparison_price (product),
                                          handla_product_get_comparison_unit (product));
  if (price == NULL)
    return NULL;

  /* Translators: %s is a comparison price such as "16,60 kr/l" */
  return g_strdup_printf (_("Comparison price %s"), price);
}

/**
 * handla_product_dup_price:
 * @product: a product
 *
 * Returns: (transfer full): the price now, "24,90 kr", or "28,00 kr/kg"
 *   for goods sold by weight
 */
char *
handla_product_dup_price (HandlaProduct *product)
{
  gint64 price = handla_product_get_current_price (product);

  if (handla_product_is_sold_by_weight (product))
    return handla_money_format_comparison (price, HANDLA_UNIT_KG);

  return handla_money_format (price);
}

/**
 * handla_format_quantity:
 * @product: the product counted
 * @quantity: pieces, or grams for goods sold by weight
 *
 * Returns: (transfer full): "2", or "250 g", "1 kg", "1,25 kg"
 */
char *
handla_format_quantity (HandlaProduct *product,
                        guint          quantity)
{
  return handla_format_weight_or_count (handla_product_is_sold_by_weight (product), quantity);
}

/* A count of pieces ("3"), or grams @by_weight ("250 g", "1,25 kg"). */
char *
handla_format_weight_or_count (gboolean by_weight,
                               guint    quantity)
{
  if (!by_weight)
    return g_strdup_printf ("%u", quantity);

  if (quantity < 1000)
    /* Translators: a weight in grams, "250 g" */
    return g_strdup_printf (_("%u\u00a0g"), quantity);

  if (quantity % 1000 == 0)
    /* Translators: a weight in whole kilograms, "2 kg" */
    return g_strdup_printf (_("%u\u00a0kg"), quantity / 1000);

  {
    g_autofree char *decimals = g_strdup_printf ("%03u", quantity % 1000);
    gsize len = strlen (decimals);

    while (len > 1 && decimals[len - 1] == '0')
      decimals[--len] = '\0';

    /* Translators: a weight in kilograms with decimals, "1,25 kg" */
    return g_strdup_printf (_("%u,%s\u00a0kg"), quantity / 1000, decimals);
  }
}

/**
 * handla_set_optional_label:
 * @label: a label
 * @text: (nullable): its text
 *
 * Shows @label with @text, or hides it when there is no text.
 */
void
handla_set_optional_label (GtkLabel   *label,
                           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text);
}

/**
 * handla_product_dup_regular_price:
 * @product: a product on offer
 *
 * Returns: (transfer full) (nullable): "Ordinary price 29,90 kr" for a
 *   product on offer, otherwise %NULL
 */
char *
handla_product_dup_regular_price (HandlaProduct *product)
{
  g_autofree char *price = NULL;

  if (!handla_product_has_offer (product))
    return NULL;

  price = handla_product_is_sold_by_weight (product)
          ? handla_money_format_comparison (handla_product_get_price (product), HANDLA_UNIT_KG)
          : handla_money_format (handla_product_get_price (product));
  /* Translators: the price without the offer; %s is "29,90 kr" */
  return g_strdup_printf (_("Ordinary price %s"), price);
}

/**
 * handla_label_name:
 * @code: a label code from the catalogue ("organic", …)
 *
 * Returns: the label as shown, or %NULL for a code Handla does not know
 */
const char *
handla_label_name (const char *code)
{
  static const struct { const char *code; const char *name; } labels[] = {
    { "organic", N_("Organic") },
    { "lactose_free", N_("Lactose free") },
    { "gluten_free", N_("Gluten free") },
    { "keyhole", N_("Keyhole (healthier choice)") },
    { "swedish_origin", N_("From Sweden") },
    { "vegan", N_("Vegan") },
    { "fairtrade", N_("Fairtrade") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (code, labels[i].code) == 0)
      return _(labels[i].name);

  return NULL;
}

/**
 * handla_allergen_name:
 * @code: one of the EU's 14 allergen codes
 *
 * Returns: the allergen as shown, or %NULL for an unknown code
 */
const char *
handla_allergen_name (const char *code)
{
  static const struct { const char *code; const char *name; } allergens[] = {
    { "gluten", N_("gluten") },
    { "crustaceans", N_("crustaceans") },
    { "egg", N_("egg") },
    { "fish", N_("fish") },
    { "peanuts", N_("peanuts") },
    { "soy", N_("soy") },
    { "milk", N_("milk") },
    { "nuts", N_("nuts") },
    { "celery", N_("celery") },
    { "mustard", N_("mustard") },
    { "sesame", N_("sesame") },
    { "sulphites", N_("sulphites") },
    { "lupin", N_("lupin") },
    { "molluscs", N_("molluscs") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (allergens); i++)
    if (g_strcmp0 (code, allergens[i].code) == 0)
      return _(allergens[i].name);

  return NULL;
}

/* ---- substitution ------------------------------------------------------ */

static const struct {
  const char *title;
  const char *explanation;
} substitution_words[] = {
  [HANDLA_SUBSTITUTION_SIMILAR] = {
    N_("Similar product is OK"),
    N_("The shop may choose a similar product instead."),
  },
  [HANDLA_SUBSTITUTION_ONLY_THIS] = {
    N_("Only this product"),
    N_("Nothing comes instead."),
  },
  [HANDLA_SUBSTITUTION_CALL_UNIT] = {
    N_("Call the unit"),
    N_("The shop phones the home-care unit to ask."),
  },
};

/**
 * handla_substitution_title:
 * @substitution: a substitution choice
 *
 * Returns: the choice in a few words, "Only this product"
 */
const char *
handla_substitution_title (HandlaSubstitution substitution)
{
  g_return_val_if_fail (substitution < G_N_ELEMENTS (substitution_words), NULL);

  return _(substitution_words[substitution].title);
}

/**
 * handla_substitution_explanation:
 * @substitution: a substitution choice
 *
 * Returns: what the choice means when the product is missing, in one
 *   short sentence
 */
const char *
handla_substitution_explanation (HandlaSubstitution substitution)
{
  g_return_val_if_fail (substitution < G_N_ELEMENTS (substitution_words), NULL);

  return _(substitution_words[substitution].explanation);
}

/* ---- dates and times, in Stockholm, in words of the UI language --------- */

/* Day and month names come from our translations, not from the C
 * library's locale: a kiosk tablet may not have sv_SE installed. */
static const char * const weekday_names[] = {
  NC_("weekday", "Monday"),
  NC_("weekday", "Tuesday"),
  NC_("weekday", "Wednesday"),
  NC_("weekday", "Thursday"),
  NC_("weekday", "Friday"),
  NC_("weekday", "Saturday"),
  NC_("weekday", "Sunday"),
};

static const char * const month_names[] = {
  NC_("day of month", "January"),
  NC_("day of month", "February"),
  NC_("day of month", "March"),
  NC_("day of month", "April"),
  NC_("day of month", "May"),
  NC_("day of month", "June"),
  NC_("day of month", "July"),
  NC_("day of month", "August"),
  NC_("day of month", "September"),
  NC_("day of month", "October"),
  NC_("day of month", "November"),
  NC_("day of month", "December"),
};

static GDateTime *
to_stockholm (GDateTime *when)
{
  return g_date_time_to_timezone (when, handla_time_zone_stockholm ());
}

/**
 * handla_format_day:
 * @when: a moment
 *
 * Returns: (transfer full): its day in Stockholm, e.g. "Thursday 10 December"
 */
char *
handla_format_day (GDateTime *when)
{
  g_autoptr(GDateTime) local = to_stockholm (when);
  const char *weekday = g_dpgettext2 (NULL, "weekday",
                                      weekday_names[g_date_time_get_day_of_week (local) - 1]);
  const char *month = g_dpgettext2 (NULL, "day of month",
                                    month_names[g_date_time_get_month (local) - 1]);

  /* Translators: a delivery day: weekday, day of month, month,
   * e.g. "Thursday 10 December" */
  return g_strdup_printf (C_("day", "%s %d %s"), weekday, g_date_time_get_day_of_month (local),
                          month);
}

/**
 * handla_format_weekday:
 * @weekday: a valid weekday
 *
 * Returns: (transfer none): its name, e.g. "Thursday"
 */
const char *
handla_format_weekday (GDateWeekday weekday)
{
  g_return_val_if_fail (g_date_valid_weekday (weekday), "");

  return g_dpgettext2 (NULL, "weekday", weekday_names[weekday - 1]);
}

/* "14:05" in Stockholm, or as the language writes it ("14.05"). */
char *
handla_format_clock (GDateTime *when)
{
  g_autoptr(GDateTime) local = to_stockholm (when);

  /* Translators: a clock time, for g_date_time_format(): hours and
   * minutes, 24-hour. Swedish writes "14.05": "%H.%M" */
  return g_date_time_format (local, C_("clock time", "%H:%M"));
}

/* "10:00–14:00" in Stockholm, never broken over two lines. */
char *
handla_format_window (GDateTime *start,
                      GDateTime *end)
{
  g_autofree char *from = handla_format_clock (start);
  g_autofree char *to = handla_format_clock (end);
  g_autofree char *window = NULL;
  g_auto(GStrv) parts = NULL;

  /* Translators: a time window, e.g. "10:00–14:00" */
  window = g_strdup_printf (_("%s–%s"), from, to);

  /* One window, one line: no line break after the dash (a word joiner). */
  parts = g_strsplit (window, "–", -1);
  return g_strjoinv ("–\u2060", parts);
}

/**
 * handla_capitalize:
 * @text: a heading or sentence, e.g. one that starts with a weekday
 *
 * Returns: (transfer full): @text with its first letter a capital, also
 *   where the language writes weekdays without one ("Måndag 7 december")
 */
char *
handla_capitalize (const char *text)
{
  char first[8] = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return g_strdup (text);

  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/**
 * handla_format_time_left:
 * @left: a time span, at least 0
 *
 * A countdown in words, to the minute: "2 days 3 h", "3 h 15 min",
 * "15 min", "less than a minute".
 *
 * Returns: (transfer full): the words
 */
char *
handla_format_time_left (GTimeSpan left)
{
  gint64 minutes = MAX (left, 0) / G_TIME_SPAN_MINUTE;
  guint days = (guint)(minutes / (24 * 60));
  guint hours = (guint)(minutes / 60 % 24);
  guint mins = (guint)(minutes % 60);

  if (minutes == 0)
    return g_strdup (_("less than a minute"));
  if (days > 0)
    /* Translators: time left, e.g. "2 days 3 h"; the second part is %u h */
    return g_strdup_printf (ngettext ("%u day %u h", "%u days %u h", days), days, hours);
  if (hours > 0)
    /* Translators: time left, e.g. "3 h 15 min" */
    return g_strdup_printf (_("%u h %u min"), hours, mins);
  /* Translators: time left, e.g. "15 min" */
  return g_strdup_printf (_("%u min"), mins);
}

/**
 * handla_order_status_title:
 * @order: a #HandlaOrder
 *
 * Where the order stands, in words for the carer and the customer.
 *
 * Returns: the words (static)
 */
const char *
handla_order_status_title (HandlaOrder *order)
{
  const char *status = handla_order_get_status (order);

  switch (handla_order_get_state (order))
    {
    case HANDLA_ORDER_STATE_QUEUED:
      return _("Saved on the tablet, not sent yet");
    case HANDLA_ORDER_STATE_NEEDS_ATTENTION:
      return _("Needs attention");
    case HANDLA_ORDER_STATE_SENT:
    default:
      break;
    }

  if (g_strcmp0 (status, "confirmed") == 0)
    return _("Confirmed by the supplier");
  if (g_strcmp0 (status, "picking") == 0)
    return _("The supplier is packing the order");
  if (g_strcmp0 (status, "on_its_way") == 0)
    return _("On its way");
  if (g_strcmp0 (status, "delivered") == 0)
    return _("Delivered");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("Cancelled");
  return _("Sent to the supplier");
}

/**
 * handla_order_status_icon:
 * @order: a #HandlaOrder
 *
 * Returns: a symbolic icon to show beside handla_order_status_title()
 */
const char *
handla_order_status_icon (HandlaOrder *order)
{
  const char *status = handla_order_get_status (order);

  switch (handla_order_get_state (order))
    {
    case HANDLA_ORDER_STATE_QUEUED:
      return "document-save-symbolic";
    case HANDLA_ORDER_STATE_NEEDS_ATTENTION:
      return "dialog-warning-symbolic";
    case HANDLA_ORDER_STATE_SENT:
    default:
      break;
    }

  if (g_strcmp0 (status, "confirmed") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (status, "picking") == 0)
    return "package-x-generic-symbolic";
  if (g_strcmp0 (status, "on_its_way") == 0)
    return "send-to-symbolic";
  if (g_strcmp0 (status, "delivered") == 0)
    return "object-select-symbolic";
  if (g_strcmp0 (status, "cancelled") == 0)
    return "process-stop-symbolic";
  return "mail-send-symbolic";
}

/**
 * handla_toast_new:
 * @text: the toast's words, plain text
 *
 * A toast whose title is @text as written: libadwaita 1.2 reads a toast's
 * title as Pango markup, and a product or an error may hold "&" or "<".
 *
 * Returns: (transfer full): the toast
 */
AdwToast *
handla_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/**
 * handla_format_change_banner:
 * @order: the order being changed
 * @now: the time now (from #HandlaClock)
 * @can_send: (out): whether the change can still be sent
 *
 * What the basket and review pages say over a change of @order: which
 * order, and until when the change can be sent; or, after the cutoff,
 * that it was not sent, that the order stays as it was and what the
 * carer can do.
 *
 * Returns: (transfer full): the words
 */
char *
handla_format_change_banner (HandlaOrder *order,
                             GDateTime   *now,
                             gboolean    *can_send)
{
  GDateTime *cutoff = handla_order_get_cutoff (order);
  const char *number = handla_order_get_number (order);
  g_autofree char *day = cutoff != NULL ? handla_format_day (cutoff) : NULL;
  g_autofree char *clock = cutoff != NULL ? handla_format_clock (cutoff) : NULL;
  g_autofree char *left = NULL;
  HandlaOrderLock lock = handla_order_get_lock (order, now);

  *can_send = lock == HANDLA_ORDER_LOCK_NONE && !handla_order_get_change_pending (order);

  if (lock == HANDLA_ORDER_LOCK_CUTOFF && cutoff != NULL)
    {
      if (number != NULL)
        /* Translators: a change that can no longer be sent, e.g. "The
         * deadline for changes to order 4701 was Wednesday 14 January
         * 12:00. …" */
        return g_strdup_printf (_("The deadline for changes to order %s was %s %s. These changes "
                                  "were not sent, and the order stays as it was. To change it "
                                  "now, call the unit or the supplier."),
                                number, day, clock);
      return g_strdup_printf (_("The deadline for changes to the order was %s %s. These changes "
                                "were not sent, and the order stays as it was. To change it now, "
                                "call the unit or the supplier."),
                              day, clock);
    }

  if (lock != HANDLA_ORDER_LOCK_NONE)
    return g_strdup (_("The order can no longer be changed: the supplier has started on it, or "
                       "it is delivered or cancelled. These changes were not sent, and the order "
                       "stays as it was. The unit can call the supplier."));

  if (cutoff == NULL)
    {
      if (number != NULL)
        /* Translators: %s is the order number */
        return g_strdup_printf (_("Changing order %s."), number);
      return g_strdup (_("Changing the order."));
    }

  left = handla_format_time_left (handla_order_get_time_left (order, now));
  if (number != NULL)
    /* Translators: over a change, e.g. "Changing order 4701 — send the
     * changes before Wednesday 14 January 12:00 (2 days 3 h left)." */
    return g_strdup_printf (_("Changing order %s — send the changes before %s %s (%s left)."),
                            number, day, clock, left);
  /* Translators: like "Changing order 4701 — …", for an order that has
   * no number yet */
  return g_strdup_printf (_("Changing the order — send the changes before %s %s (%s left)."),
                          day, clock, left);
}

/**
 * handla_minute_timer_new:
 * @clock: the clock the countdown follows
 * @now: the time on @clock now
 * @callback: called once, at the start of the next minute
 * @user_data: passed to @callback
 *
 * A countdown on screen is redrawn at the start of each minute on the
 * HandlaClock, never more often (tablets run on battery): @callback
 * returns %G_SOURCE_REMOVE, clears its timer and arms the next one.
 *
 * Returns: (transfer full): the attached source; clear it with
 *   handla_minute_timer_clear()
 */
GSource *
handla_minute_timer_new (HandlaClock *clock,
                         GDateTime   *now,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  g_autoptr(GDateTime) next = g_date_time_add_seconds (now, 60 - g_date_time_get_seconds (now));
  GSource *timer = handla_clock_source_new (clock, next);

  g_source_set_callback (timer, callback, user_data, NULL);
  g_source_attach (timer, NULL);
  return timer;
}

/**
 * handla_minute_timer_clear:
 * @timer: (inout) (nullable): a timer of handla_minute_timer_new(), or %NULL
 *
 * Stops the timer, if any, and sets @timer to %NULL.
 */
void
handla_minute_timer_clear (GSource **timer)
{
  if (*timer == NULL)
    return;

  g_source_destroy (*timer);
  g_clear_pointer (timer, g_source_unref);
}

/**
 * handla_spinner_spin_while_mapped:
 * @spinner: a spinner that shows while something loads
 *
 * Makes @spinner spin only while it is on screen. GTK 4.8 runs a
 * spinning spinner's animation also while it is not shown (in a stack
 * page that is not the visible one): the window then redraws at the
 * display's refresh rate for as long as the app runs, which costs the
 * tablet's battery and makes every other change wait for the next of
 * those frames (docs/performance.md).
 */
void
handla_spinner_spin_while_mapped (GtkSpinner *spinner)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  g_signal_connect (spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
  gtk_spinner_set_spinning (spinner, gtk_widget_get_mapped (GTK_WIDGET (spinner)));
}
