/* test-supplier-client.c — HandlaSupplierClient against the real supplier
 *
 * Each test starts the real handla-supplier (HANDLA_SUPPLIER) on a
 * temporary state directory, reads its ready line, and drives the real
 * client with a real HandlaStore on a temporary file. The token goes to
 * libsecret's file backend (SECRET_BACKEND=file) in a temporary file.
 * Nothing sleeps: every async call spins the main context until its
 * callback has run.
 *
 * Not covered yet: truncated bodies and wrong content types need the
 * supplier's fault injection (the client refuses plain http://).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "handla-core.h"
#include "supplier-control.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "test-util.h"

#define DEMO_PRODUCTS 2038

typedef struct
{
  char                 *state_dir;
  char                 *db_path;
  SupplierProcess      *process;
  SupplierReady         ready;
  SupplierControl      *control;
  HandlaStore          *store;
  HandlaClock          *clock;
  HandlaCatalogue      *catalogue;
  HandlaSecrets        *secrets;
  GNetworkMonitor      *monitor;
  HandlaSupplierClient *client;
  guint                 changed;
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

static void
start_supplier (Fixture            *fixture,
                const char * const *extra_args)
{
  const char * const control[] = { "--control", NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_assert_null (fixture->process);
  g_strv_builder_addv (builder, (const char **) control);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  args = g_strv_builder_end (builder);
  fixture->process = supplier_process_start (fixture->state_dir, (const char * const *) args,
                                             &fixture->ready);
  g_clear_pointer (&fixture->control, supplier_control_free);
  fixture->control = supplier_control_new (&fixture->ready);
}

static void
start_demo (Fixture *fixture)
{
  const char * const args[] = { "--demo", NULL };

  start_supplier (fixture, args);
}

static void
stop_supplier (Fixture *fixture)
{
  supplier_process_stop (&fixture->process);
  g_clear_pointer (&fixture->control, supplier_control_free);
}

/* A client for the running supplier that trusts @ca_file. */
static HandlaSupplierClient *
new_client (Fixture    *fixture,
            const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  HandlaSupplierClient *client;

  client = handla_supplier_client_new (fixture->catalogue, fixture->secrets, fixture->ready.url,
                                       ca_file, fixture->monitor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  return client;
}

static void
use_new_client (Fixture *fixture)
{
  g_clear_object (&fixture->client);
  fixture->client = new_client (fixture, fixture->ready.ca_file);
}

static void
enrol (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_supplier_client_enrol_async (fixture->client, fixture->ready.enrolment_code, "Surfplatta 1",
                                      NULL, got_result_cb, &result);
  wait_for (&result);
  handla_supplier_client_enrol_finish (fixture->client, result, &error);
  g_assert_no_error (error);
}

static HandlaCatalogueSyncResult *
sync_catalogue (HandlaSupplierClient  *client,
                GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_supplier_client_sync_catalogue_async (client, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_supplier_client_sync_catalogue_finish (client, result, error);
}

static HandlaCatalogueSyncResult *
sync_ok (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  HandlaCatalogueSyncResult *result = sync_catalogue (fixture->client, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static guint
count_products (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  handla_catalogue_count_products_async (fixture->catalogue, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_catalogue_count_products_finish (fixture->catalogue, result, &n, &error));
  g_assert_no_error (error);

  return n;
}

static HandlaProduct *
get_product (Fixture     *fixture,
             const char  *id,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_get_product_async (fixture->catalogue, id, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_catalogue_get_product_finish (fixture->catalogue, result, error);
}

static char *
lookup_token (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = handla_secrets_profile_for_url (fixture->ready.url);
  char *token;

  handla_secrets_lookup_token_async (fixture->secrets, profile, NULL, got_result_cb, &result);
  wait_for (&result);
  token = handla_secrets_lookup_token_finish (fixture->secrets, result, &error);
  g_assert_no_error (error);

  return token;
}

static void
store_token (Fixture    *fixture,
             const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = handla_secrets_profile_for_url (fixture->ready.url);

  if (token != NULL)
    {
      handla_secrets_store_token_async (fixture->secrets, profile, token, NULL,
                                        got_result_cb, &result);
      wait_for (&result);
      g_assert_true (handla_secrets_store_token_finish (fixture->secrets, result, &error));
    }
  else
    {
      handla_secrets_clear_token_async (fixture->secrets, profile, NULL, got_result_cb, &result);
      wait_for (&result);
      g_assert_true (handla_secrets_clear_token_finish (fixture->secrets, result, &error));
    }
  g_assert_no_error (error);
}

static void
changed_cb (HandlaCatalogue *catalogue,
            Fixture         *fixture)
{
  fixture->changed++;
}

/* ---- fixture ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 11, 24, 9, 0, 0);

  fixture->state_dir = g_dir_make_tmp ("handla-client-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->state_dir, "handla.db", NULL);

  fixture->store = handla_store_new (fixture->db_path);
  fixture->clock = handla_clock_new_fake (now);
  fixture->catalogue = handla_catalogue_new (fixture->store, fixture->clock);
  g_signal_connect (fixture->catalogue, "changed", G_CALLBACK (changed_cb), fixture);
  fixture->secrets = handla_secrets_new ();
  fixture->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->process != NULL)
    stop_supplier (fixture);
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  fixture->client = NULL;
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->catalogue);
  g_clear_object (&fixture->clock);
  handla_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_tree (fixture->state_dir);
  g_clear_pointer (&fixture->state_dir, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
  supplier_ready_clear (&fixture->ready);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_enrol (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  start_demo (fixture);
  use_new_client (fixture);
  g_assert_true (handla_supplier_client_get_online (fixture->client));
  g_assert_null (lookup_token (fixture));

  enrol (fixture);
  token = lookup_token (fixture);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 32);
  secret_password_free (token);

  /* The code works once; a code that cannot be one is refused unsent. */
  handla_supplier_client_enrol_async (fixture->client, fixture->ready.enrolment_code, "Surfplatta 2",
                                      NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (handla_supplier_client_enrol_finish (fixture->client, result, &error));
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_CODE);
  g_clear_error (&error);
  g_clear_object (&result);

  handla_supplier_client_enrol_async (fixture->client, "ab", "Surfplatta 2",
                                      NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (handla_supplier_client_enrol_finish (fixture->client, result, &error));
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_CODE);
}

static void
test_full_and_not_modified (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HandlaCatalogueSyncResult) first = NULL;
  g_autoptr(HandlaCatalogueSyncResult) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) categories = NULL;
  g_autoptr(GListModel) products = NULL;
  g_autoptr(HandlaProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *cursor = NULL;
  gint64 bodies;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);

  first = sync_ok (fixture);
  g_assert_false (handla_catalogue_sync_result_get_not_modified (first));
  g_assert_true (handla_catalogue_sync_result_get_full (first));
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_added (first), ==, DEMO_PRODUCTS);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_changed (first), ==, 0);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_deleted (first), ==, 0);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_products (first), ==, DEMO_PRODUCTS);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (count_products (fixture), ==, DEMO_PRODUCTS);

  etag = query_text (fixture->store, "SELECT value FROM sync_state WHERE key = 'catalogue_etag'");
  cursor = query_text (fixture->store, "SELECT value FROM sync_state WHERE key = 'catalogue_cursor'");
  g_assert_cmpstr (etag, !=, "");
  g_assert_cmpstr (cursor, !=, "");

  /* Listable: every category has products, and the first one lists them. */
  handla_catalogue_list_categories_async (fixture->catalogue, NULL, got_result_cb, &result);
  wait_for (&result);
  categories = handla_catalogue_list_categories_finish (fixture->catalogue, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (categories), >, 0);
  g_clear_object (&result);
  {
    g_autoptr(HandlaCategory) category = g_list_model_get_item (categories, 0);

    handla_catalogue_list_products_async (fixture->catalogue, handla_category_get_id (category),
                                          NULL, got_result_cb, &result);
    wait_for (&result);
    products = handla_catalogue_list_products_finish (fixture->catalogue, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (products), ==,
                      handla_category_get_n_products (category));
  }
  {
    g_autoptr(HandlaProduct) listed = g_list_model_get_item (products, 0);

    product = get_product (fixture, handla_product_get_id (listed), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (handla_product_get_name (product), ==, handla_product_get_name (listed));
  }

  /* Unchanged: a 304, and the supplier sent no new catalogue body. */
  bodies = supplier_control_stat (fixture->control, "catalogue_bodies");
  second = sync_ok (fixture);
  g_assert_true (handla_catalogue_sync_result_get_not_modified (second));
  g_assert_cmpuint (supplier_control_stat (fixture->control, "catalogue_bodies"), ==, bodies);
  g_assert_cmpint (supplier_control_stat (fixture->control, "catalogue_not_modified"), ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (count_products (fixture), ==, DEMO_PRODUCTS);
}

static void
test_one_at_a_time (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) one = NULL;
  g_autoptr(GAsyncResult) two = NULL;
  g_autoptr(HandlaCatalogueSyncResult) first = NULL;
  g_autoptr(HandlaCatalogueSyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bodies;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);

  bodies = supplier_control_stat (fixture->control, "catalogue_bodies");
  handla_supplier_client_sync_catalogue_async (fixture->client, NULL, got_result_cb, &one);
  handla_supplier_client_sync_catalogue_async (fixture->client, NULL, got_result_cb, &two);
  wait_for (&one);
  wait_for (&two);

  first = handla_supplier_client_sync_catalogue_finish (fixture->client, one, &error);
  g_assert_no_error (error);
  second = handla_supplier_client_sync_catalogue_finish (fixture->client, two, &error);
  g_assert_no_error (error);

  /* The second call joined the first: one listing, one result. */
  g_assert_true (first == second);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpint (supplier_control_stat (fixture->control, "catalogue_bodies") - bodies, ==,
                   (DEMO_PRODUCTS + 499) / 500);
}

