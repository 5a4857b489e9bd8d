/* handla-catalogue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-catalogue.h"
#include "handla-catalogue-document.h"
#include "handla-catalogue-private.h"
#include "handla-catalogue-search.h"
#include "handla-cutoff.h"
#include "handla-product-private.h"
#include "handla-search-fold.h"
#include "handla-sql.h"
#include "handla-store-private.h"

/*
 * The catalogue cached in the store: importing a supplier's document and
 * the queries the pages need. Every query runs as a store job and builds
 * its GListStore on the database thread; the UI gets the finished model.
 *
 * Import is all or nothing. The document is parsed and validated inside
 * the store job (never on the UI thread); only a document without a
 * single problem is written. Writing is a plain delete-and-insert of
 * category, product and catalogue_meta inside ONE transaction: the store
 * has a single connection and runs one job at a time, so no query can see
 * the catalogue half-replaced, and any failure rolls back to the old
 * catalogue, complete. basket_line does not reference product, so
 * baskets are untouched by a replacement.
 *
 * Time comes from the HandlaClock: the import stamps imported_at with it,
 * and every product query binds today's date in Europe/Stockholm, so an
 * offer counts only up to and including its offer.valid_to.
 */

struct _HandlaCatalogue
{
  GObject       parent_instance;

  HandlaStore  *store;
  HandlaClock  *clock;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (HandlaCatalogue, handla_catalogue, G_TYPE_OBJECT)

G_DEFINE_QUARK (handla-catalogue-error-quark, handla_catalogue_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  N_PROPS,
};

enum {
  CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- database thread ------------------------------------------------ */

static gboolean
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

/* Negative amounts mean "none" and are stored as NULL. */
static gboolean
bind_amount (sqlite3_stmt *stmt,
             int           index,
             gint64        amount)
{
  if (amount < 0)
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  return sqlite3_bind_int64 (stmt, index, amount) == SQLITE_OK;
}

static gboolean
insert_category (sqlite3_stmt                 *stmt,
                 const HandlaDocumentCategory *category,
                 GError                      **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (!bind_text (stmt, 1, category->id) ||
      !bind_text (stmt, 2, category->name) ||
      !bind_text (stmt, 3, category->icon) ||
      !bind_amount (stmt, 4, category->position))
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

/* Binds @product as parameters 1–20, in the column order of PRODUCT_VALUES. */
static gboolean
bind_product (sqlite3_stmt                *stmt,
              const HandlaDocumentProduct *product)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return (bind_text (stmt, 1, product->id) &&
          bind_text (stmt, 2, product->category_id) &&
          bind_text (stmt, 3, product->name) &&
          bind_text (stmt, 4, product->brand) &&
          bind_text (stmt, 5, product->size) &&
          bind_text (stmt, 6, product->ean) &&
          bind_amount (stmt, 7, product->price_ore) &&
          bind_text (stmt, 8, product->sold_by) &&
          bind_amount (stmt, 9, product->comparison_price_ore) &&
          bind_text (stmt, 10, product->comparison_unit) &&
          bind_amount (stmt, 11, product->pant_ore) &&
          bind_text (stmt, 12, product->labels) &&
          bind_text (stmt, 13, product->allergens) &&
          bind_text (stmt, 14, product->origin) &&
          bind_text (stmt, 15, product->ingredients) &&
          bind_text (stmt, 16, product->image_url) &&
          bind_amount (stmt, 17, product->offer_price_ore) &&
          bind_text (stmt, 18, product->offer_text) &&
          bind_text (stmt, 19, product->offer_valid_to) &&
          bind_amount (stmt, 20, product->popularity));
}

static gboolean
insert_product (sqlite3_stmt                *stmt,
                const HandlaDocumentProduct *product,
                GError                     **error)
{
  if (!bind_product (stmt, product))
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

/* @product's row of product_search (migration 8), folded in C exactly as
 * the triggers fold in SQL; the swap writes it while they stand aside. */
static gboolean
insert_search_text (sqlite3_stmt                *stmt,
                    sqlite3_int64                rowid,
                    const HandlaDocumentProduct *product,
                    GError                     **error)
{
  g_autofree char *name = _handla_search_fold (product->name);
  g_autofree char *brand = _handla_search_fold (product->brand);
  g_autofree char *both = g_strconcat (product->name, " ",
                                       product->brand != NULL ? product->brand : "", NULL);
  g_autofree char *typed = _handla_search_typed (both);

  sqlite3_reset (stmt);
  if (sqlite3_bind_int64 (stmt, 1, rowid) != SQLITE_OK ||
      !bind_text (stmt, 2, name) ||
      !bind_text (stmt, 3, brand) ||
      !bind_text (stmt, 4, typed))
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

#define PRODUCT_INSERT \
  "INSERT INTO product (id, category_id, name, brand, size, ean," \
  " price_ore, sold_by, comparison_price_ore, comparison_unit," \
  " pant_ore, labels, allergens, origin, ingredients, image_url," \
  " offer_price_ore, offer_text, offer_valid_to, popularity) " \
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define PRODUCT_UPSERT \
  PRODUCT_INSERT \
  " ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id," \
  " name = excluded.name, brand = excluded.brand, size = excluded.size," \
  " ean = excluded.ean, price_ore = excluded.price_ore, sold_by = excluded.sold_by," \
  " comparison_price_ore = excluded.comparison_price_ore," \
  " comparison_unit = excluded.comparison_unit, pant_ore = excluded.pant_ore," \
  " labels = excluded.labels, allergens = excluded.allergens, origin = excluded.origin," \
  " ingredients = excluded.ingredients, image_url = excluded.image_url," \
  " offer_price_ore = excluded.offer_price_ore, offer_text = excluded.offer_text," \
  " offer_valid_to = excluded.offer_valid_to, popularity = excluded.popularity"

/* A row when the stored product is exactly the bound one. */
#define PRODUCT_UNCHANGED \
  "SELECT 1 FROM product WHERE id = ?1 AND category_id IS ?2 AND name IS ?3" \
  " AND brand IS ?4 AND size IS ?5 AND ean IS ?6 AND price_ore IS ?7 AND sold_by IS ?8" \
  " AND comparison_price_ore IS ?9 AND comparison_unit IS ?10 AND pant_ore IS ?11" \
  " AND labels IS ?12 AND allergens IS ?13 AND origin IS ?14 AND ingredients IS ?15" \
  " AND image_url IS ?16 AND offer_price_ore IS ?17 AND offer_text IS ?18" \
  " AND offer_valid_to IS ?19 AND popularity IS ?20"

typedef enum {
  PRODUCT_IS_NEW,
  PRODUCT_IS_CHANGED,
  PRODUCT_IS_SAME,
} ProductDifference;

/* How @product differs from the stored one. @exists_stmt is
 * "SELECT 1 FROM product WHERE id = ?", @same_stmt PRODUCT_UNCHANGED. */
static gboolean
compare_product (sqlite3_stmt                *exists_stmt,
                 sqlite3_stmt                *same_stmt,
                 const HandlaDocumentProduct *product,
                 ProductDifference           *out,
                 GError                     **error)
{
  int rc;

  sqlite3_reset (exists_stmt);
  if (!bind_text (exists_stmt, 1, product->id))
    goto failed;
  rc = sqlite3_step (exists_stmt);
  if (rc == SQLITE_DONE)
    {
      *out = PRODUCT_IS_NEW;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    goto failed;

  if (!bind_product (same_stmt, product))
    goto failed;
  rc = sqlite3_step (same_stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    goto failed;

  *out = rc == SQLITE_ROW ? PRODUCT_IS_SAME : PRODUCT_IS_CHANGED;
  return TRUE;

failed:
  handla_sql_set_error (sqlite3_db_handle (exists_stmt), error);
  return FALSE;
}

/* Sets (or, for a NULL @value, removes) one sync_state entry. */
static gboolean
set_sync_value (sqlite3     *db,
                const char  *key,
                const char  *value,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (value != NULL)
    stmt = handla_sql_prepare (db,
                               "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  else
    stmt = handla_sql_prepare (db, "DELETE FROM sync_state WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;

  if (!bind_text (stmt, 1, key) || (value != NULL && !bind_text (stmt, 2, value)))
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

static gboolean
count_products (sqlite3  *db,
                guint    *n_products,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, "SELECT count(*) FROM product", error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  *n_products = (guint)sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
insert_meta (sqlite3_stmt  *stmt,
             const char    *key,
             const char    *value,
             GError       **error)
{
  if (value == NULL)
    return TRUE;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (!bind_text (stmt, 1, key) || !bind_text (stmt, 2, value))
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

/* The ids of every stored product, for counting what a full replacement
 * deletes. */
static GHashTable *
read_product_ids (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, "SELECT id FROM product", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup (handla_sql_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Most popular first, then by id: the order a swap writes products in. */
static int
compare_popularity (gconstpointer a,
                    gconstpointer b)
{
  const HandlaDocumentProduct *x = *(HandlaDocumentProduct * const *)a;
  const HandlaDocumentProduct *y = *(HandlaDocumentProduct * const *)b;

  if (x->popularity != y->popularity)
    return x->popularity > y->popularity ? -1 : 1;

  return g_strcmp0 (x->id, y->id);
}

/*
 * Replaces the whole catalogue with @document in one transaction and
 * records the sync state that goes with it: @etag and @cursor of the
 * listing, or, for a file (both NULL), none, so that the next sync is a
 * full one. @changes, if given, gets what changed.
 */
static gboolean
write_catalogue (sqlite3                  *db,
                 HandlaCatalogueDocument  *document,
                 const char               *imported_at,
                 const char               *etag,
                 const char               *cursor,
                 HandlaCatalogueChanges   *changes,
                 GError                  **error)
{
  g_autoptr(sqlite3_stmt) category_stmt = NULL;
  g_autoptr(sqlite3_stmt) product_stmt = NULL;
  g_autoptr(sqlite3_stmt) meta_stmt = NULL;
  g_autoptr(sqlite3_stmt) exists_stmt = NULL;
  g_autoptr(sqlite3_stmt) same_stmt = NULL;
  g_autoptr(sqlite3_stmt) search_stmt = NULL;
  g_autoptr(GHashTable) old_ids = NULL;
  g_autoptr(GPtrArray) by_popularity = NULL;
  HandlaCatalogueChanges counted = { 0, };

  category_stmt = handla_sql_prepare (db,
                                      "INSERT INTO category (id, name, icon, position) "
                                      "VALUES (?, ?, ?, ?)",
                                      error);
  if (category_stmt == NULL)
    return FALSE;

  product_stmt = handla_sql_prepare (db, PRODUCT_INSERT, error);
  if (product_stmt == NULL)
    return FALSE;

  meta_stmt = handla_sql_prepare (db,
                                  "INSERT INTO catalogue_meta (key, value) VALUES (?, ?)",
                                  error);
  if (meta_stmt == NULL)
    return FALSE;

  exists_stmt = handla_sql_prepare (db, "SELECT 1 FROM product WHERE id = ?", error);
  if (exists_stmt == NULL)
    return FALSE;

  same_stmt = handla_sql_prepare (db, PRODUCT_UNCHANGED, error);
  if (same_stmt == NULL)
    return FALSE;

  search_stmt = handla_sql_prepare (db,
                                    "INSERT INTO product_search (rowid, name, brand, typed) "
                                    "VALUES (?, ?, ?, ?)",
                                    error);
  if (search_stmt == NULL)
    return FALSE;

  if (!handla_sql_begin (db, error))
    return FALSE;

  /* Count against the old catalogue before it goes. */
  old_ids = read_product_ids (db, error);
  if (old_ids == NULL)
    goto failed;

  for (guint i = 0; i < document->products->len; i++)
    {
      const HandlaDocumentProduct *product = g_ptr_array_index (document->products, i);
      ProductDifference difference;

      if (!compare_product (exists_stmt, same_stmt, product, &difference, error))
        goto failed;

      if (difference == PRODUCT_IS_NEW)
        counted.n_added++;
      else if (difference == PRODUCT_IS_CHANGED)
        counted.n_changed++;
      g_hash_table_remove (old_ids, product->id);
    }
  counted.n_deleted = g_hash_table_size (old_ids);
  counted.n_products = document->products->len;
  sqlite3_reset (exists_stmt);
  sqlite3_reset (same_stmt);

  /* The search index's triggers stand aside while every row is written;
   * the index is rebuilt once below, in this transaction
   * (docs/search.md "The index"). */
  if (!_handla_store_pause_search_index (db, TRUE, error) ||
      !handla_sql_exec (db,
                        "DELETE FROM product;"
                        "DELETE FROM product_search;"
                        "DELETE FROM category;"
                        "DELETE FROM catalogue_meta;",
                        error))
    goto failed;

  for (guint i = 0; i < document->categories->len; i++)
    {
      if (!insert_category (category_stmt, g_ptr_array_index (document->categories, i), error))
        goto failed;
    }

  /* Most popular first, so the rowids follow popularity: the search
   * takes the first candidates of a common word or short prefix in rowid
   * order (handla-catalogue-search.c). */
  by_popularity = g_ptr_array_new_full (document->products->len, NULL);
  for (guint i = 0; i < document->products->len; i++)
    g_ptr_array_add (by_popularity, g_ptr_array_index (document->products, i));
  g_ptr_array_sort (by_popularity, compare_popularity);

  for (guint i = 0; i < by_popularity->len; i++)
    {
      const HandlaDocumentProduct *product = g_ptr_array_index (by_popularity, i);

      if (!insert_product (product_stmt, product, error) ||
          !insert_search_text (search_stmt, sqlite3_last_insert_rowid (db), product, error))
        goto failed;
    }

  if (!_handla_store_rebuild_search_index (db, error) ||
      !_handla_store_pause_search_index (db, FALSE, error))
    goto failed;

  if (!insert_meta (meta_stmt, "supplier_id", document->supplier_id, error) ||
      !insert_meta (meta_stmt, "supplier_name", document->supplier_name, error) ||
      !insert_meta (meta_stmt, "generated_at", document->generated_at, error) ||
      !insert_meta (meta_stmt, "credit", document->credit, error) ||
      !insert_meta (meta_stmt, "imported_at", imported_at, error))
    goto failed;

  if (!set_sync_value (db, HANDLA_SYNC_KEY_CATALOGUE_ETAG, etag, error) ||
      !set_sync_value (db, HANDLA_SYNC_KEY_CATALOGUE_CURSOR, cursor, error))
    goto failed;

  if (!handla_sql_commit (db, error))
    return FALSE;

  if (changes != NULL)
    *changes = counted;

  return TRUE;

failed:
  handla_sql_rollback (db);
  return FALSE;
}

typedef struct
{
  GBytes *bytes;
  char   *imported_at;   /* ISO 8601, from the clock */
} Import;

static void
import_free (gpointer data)
{
  Import *import = data;

  g_bytes_unref (import->bytes);
  g_free (import->imported_at);
  g_free (import);
}

static gpointer
import_job (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  Import *import = data;
  g_autoptr(HandlaCatalogueDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  guint *n_products;

  document = _handla_catalogue_document_parse (import->bytes, &local_error);
  if (document == NULL)
    {
      g_set_error (error,
                   local_error->domain,
                   local_error->code,
                   /* Translators: %s is a problem in the catalogue file, e.g.
                    * "product 12 (“Mellanmjölk”): price_ore must be a whole number of öre" */
                   _("%s. The old catalogue is kept."),
                   local_error->message);
      return NULL;
    }

  if (!write_catalogue (db, document, import->imported_at, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error,
                   local_error->domain,
                   local_error->code,
                   _("The new catalogue could not be saved (%s). The old catalogue is kept."),
                   local_error->message);
      return NULL;
    }

  n_products = g_new (guint, 1);
  *n_products = document->products->len;

  return n_products;
}

static gpointer
count_products_job (sqlite3  *db,
                    gpointer  data,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint *count;

  stmt = handla_sql_prepare (db, "SELECT count(*) FROM product", error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  count = g_new (guint, 1);
  *count = (guint)sqlite3_column_int64 (stmt, 0);

  return count;
}

static gpointer
list_categories_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (HANDLA_TYPE_CATEGORY);
  int rc;

  /* The inner join leaves out categories without products. */
  stmt = handla_sql_prepare (db,
                             "SELECT c.id, c.name, c.icon, count(*) "
                             "FROM category c JOIN product p ON p.category_id = c.id "
                             "GROUP BY c.id "
                             "ORDER BY c.position IS NULL, c.position, c.name, c.id",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(HandlaCategory) category = NULL;

      category = handla_category_new (handla_sql_column_text (stmt, 0),
                                      handla_sql_column_text (stmt, 1),
                                      handla_sql_column_text (stmt, 2),
                                      (guint)sqlite3_column_int64 (stmt, 3));
      g_list_store_append (store, category);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&store);
}

typedef enum {
  LIST_CATEGORY,
  LIST_OFFERS,
  LIST_ONE,
} ListKind;

typedef struct
{
  ListKind  kind;
  char     *id;     /* the category or product id */
  char     *today;  /* YYYY-MM-DD in Europe/Stockholm */
} ListQuery;

static void
list_query_free (gpointer data)
{
  ListQuery *query = data;

  g_free (query->id);
  g_free (query->today);
  g_free (query);
}

#define PRODUCT_FROM \
  " FROM product p LEFT JOIN category c ON c.id = p.category_id "
#define PRODUCT_ORDER \
  " ORDER BY p.popularity DESC, p.name, p.id"

static GListStore *
query_products (sqlite3    *db,
                ListQuery  *query,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (HANDLA_TYPE_PRODUCT);
  const char *sql = NULL;
  int rc;

  switch (query->kind)
    {
    case LIST_CATEGORY:
      sql = "SELECT " HANDLA_PRODUCT_COLUMNS PRODUCT_FROM
            "WHERE p.category_id = :id" PRODUCT_ORDER;
      break;

    case LIST_OFFERS:
      sql = "SELECT " HANDLA_PRODUCT_COLUMNS PRODUCT_FROM
            "WHERE p.offer_price_ore IS NOT NULL"
            " AND " HANDLA_PRODUCT_OFFER_IS_CURRENT PRODUCT_ORDER;
      break;

    case LIST_ONE:
      sql = "SELECT " HANDLA_PRODUCT_COLUMNS PRODUCT_FROM
            "WHERE p.id = :id";
      break;

    default:
      g_assert_not_reached ();
    }

  stmt = handla_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  if ((query->id != NULL &&
       !bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":id"), query->id)) ||
      !_handla_product_bind_today (stmt, query->today))
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(HandlaProduct) product = _handla_product_new_from_row (stmt, 0);

      g_list_store_append (store, product);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&store);
}

static gpointer
list_products_job (sqlite3  *db,
                   gpointer  data,
                   GError  **error)
{
  return query_products (db, data, error);
}

static gpointer
get_product_job (sqlite3  *db,
                 gpointer  data,
                 GError  **error)
{
  ListQuery *query = data;
  g_autoptr(GListStore) found = query_products (db, query, error);

  if (found == NULL)
    return NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 0)
    {
      g_set_error (error,
                   HANDLA_CATALOGUE_ERROR,
                   HANDLA_CATALOGUE_ERROR_NOT_FOUND,
                   _("The product “%s” is not in the catalogue"),
                   query->id);
      return NULL;
    }

  return g_list_model_get_item (G_LIST_MODEL (found), 0);
}

typedef struct
{
  char  *text;
  char  *customer_id;
  char  *today;
  guint  limit;
} Search;

static void
search_free (gpointer data)
{
  Search *search = data;

  g_free (search->text);
  g_free (search->customer_id);
  g_free (search->today);
  g_free (search);
}

static gpointer
search_job (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  Search *search = data;
  HandlaSearchQuery query = {
    .text = search->text,
    .customer_id = search->customer_id,
    .today = search->today,
    .limit = search->limit,
  };
  g_autoptr(GPtrArray) found = NULL;
  GListStore *store;

  found = _handla_catalogue_search (db, &query, error);
  if (found == NULL)
    return NULL;

  store = g_list_store_new (HANDLA_TYPE_PRODUCT);
  g_list_store_splice (store, 0, 0, found->pdata, found->len);

  return store;
}

/* ---- sync (for HandlaSupplierClient) -------------------------------- */

typedef struct
{
  char *etag;
  char *cursor;
} SyncState;

static void
sync_state_free (gpointer data)
{
  SyncState *state = data;

  g_free (state->etag);
  g_free (state->cursor);
  g_free (state);
}

static gpointer
read_sync_state_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SyncState *state;
  int rc;

  stmt = handla_sql_prepare (db, "SELECT key, value FROM sync_state WHERE key IN (?, ?)", error);
  if (stmt == NULL)
    return NULL;

  if (!bind_text (stmt, 1, HANDLA_SYNC_KEY_CATALOGUE_ETAG) ||
      !bind_text (stmt, 2, HANDLA_SYNC_KEY_CATALOGUE_CURSOR))
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  state = g_new0 (SyncState, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = handla_sql_column_text (stmt, 0);
      const char *value = handla_sql_column_text (stmt, 1);

      char **slot;

      if (g_strcmp0 (key, HANDLA_SYNC_KEY_CATALOGUE_ETAG) == 0)
        slot = &state->etag;
      else
        slot = &state->cursor;

      g_free (*slot);
      *slot = g_strdup (value);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      sync_state_free (state);
      return NULL;
    }

  return state;
}

typedef struct
{
  HandlaCatalogueDocument *document;  /* a full listing */
  GPtrArray               *pages;     /* or the pages of a delta */
  char                    *etag;
  char                    *cursor;
  char                    *imported_at;
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  g_clear_pointer (&update->document, _handla_catalogue_document_free);
  g_clear_pointer (&update->pages, g_ptr_array_unref);
  g_free (update->etag);
  g_free (update->cursor);
  g_free (update->imported_at);
  g_free (update);
}

static gpointer
replace_job (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  Update *update = data;
  HandlaCatalogueChanges *changes = g_new0 (HandlaCatalogueChanges, 1);

  if (!write_catalogue (db, update->document, update->imported_at,
                        update->etag, update->cursor, changes, error))
    {
      g_free (changes);
      return NULL;
    }

  return changes;
}

static gboolean
apply_delta_page (sqlite3                 *db,
                  HandlaCatalogueDocument *page,
                  sqlite3_stmt            *category_stmt,
                  sqlite3_stmt            *product_stmt,
                  sqlite3_stmt            *exists_stmt,
                  sqlite3_stmt            *same_stmt,
                  sqlite3_stmt            *delete_product_stmt,
                  sqlite3_stmt            *delete_category_stmt,
                  HandlaCatalogueChanges  *changes,
                  GError                 **error)
{
  /* Category upserts, product upserts, product deletions, category
   * deletions: in that order (docs/supplier-api.yaml). */
  for (guint i = 0; i < page->categories->len; i++)
    {
      if (!insert_category (category_stmt, g_ptr_array_index (page->categories, i), error))
        return FALSE;
    }

  for (guint i = 0; i < page->products->len; i++)
    {
      const HandlaDocumentProduct *product = g_ptr_array_index (page->products, i);
      ProductDifference difference;

      if (!compare_product (exists_stmt, same_stmt, product, &difference, error))
        return FALSE;
      sqlite3_reset (exists_stmt);
      sqlite3_reset (same_stmt);

      if (difference == PRODUCT_IS_NEW)
        changes->n_added++;
      else if (difference == PRODUCT_IS_CHANGED)
        changes->n_changed++;

      if (difference != PRODUCT_IS_SAME &&
          !insert_product (product_stmt, product, error))
        return FALSE;
    }

  for (guint i = 0; i < page->deleted_product_ids->len; i++)
    {
      sqlite3_reset (delete_product_stmt);
      if (!bind_text (delete_product_stmt, 1, g_ptr_array_index (page->deleted_product_ids, i)))
        {
          handla_sql_set_error (db, error);
          return FALSE;
        }
      if (!handla_sql_step_done (delete_product_stmt, error))
        return FALSE;
      changes->n_deleted += (guint)sqlite3_changes (db);
    }

  for (guint i = 0; i < page->deleted_category_ids->len; i++)
    {
      sqlite3_reset (delete_category_stmt);
      if (!bind_text (delete_category_stmt, 1, g_ptr_array_index (page->deleted_category_ids, i)))
        {
          handla_sql_set_error (db, error);
          return FALSE;
        }
      if (!handla_sql_step_done (delete_category_stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Applies every page of a delta, and the new sync state, in ONE
 * transaction: a delta is taken whole or not at all. */
static gpointer
apply_delta_job (sqlite3  *db,
                 gpointer  data,
                 GError  **error)
{
  Update *update = data;
  g_autoptr(sqlite3_stmt) category_stmt = NULL;
  g_autoptr(sqlite3_stmt) product_stmt = NULL;
  g_autoptr(sqlite3_stmt) exists_stmt = NULL;
  g_autoptr(sqlite3_stmt) same_stmt = NULL;
  g_autoptr(sqlite3_stmt) delete_product_stmt = NULL;
  g_autoptr(sqlite3_stmt) delete_category_stmt = NULL;
  g_autoptr(sqlite3_stmt) meta_stmt = NULL;
  g_autofree HandlaCatalogueChanges *changes = g_new0 (HandlaCatalogueChanges, 1);

  if ((category_stmt = handla_sql_prepare (db,
                                           "INSERT INTO category (id, name, icon, position) "
                                           "VALUES (?, ?, ?, ?) "
                                           "ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                                           " icon = excluded.icon, position = excluded.position",
                                           error)) == NULL ||
      (product_stmt = handla_sql_prepare (db, PRODUCT_UPSERT, error)) == NULL ||
      (exists_stmt = handla_sql_prepare (db, "SELECT 1 FROM product WHERE id = ?", error)) == NULL ||
      (same_stmt = handla_sql_prepare (db, PRODUCT_UNCHANGED, error)) == NULL ||
      (delete_product_stmt = handla_sql_prepare (db, "DELETE FROM product WHERE id = ?",
                                                 error)) == NULL ||
      (delete_category_stmt = handla_sql_prepare (db, "DELETE FROM category WHERE id = ?",
                                                  error)) == NULL ||
      (meta_stmt = handla_sql_prepare (db,
                                       "INSERT INTO catalogue_meta (key, value) VALUES (?, ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                       error)) == NULL)
    return NULL;

  if (!handla_sql_begin (db, error))
    return NULL;

  for (guint i = 0; i < update->pages->len; i++)
    {
      if (!apply_delta_page (db, g_ptr_array_index (update->pages, i),
                             category_stmt, product_stmt, exists_stmt, same_stmt,
                             delete_product_stmt, delete_category_stmt,
                             changes, error))
        goto failed;
    }

  if (!insert_meta (meta_stmt, "imported_at", update->imported_at, error) ||
      !set_sync_value (db, HANDLA_SYNC_KEY_CATALOGUE_ETAG, update->etag, error) ||
      !set_sync_value (db, HANDLA_SYNC_KEY_CATALOGUE_CURSOR, update->cursor, error) ||
      !count_products (db, &changes->n_products, error))
    goto failed;

  if (!handla_sql_commit (db, error))
    return NULL;

  return g_steal_pointer (&changes);

failed:
  handla_sql_rollback (db);
  return NULL;
}

/* ---- main context --------------------------------------------------- */

static gboolean
emit_changed_cb (gpointer user_data)
{
  HandlaCatalogue *self = user_data;

  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaCatalogue *self = g_task_get_source_object (task);
  GError *error = NULL;
  guint *n_products;

  n_products = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (n_products == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  g_task_return_pointer (task, n_products, g_free);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  guint *count;

  count = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (count == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, count, g_free);
}

static void
object_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GObject *value;

  value = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, g_object_unref);
}

static void
update_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaCatalogue *self = g_task_get_source_object (task);
  GError *error = NULL;
  HandlaCatalogueChanges *changes;

  changes = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (changes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only after the swap has been committed, and only if it changed
   * anything a page shows. */
  if (g_task_get_source_tag (task) == _handla_catalogue_replace_async ||
      changes->n_added + changes->n_changed + changes->n_deleted > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  g_task_return_pointer (task, changes, g_free);
}

static void
sync_state_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SyncState *state;

  state = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, sync_state_free);
}

static void
handla_catalogue_dispose (GObject *object)
{
  HandlaCatalogue *self = (HandlaCatalogue *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (handla_catalogue_parent_class)->dispose (object);
}

static void
handla_catalogue_finalize (GObject *object)
{
  HandlaCatalogue *self = (HandlaCatalogue *)object;

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (handla_catalogue_parent_class)->finalize (object);
}

static void
handla_catalogue_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HandlaCatalogue *self = HANDLA_CATALOGUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_catalogue_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HandlaCatalogue *self = HANDLA_CATALOGUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_catalogue_class_init (HandlaCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_catalogue_dispose;
  object_class->finalize = handla_catalogue_finalize;
  object_class->get_property = handla_catalogue_get_property;
  object_class->set_property = handla_catalogue_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HANDLA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaCatalogue:clock:
   *
   * Where "now" comes from: the import time, and the day that decides
   * whether an offer still holds.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HANDLA_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HandlaCatalogue::changed:
   *
   * Emitted on the main context the catalogue was made on, after an
   * import replaced the catalogue. Models listed before are stale:
   * list them again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
handla_catalogue_init (HandlaCatalogue *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/**
 * handla_catalogue_new:
 * @store: the store the catalogue lives in
 * @clock: the clock: it stamps imports and decides which offers still hold
 *
 * Returns: (transfer full): a new #HandlaCatalogue. Its signals are
 *   emitted on the thread-default main context of the caller.
 */
HandlaCatalogue *
handla_catalogue_new (HandlaStore *store,
                      HandlaClock *clock)
{
  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);
  g_return_val_if_fail (HANDLA_IS_CLOCK (clock), NULL);

  return g_object_new (HANDLA_TYPE_CATALOGUE,
                       "store", store,
                       "clock", clock,
                       NULL);
}

static Import *
import_new (HandlaCatalogue *self,
            GBytes          *document)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  Import *import = g_new0 (Import, 1);

  import->bytes = g_bytes_ref (document);
  import->imported_at = g_date_time_format_iso8601 (now);

  return import;
}

static ListQuery *
list_query_new (HandlaCatalogue *self,
                ListKind         kind,
                const char      *id)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  ListQuery *query = g_new0 (ListQuery, 1);

  query->kind = kind;
  query->id = g_strdup (id);
  query->today = _handla_product_today (now);

  return query;
}

/**
 * handla_catalogue_import_async:
 * @self: a #HandlaCatalogue
 * @document: a catalogue document (docs/catalogue.schema.json)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the import is done
 * @user_data: passed to @callback
 *
 * Parses, validates and stores @document, replacing the whole catalogue,
 * on the database thread. A document with any problem is refused whole
 * and the old catalogue stays as it was. On success #HandlaCatalogue::changed
 * is emitted just before @callback runs.
 *
 * @cancellable only stops an import that has not started yet; an import
 * that has started always reports its real outcome.
 */
void
handla_catalogue_import_async (HandlaCatalogue     *self,
                               GBytes              *document,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (document != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_catalogue_import_async);
  /* Once the import job ran, its outcome is final: a catalogue that was
   * committed is reported, and ::changed emitted, even if @cancellable
   * fires before the result is back. */
  g_task_set_check_cancellable (task, FALSE);

  handla_store_run_async (self->store,
                          import_job,
                          import_new (self, document),
                          import_free,
                          g_free,
                          cancellable,
                          import_done_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_catalogue_import_finish:
 * @self: a #HandlaCatalogue
 * @result: the #GAsyncResult
 * @n_products: (out) (optional): how many products the new catalogue has
 * @error: return location for an error: %HANDLA_CATALOGUE_ERROR_INVALID or
 *   %HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION for a refused document,
 *   a %HANDLA_STORE_ERROR if it could not be written
 *
 * Returns: %TRUE if the catalogue was replaced
 */
gboolean
handla_catalogue_import_finish (HandlaCatalogue  *self,
                                GAsyncResult     *result,
                                guint            *n_products,
                                GError          **error)
{
  g_autofree guint *count = NULL;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_pointer (G_TASK (result), error);
  if (count == NULL)
    return FALSE;

  if (n_products != NULL)
    *n_products = *count;

  return TRUE;
}

/**
 * handla_catalogue_import_sync:
 * @self: a #HandlaCatalogue
 * @document: a catalogue document
 * @n_products: (out) (optional): how many products the new catalogue has
 * @error: return location for an error
 *
 * Like handla_catalogue_import_async(), but blocks. For tools and tests.
 * #HandlaCatalogue::changed is emitted on the catalogue's main context:
 * at once if the calling thread can run it, otherwise on its next
 * iteration.
 *
 * Returns: %TRUE if the catalogue was replaced
 */
gboolean
handla_catalogue_import_sync (HandlaCatalogue  *self,
                              GBytes           *document,
                              guint            *n_products,
                              GError          **error)
{
  g_autofree guint *count = NULL;
  Import *import;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  import = import_new (self, document);
  count = handla_store_run_sync (self->store, import_job, import, g_free, error);
  import_free (import);
  if (count == NULL)
    return FALSE;

  if (n_products != NULL)
    *n_products = *count;

  g_main_context_invoke_full (self->context,
                              G_PRIORITY_DEFAULT,
                              emit_changed_cb,
                              g_object_ref (self),
                              g_object_unref);

  return TRUE;
}

void
handla_catalogue_count_products_async (HandlaCatalogue     *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_catalogue_count_products_async);

  handla_store_run_async (self->store,
                          count_products_job,
                          NULL, NULL,
                          g_free,
                          cancellable,
                          count_done_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_catalogue_count_products_finish (HandlaCatalogue  *self,
                                        GAsyncResult     *result,
                                        guint            *n_products,
                                        GError          **error)
{
  g_autofree guint *count = NULL;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_pointer (G_TASK (result), error);
  if (count == NULL)
    return FALSE;

  if (n_products != NULL)
    *n_products = *count;

  return TRUE;
}

/**
 * handla_catalogue_list_categories_async:
 * @self: a #HandlaCatalogue
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: passed to @callback
 *
 * Lists the categories that have products, by position and then name,
 * each with its number of products.
 */
void
handla_catalogue_list_categories_async (HandlaCatalogue     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_catalogue_list_categories_async);

  handla_store_run_async (self->store,
                          list_categories_job,
                          NULL, NULL,
                          g_object_unref,
                          cancellable,
                          object_done_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_catalogue_list_categories_finish:
 * @self: a #HandlaCatalogue
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): a #GListModel of #HandlaCategory
 */
GListModel *
handla_catalogue_list_categories_finish (HandlaCatalogue  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        handla_catalogue_list_categories_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_products (HandlaCatalogue     *self,
               ListQuery           *query,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  handla_store_run_async (self->store,
                          list_products_job,
                          query,
                          list_query_free,
                          g_object_unref,
                          cancellable,
                          object_done_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_catalogue_list_products_async:
 * @self: a #HandlaCatalogue
 * @category_id: the category to list
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: passed to @callback
 *
 * Lists the products of a category, the most popular first, then by
 * name. Finish with handla_catalogue_list_products_finish().
 */
void
handla_catalogue_list_products_async (HandlaCatalogue     *self,
                                      const char          *category_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (category_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_products (self,
                 list_query_new (self, LIST_CATEGORY, category_id),
                 handla_catalogue_list_products_async,
                 cancellable, callback, user_data);
}

/**
 * handla_catalogue_list_offers_async:
 * @self: a #HandlaCatalogue
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: passed to @callback
 *
 * Lists the products that have an offer today (the clock's date in
 * Europe/Stockholm, up to and including the offer's last day), the most
 * popular first, then by name. Finish with handla_catalogue_list_products_finish().
 */
void
handla_catalogue_list_offers_async (HandlaCatalogue     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_products (self,
                 list_query_new (self, LIST_OFFERS, NULL),
                 handla_catalogue_list_offers_async,
                 cancellable, callback, user_data);
}

/**
 * handla_catalogue_list_products_finish:
 * @self: a #HandlaCatalogue
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes handla_catalogue_list_products_async() or
 * handla_catalogue_list_offers_async().
 *
 * Returns: (transfer full): a #GListModel of #HandlaProduct
 */
GListModel *
handla_catalogue_list_products_finish (HandlaCatalogue  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
handla_catalogue_get_product_async (HandlaCatalogue     *self,
                                    const char          *product_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (product_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_catalogue_get_product_async);

  handla_store_run_async (self->store,
                          get_product_job,
                          list_query_new (self, LIST_ONE, product_id),
                          list_query_free,
                          g_object_unref,
                          cancellable,
                          object_done_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_catalogue_get_product_finish:
 * @self: a #HandlaCatalogue
 * @result: the #GAsyncResult
 * @error: return location for an error; %HANDLA_CATALOGUE_ERROR_NOT_FOUND
 *   if the catalogue has no such product
 *
 * Returns: (transfer full): the product
 */
HandlaProduct *
handla_catalogue_get_product_finish (HandlaCatalogue  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static Search *
search_new (HandlaCatalogue *self,
            const char      *query,
            const char      *customer_id,
            guint            limit)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  Search *search = g_new0 (Search, 1);

  search->text = g_strdup (query);
  search->customer_id = g_strdup (customer_id);
  search->today = _handla_product_today (now);
  search->limit = limit;

  return search;
}

/**
 * handla_catalogue_search_async:
 * @self: a #HandlaCatalogue
 * @query: what the person typed, e.g. "laktosfri mjölk"
 * @customer_id: (nullable): the customer whose past orders break ties
 * @cancellable: (nullable): a #GCancellable; cancel the previous search
 *   when the query changes, and a search still queued never runs
 * @callback: called with the products
 * @user_data: passed to @callback
 *
 * Searches the catalogue's product names and brands on the database
 * thread (docs/search.md): words inside compounds, word starts while
 * typing, å/ä/ö typed as a/o, small typos and several words; the best
 * matches first. At most %HANDLA_CATALOGUE_SEARCH_LIMIT products. Finish
 * with handla_catalogue_search_finish().
 */
void
handla_catalogue_search_async (HandlaCatalogue     *self,
                               const char          *query,
                               const char          *customer_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_catalogue_search_async);

  handla_store_run_async (self->store,
                          search_job,
                          search_new (self, query, customer_id, HANDLA_CATALOGUE_SEARCH_LIMIT),
                          search_free,
                          g_object_unref,
                          cancellable,
                          object_done_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_catalogue_search_finish:
 * @self: a #HandlaCatalogue
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): a #GListModel of #HandlaProduct, best first;
 *   empty if nothing was found
 */
GListModel *
handla_catalogue_search_finish (HandlaCatalogue  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        handla_catalogue_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * handla_catalogue_search_sync:
 * @self: a #HandlaCatalogue
 * @query: what to look for
 * @customer_id: (nullable): the customer whose past orders break ties
 * @limit: the most products wanted, 0 for %HANDLA_CATALOGUE_SEARCH_LIMIT
 * @error: return location for an error
 *
 * Like handla_catalogue_search_async(), the same job on the database
 * thread, but blocks. For tools and tests: the UI never waits on the disk.
 *
 * Returns: (transfer full): a #GListModel of #HandlaProduct, best first
 */
GListModel *
handla_catalogue_search_sync (HandlaCatalogue  *self,
                              const char       *query,
                              const char       *customer_id,
                              guint             limit,
                              GError          **error)
{
  Search *search;
  GListModel *found;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  search = search_new (self, query, customer_id, limit);
  found = handla_store_run_sync (self->store, search_job, search, g_object_unref, error);
  search_free (search);

  return found;
}

/* ---- private: the supplier client's sync ----------------------------- */

/*
 * _handla_catalogue_read_sync_state_async:
 *
 * Reads the ETag and cursor of the last complete sync; both NULL when the
 * catalogue did not come from a sync (or there is none).
 */
void
_handla_catalogue_read_sync_state_async (HandlaCatalogue     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _handla_catalogue_read_sync_state_async);

  handla_store_run_async (self->store,
                          read_sync_state_job,
                          NULL, NULL,
                          sync_state_free,
                          cancellable,
                          sync_state_done_cb,
                          g_steal_pointer (&task));
}

gboolean
_handla_catalogue_read_sync_state_finish (HandlaCatalogue  *self,
                                          GAsyncResult     *result,
                                          char            **etag,
                                          char            **cursor,
                                          GError          **error)
{
  SyncState *state;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  state = g_task_propagate_pointer (G_TASK (result), error);
  if (state == NULL)
    return FALSE;

  *etag = g_steal_pointer (&state->etag);
  *cursor = g_steal_pointer (&state->cursor);
  sync_state_free (state);

  return TRUE;
}

static void
run_update (HandlaCatalogue     *self,
            HandlaStoreJob       job,
            Update              *update,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);

  update->imported_at = g_date_time_format_iso8601 (now);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* As for imports: once the job ran, its outcome is final. */
  g_task_set_check_cancellable (task, FALSE);

  handla_store_run_async (self->store,
                          job,
                          update,
                          update_free,
                          g_free,
                          cancellable,
                          update_done_cb,
                          g_steal_pointer (&task));
}

/*
 * _handla_catalogue_replace_async:
 * @document: (transfer full): every page of a full listing, merged
 * @etag: (nullable): the listing's ETag
 * @cursor: the listing's cursor
 *
 * Replaces the catalogue with @document and stores @etag and @cursor, in
 * one transaction (the same code as an import). Emits
 * #HandlaCatalogue::changed after the commit. Finish with
 * _handla_catalogue_update_finish().
 */
void
_handla_catalogue_replace_async (HandlaCatalogue         *self,
                                 HandlaCatalogueDocument *document,
                                 const char              *etag,
                                 const char              *cursor,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  Update *update;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (document != NULL);

  update = g_new0 (Update, 1);
  update->document = document;
  update->etag = g_strdup (etag);
  update->cursor = g_strdup (cursor);

  run_update (self, replace_job, update, _handla_catalogue_replace_async,
              cancellable, callback, user_data);
}

/*
 * _handla_catalogue_apply_delta_async:
 * @pages: (transfer full): the delta's pages, of HandlaCatalogueDocument
 *
 * Applies every page and stores @etag and @cursor in one transaction.
 * Emits #HandlaCatalogue::changed after the commit if anything changed.
 */
void
_handla_catalogue_apply_delta_async (HandlaCatalogue     *self,
                                     GPtrArray           *pages,
                                     const char          *etag,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Update *update;

  g_return_if_fail (HANDLA_IS_CATALOGUE (self));
  g_return_if_fail (pages != NULL);

  update = g_new0 (Update, 1);
  update->pages = pages;
  update->etag = g_strdup (etag);
  update->cursor = g_strdup (cursor);

  run_update (self, apply_delta_job, update, _handla_catalogue_apply_delta_async,
              cancellable, callback, user_data);
}

gboolean
_handla_catalogue_update_finish (HandlaCatalogue         *self,
                                 GAsyncResult            *result,
                                 HandlaCatalogueChanges  *changes,
                                 GError                 **error)
{
  g_autofree HandlaCatalogueChanges *done = NULL;

  g_return_val_if_fail (HANDLA_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;

  if (changes != NULL)
    *changes = *done;

  return TRUE;
}
