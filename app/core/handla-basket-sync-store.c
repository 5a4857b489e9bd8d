/* handla-basket-sync-store.c — the basket sync on the database thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-basket-sync-private.h"
#include "handla-sql.h"

/*
 * What the basket sync keeps (schema migration "basket sync"):
 *
 *  - basket_line: the lines, as HandlaBasket writes them, plus the
 *    substitution choice and note the protocol carries;
 *  - basket_removed: tombstones, one per removed product, with the time
 *    of the removal (changed_at);
 *  - basket_sync, one row per customer: the supplier's ETag and the
 *    supplier's basket at that ETag (base, a BasketWrite as JSON: the
 *    merge's common ancestor), local_version (bumped by every local
 *    change) and synced_version (the local version the supplier has).
 *    local_version > synced_version: there is something to send.
 *
 * Every local change goes through _handla_basket_note_change_in_transaction()
 * (HandlaBasket's writes) or _handla_basket_tombstone_lines_in_transaction()
 * (an order sent), in the same transaction as the change itself, so a
 * change and "needs sending" are committed together.
 */

#define BASKET_SYNC_UPSERT_SQL \
  "INSERT INTO basket_sync (customer_id, local_version) VALUES (?1, 1) " \
  "ON CONFLICT (customer_id) DO UPDATE SET local_version = local_version + 1"

void
_handla_basket_snapshot_free (HandlaBasketSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_free (snapshot->etag);
  g_clear_pointer (&snapshot->entries, g_ptr_array_unref);
  g_clear_pointer (&snapshot->merge, handla_basket_merge_unref);
  g_free (snapshot);
}

/* Runs @sql with @customer_id as ?1 and @text as ?2 (either may be NULL
 * if the statement has no such parameter). */
static gboolean
run_for_customer (sqlite3     *db,
                  const char  *sql,
                  const char  *customer_id,
                  const char  *text,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);

  return handla_sql_step_done (stmt, error);
}

static gboolean
mark_changed (sqlite3     *db,
              const char  *customer_id,
              GError     **error)
{
  return run_for_customer (db, BASKET_SYNC_UPSERT_SQL, customer_id, NULL, error);
}

static gboolean
write_tombstone (sqlite3     *db,
                 const char  *customer_id,
                 const char  *product_id,
                 const char  *changed_at,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT INTO basket_removed (customer_id, product_id, changed_at) "
                             "VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (customer_id, product_id) DO UPDATE SET"
                             " changed_at = excluded.changed_at",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, changed_at, -1, SQLITE_STATIC);

  return handla_sql_step_done (stmt, error);
}

/* Deletes the line, or with @tombstone the tombstone, of @product_id. */
static gboolean
delete_entry (sqlite3     *db,
              gboolean     tombstone,
              const char  *customer_id,
              const char  *product_id,
              GError     **error)
{
  return run_for_customer (db,
                           tombstone
                           ? "DELETE FROM basket_removed WHERE customer_id = ?1 AND product_id = ?2"
                           : "DELETE FROM basket_line WHERE customer_id = ?1 AND product_id = ?2",
                           customer_id, product_id, error);
}

/**
 * _handla_basket_note_change_in_transaction:
 * @db: the connection, inside the transaction that changed the line
 * @customer_id: the customer
 * @product_id: the product whose line was written or deleted
 * @removed: %TRUE if the line was deleted
 * @changed_at: when, RFC 3339
 *
 * Records a local change for the sync: a deleted line leaves a tombstone,
 * a written one clears it, and the basket needs sending.
 */
gboolean
_handla_basket_note_change_in_transaction (sqlite3     *db,
                                           const char  *customer_id,
                                           const char  *product_id,
                                           gboolean     removed,
                                           const char  *changed_at,
                                           GError     **error)
{
  g_return_val_if_fail (!sqlite3_get_autocommit (db), FALSE);

  if (removed)
    {
      if (!write_tombstone (db, customer_id, product_id, changed_at, error))
        return FALSE;
    }
  else if (!delete_entry (db, TRUE, customer_id, product_id, error))
    return FALSE;

  return mark_changed (db, customer_id, error);
}

/**
 * _handla_basket_tombstone_lines_in_transaction:
 * @db: the connection, inside the caller's transaction
 * @customer_id: the customer
 * @product_ids: (nullable) (array zero-terminated=1): the products whose
 *   lines go; %NULL for every line
 * @now_rfc3339: the time of the removal, RFC 3339 (HandlaClock)
 *
 * For the order outbox: once an order is sent, its lines leave the draft
 * basket as tombstones, and the basket needs sending, so other tablets
 * drop them too. A product with no line is skipped. The caller then
 * loads the HandlaBasket again and calls handla_basket_sync_queue().
 */