static void
test_wrong_ca (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *this_dir = NULL;
  g_autofree char *other_ca = NULL;
  g_autoptr(HandlaSupplierClient) wrong = NULL;
  g_autoptr(HandlaSupplierClient) system = NULL;
  g_autoptr(HandlaCatalogueSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Another supplier's CA */
  this_dir = g_steal_pointer (&fixture->state_dir);
  fixture->state_dir = g_build_filename (this_dir, "other", NULL);
  start_demo (fixture);
  other_ca = g_strdup (fixture->ready.ca_file);
  stop_supplier (fixture);
  g_free (fixture->state_dir);
  fixture->state_dir = g_steal_pointer (&this_dir);

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);
  g_clear_object (&result);
  result = sync_ok (fixture);
  g_assert_cmpuint (fixture->changed, ==, 1);

  wrong = new_client (fixture, other_ca);
  g_clear_pointer (&result, handla_catalogue_sync_result_unref);
  result = sync_catalogue (wrong, &error);
  g_assert_null (result);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_TLS);
  g_clear_error (&error);

  /* The system's CAs do not know the test CA either. */
  system = new_client (fixture, NULL);
  result = sync_catalogue (system, &error);
  g_assert_null (result);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_TLS);

  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (count_products (fixture), ==, DEMO_PRODUCTS);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HandlaCatalogueSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  start_demo (fixture);
  use_new_client (fixture);

  /* No token */
  result = sync_catalogue (fixture->client, &error);
  g_assert_null (result);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A token the supplier does not know (revoked) */
  store_token (fixture, "hnd_tab_revoked-0123456789-0123456789-0123456789");
  result = sync_catalogue (fixture->client, &error);
  g_assert_null (result);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Cleared */
  store_token (fixture, NULL);
  g_assert_null (lookup_token (fixture));
  g_assert_cmpuint (fixture->changed, ==, 0);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HandlaCatalogueSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bodies;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);
  bodies = supplier_control_stat (fixture->control, "catalogue_bodies");

  g_signal_connect_swapped (fixture->client, "notify::online",
                            G_CALLBACK (g_main_context_wakeup), NULL);
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  g_assert_false (handla_supplier_client_get_online (fixture->client));

  result = sync_catalogue (fixture->client, &error);
  g_assert_null (result);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_OFFLINE);
  g_assert_cmpint (supplier_control_stat (fixture->control, "catalogue_bodies"), ==, bodies);
  g_assert_cmpint (supplier_control_stat (fixture->control, "catalogue_not_modified"), ==, 0);
}

