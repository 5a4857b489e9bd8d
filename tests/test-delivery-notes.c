/* test-delivery-notes.c — delivery notes kept per customer, the door-code
 * rule, and the customer's agreed slot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "handla-core.h"
#include "handla-customer-private.h"
#include "handla-slot-private.h"
#include "handla-sql.h"
#include "test-util.h"

#define NOW "2026-01-12T09:00:00+01:00"

typedef struct
{
  char        *dir;
  char        *path;
  HandlaClock *clock;
  HandlaStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("handla-test-notes-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "handla.db", NULL);
  fixture->clock = handla_clock_new_fake (now);
  fixture->store = handla_store_new (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    {
      store_barrier (fixture->store);
      handla_store_close (fixture->store);
      g_assert_finalize_object (g_steal_pointer (&fixture->store));
    }
  g_assert_finalize_object (g_steal_pointer (&fixture->clock));
  g_remove (fixture->path);
  {
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
reopen_store (Fixture *fixture)
{
  store_barrier (fixture->store);
  handla_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = handla_store_new (fixture->path);
}

/* ---- the door-code rule ---------------------------------------------------- */

static void
test_door_code (void)
{
  const char * const refused[] = {
    "1234", "Port 1234", "12 34", "1-2-3-4", "kod 12", "Portkod: 45", "Dörrkod 9",
    "Code 99", "door code is 42", "koden är 7", "PIN 55", "#123",
  };
  const char * const accepted[] = {
    "Key box, see care plan", "Nyckelbox, se genomförandeplan", "Ring the doorbell",
    "Port 2, 3 tr", "Koden finns i genomförandeplanen", "Kod i genomförandeplanen, 2 tr",
    "The carer lets the driver in", "Spinach door", "", "Porten 12",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    if (!handla_delivery_access_is_door_code (refused[i]))
      g_error ("\"%s\" was not refused", refused[i]);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    if (handla_delivery_access_is_door_code (accepted[i]))
      g_error ("\"%s\" was refused", accepted[i]);
  g_assert_false (handla_delivery_access_is_door_code (NULL));
}

/* ---- notes in the store ---------------------------------------------------- */

static char *
stored_row (HandlaStore *store,
            const char  *customer_id)
{
  return query_text_with (store,
                          "SELECT carer_present || '|' || unpacking || '|' || coalesce (access, '-')"
                          " || '|' || coalesce (driver_note, '-')"
                          " FROM delivery_notes WHERE customer_id = ?1",
                          customer_id);
}

static void
wait_loaded (HandlaDeliveryNotes *notes)
{
  while (!handla_delivery_notes_get_loaded (notes))
    g_main_context_iteration (NULL, TRUE);
}

/* Every change is written at once and read back by a new object on a
 * reopened store; until then the customer's flags are the defaults. */
static void
test_persist (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HandlaDeliveryNotes) notes = handla_delivery_notes_new (fixture->store, fixture->clock);
  g_autofree char *row = NULL;

  /* Nothing stored: the defaults, and nothing is written. */
  handla_delivery_notes_set_customer (notes, "c-1", TRUE, FALSE);
  g_assert_true (handla_delivery_notes_get_carer_present (notes));
  g_assert_false (handla_delivery_notes_get_unpacking (notes));
  wait_loaded (notes);
  g_assert_true (handla_delivery_notes_get_carer_present (notes));
  g_assert_null (handla_delivery_notes_get_access (notes));
  row = stored_row (fixture->store, "c-1");
  g_assert_cmpstr (row, ==, "");
  g_clear_pointer (&row, g_free);

  handla_delivery_notes_set_unpacking (notes, TRUE);
  g_assert_true (handla_delivery_notes_set_access (notes, "  Key box, see care plan "));
  handla_delivery_notes_set_driver_note (notes, "Third floor");
  g_assert_cmpstr (handla_delivery_notes_get_access (notes), ==, "Key box, see care plan");
  row = stored_row (fixture->store, "c-1");
  g_assert_cmpstr (row, ==, "1|1|Key box, see care plan|Third floor");

  /* Another customer's notes are not these. */
  handla_delivery_notes_set_customer (notes, "c-2", FALSE, FALSE);
  g_assert_null (handla_delivery_notes_get_access (notes));
  wait_loaded (notes);
  g_assert_null (handla_delivery_notes_get_access (notes));
  g_assert_false (handla_delivery_notes_get_unpacking (notes));
  g_assert_finalize_object (g_steal_pointer (&notes));

  /* A new object on a reopened store: the stored notes win over the
   * defaults. */
  reopen_store (fixture);
  notes = handla_delivery_notes_new (fixture->store, fixture->clock);
  handla_delivery_notes_set_customer (notes, "c-1", FALSE, FALSE);
  wait_loaded (notes);
  g_assert_true (handla_delivery_notes_get_carer_present (notes));
  g_assert_true (handla_delivery_notes_get_unpacking (notes));
  g_assert_cmpstr (handla_delivery_notes_get_access (notes), ==, "Key box, see care plan");
  g_assert_cmpstr (handla_delivery_notes_get_driver_note (notes), ==, "Third floor");

  /* Cleared after an order: the rest stays. */
  handla_delivery_notes_set_driver_note (notes, NULL);
  g_clear_pointer (&row, g_free);
  row = stored_row (fixture->store, "c-1");
  g_assert_cmpstr (row, ==, "1|1|Key box, see care plan|-");
}