gboolean
_handla_basket_tombstone_lines_in_transaction (sqlite3             *db,
                                               const char          *customer_id,
                                               const char * const  *product_ids,
                                               const char          *now_rfc3339,
                                               GError             **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (customer_id != NULL, FALSE);
  g_return_val_if_fail (now_rfc3339 != NULL, FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (db), FALSE);

  select = handla_sql_prepare (db,
                               "SELECT product_id FROM basket_line WHERE customer_id = ?1 "
                               "ORDER BY position, rowid",
                               error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, customer_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *product_id = handla_sql_column_text (select, 0);

      if (product_ids == NULL || g_strv_contains (product_ids, product_id))
        g_ptr_array_add (gone, g_strdup (product_id));
    }
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  for (guint i = 0; i < gone->len; i++)
    {
      const char *product_id = g_ptr_array_index (gone, i);

      if (!delete_entry (db, FALSE, customer_id, product_id, error) ||
          !write_tombstone (db, customer_id, product_id, now_rfc3339, error))
        return FALSE;
    }

  return gone->len == 0 || mark_changed (db, customer_id, error);
}

/* ---- reading ----------------------------------------------------------- */

static GPtrArray *
read_entries (sqlite3     *db,
              const char  *customer_id,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = _handla_basket_entries_new ();
  g_autoptr(sqlite3_stmt) lines = NULL;
  g_autoptr(sqlite3_stmt) removed = NULL;
  int rc;

  lines = handla_sql_prepare (db,
                              "SELECT product_id, quantity, sold_by, substitution, note, changed_at "
                              "FROM basket_line WHERE customer_id = ?1 "
                              "ORDER BY position, rowid",
                              error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_text (lines, 1, customer_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
    {
      sqlite3_int64 quantity = sqlite3_column_int64 (lines, 1);

      g_ptr_array_add (entries,
                       _handla_basket_entry_new_line (handla_sql_column_text (lines, 0),
                                                      (guint)CLAMP (quantity, 1, G_MAXUINT),
                                                      g_strcmp0 (handla_sql_column_text (lines, 2),
                                                                 "weight") == 0,
                                                      handla_sql_column_text (lines, 3),
                                                      handla_sql_column_text (lines, 4),
                                                      handla_sql_column_text (lines, 5)));
    }
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  removed = handla_sql_prepare (db,
                                "SELECT product_id, changed_at FROM basket_removed "
                                "WHERE customer_id = ?1 ORDER BY product_id",
                                error);
  if (removed == NULL)
    return NULL;
  sqlite3_bind_text (removed, 1, customer_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (removed)) == SQLITE_ROW)
    g_ptr_array_add (entries,
                     _handla_basket_entry_new_removed (handla_sql_column_text (removed, 0),
                                                       handla_sql_column_text (removed, 1)));
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* The customer's basket_sync row; no row reads as never synced, nothing
 * to send. @base may be NULL. */
static gboolean
read_state (sqlite3     *db,
            const char  *customer_id,
            char       **etag,
            GPtrArray  **base,
            gint64      *local_version,
            gint64      *synced_version,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *etag = NULL;
  if (base != NULL)
    *base = NULL;
  *local_version = 0;
  *synced_version = 0;

  stmt = handla_sql_prepare (db,
                             "SELECT etag, base, local_version, synced_version "
                             "FROM basket_sync WHERE customer_id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  *etag = g_strdup (handla_sql_column_text (stmt, 0));
  *local_version = sqlite3_column_int64 (stmt, 2);
  *synced_version = sqlite3_column_int64 (stmt, 3);

  if (base != NULL && handla_sql_column_text (stmt, 1) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      /* A base that cannot be read is no base: every difference then
       * counts as a change on both sides. */
      if (json_parser_load_from_data (parser, handla_sql_column_text (stmt, 1), -1, NULL))
        *base = _handla_basket_entries_from_json (json_parser_get_root (parser), NULL);
    }

  return TRUE;
}

/**
 * _handla_basket_sync_read:
 *
 * Returns: (transfer full): the customer's local basket and sync state
 */
HandlaBasketSnapshot *
_handla_basket_sync_read (sqlite3     *db,
                          const char  *customer_id,
                          GError     **error)
{
  g_autoptr(HandlaBasketSnapshot) snapshot = g_new0 (HandlaBasketSnapshot, 1);
  gint64 synced_version;

  if (!read_state (db, customer_id, &snapshot->etag, NULL, &snapshot->version, &synced_version,
                   error))
    return NULL;

  snapshot->dirty = snapshot->version > synced_version;
  snapshot->entries = read_entries (db, customer_id, error);
  if (snapshot->entries == NULL)
    return NULL;

  return g_steal_pointer (&snapshot);
}

/* ---- writing a merge ----------------------------------------------------- */

/* Makes the stored entry of @entry's product @entry. A new line goes
 * last; its name and price come from the catalogue when it has the
 * product (else the id and 0, shown as not available). */
static gboolean
write_entry (sqlite3                 *db,
             const char              *customer_id,
             const HandlaBasketEntry *entry,
             GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (entry->removed)
    return delete_entry (db, FALSE, customer_id, entry->product_id, error) &&
           write_tombstone (db, customer_id, entry->product_id, entry->changed_at, error);

  stmt = handla_sql_prepare (db,
                             "INSERT INTO basket_line (customer_id, product_id, quantity, position,"
                             " changed_at, name, price_ore, sold_by, substitution, note) "
                             "VALUES (?1, ?2, ?3,"
                             " (SELECT coalesce (max (position), 0) + 1 FROM basket_line"
                             "  WHERE customer_id = ?1),"
                             " ?4,"
                             " coalesce ((SELECT name FROM product WHERE id = ?2), ?2),"
                             " coalesce ((SELECT price_ore FROM product WHERE id = ?2), 0),"
                             " ?5, ?6, ?7) "
                             "ON CONFLICT (customer_id, product_id) DO UPDATE SET"
                             " quantity = excluded.quantity,"
                             " changed_at = excluded.changed_at,"
                             " sold_by = excluded.sold_by,"
                             " substitution = excluded.substitution,"
                             " note = excluded.note",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->product_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->quantity);
  sqlite3_bind_text (stmt, 4, entry->changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->by_weight ? "weight" : "piece", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->substitution, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, entry->note, -1, SQLITE_STATIC);

  return handla_sql_step_done (stmt, error) &&
         delete_entry (db, TRUE, customer_id, entry->product_id, error);
}

/* Writes what differs between @before (stored now) and @after. */
static gboolean
write_entries (sqlite3     *db,
               const char  *customer_id,
               GPtrArray   *before,
               GPtrArray   *after,
               GError     **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < before->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (before, i);

      g_hash_table_insert (stored, entry->product_id, entry);
    }

  for (guint i = 0; i < after->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (after, i);

      g_hash_table_add (kept, entry->product_id);
      if (!_handla_basket_entry_equal (entry, g_hash_table_lookup (stored, entry->product_id)) &&
          !write_entry (db, customer_id, entry, error))
        return FALSE;
    }

  /* A product the merge left with no entry at all. */
  for (guint i = 0; i < before->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (before, i);

      if (!g_hash_table_contains (kept, entry->product_id) &&
          !delete_entry (db, entry->removed,
                         customer_id, entry->product_id, error))
        return FALSE;
    }

  return TRUE;
}

/* What the supplier has after the basket_sync row is updated. */
typedef enum {
  SUPPLIER_HAS_ALL,        /* every local version */
  SUPPLIER_HAS_VERSION,    /* the local versions up to the one given */
  SUPPLIER_LACKS_MERGE,    /* not the merge just written: a new local version */
} SupplierHas;

/* Makes @etag and @base (the supplier's basket at @etag) the customer's
 * sync state. */
static gboolean
store_state (sqlite3      *db,
             const char   *customer_id,
             const char   *etag,
             GPtrArray    *base,
             SupplierHas   has,
             gint64        version,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) base_json = _handla_basket_entries_to_json (base);
  g_autofree char *base_text = json_to_string (base_json, FALSE);
  const char *sql = NULL;

  switch (has)
    {
    case SUPPLIER_HAS_ALL:
      sql = "UPDATE basket_sync SET etag = ?2, base = ?3, synced_version = local_version "
            "WHERE customer_id = ?1";
      break;

    case SUPPLIER_HAS_VERSION:
      sql = "UPDATE basket_sync SET etag = ?2, base = ?3,"
            " synced_version = max (synced_version, ?4) "
            "WHERE customer_id = ?1";
      break;

    case SUPPLIER_LACKS_MERGE:
      sql = "UPDATE basket_sync SET etag = ?2, base = ?3, local_version = local_version + 1 "
            "WHERE customer_id = ?1";
      break;

    default:
      g_assert_not_reached ();
    }

  if (!run_for_customer (db, "INSERT OR IGNORE INTO basket_sync (customer_id) VALUES (?1)",
                         customer_id, NULL, error))
    return FALSE;

  stmt = handla_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, etag, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, base_text, -1, SQLITE_STATIC);
  if (has == SUPPLIER_HAS_VERSION)
    sqlite3_bind_int64 (stmt, 4, version);

  return handla_sql_step_done (stmt, error);
}