/* Writes a copy of the demo catalogue with the first product's price
 * raised by 100 öre and the second product removed. */
static void
write_modified_demo (const char  *path,
                     char       **changed_id,
                     gint64      *new_price,
                     char       **removed_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *products;
  JsonObject *first;
  JsonObject *second;

  json_parser_load_from_file (parser, g_getenv ("HANDLA_DEMO_CATALOGUE"), &error);
  g_assert_no_error (error);
  products = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "products");
  first = json_array_get_object_element (products, 0);
  second = json_array_get_object_element (products, 1);

  *changed_id = g_strdup (json_object_get_string_member (first, "id"));
  *new_price = json_object_get_int_member (first, "price_ore") + 100;
  json_object_set_int_member (first, "price_ore", *new_price);
  *removed_id = g_strdup (json_object_get_string_member (second, "id"));
  json_array_remove_element (products, 1);

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static void
test_delta (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->state_dir, "modified.json", NULL);
  const char * const args[] = { "--catalogue", file, NULL };
  g_autoptr(HandlaCatalogueSyncResult) full = NULL;
  g_autoptr(HandlaCatalogueSyncResult) delta = NULL;
  g_autoptr(HandlaCatalogueSyncResult) again = NULL;
  g_autoptr(HandlaProduct) changed = NULL;
  g_autoptr(HandlaProduct) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed_id = NULL;
  g_autofree char *removed_id = NULL;
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  char *token;
  gint64 new_price;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);
  full = sync_ok (fixture);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_products (full), ==, DEMO_PRODUCTS);
  cursor_before = query_text (fixture->store,
                              "SELECT value FROM sync_state WHERE key = 'catalogue_cursor'");

  token = lookup_token (fixture);
  stop_supplier (fixture);
  write_modified_demo (file, &changed_id, &new_price, &removed_id);
  start_supplier (fixture, args);
  /* The token survives the restart, but the port (so the profile) is new. */
  store_token (fixture, token);
  secret_password_free (token);
  use_new_client (fixture);

  delta = sync_ok (fixture);
  g_assert_false (handla_catalogue_sync_result_get_not_modified (delta));
  g_assert_false (handla_catalogue_sync_result_get_full (delta));
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_added (delta), ==, 0);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_changed (delta), ==, 1);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_deleted (delta), ==, 1);
  g_assert_cmpuint (handla_catalogue_sync_result_get_n_products (delta), ==, DEMO_PRODUCTS - 1);
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpuint (count_products (fixture), ==, DEMO_PRODUCTS - 1);

  cursor_after = query_text (fixture->store,
                             "SELECT value FROM sync_state WHERE key = 'catalogue_cursor'");
  g_assert_cmpstr (cursor_after, !=, cursor_before);

  changed = get_product (fixture, changed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (handla_product_get_price (changed), ==, new_price);
  removed = get_product (fixture, removed_id, &error);
  g_assert_null (removed);
  g_assert_error (error, HANDLA_CATALOGUE_ERROR, HANDLA_CATALOGUE_ERROR_NOT_FOUND);

  /* And then nothing more changes. */
  again = sync_ok (fixture);
  g_assert_true (handla_catalogue_sync_result_get_not_modified (again));
  g_assert_cmpuint (fixture->changed, ==, 2);
}

