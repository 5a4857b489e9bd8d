/* handla-catalogue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-catalogue.h"
#include "handla-catalogue-document.h"
#include "handla-cutoff.h"
#include "handla-product-private.h"
#include "handla-sql.h"

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

static gboolean
insert_product (sqlite3_stmt                *stmt,
                const HandlaDocumentProduct *product,
                GError                     **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (!bind_text (stmt, 1, product->id) ||
      !bind_text (stmt, 2, product->category_id) ||
      !bind_text (stmt, 3, product->name) ||
      !bind_text (stmt, 4, product->brand) ||
      !bind_text (stmt, 5, product->size) ||
      !bind_text (stmt, 6, product->ean) ||
      !bind_amount (stmt, 7, product->price_ore) ||
      !bind_text (stmt, 8, product->sold_by) ||
      !bind_amount (stmt, 9, product->comparison_price_ore) ||
      !bind_text (stmt, 10, product->comparison_unit) ||
      !bind_amount (stmt, 11, product->pant_ore) ||
      !bind_text (stmt, 12, product->labels) ||
      !bind_text (stmt, 13, product->allergens) ||
      !bind_text (stmt, 14, product->origin) ||
      !bind_text (stmt, 15, product->ingredients) ||
      !bind_text (stmt, 16, product->image_url) ||
      !bind_amount (stmt, 17, product->offer_price_ore) ||
      !bind_text (stmt, 18, product->offer_text) ||
      !bind_text (stmt, 19, product->offer_valid_to) ||
      !bind_amount (stmt, 20, product->popularity))
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
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

static gboolean
write_catalogue (sqlite3                  *db,
                 HandlaCatalogueDocument  *document,
                 const char               *imported_at,
                 GError                  **error)
{
  g_autoptr(sqlite3_stmt) category_stmt = NULL;
  g_autoptr(sqlite3_stmt) product_stmt = NULL;
  g_autoptr(sqlite3_stmt) meta_stmt = NULL;

  category_stmt = handla_sql_prepare (db,
                                      "INSERT INTO category (id, name, icon, position) "
                                      "VALUES (?, ?, ?, ?)",
                                      error);
  if (category_stmt == NULL)
    return FALSE;

  product_stmt = handla_sql_prepare (db,
                                     "INSERT INTO product (id, category_id, name, brand, size, ean,"
                                     " price_ore, sold_by, comparison_price_ore, comparison_unit,"
                                     " pant_ore, labels, allergens, origin, ingredients, image_url,"
                                     " offer_price_ore, offer_text, offer_valid_to, popularity) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     error);
  if (product_stmt == NULL)
    return FALSE;

  meta_stmt = handla_sql_prepare (db,
                                  "INSERT INTO catalogue_meta (key, value) VALUES (?, ?)",
                                  error);
  if (meta_stmt == NULL)
    return FALSE;

  if (!handla_sql_begin (db, error))
    return FALSE;

  if (!handla_sql_exec (db,
                        "DELETE FROM product;"
                        "DELETE FROM category;"
                        "DELETE FROM catalogue_meta;",
                        error))
    goto failed;

  for (guint i = 0; i < document->categories->len; i++)
    {
      if (!insert_category (category_stmt, g_ptr_array_index (document->categories, i), error))
        goto failed;
    }

  for (guint i = 0; i < document->products->len; i++)
    {
      if (!insert_product (product_stmt, g_ptr_array_index (document->products, i), error))
        goto failed;
    }

  if (!insert_meta (meta_stmt, "supplier_id", document->supplier_id, error) ||
      !insert_meta (meta_stmt, "supplier_name", document->supplier_name, error) ||
      !insert_meta (meta_stmt, "generated_at", document->generated_at, error) ||
      !insert_meta (meta_stmt, "credit", document->credit, error) ||
      !insert_meta (meta_stmt, "imported_at", imported_at, error))
    goto failed;

  return handla_sql_commit (db, error);

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

  if (!write_catalogue (db, document, import->imported_at, &local_error))
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
