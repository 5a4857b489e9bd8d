/* supplier-slots.c — the reference supplier's delivery slots
 *
 * Slots are computed, not stored: Monday to Saturday, three windows a
 * day, from today (Europe/Stockholm, on the server clock) for
 * SUPPLIER_SLOT_DAYS days. A slot's id is "s-YYYYMMDD-HHHH" (date, start
 * and end hour), as in the protocol's examples. Its cutoff is 12:00
 * Europe/Stockholm on the day before delivery. Some slots are full, by a
 * fixed rule on the date and window, so tests can rely on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-slots.h"

#include <stdio.h>
#include <string.h>

#include "supplier-clock.h"

static const struct {
  int start_hour;
  int end_hour;
} windows[] = {
  { 8, 11 },
  { 10, 14 },
  { 13, 17 },
};

#define FEE_ORE            4900
#define UNPACKING_FEE_ORE  3500
#define MINIMUM_ORDER_ORE  20000

/* Slot ids the control endpoint has marked full (tests only). */
static GHashTable *forced_full;

void
supplier_slot_free (SupplierSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->id);
  g_clear_pointer (&slot->start, g_date_time_unref);
  g_clear_pointer (&slot->end, g_date_time_unref);
  g_clear_pointer (&slot->cutoff, g_date_time_unref);
  g_free (slot);
}

/* Strict YYYY-MM-DD. */
gboolean
supplier_parse_date (const char *text,
                     GDate      *date)
{
  unsigned int year, month, day;
  int consumed = 0;

  if (text == NULL || strlen (text) != 10 ||
      !g_ascii_isdigit (text[0]) || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 || consumed != 10 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
today_in_stockholm (GDateTime *now,
                    GDate     *today)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, supplier_stockholm ());

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

static GDateTime *
local_time (const GDate *date,
            int          hour)
{
  return g_date_time_new (supplier_stockholm (), g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date), hour, 0, 0);
}

static gboolean
is_delivery_day (const GDate *date)
{
  return g_date_get_weekday (date) != G_DATE_SUNDAY;
}

static SupplierSlot *
make_slot (const GDate *date,
           guint        window,
           GDateTime   *now)
{
  SupplierSlot *slot = g_new0 (SupplierSlot, 1);
  GDate day_before = *date;

  g_date_subtract_days (&day_before, 1);
  slot->id = g_strdup_printf ("s-%04u%02u%02u-%02d%02d", g_date_get_year (date),
                              g_date_get_month (date), g_date_get_day (date),
                              windows[window].start_hour, windows[window].end_hour);
  slot->start = local_time (date, windows[window].start_hour);
  slot->end = local_time (date, windows[window].end_hour);
  slot->cutoff = local_time (&day_before, 12);
  slot->fee_ore = FEE_ORE;
  slot->unpacking_fee_ore = UNPACKING_FEE_ORE;
  slot->minimum_order_ore = MINIMUM_ORDER_ORE;
  slot->available = TRUE;

  if (g_date_time_compare (now, slot->cutoff) >= 0)
    {
      slot->available = FALSE;
      slot->unavailable_reason = "cutoff_passed";
      slot->unavailable_text = "Sista beställningstid har passerat";
    }
  else if ((g_date_get_julian (date) + window) % 5 == 0 ||
           (forced_full != NULL && g_hash_table_contains (forced_full, slot->id)))
    {
      slot->available = FALSE;
      slot->unavailable_reason = "full";
      slot->unavailable_text = "Fullbokat";
    }
  return slot;
}

/* The slots starting on @from … @to (inclusive) within the listed days,
 * in order of start. */
GPtrArray *
supplier_slots_list (GDateTime   *now,
                     const GDate *from,
                     const GDate *to)
{
  GPtrArray *slots = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_slot_free);
  GDate first, last, day;

  today_in_stockholm (now, &first);
  last = first;
  g_date_add_days (&last, SUPPLIER_SLOT_DAYS - 1);
  if (g_date_compare (from, &first) > 0)
    first = *from;
  if (g_date_compare (to, &last) < 0)
    last = *to;

  for (day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      if (!is_delivery_day (&day))
        continue;
      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        g_ptr_array_add (slots, make_slot (&day, w, now));
    }
  return slots;
}

/* The slot named @id, or NULL if there is none. A slot of a past day is
 * still found (its cutoff has passed); one beyond the listed days is
 * not. */
SupplierSlot *
supplier_slot_lookup (const char *id,
                      GDateTime  *now)
{
  g_autofree char *date_text = NULL;
  unsigned int start_hour, end_hour;
  int consumed = 0;
  GDate date, today, last;

  if (id == NULL || strlen (id) != 15 || !g_str_has_prefix (id, "s-") || id[10] != '-')
    return NULL;
  for (guint i = 2; i < 15; i++)
    if (i != 10 && !g_ascii_isdigit (id[i]))
      return NULL;
  date_text = g_strdup_printf ("%.4s-%.2s-%.2s", id + 2, id + 6, id + 8);
  if (!supplier_parse_date (date_text, &date) ||
      sscanf (id + 11, "%2u%2u%n", &start_hour, &end_hour, &consumed) != 2 || consumed != 4 ||
      !is_delivery_day (&date))
    return NULL;

  today_in_stockholm (now, &today);
  last = today;
  g_date_add_days (&last, SUPPLIER_SLOT_DAYS - 1);
  if (g_date_compare (&date, &last) > 0)
    return NULL;

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    if ((int) start_hour == windows[w].start_hour && (int) end_hour == windows[w].end_hour)
      return make_slot (&date, w, now);
  return NULL;
}

/* Marks slot @id full, or no longer (for the control endpoint). */
void
supplier_slots_set_full (const char *id,
                         gboolean    full)
{
  if (forced_full == NULL)
    forced_full = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (full)
    g_hash_table_add (forced_full, g_strdup (id));
  else
    g_hash_table_remove (forced_full, id);
}