static void
test_customers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(HandlaCustomer) anna = NULL;
  g_autoptr(GError) error = NULL;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);

  handla_supplier_client_list_customers_async (fixture->client, NULL, got_result_cb, &result);
  wait_for (&result);
  customers = handla_supplier_client_list_customers_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  /* Only the tablet's own unit: Olle P. belongs to another one. */
  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      g_assert_cmpstr (handla_customer_get_display_name (customer), !=, "Olle P.");
      if (g_strcmp0 (handla_customer_get_id (customer), "c-1001") == 0)
        anna = g_object_ref (customer);
    }

  g_assert_nonnull (anna);
  g_assert_cmpstr (handla_customer_get_display_name (anna), ==, "Anna K.");
  g_assert_cmpstr (handla_customer_get_address_line (anna), ==, "Storgatan 12");
  g_assert_cmpint (handla_customer_get_agreed_weekday (anna), ==, G_DATE_THURSDAY);
  g_assert_cmpstr (handla_customer_get_agreed_start (anna), ==, "10:00");
  g_assert_cmpstr (handla_customer_get_agreed_end (anna), ==, "14:00");
  g_assert_true (handla_customer_get_needs_unpacking (anna));
  g_assert_true (handla_customer_get_carer_present (anna));
  g_assert_nonnull (handla_customer_get_unit_phone (anna));
  /* Anna has asked for a weekly budget; the others have none. */
  g_assert_cmpint (handla_customer_get_weekly_budget (anna), ==, 80000);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      if (customer != anna)
        g_assert_cmpint (handla_customer_get_weekly_budget (customer), ==, -1);
    }
}