/* A door code is refused: the notes keep no way in at all, and neither
 * the code nor any part of it reaches the database file. */
static void
test_door_code_not_stored (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HandlaDeliveryNotes) notes = handla_delivery_notes_new (fixture->store, fixture->clock);
  g_autofree char *row = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  handla_delivery_notes_set_customer (notes, "c-1", TRUE, TRUE);
  wait_loaded (notes);
  g_assert_true (handla_delivery_notes_set_access (notes, "Key box"));
  g_assert_false (handla_delivery_notes_set_access (notes, "Portkod 4711"));
  g_assert_null (handla_delivery_notes_get_access (notes));
  row = stored_row (fixture->store, "c-1");
  g_assert_cmpstr (row, ==, "1|1|-|-");

  /* An order takes the notes as they are. */
  {
    g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, "carer-1");

    handla_delivery_notes_apply (notes, draft);
  }

  g_assert_finalize_object (g_steal_pointer (&notes));
  store_barrier (fixture->store);
  handla_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, (gssize)length, "4711"));
}

/* A change made before the stored notes are read wins over them. */
static void
test_edit_before_load (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HandlaDeliveryNotes) notes = handla_delivery_notes_new (fixture->store, fixture->clock);
  g_autofree char *row = NULL;

  handla_delivery_notes_set_customer (notes, "c-1", FALSE, FALSE);
  handla_delivery_notes_set_driver_note (notes, "Old");
  store_barrier (fixture->store);
  wait_loaded (notes);

  handla_delivery_notes_set_customer (notes, "c-1", FALSE, FALSE);
  handla_delivery_notes_set_driver_note (notes, "New");
  wait_loaded (notes);
  g_assert_cmpstr (handla_delivery_notes_get_driver_note (notes), ==, "New");
  row = stored_row (fixture->store, "c-1");
  g_assert_cmpstr (row, ==, "0|0|-|New");

  /* No customer: nothing is taken. */
  handla_delivery_notes_set_customer (notes, NULL, TRUE, TRUE);
  g_assert_false (handla_delivery_notes_get_carer_present (notes));
  handla_delivery_notes_set_driver_note (notes, "Lost");
  g_assert_null (handla_delivery_notes_get_driver_note (notes));
}

/* ---- the agreed slot ------------------------------------------------------- */

static HandlaSlot *
make_slot (const char *day,
           int         start_hour,
           int         end_hour,
           const char *unavailable)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  HandlaSlot *slot;

  json = g_strdup_printf ("{\"id\": \"s-%s-%02d%02d\","
                          " \"window\": {\"start\": \"%sT%02d:00:00+01:00\", \"end\": \"%sT%02d:00:00+01:00\"},"
                          " \"fee_ore\": 4900, \"cutoff\": \"%sT12:00:00+01:00\","
                          " \"available\": %s%s%s%s}",
                          day, start_hour, end_hour, day, start_hour, day, end_hour,
                          "2026-01-13", unavailable == NULL ? "true" : "false",
                          unavailable != NULL ? ", \"unavailable_reason\": \"" : "",
                          unavailable != NULL ? unavailable : "",
                          unavailable != NULL ? "\"" : "");
  node = json_from_string (json, NULL);
  slot = _handla_slot_new_from_json (node);
  g_assert_nonnull (slot);
  return slot;
}