/**
 * _handla_basket_sync_merge:
 * @db: the connection (not in a transaction)
 * @customer_id: the customer
 * @remote: the supplier's basket
 * @remote_etag: its ETag
 *
 * In one transaction: merges the local basket with @remote over the
 * stored base (_handla_basket_merge()), writes the result, and makes
 * @remote the new base. If the result differs from @remote, the basket
 * needs sending (the snapshot is dirty, with @remote_etag to send it
 * with); otherwise the supplier has it.
 *
 * Returns: (transfer full): the merged basket, with what the merge
 *   changed locally
 */
HandlaBasketSnapshot *
_handla_basket_sync_merge (sqlite3     *db,
                           const char  *customer_id,
                           GPtrArray   *remote,
                           const char  *remote_etag,
                           GError     **error)
{
  g_autoptr(HandlaBasketSnapshot) snapshot = g_new0 (HandlaBasketSnapshot, 1);
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) base = NULL;
  g_autofree char *old_etag = NULL;
  gint64 local_version, synced_version;

  if (!handla_sql_begin (db, error))
    return NULL;

  if (!read_state (db, customer_id, &old_etag, &base, &local_version, &synced_version, error))
    goto failed;
  local = read_entries (db, customer_id, error);
  if (local == NULL)
    goto failed;

  snapshot->entries = _handla_basket_merge (local, remote, base);
  snapshot->merge = _handla_basket_merge_new_for (local, snapshot->entries);
  snapshot->dirty = !_handla_basket_entries_equal (snapshot->entries, remote);
  snapshot->etag = g_strdup (remote_etag);
  snapshot->version = snapshot->dirty ? local_version + 1 : local_version;

  if (!write_entries (db, customer_id, local, snapshot->entries, error) ||
      !store_state (db, customer_id, remote_etag, remote,
                    snapshot->dirty ? SUPPLIER_LACKS_MERGE : SUPPLIER_HAS_ALL, 0, error))
    goto failed;

  if (!handla_sql_commit (db, error))
    return NULL;

  return g_steal_pointer (&snapshot);

