/* test-catalogue.c — importing catalogue documents, and the queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-core.h"
#include "handla-sql.h"
#include "test-util.h"

typedef struct
{
  HandlaClock     *clock;
  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  guint            n_changed;
} Fixture;

static void
changed_cb (HandlaCatalogue *catalogue,
            Fixture         *fixture)
{
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  /* Monday 3 June 2024, 11:00 in Stockholm */
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);

  fixture->clock = handla_clock_new_fake (start);
  fixture->store = handla_store_new (path);
  fixture->catalogue = handla_catalogue_new (fixture->store, fixture->clock);
  fixture->n_changed = 0;
  g_signal_connect (fixture->catalogue, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  handla_store_close (fixture->store);
  g_assert_finalize_object (fixture->catalogue);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->clock);
}

/* ---- helpers ---------------------------------------------------------- */

static gboolean
import_bytes (Fixture  *fixture,
              GBytes   *bytes,
              guint    *n_products,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_import_async (fixture->catalogue, bytes, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_catalogue_import_finish (fixture->catalogue, result, n_products, error);
}

static void
import_fixture (Fixture    *fixture,
                const char *name,
                guint       expected_products)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  guint n_changed = fixture->n_changed;
  guint n_products = 0;

  g_assert_true (import_bytes (fixture, bytes, &n_products, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_products, ==, expected_products);
  g_assert_cmpuint (fixture->n_changed, ==, n_changed + 1);
}

static guint
count_products (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  handla_catalogue_count_products_async (fixture->catalogue, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_catalogue_count_products_finish (fixture->catalogue, result, &n, &error));
  g_assert_no_error (error);

  return n;
}

static GListModel *
list_products (Fixture    *fixture,
               const char *category_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  if (category_id != NULL)
    handla_catalogue_list_products_async (fixture->catalogue, category_id, NULL,
                                          got_result_cb, &result);
  else
    handla_catalogue_list_offers_async (fixture->catalogue, NULL, got_result_cb, &result);
  wait_for (&result);

  model = handla_catalogue_list_products_finish (fixture->catalogue, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  g_assert_true (g_list_model_get_item_type (model) == HANDLA_TYPE_PRODUCT);

  return model;
}

/* The ids of the products in @model, comma-separated. */
static char *
product_ids (GListModel *model)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, handla_product_get_id (product));
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static HandlaProduct *
get_product (Fixture     *fixture,
             const char  *product_id,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_get_product_async (fixture->catalogue, product_id, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_catalogue_get_product_finish (fixture->catalogue, result, error);
}

static gboolean
append_table (sqlite3     *db,
              const char  *sql,
              GString     *out,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = handla_sql_column_text (stmt, i);

          g_string_append_printf (out, "%d:%s|", sqlite3_column_type (stmt, i), text ? text : "");
        }
      g_string_append_c (out, '\n');
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return TRUE;
}

/* Every row of the catalogue tables, as text. */
static gpointer
dump_catalogue_job (sqlite3  *db,
                    gpointer  data,
                    GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!append_table (db, "SELECT * FROM category ORDER BY id", out, error) ||
      !append_table (db, "SELECT * FROM product ORDER BY id", out, error) ||
      !append_table (db, "SELECT * FROM catalogue_meta ORDER BY key", out, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dump_catalogue (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *dump;

  dump = handla_store_run_sync (fixture->store, dump_catalogue_job, NULL, g_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dump);

  return dump;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_catalogue_import (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *dump = NULL;

  g_assert_cmpuint (count_products (fixture), ==, 0);

  import_fixture (fixture, "catalogue-small.json", 8);
  g_assert_cmpuint (count_products (fixture), ==, 8);

  dump = dump_catalogue (fixture);
  g_assert_nonnull (strstr (dump, "supplier_name|3:Demobutiken|"));
  g_assert_nonnull (strstr (dump, "credit|3:Näringsvärden"));
  /* Stamped by the catalogue's (fake) clock. */
  g_assert_nonnull (strstr (dump, "imported_at|3:2024-06-03T09:00:00Z|"));

  /* Importing the same document again replaces it with itself. */
  import_fixture (fixture, "catalogue-small.json", 8);
  g_assert_cmpuint (count_products (fixture), ==, 8);
}

static void
test_catalogue_import_sync (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = load_fixture ("catalogue-small.json");
  g_autoptr(GBytes) bad = load_fixture ("catalogue-float-price.json");
  g_autoptr(GError) error = NULL;
  guint n_products = 0;

  g_assert_true (handla_catalogue_import_sync (fixture->catalogue, bytes, &n_products, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_products, ==, 8);
  /* This thread owns the main context: ::changed came at once. */
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  g_assert_false (handla_catalogue_import_sync (fixture->catalogue, bad, NULL, &error));
  g_assert_error (error, HANDLA_CATALOGUE_ERROR, HANDLA_CATALOGUE_ERROR_INVALID);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpuint (count_products (fixture), ==, 8);
}

static void
test_catalogue_categories (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *id;
    const char *name;
    const char *icon;
    guint       n_products;
  } expected[] = {
    { "bread", "Bröd", "bread", 2 },
    { "dairy", "Mejeri", "dairy", 3 },
    { "drinks", "Dryck", "drinks", 3 },
  };

  import_fixture (fixture, "catalogue-small.json", 8);

  handla_catalogue_list_categories_async (fixture->catalogue, NULL, got_result_cb, &result);
  wait_for (&result);
  model = handla_catalogue_list_categories_finish (fixture->catalogue, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (model) == HANDLA_TYPE_CATEGORY);

  /* By position; "household" has no products and is left out. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(HandlaCategory) category = g_list_model_get_item (model, i);

      g_assert_cmpstr (handla_category_get_id (category), ==, expected[i].id);
      g_assert_cmpstr (handla_category_get_name (category), ==, expected[i].name);
      g_assert_cmpstr (handla_category_get_icon_name (category), ==, expected[i].icon);
      g_assert_cmpuint (handla_category_get_n_products (category), ==, expected[i].n_products);
    }
}

static void
test_catalogue_products (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GListModel) dairy = NULL;
  g_autoptr(GListModel) bread = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autofree char *dairy_ids = NULL;
  g_autofree char *bread_ids = NULL;

  import_fixture (fixture, "catalogue-small.json", 8);

  /* Most popular first; equal popularity by name. */
  dairy = list_products (fixture, "dairy");
  dairy_ids = product_ids (dairy);
  g_assert_cmpstr (dairy_ids, ==, "milk-1l,butter,filmjolk");

  bread = list_products (fixture, "bread");
  bread_ids = product_ids (bread);
  g_assert_cmpstr (bread_ids, ==, "crispbread,rye-bread");

  none = list_products (fixture, "no-such-category");
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
}

static void
test_catalogue_offers (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GListModel) offers = NULL;
  g_autofree char *ids = NULL;

  import_fixture (fixture, "catalogue-small.json", 8);

  offers = list_products (fixture, NULL);
  ids = product_ids (offers);
  g_assert_cmpstr (ids, ==, "filmjolk,water-15");

  for (guint i = 0; i < g_list_model_get_n_items (offers); i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (offers, i);

      g_assert_true (handla_product_has_offer (product));
      g_assert_cmpint (handla_product_get_current_price (product), ==,
                       handla_product_get_offer_price (product));
    }
}

static void
test_catalogue_get_product (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) milk = NULL;
  g_autoptr(HandlaProduct) filmjolk = NULL;
  g_autoptr(HandlaProduct) cola = NULL;
  g_autoptr(HandlaProduct) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  const char * const *labels;
  const char * const *allergens;

  import_fixture (fixture, "catalogue-small.json", 8);

  milk = get_product (fixture, "milk-1l", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (handla_product_get_id (milk), ==, "milk-1l");
  g_assert_cmpstr (handla_product_get_name (milk), ==, "Mellanmjölk 1,5 %");
  g_assert_cmpstr (handla_product_get_brand (milk), ==, "Arla");
  g_assert_cmpstr (handla_product_get_size (milk), ==, "1 l");
  g_assert_cmpstr (handla_product_get_category_id (milk), ==, "dairy");
  g_assert_cmpstr (handla_product_get_category_icon (milk), ==, "dairy");
  g_assert_cmpint (handla_product_get_price (milk), ==, 1895);
  g_assert_cmpint (handla_product_get_comparison_price (milk), ==, 1895);
  g_assert_cmpint (handla_product_get_comparison_unit (milk), ==, HANDLA_UNIT_LITRE);
  g_assert_cmpint (handla_product_get_pant (milk), ==, 0);
  g_assert_cmpstr (handla_product_get_origin (milk), ==, "Sverige");
  g_assert_cmpstr (handla_product_get_ingredients (milk), ==, "Mellanmjölk, D-vitamin.");
  g_assert_cmpstr (handla_product_get_image_url (milk), ==, "https://example.org/images/milk-1l.jpg");
  g_assert_false (handla_product_has_offer (milk));
  g_assert_cmpint (handla_product_get_offer_price (milk), ==, -1);
  g_assert_null (handla_product_get_offer_text (milk));
  g_assert_cmpint (handla_product_get_current_price (milk), ==, 1895);
  g_assert_cmpint (handla_product_get_current_comparison_price (milk), ==, 1895);

  labels = handla_product_get_labels (milk);
  g_assert_nonnull (labels);
  g_assert_cmpuint (g_strv_length ((char **)labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "swedish_origin");
  g_assert_cmpstr (labels[1], ==, "keyhole");
  allergens = handla_product_get_allergens (milk);
  g_assert_cmpuint (g_strv_length ((char **)allergens), ==, 1);
  g_assert_cmpstr (allergens[0], ==, "milk");

  g_object_get (milk, "id", &id, "name", &name, NULL);
  g_assert_cmpstr (id, ==, "milk-1l");
  g_assert_cmpstr (name, ==, "Mellanmjölk 1,5 %");

  filmjolk = get_product (fixture, "filmjolk", &error);
  g_assert_no_error (error);
  g_assert_true (handla_product_has_offer (filmjolk));
  g_assert_cmpint (handla_product_get_price (filmjolk), ==, 2195);
  g_assert_cmpint (handla_product_get_offer_price (filmjolk), ==, 1900);
  g_assert_cmpstr (handla_product_get_offer_text (filmjolk), ==, "Veckans pris");
  g_assert_cmpint (handla_product_get_current_price (filmjolk), ==, 1900);
  /* On offer, the comparison price is that of the offer price: 1 l at 19,00 kr. */
  g_assert_cmpint (handla_product_get_current_comparison_price (filmjolk), ==, 1900);

  cola = get_product (fixture, "cola-33", &error);
  g_assert_no_error (error);
  g_assert_cmpint (handla_product_get_pant (cola), ==, 100);
  g_assert_cmpint (handla_product_get_comparison_unit (cola), ==, HANDLA_UNIT_LITRE);
  g_assert_null (handla_product_get_brand (cola));
  g_assert_null (handla_product_get_image_url (cola));
  /* No labels or allergens: an empty vector, never NULL. */
  g_assert_nonnull (handla_product_get_labels (cola));
  g_assert_null (handla_product_get_labels (cola)[0]);
  g_assert_nonnull (handla_product_get_allergens (cola));
  g_assert_null (handla_product_get_allergens (cola)[0]);

  missing = get_product (fixture, "no-such-product", &error);
  g_assert_null (missing);
  g_assert_error (error, HANDLA_CATALOGUE_ERROR, HANDLA_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-product"));
}

static void
test_catalogue_replace (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) milk = NULL;
  g_autoptr(HandlaProduct) cola = NULL;
  g_autoptr(GError) error = NULL;

  import_fixture (fixture, "catalogue-small.json", 8);
  import_fixture (fixture, "catalogue-replacement.json", 8);

  cola = get_product (fixture, "cola-33", &error);
  g_assert_null (cola);
  g_assert_error (error, HANDLA_CATALOGUE_ERROR, HANDLA_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  milk = get_product (fixture, "milk-1l", &error);
  g_assert_no_error (error);
  g_assert_cmpint (handla_product_get_price (milk), ==, 1995);
}

static void
test_catalogue_extra_members (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) milk = NULL;
  g_autoptr(GError) error = NULL;

  import_fixture (fixture, "catalogue-extra-members.json", 8);

  milk = get_product (fixture, "milk-1l", &error);
  g_assert_no_error (error);
  g_assert_cmpint (handla_product_get_comparison_price (milk), ==, 1895);
}

typedef struct
{
  const char *fixture;     /* a file in tests/fixtures, or NULL */
  const char *document;    /* or the document itself */
  int         code;
  const char *message;     /* a part of the message */
} Refusal;

static const Refusal refusals[] = {
  { "catalogue-truncated.json", NULL, HANDLA_CATALOGUE_ERROR_INVALID,
    "the catalogue: the file is not complete, valid JSON" },
  { "catalogue-wrong-version.json", NULL, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
    "catalogue version 2 is not supported" },
  { "catalogue-wrong-format.json", NULL, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
    "this is not a Handla catalogue" },
  { "catalogue-float-price.json", NULL, HANDLA_CATALOGUE_ERROR_INVALID,
    "product 2 (“Mellanmjölk”): price_ore must be a whole number of öre" },
  { "catalogue-duplicate-id.json", NULL, HANDLA_CATALOGUE_ERROR_INVALID,
    "product 5 (“Knäckebröd”): the id “milk-1l” is already used by another product" },
  { "catalogue-unknown-category.json", NULL, HANDLA_CATALOGUE_ERROR_INVALID,
    "product 3 (“Smör normalsaltat”): its category “frozen” is not in the catalogue" },
  { "catalogue-string-price.json", NULL, HANDLA_CATALOGUE_ERROR_INVALID,
    "product 1 (“Mellanmjölk 1,5 %”): price_ore must be a number, not text" },
  { NULL, "", HANDLA_CATALOGUE_ERROR_INVALID, "the file is empty" },
  { NULL, "[1, 2, 3]", HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION, "not a Handla catalogue" },
  { NULL, "{\"version\": 1, \"categories\": [], \"products\": []}",
    HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION, "not a Handla catalogue" },
  { NULL, "{\"format\": \"handla-catalogue\", \"version\": \"1\"}",
    HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION, "version is missing or is not a whole number" },
#define DOC(categories, products) \
  "{\"format\": \"handla-catalogue\", \"version\": 1, \"categories\": " categories \
  ", \"products\": " products "}"
#define CAT "[{\"id\": \"c\", \"name\": \"C\"}]"
  { NULL, DOC ("[]", "[]"), HANDLA_CATALOGUE_ERROR_INVALID, "at least one category" },
  { NULL, "{\"format\": \"handla-catalogue\", \"version\": 1, \"products\": []}",
    HANDLA_CATALOGUE_ERROR_INVALID, "categories is missing" },
  { NULL, DOC ("[{\"id\": \"c\", \"name\": \"C\"}, {\"id\": \"c\", \"name\": \"D\"}]", "[]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "category 2 (“D”): the id “c” is already used" },
  { NULL, DOC ("[{\"id\": \"c d\", \"name\": \"C\"}]", "[]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "category 1 (“C”): id “c d” may only contain" },
  { NULL, DOC ("[{\"id\": \"c\", \"name\": \"C\", \"icon\": \"Dairy\"}]", "[]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "icon “Dairy”" },
  { NULL, DOC ("[{\"id\": \"c\", \"name\": \"C\", \"position\": -1}]", "[]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "position must be 0 or more" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\"}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "product 1 (“P”): price_ore is missing" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 0}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "price_ore must be between 1 and 100000000 öre" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 100000001}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "price_ore must be between 1 and 100000000 öre" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 1e3}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "price_ore must be a whole number of öre" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"pant_ore\": -1}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "pant_ore must be between 0 and" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"offer\": {\"price_ore\": 0}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "offer.price_ore must be between 1 and" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"offer\": {\"price_ore\": 4, \"valid_to\": \"2024-02-30\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "offer.valid_to must be a date" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"comparison\": {\"price_ore\": 4, \"unit\": \"dl\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "comparison.unit has an unknown value “dl”" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"comparison\": {\"unit\": \"kg\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "comparison.price_ore is missing" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"sold_by\": \"litre\"}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "sold_by has an unknown value “litre”" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"labels\": [\"organic\", \"tasty\"]}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "labels has an unknown value “tasty”" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"allergens\": [\"milk\", \"milk\"]}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "allergens lists “milk” twice" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"ean\": \"12345\"}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "ean “12345” must be 8 to 14 digits" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"\", \"category\": \"c\", \"price_ore\": 5}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "product 1: name must not be empty" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": null, \"category\": \"c\", \"price_ore\": 5}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "product 1: name must be text, not null" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"image\": {\"url\": \"not a uri\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "image.url “not a uri” is not a web address" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"image\": {\"url\": \"file:///etc/passwd\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "image.url “file:///etc/passwd” is not a web address" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"image\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "image.url “data:image/png;base64,iVBORw0KGgo=” is not a web address" },
  { NULL, DOC (CAT, "[{\"id\": \"p\", \"name\": \"P\", \"category\": \"c\", \"price_ore\": 5,"
                    " \"image\": {\"url\": \"ftp://example.org/p.jpg\"}}]"),
    HANDLA_CATALOGUE_ERROR_INVALID, "image.url “ftp://example.org/p.jpg” is not a web address" },
  { NULL, DOC (CAT, "[42]"), HANDLA_CATALOGUE_ERROR_INVALID,
    "product 1: each product must be an object" },
#undef CAT
#undef DOC
};

static void
test_catalogue_refused (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const Refusal *refusal = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_products = 12345;

  import_fixture (fixture, "catalogue-small.json", 8);
  before = dump_catalogue (fixture);

  if (refusal->fixture != NULL)
    bytes = load_fixture (refusal->fixture);
  else
    bytes = g_bytes_new_static (refusal->document, strlen (refusal->document));

  g_assert_false (import_bytes (fixture, bytes, &n_products, &error));
  g_assert_error (error, HANDLA_CATALOGUE_ERROR, refusal->code);
  g_test_message ("Refused with: %s", error->message);
  if (strstr (error->message, refusal->message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, refusal->message);
  g_assert_nonnull (strstr (error->message, "The old catalogue is kept."));
  g_assert_cmpuint (n_products, ==, 12345);

  /* Nothing changed: no signal, and every row as it was. */
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  after = dump_catalogue (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_products (fixture), ==, 8);
}

static void
test_catalogue_cancelled (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = load_fixture ("catalogue-small.json");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  handla_catalogue_import_async (fixture->catalogue, bytes, cancellable, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (handla_catalogue_import_finish (fixture->catalogue, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_cmpuint (count_products (fixture), ==, 0);
}

static void
test_catalogue_cancelled_after_commit (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = load_fixture ("catalogue-small.json");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_products = 0;

  handla_catalogue_import_async (fixture->catalogue, bytes, cancellable, got_result_cb, &result);
  /* Once a job queued behind it has run, the import has committed; its
   * result is on its way back. Cancelling now is too late. */
  handla_store_run_sync (fixture->store, barrier_job, NULL, NULL, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);

  wait_for (&result);
  g_assert_true (handla_catalogue_import_finish (fixture->catalogue, result, &n_products, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_products, ==, 8);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpuint (count_products (fixture), ==, 8);
}

static const char offer_document[] =
  "{\"format\": \"handla-catalogue\", \"version\": 1,"
  " \"categories\": [{\"id\": \"c\", \"name\": \"C\"}],"
  " \"products\": ["
  "  {\"id\": \"ends\", \"name\": \"Ends\", \"category\": \"c\", \"price_ore\": 1000,"
  "   \"popularity\": 3,"
  "   \"offer\": {\"price_ore\": 800, \"text\": \"Veckans pris\", \"valid_to\": \"2024-06-05\"}},"
  "  {\"id\": \"lasts\", \"name\": \"Lasts\", \"category\": \"c\", \"price_ore\": 2000,"
  "   \"popularity\": 2,"
  "   \"offer\": {\"price_ore\": 1500}},"
  "  {\"id\": \"none\", \"name\": \"None\", \"category\": \"c\", \"price_ore\": 3000,"
  "   \"popularity\": 1}"
  "]}";

static void
assert_offer_of_ends (Fixture  *fixture,
                      gboolean  current)
{
  g_autoptr(GListModel) offers = list_products (fixture, NULL);
  g_autoptr(GListModel) category = list_products (fixture, "c");
  g_autoptr(HandlaProduct) ends = NULL;
  g_autoptr(HandlaProduct) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *offer_ids = product_ids (offers);

  g_assert_cmpstr (offer_ids, ==, current ? "ends,lasts" : "lasts");

  ends = get_product (fixture, "ends", &error);
  g_assert_no_error (error);
  listed = g_list_model_get_item (category, 0);
  g_assert_cmpstr (handla_product_get_id (listed), ==, "ends");

  for (guint i = 0; i < 2; i++)
    {
      HandlaProduct *product = i == 0 ? ends : listed;

      g_assert_cmpint (handla_product_has_offer (product), ==, current);
      g_assert_cmpint (handla_product_get_offer_price (product), ==, current ? 800 : -1);
      g_assert_cmpstr (handla_product_get_offer_text (product), ==, current ? "Veckans pris" : NULL);
      g_assert_cmpint (handla_product_get_current_price (product), ==, current ? 800 : 1000);
      /* The last day, shown on the offers page, goes with the offer. */
      g_assert_cmpstr (handla_product_get_offer_valid_to (product), ==, current ? "2024-06-05" : NULL);
    }
}

static void
test_catalogue_offer_ends (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (offer_document, strlen (offer_document));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last_day_late = g_date_time_new_utc (2024, 6, 5, 21, 59, 59);
  g_autoptr(GDateTime) day_after = g_date_time_new_utc (2024, 6, 5, 22, 0, 0);

  g_assert_true (import_bytes (fixture, bytes, NULL, &error));
  g_assert_no_error (error);

  /* Monday 3 June: before valid_to */
  assert_offer_of_ends (fixture, TRUE);

  /* 23:59:59 on 5 June in Stockholm (CEST), the offer's last day */
  handla_clock_set_now (fixture->clock, last_day_late);
  assert_offer_of_ends (fixture, TRUE);

  /* Midnight in Stockholm, still 5 June in UTC: the offer is over. */
  handla_clock_set_now (fixture->clock, day_after);
  assert_offer_of_ends (fixture, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/catalogue/import", test_catalogue_import);
  ADD ("/handla/catalogue/import-sync", test_catalogue_import_sync);
  ADD ("/handla/catalogue/categories", test_catalogue_categories);
  ADD ("/handla/catalogue/products", test_catalogue_products);
  ADD ("/handla/catalogue/offers", test_catalogue_offers);
  ADD ("/handla/catalogue/get-product", test_catalogue_get_product);
  ADD ("/handla/catalogue/replace", test_catalogue_replace);
  ADD ("/handla/catalogue/extra-members", test_catalogue_extra_members);
  ADD ("/handla/catalogue/cancelled", test_catalogue_cancelled);
  ADD ("/handla/catalogue/cancelled-after-commit", test_catalogue_cancelled_after_commit);
  ADD ("/handla/catalogue/offer-ends", test_catalogue_offer_ends);

#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = NULL;

      if (refusals[i].fixture != NULL)
        {
          g_autofree char *base = g_strndup (refusals[i].fixture,
                                             strlen (refusals[i].fixture) - strlen (".json"));

          path = g_strdup_printf ("/handla/catalogue/refused/%s", base);
        }
      else
        path = g_strdup_printf ("/handla/catalogue/refused/inline-%02u", i);

      g_test_add (path, Fixture, &refusals[i], fixture_set_up, test_catalogue_refused,
                  fixture_tear_down);
    }

  return g_test_run ();
}