static HandlaCustomer *
make_customer (const char *weekday,
               const char *start,
               const char *end)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": \"c-1\", \"display_name\": \"Anna K.\","
                                           " \"address_line\": \"Storgatan 12\","
                                           " \"agreed_delivery\": {\"weekday\": \"%s\","
                                           " \"window_start\": \"%s\", \"window_end\": \"%s\"},"
                                           " \"needs_unpacking\": true, \"carer_present\": true}",
                                           weekday, start, end);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  HandlaCustomer *customer = _handla_customer_new_from_json (node);

  g_assert_nonnull (customer);
  return customer;
}

static void
test_agreed_slot (void)
{
  g_autoptr(HandlaCustomer) anna = make_customer ("thursday", "10:00", "14:00");
  g_autoptr(GListStore) slots = g_list_store_new (HANDLA_TYPE_SLOT);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-01-14T13:00:00+01:00", NULL);
  g_autoptr(HandlaSlot) wed = make_slot ("2026-01-14", 10, 14, NULL);
  g_autoptr(HandlaSlot) thu_early = make_slot ("2026-01-15", 8, 11, NULL);
  g_autoptr(HandlaSlot) thu = make_slot ("2026-01-15", 10, 14, "full");
  g_autoptr(HandlaSlot) thu_next = make_slot ("2026-01-22", 10, 14, NULL);
  HandlaSlot *found;

  g_assert_false (handla_slot_matches_agreed (wed, anna));
  g_assert_false (handla_slot_matches_agreed (thu_early, anna));
  g_assert_true (handla_slot_matches_agreed (thu, anna));
  g_assert_cmpint (handla_slot_get_unavailable (thu), ==, HANDLA_SLOT_UNAVAILABLE_FULL);
  g_assert_cmpint (handla_slot_get_unavailable (wed), ==, HANDLA_SLOT_UNAVAILABLE_NONE);

  /* The next match is found even when it is full (the page says so). */
  g_list_store_append (slots, wed);
  g_list_store_append (slots, thu_early);
  g_list_store_append (slots, thu);
  g_list_store_append (slots, thu_next);
  found = handla_slots_find_agreed (G_LIST_MODEL (slots), anna, now);
  g_assert_true (found == thu);

  /* Past the cutoff of this week's, next week's (all the test slots
   * share one cutoff, so none is left). */
  found = handla_slots_find_agreed (G_LIST_MODEL (slots), anna, later);
  g_assert_null (found);

  /* No agreed delivery: nothing matches. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"c-2\", \"display_name\": \"Bo L.\","
                                                 " \"address_line\": \"Ågatan 3\","
                                                 " \"needs_unpacking\": false,"
                                                 " \"carer_present\": false}", NULL);
    g_autoptr(HandlaCustomer) bo = _handla_customer_new_from_json (node);

    g_assert_nonnull (bo);
    g_assert_false (handla_slot_matches_agreed (thu, bo));
    g_assert_null (handla_slots_find_agreed (G_LIST_MODEL (slots), bo, now));
  }

  /* An unknown reason reads as "other". */
  {
    g_autoptr(HandlaSlot) odd = make_slot ("2026-01-15", 13, 17, "strike");

    g_assert_cmpint (handla_slot_get_unavailable (odd), ==, HANDLA_SLOT_UNAVAILABLE_OTHER);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/handla/delivery-notes/door-code", test_door_code);
  g_test_add ("/handla/delivery-notes/persist", Fixture, NULL,
              fixture_set_up, test_persist, fixture_tear_down);
  g_test_add ("/handla/delivery-notes/door-code-not-stored", Fixture, NULL,
              fixture_set_up, test_door_code_not_stored, fixture_tear_down);
  g_test_add ("/handla/delivery-notes/edit-before-load", Fixture, NULL,
              fixture_set_up, test_edit_before_load, fixture_tear_down);
  g_test_add_func ("/handla/delivery-notes/agreed-slot", test_agreed_slot);

  return g_test_run ();
}