failed:
  handla_sql_rollback (db);
  return NULL;
}

/**
 * _handla_basket_sync_commit_push:
 * @db: the connection (not in a transaction)
 * @customer_id: the customer
 * @stored: the basket as the supplier stored it
 * @etag: its new ETag
 * @version: the local version that was sent
 * @still_dirty: (out): whether local changes came after @version
 *
 * Records a successful PUT.
 */
gboolean
_handla_basket_sync_commit_push (sqlite3     *db,
                                 const char  *customer_id,
                                 GPtrArray   *stored,
                                 const char  *etag,
                                 gint64       version,
                                 gboolean    *still_dirty,
                                 GError     **error)
{
  g_autofree char *now_etag = NULL;
  gint64 local_version, synced_version;

  if (!handla_sql_begin (db, error))
    return FALSE;

  if (!store_state (db, customer_id, etag, stored, SUPPLIER_HAS_VERSION, version, error) ||
      !read_state (db, customer_id, &now_etag, NULL, &local_version, &synced_version, error))
    {
      handla_sql_rollback (db);
      return FALSE;
    }

  if (!handla_sql_commit (db, error))
    return FALSE;

  *still_dirty = local_version > synced_version;
  return TRUE;
}

/**
 * _handla_basket_sync_list_dirty:
 *
 * Returns: (transfer full): the customers whose baskets have changes the
 *   supplier does not have
 */
GStrv
_handla_basket_sync_list_dirty (sqlite3  *db,
                                GError  **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = handla_sql_prepare (db,
                             "SELECT customer_id FROM basket_sync "
                             "WHERE local_version > synced_version ORDER BY customer_id",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, handla_sql_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}