static gboolean
refresh_customers (HandlaCustomers  *customers,
                   Fixture          *fixture,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_customers_refresh_async (customers, fixture->client, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_customers_refresh_finish (customers, result, error);
}

static char *
describe_customers (GListModel *customers)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              handla_customer_get_display_name (customer));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The unit's customers are kept on the tablet: listed by name, there
 * again from the store alone, and a customer the unit no longer has
 * leaves the list and loses its record but keeps its basket. */
static void
test_customers_kept (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HandlaCustomers) customers = NULL;
  g_autoptr(HandlaCustomers) reloaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *gone = NULL;
  HandlaCustomer *anna;

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);

  /* A customer from an earlier listing, with a basket line. */
  add_customer (fixture->store, "c-gone");
  g_free (query_text (fixture->store, "UPDATE customer SET record = '{}' WHERE id = 'c-gone'"));
  g_free (query_text (fixture->store,
                      "INSERT INTO basket_line (customer_id, product_id, quantity, position,"
                      " changed_at, name, price_ore) VALUES"
                      " ('c-gone', 'lv550-1', 1, 0, '2025-11-24T09:00:00Z', 'Mjölk', 1990)"));

  customers = handla_customers_new (fixture->store);
  g_assert_true (refresh_customers (customers, fixture, &error));
  g_assert_no_error (error);
  listed = describe_customers (G_LIST_MODEL (customers));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), ==, 4);
  g_assert_true (g_str_has_prefix (listed, "Anna K., "));
  anna = handla_customers_lookup (customers, "c-1001");
  g_assert_nonnull (anna);
  g_assert_cmpstr (handla_customer_get_address_line (anna), ==, "Storgatan 12");
  g_assert_null (handla_customers_lookup (customers, "c-gone"));

  gone = query_text (fixture->store,
                     "SELECT linked || ' ' || ifnull (record, 'no record') || ' '"
                     " || (SELECT count (*) FROM basket_line WHERE customer_id = 'c-gone')"
                     " FROM customer WHERE id = 'c-gone'");
  g_assert_cmpstr (gone, ==, "0 no record 1");

  /* From the store alone, as after a restart with no network. */
  reloaded = handla_customers_new (fixture->store);
  handla_customers_load_async (reloaded, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_customers_load_finish (reloaded, result, &error));
  g_assert_no_error (error);
  stored = describe_customers (G_LIST_MODEL (reloaded));
  g_assert_cmpstr (stored, ==, listed);

  /* The supplier gone: the list stays as it was, and the error says why. */
  stop_supplier (fixture);
  g_assert_false (refresh_customers (customers, fixture, &error));
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNREACHABLE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), ==, 4);
}

static HandlaSlotHold *
hold_slot (Fixture     *fixture,
           const char  *slot_id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_supplier_client_hold_slot_async (fixture->client, "c-1001", slot_id, NULL,
                                          got_result_cb, &result);
  wait_for (&result);

  return handla_supplier_client_hold_slot_finish (fixture->client, result, error);
}

static void
test_slots_and_holds (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) slots = NULL;
  g_autoptr(HandlaSlotHold) hold = NULL;
  g_autoptr(HandlaSlotHold) renewed = NULL;
  g_autoptr(HandlaSlotHold) refused = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDate) from = g_date_new_dmy ((GDateDay)g_date_time_get_day_of_month (now),
                                          (GDateMonth)g_date_time_get_month (now),
                                          (GDateYear)g_date_time_get_year (now));
  g_autoptr(GDate) to = g_date_copy (from);
  g_autoptr(GError) error = NULL;
  HandlaSlot *available = NULL;
  HandlaSlot *unavailable = NULL;

  /* The supplier runs on the real clock: ask for the two weeks it serves. */
  g_date_add_days (to, 14);

  start_demo (fixture);
  use_new_client (fixture);
  enrol (fixture);

  handla_supplier_client_list_slots_async (fixture->client, "c-1001", from, to, NULL,
                                           got_result_cb, &result);
  wait_for (&result);
  slots = handla_supplier_client_list_slots_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (slots), >=, 30);

  for (guint i = 0; i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(HandlaSlot) slot = g_list_model_get_item (slots, i);

      g_assert_cmpint (g_date_time_compare (handla_slot_get_start (slot),
                                            handla_slot_get_end (slot)), <, 0);
      g_assert_cmpint (g_date_time_compare (handla_slot_get_cutoff (slot),
                                            handla_slot_get_start (slot)), <, 0);
      g_assert_cmpint (handla_slot_get_fee (slot), >, 0);
      if (handla_slot_get_available (slot) && available == NULL)
        available = slot;
      else if (!handla_slot_get_available (slot) && unavailable == NULL)
        {
          unavailable = slot;
          g_assert_nonnull (handla_slot_get_unavailable_reason (slot));
        }
    }
  g_assert_nonnull (available);
  g_assert_nonnull (unavailable);

  hold = hold_slot (fixture, handla_slot_get_id (available), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (handla_slot_get_id (handla_slot_hold_get_slot (hold)), ==,
                   handla_slot_get_id (available));
  g_assert_cmpint (g_date_time_compare (handla_slot_hold_get_expires_at (hold), now), >, 0);

  /* Holding it again renews the same hold. */
  renewed = hold_slot (fixture, handla_slot_get_id (available), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (handla_slot_hold_get_id (renewed), ==, handla_slot_hold_get_id (hold));

  /* A slot that cannot be booked is refused, in words. */
  refused = hold_slot (fixture, handla_slot_get_id (unavailable), &error);
  g_assert_null (refused);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Choose another"));
}

static void
test_bad_profile (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HandlaSupplierClient) client = NULL;

  client = handla_supplier_client_new (fixture->catalogue, fixture->secrets,
                                       "http://127.0.0.1:1", NULL, fixture->monitor, &error);
  g_assert_null (client);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);

  client = handla_supplier_client_new (fixture->catalogue, fixture->secrets,
                                       "https://127.0.0.1:1", "/nonexistent/ca.pem",
                                       fixture->monitor, &error);
  g_assert_null (client);
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE);
}

/* ---- main --------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = use_test_keyring ();
  g_autofree char *skip = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  skip = supplier_contract_skip_reason ();
  if (skip != NULL)
    {
      g_print ("1..0 # SKIP %s\n", skip);
      remove_tree (keyring_dir);
      return 0;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/supplier-client/bad-profile", test_bad_profile);
  ADD ("/handla/supplier-client/enrol", test_enrol);
  ADD ("/handla/supplier-client/full-and-not-modified", test_full_and_not_modified);
  ADD ("/handla/supplier-client/one-at-a-time", test_one_at_a_time);
  ADD ("/handla/supplier-client/wrong-ca", test_wrong_ca);
  ADD ("/handla/supplier-client/unauthorized", test_unauthorized);
  ADD ("/handla/supplier-client/offline", test_offline);
  ADD ("/handla/supplier-client/delta", test_delta);
  ADD ("/handla/supplier-client/customers", test_customers);
  ADD ("/handla/supplier-client/customers-kept", test_customers_kept);
  ADD ("/handla/supplier-client/slots-and-holds", test_slots_and_holds);

#undef ADD

  status = g_test_run ();
  remove_tree (keyring_dir);

  return status;
}
