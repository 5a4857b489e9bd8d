/* supplier-store.c — the reference supplier's SQLite state
 *
 * One connection, used from the main loop only. Every statement is
 * prepared with bound parameters; sqlite3_exec() runs constant SQL only.
 *
 * The catalogue keeps one change counter (meta "catalogue_seq"). Every
 * category and product row records the counter value of its last change
 * ("seq"); a deletion keeps the row as a tombstone (deleted = 1), so a
 * delta after any cursor of this database can be answered. The cursor is
 * "<epoch>-<seq>": the epoch is random per database, so a cursor from
 * another database (or an older, wiped state dir) is refused.
 *
 * Tablets keep only the SHA-256 of their token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-store.h"

#include <string.h>
#include <sys/random.h>
#include <sqlite3.h>

#include "supplier-customers.h"

struct _SupplierStore
{
  sqlite3 *db;
  char    *epoch;
};

#define SCHEMA_VERSION 3

static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE category ("
  "  id TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  json TEXT,"
  "  seq INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX category_seq ON category (seq);"
  "CREATE TABLE product ("
  "  id TEXT PRIMARY KEY,"
  "  json TEXT,"
  "  seq INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX product_seq ON product (seq);"
  "CREATE TABLE tablet ("
  "  id TEXT PRIMARY KEY,"
  "  device_name TEXT NOT NULL,"
  "  token_sha256 TEXT NOT NULL UNIQUE,"
  "  issued_at TEXT NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE enrolment_code ("
  "  code TEXT PRIMARY KEY,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_by TEXT REFERENCES tablet (id));";

/* v2: units, customers, baskets and slot holds. Every tablet so far
 * belongs to the demo unit. */
static const char schema_v2[] =
  "ALTER TABLE tablet ADD COLUMN unit_id TEXT NOT NULL DEFAULT 'u-demo-1';"
  "CREATE TABLE customer ("
  "  id TEXT PRIMARY KEY,"
  "  unit_id TEXT NOT NULL,"
  "  display_name TEXT NOT NULL,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX customer_unit ON customer (unit_id, display_name, id);"
  "CREATE TABLE basket ("
  "  customer_id TEXT PRIMARY KEY REFERENCES customer (id),"
  "  version INTEGER NOT NULL,"
  "  lines TEXT NOT NULL,"
  "  removed_lines TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by_tablet TEXT NOT NULL);"
  "CREATE TABLE slot_hold ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT UNIQUE,"
  "  customer_id TEXT NOT NULL REFERENCES customer (id),"
  "  slot_id TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  released INTEGER NOT NULL DEFAULT 0,"
  "  order_id TEXT);"
  "CREATE INDEX slot_hold_customer ON slot_hold (customer_id);";

/* v3: orders and the Idempotency-Keys of orders and complaints. An
 * order is kept as its whole representation (JSON); the columns beside
 * it are what the routes select and sort by. */
static const char schema_v3[] =
  "CREATE TABLE orders ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  unit_id TEXT NOT NULL,"
  "  customer_id TEXT NOT NULL REFERENCES customer (id),"
  "  version INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX orders_customer ON orders (customer_id, sort_key);"
  "CREATE TABLE idempotency ("
  "  unit_id TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  request TEXT NOT NULL,"
  "  order_id TEXT NOT NULL,"
  "  complaint_id TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (unit_id, key));";

G_DEFINE_QUARK (supplier-store-error-quark, supplier_store_error)

/* ---- helpers ------------------------------------------------------------ */

static gboolean
set_sql_error (SupplierStore  *self,
               GError        **error,
               const char     *what)
{
  g_set_error (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (SupplierStore  *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static void
stmt_free (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, stmt_free)

static gboolean
exec (SupplierStore  *self,
      const char     *sql,
      GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sql_error (self, error, sql);
  return TRUE;
}

static void
rollback (SupplierStore *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
meta_get (SupplierStore *self,
          const char    *key)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
meta_set (SupplierStore  *self,
          const char     *key,
          const char     *value,
          GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (self, error, "meta");
  return TRUE;
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
random_bytes (guint8 *buf,
              gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = getrandom (buf + done, len - done, 0);

      if (n < 0)
        g_error ("getrandom failed");
      done += (gsize) n;
    }
}

static char *
new_enrolment_code (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  guint8 bytes[8];
  char code[10];
  guint i, j = 0;

  random_bytes (bytes, sizeof bytes);
  for (i = 0; i < sizeof bytes; i++)
    {
      if (i == 4)
        code[j++] = '-';
      code[j++] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    }
  code[j] = '\0';
  return g_strdup (code);
}

static gboolean
migrate (SupplierStore  *self,
         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  g_autofree char *epoch = NULL;
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sql_error (self, error, "user_version");
  version = sqlite3_column_int (stmt, 0);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_SQL,
                   "The state database has schema %d, newer than this supplier (%d)",
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (version < 1)
    {
      guint8 bytes[4];

      if (!exec (self, schema_v1, error))
        goto fail;
      random_bytes (bytes, sizeof bytes);
      epoch = g_strdup_printf ("%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3]);
      if (!meta_set (self, "epoch", epoch, error) ||
          !meta_set (self, "catalogue_seq", "0", error))
        goto fail;
    }
  if (version < 2 && !exec (self, schema_v2, error))
    goto fail;
  if (version < 3 && !exec (self, schema_v3, error))
    goto fail;
  if (!exec (self, "PRAGMA user_version = 3", error) ||
      !exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Upserts each item whose record differs from the stored one; then marks
 * every stored, live row that is not in @items as deleted. */
static gboolean
merge_items (SupplierStore  *self,
             const char     *table,
             GPtrArray      *items,
             gint64          seq,
             gboolean       *changed,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) keep = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  const char *sql_select;
  const char *sql_upsert;
  const char *sql_drop;
  gboolean is_category = g_str_equal (table, "category");

  /* @table is one of two constant names, never input; each has its own
   * constant statements. */
  g_assert (is_category || g_str_equal (table, "product"));

  if (is_category)
    {
      sql_select = "SELECT json, deleted, position FROM category WHERE id = ?1";
      sql_upsert = "INSERT INTO category (id, json, seq, deleted, position) "
                   "VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (id) DO UPDATE SET "
                   "json = excluded.json, seq = excluded.seq, deleted = 0, "
                   "position = excluded.position";
      sql_drop = "UPDATE category SET deleted = 1, json = NULL, seq = ?1 "
                 "WHERE deleted = 0 AND id NOT IN (SELECT id FROM temp.keep)";
    }
  else
    {
      sql_select = "SELECT json, deleted FROM product WHERE id = ?1";
      sql_upsert = "INSERT INTO product (id, json, seq, deleted) "
                   "VALUES (?1, ?2, ?3, 0) ON CONFLICT (id) DO UPDATE SET "
                   "json = excluded.json, seq = excluded.seq, deleted = 0";
      sql_drop = "UPDATE product SET deleted = 1, json = NULL, seq = ?1 "
                 "WHERE deleted = 0 AND id NOT IN (SELECT id FROM temp.keep)";
    }

  if (!exec (self, "DELETE FROM temp.keep", error))
    return FALSE;
  if ((select = prepare (self, sql_select, error)) == NULL ||
      (upsert = prepare (self, sql_upsert, error)) == NULL ||
      (keep = prepare (self, "INSERT OR IGNORE INTO temp.keep (id) VALUES (?1)", error)) == NULL ||
      (drop = prepare (self, sql_drop, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      SupplierItem *item = g_ptr_array_index (items, i);
      gboolean same = FALSE;
      int rc;

      sqlite3_reset (select);
      bind_text (select, 1, item->id);
      rc = sqlite3_step (select);
      if (rc == SQLITE_ROW)
        {
          const char *json = (const char *) sqlite3_column_text (select, 0);

          same = json != NULL &&
                 sqlite3_column_int (select, 1) == 0 &&
                 g_str_equal (json, item->json) &&
                 (!is_category || sqlite3_column_int64 (select, 2) == item->position);
        }
      else if (rc != SQLITE_DONE)
        return set_sql_error (self, error, "select item");

      if (!same)
        {
          sqlite3_reset (upsert);
          bind_text (upsert, 1, item->id);
          bind_text (upsert, 2, item->json);
          sqlite3_bind_int64 (upsert, 3, seq);
          if (is_category)
            sqlite3_bind_int64 (upsert, 4, item->position);
          if (sqlite3_step (upsert) != SQLITE_DONE)
            return set_sql_error (self, error, "upsert item");
          *changed = TRUE;
        }

      sqlite3_reset (keep);
      bind_text (keep, 1, item->id);
      if (sqlite3_step (keep) != SQLITE_DONE)
        return set_sql_error (self, error, "keep item");
    }

  sqlite3_bind_int64 (drop, 1, seq);
  if (sqlite3_step (drop) != SQLITE_DONE)
    return set_sql_error (self, error, "delete items");
  if (sqlite3_changes (self->db) > 0)
    *changed = TRUE;

  return TRUE;
}

/* ---- public API --------------------------------------------------------- */

SupplierItem *
supplier_item_new (const char *id,
                   gint64      position,
                   char       *json)
{
  SupplierItem *item = g_new0 (SupplierItem, 1);

  item->id = g_strdup (id);
  item->position = position;
  item->json = json;
  return item;
}

void
supplier_item_free (SupplierItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->json);
  g_free (item);
}

char *
supplier_random_string (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  char *text;

  random_bytes (bytes, n_bytes);
  text = g_base64_encode (bytes, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

SupplierStore *
supplier_store_open (const char  *path,
                     GError     **error)
{
  g_autoptr(SupplierStore) self = g_new0 (SupplierStore, 1);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_SQL,
                   "Cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA secure_delete = ON", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !migrate (self, error) ||
      !exec (self, "CREATE TEMP TABLE keep (id TEXT PRIMARY KEY)", error))
    return NULL;

  self->epoch = meta_get (self, "epoch");
  if (self->epoch == NULL)
    {
      set_sql_error (self, error, "no epoch");
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
supplier_store_free (SupplierStore *self)
{
  if (self == NULL)
    return;
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->epoch);
  g_free (self);
}

const char *
supplier_store_get_epoch (SupplierStore *self)
{
  return self->epoch;
}

gint64
supplier_store_get_catalogue_seq (SupplierStore *self)
{
  g_autofree char *value = meta_get (self, "catalogue_seq");

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

char *
supplier_store_dup_catalogue_head (SupplierStore *self)
{
  char *head = meta_get (self, "catalogue_head");

  return head != NULL ? head : g_strdup ("{}");
}

/* Makes the stored catalogue equal to the given one, in one transaction.
 * If anything differs the change counter moves on by one and every
 * changed row records it; *changed says whether that happened. */
gboolean
supplier_store_replace_catalogue (SupplierStore  *self,
                                  const char     *head_json,
                                  GPtrArray      *categories,
                                  GPtrArray      *products,
                                  gboolean       *changed,
                                  GError        **error)
{
  g_autofree char *old_head = meta_get (self, "catalogue_head");
  g_autofree char *seq_text = NULL;
  gint64 seq = supplier_store_get_catalogue_seq (self) + 1;
  gboolean any = FALSE;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (old_head == NULL || !g_str_equal (old_head, head_json))
    {
      if (!meta_set (self, "catalogue_head", head_json, error))
        goto fail;
      any = TRUE;
    }

  if (!merge_items (self, "category", categories, seq, &any, error) ||
      !merge_items (self, "product", products, seq, &any, error))
    goto fail;

  seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  if (any && !meta_set (self, "catalogue_seq", seq_text, error))
    goto fail;
  if (!exec (self, "COMMIT", error))
    goto fail;

  if (changed != NULL)
    *changed = any;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* With @since < 0, every live category in display order; otherwise the
 * categories changed after @since, and the ids of those deleted. */
gboolean
supplier_store_list_categories (SupplierStore  *self,
                                gint64          since,
                                GPtrArray      *upserts,
                                GPtrArray      *deleted_ids,
                                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT id, json, deleted FROM category "
                        "WHERE (?1 < 0 AND deleted = 0) OR (?1 >= 0 AND seq > ?1) "
                        "ORDER BY position, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 2))
        g_ptr_array_add (deleted_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      else
        g_ptr_array_add (upserts, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return set_sql_error (self, error, "list categories");
  return TRUE;
}

/* One keyset page of products in id order, after @after_id (NULL: from
 * the start), at most @limit rows. With @since < 0 only live products;
 * otherwise those changed after @since, deletions included. */
gboolean
supplier_store_list_products (SupplierStore  *self,
                              gint64          since,
                              const char     *after_id,
                              guint           limit,
                              GPtrArray      *upserts,
                              GPtrArray      *deleted_ids,
                              char          **last_id,
                              gboolean       *more,
                              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;
  int rc;

  *more = FALSE;
  *last_id = NULL;

  stmt = prepare (self, "SELECT id, json, deleted FROM product "
                        "WHERE ((?1 < 0 AND deleted = 0) OR (?1 >= 0 AND seq > ?1)) "
                        "AND id > ?2 ORDER BY id LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  bind_text (stmt, 2, after_id != NULL ? after_id : "");
  sqlite3_bind_int64 (stmt, 3, (gint64) limit + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (n == limit)
        {
          *more = TRUE;
          break;
        }
      n++;
      if (sqlite3_column_int (stmt, 2))
        g_ptr_array_add (deleted_ids, g_strdup (id));
      else
        g_ptr_array_add (upserts, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_free (*last_id);
      *last_id = g_strdup (id);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_clear_pointer (last_id, g_free);
      return set_sql_error (self, error, "list products");
    }
  return TRUE;
}

char *
supplier_store_add_enrolment_code (SupplierStore  *self,
                                   GDateTime      *now,
                                   GTimeSpan       valid_for,
                                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *code = new_enrolment_code ();
  gint64 created = g_date_time_to_unix (now);

  stmt = prepare (self, "INSERT INTO enrolment_code (code, created_at, expires_at) "
                        "VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, created);
  sqlite3_bind_int64 (stmt, 3, created + valid_for / G_TIME_SPAN_SECOND);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sql_error (self, error, "add enrolment code");
      return NULL;
    }
  return g_steal_pointer (&code);
}

/* Consumes @code (unknown, used and expired codes are all
 * SUPPLIER_STORE_ERROR_CODE_INVALID) and registers a new tablet. */
gboolean
supplier_store_enrol (SupplierStore  *self,
                      const char     *code,
                      const char     *device_name,
                      GDateTime      *now,
                      char          **token,
                      char          **tablet_id,
                      GError        **error)
{
  g_autoptr(sqlite3_stmt) use = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *issued = g_date_time_format_iso8601 (now);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  use = prepare (self, "SELECT 1 FROM enrolment_code "
                       "WHERE code = ?1 AND used_by IS NULL AND expires_at > ?2", error);
  if (use == NULL)
    goto fail;
  bind_text (use, 1, code);
  sqlite3_bind_int64 (use, 2, g_date_time_to_unix (now));
  if (sqlite3_step (use) != SQLITE_ROW)
    {
      g_set_error_literal (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CODE_INVALID,
                           "The enrolment code is not valid");
      goto fail;
    }

  count = prepare (self, "SELECT count(*) FROM tablet", error);
  if (count == NULL || sqlite3_step (count) != SQLITE_ROW)
    goto fail;
  new_id = g_strdup_printf ("t-%04" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (count, 0) + 1);
  {
    g_autofree char *secret = supplier_random_string (32);

    new_token = g_strconcat ("hnd_tab_", secret, NULL);
  }
  hash = sha256_hex (new_token);

  add = prepare (self, "INSERT INTO tablet (id, device_name, token_sha256, issued_at) "
                       "VALUES (?1, ?2, ?3, ?4)", error);
  if (add == NULL)
    goto fail;
  bind_text (add, 1, new_id);
  bind_text (add, 2, device_name);
  bind_text (add, 3, hash);
  bind_text (add, 4, issued);
  if (sqlite3_step (add) != SQLITE_DONE)
    {
      set_sql_error (self, error, "add tablet");
      goto fail;
    }

  mark = prepare (self, "UPDATE enrolment_code SET used_by = ?2 WHERE code = ?1", error);
  if (mark == NULL)
    goto fail;
  bind_text (mark, 1, code);
  bind_text (mark, 2, new_id);
  if (sqlite3_step (mark) != SQLITE_DONE)
    {
      set_sql_error (self, error, "use code");
      goto fail;
    }

  if (!exec (self, "COMMIT", error))
    goto fail;

  *token = g_steal_pointer (&new_token);
  *tablet_id = g_steal_pointer (&new_id);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
supplier_store_token_is_valid (SupplierStore *self,
                               const char    *token)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;

  if (token == NULL || *token == '\0')
    return FALSE;

  stmt = prepare (self, "SELECT 1 FROM tablet WHERE token_sha256 = ?1 AND revoked = 0", NULL);
  if (stmt == NULL)
    return FALSE;
  hash = sha256_hex (token);
  bind_text (stmt, 1, hash);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The tablet of @token and its unit, if the token is valid. */
gboolean
supplier_store_lookup_tablet (SupplierStore  *self,
                              const char     *token,
                              char          **tablet_id,
                              char          **unit_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;

  if (token == NULL || *token == '\0')
    return FALSE;

  stmt = prepare (self, "SELECT id, unit_id FROM tablet "
                        "WHERE token_sha256 = ?1 AND revoked = 0", NULL);
  if (stmt == NULL)
    return FALSE;
  hash = sha256_hex (token);
  bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *tablet_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *unit_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

/* ---- customers ----------------------------------------------------------- */

/* Inserts or updates each customer (of SupplierCustomer), in one
 * transaction. Baskets and holds stay. */
gboolean
supplier_store_put_customers (SupplierStore  *self,
                              GPtrArray      *customers,
                              GError        **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  upsert = prepare (self, "INSERT INTO customer (id, unit_id, display_name, json) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET "
                          "unit_id = excluded.unit_id, display_name = excluded.display_name, "
                          "json = excluded.json", error);
  if (upsert == NULL)
    goto fail;
  for (guint i = 0; i < customers->len; i++)
    {
      SupplierCustomer *customer = g_ptr_array_index (customers, i);

      sqlite3_reset (upsert);
      bind_text (upsert, 1, customer->id);
      bind_text (upsert, 2, customer->unit_id);
      bind_text (upsert, 3, customer->display_name);
      bind_text (upsert, 4, customer->json);
      if (sqlite3_step (upsert) != SQLITE_DONE)
        {
          set_sql_error (self, error, "put customer");
          goto fail;
        }
    }
  if (!exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* The records (JSON texts) of @unit_id's customers, in order of
 * display name. */
GPtrArray *
supplier_store_list_customers (SupplierStore  *self,
                               const char     *unit_id,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = prepare (self, "SELECT json FROM customer WHERE unit_id = ?1 "
                        "ORDER BY display_name, id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, unit_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, error, "list customers");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* The record of @customer_id if it is a customer of @unit_id, else NULL. */
char *
supplier_store_dup_customer (SupplierStore *self,
                             const char    *unit_id,
                             const char    *customer_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "SELECT json FROM customer WHERE id = ?1 AND unit_id = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, customer_id);
  bind_text (stmt, 2, unit_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* ---- baskets ------------------------------------------------------------- */

void
supplier_basket_clear (SupplierBasket *basket)
{
  basket->version = 0;
  g_clear_pointer (&basket->lines, g_free);
  g_clear_pointer (&basket->removed_lines, g_free);
  g_clear_pointer (&basket->updated_at, g_free);
  g_clear_pointer (&basket->updated_by_tablet, g_free);
}

gboolean
supplier_store_get_basket (SupplierStore   *self,
                           const char      *customer_id,
                           SupplierBasket  *basket,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  memset (basket, 0, sizeof *basket);
  stmt = prepare (self, "SELECT version, lines, removed_lines, updated_at, updated_by_tablet "
                        "FROM basket WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return set_sql_error (self, error, "get basket");
  basket->version = sqlite3_column_int64 (stmt, 0);
  basket->lines = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  basket->removed_lines = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  basket->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  basket->updated_by_tablet = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return TRUE;
}

/* Stores a new version of the basket if the stored one is still
 * @if_version (0: never stored); otherwise SUPPLIER_STORE_ERROR_CONFLICT. */
gboolean
supplier_store_put_basket (SupplierStore  *self,
                           const char     *customer_id,
                           gint64          if_version,
                           const char     *lines,
                           const char     *removed_lines,
                           const char     *updated_at,
                           const char     *tablet_id,
                           gint64         *new_version,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  gint64 version = 0;
  int rc;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  select = prepare (self, "SELECT version FROM basket WHERE customer_id = ?1", error);
  if (select == NULL)
    goto fail;
  bind_text (select, 1, customer_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int64 (select, 0);
  else if (rc != SQLITE_DONE)
    {
      set_sql_error (self, error, "basket version");
      goto fail;
    }
  if (version != if_version)
    {
      g_set_error_literal (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CONFLICT,
                           "The basket has changed");
      goto fail;
    }

  upsert = prepare (self, "INSERT INTO basket (customer_id, version, lines, removed_lines, "
                          "updated_at, updated_by_tablet) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                          "ON CONFLICT (customer_id) DO UPDATE SET version = excluded.version, "
                          "lines = excluded.lines, removed_lines = excluded.removed_lines, "
                          "updated_at = excluded.updated_at, "
                          "updated_by_tablet = excluded.updated_by_tablet", error);
  if (upsert == NULL)
    goto fail;
  bind_text (upsert, 1, customer_id);
  sqlite3_bind_int64 (upsert, 2, version + 1);
  bind_text (upsert, 3, lines);
  bind_text (upsert, 4, removed_lines);
  bind_text (upsert, 5, updated_at);
  bind_text (upsert, 6, tablet_id);
  if (sqlite3_step (upsert) != SQLITE_DONE)
    {
      set_sql_error (self, error, "put basket");
      goto fail;
    }
  if (!exec (self, "COMMIT", error))
    goto fail;
  *new_version = version + 1;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* ---- slot holds ---------------------------------------------------------- */

/* Holds @slot_id for @customer_id until @expires_at (Unix seconds). If the
 * customer holds that slot already (a hold not released, used or expired
 * at @now), that hold is renewed (*@renewed); otherwise every other hold
 * of the customer is released and a new one made. Hold ids are
 * sequential: h-000001, … */
gboolean
supplier_store_hold_slot (SupplierStore  *self,
                          const char     *customer_id,
                          const char     *slot_id,
                          gint64          now,
                          gint64          expires_at,
                          char          **hold_id,
                          gboolean       *renewed,
                          GError        **error)
{
  g_autoptr(sqlite3_stmt) current = NULL;
  g_autoptr(sqlite3_stmt) renew = NULL;
  g_autoptr(sqlite3_stmt) release = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autoptr(sqlite3_stmt) name = NULL;
  g_autofree char *id = NULL;
  gint64 seq;
  int rc;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  current = prepare (self, "SELECT seq, id FROM slot_hold WHERE customer_id = ?1 "
                           "AND slot_id = ?2 AND released = 0 AND order_id IS NULL "
                           "AND expires_at > ?3 ORDER BY seq DESC LIMIT 1", error);
  if (current == NULL)
    goto fail;
  bind_text (current, 1, customer_id);
  bind_text (current, 2, slot_id);
  sqlite3_bind_int64 (current, 3, now);
  rc = sqlite3_step (current);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (current, 0);
      id = g_strdup ((const char *) sqlite3_column_text (current, 1));
      renew = prepare (self, "UPDATE slot_hold SET expires_at = ?2 WHERE seq = ?1", error);
      if (renew == NULL)
        goto fail;
      sqlite3_bind_int64 (renew, 1, seq);
      sqlite3_bind_int64 (renew, 2, expires_at);
      if (sqlite3_step (renew) != SQLITE_DONE)
        {
          set_sql_error (self, error, "renew hold");
          goto fail;
        }
      *renewed = TRUE;
    }
  else if (rc == SQLITE_DONE)
    {
      release = prepare (self, "UPDATE slot_hold SET released = 1 WHERE customer_id = ?1 "
                               "AND released = 0 AND order_id IS NULL", error);
      add = prepare (self, "INSERT INTO slot_hold (customer_id, slot_id, expires_at) "
                           "VALUES (?1, ?2, ?3)", error);
      name = prepare (self, "UPDATE slot_hold SET id = ?2 WHERE seq = ?1", error);
      if (release == NULL || add == NULL || name == NULL)
        goto fail;
      bind_text (release, 1, customer_id);
      bind_text (add, 1, customer_id);
      bind_text (add, 2, slot_id);
      sqlite3_bind_int64 (add, 3, expires_at);
      if (sqlite3_step (release) != SQLITE_DONE || sqlite3_step (add) != SQLITE_DONE)
        {
          set_sql_error (self, error, "add hold");
          goto fail;
        }
      seq = sqlite3_last_insert_rowid (self->db);
      id = g_strdup_printf ("h-%06" G_GINT64_FORMAT, seq);
      sqlite3_bind_int64 (name, 1, seq);
      bind_text (name, 2, id);
      if (sqlite3_step (name) != SQLITE_DONE)
        {
          set_sql_error (self, error, "name hold");
          goto fail;
        }
      *renewed = FALSE;
    }
  else
    {
      set_sql_error (self, error, "find hold");
      goto fail;
    }

  if (!exec (self, "COMMIT", error))
    goto fail;
  *hold_id = g_steal_pointer (&id);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Releases @hold_id if it is a hold of @unit_id's customers. A hold that
 * has expired or was released already counts as released; one an order
 * has used is SUPPLIER_HOLD_USED and stays. */
SupplierHoldRelease
supplier_store_release_hold (SupplierStore  *self,
                             const char     *unit_id,
                             const char     *hold_id,
                             GError        **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) release = NULL;
  gint64 seq;
  int rc;

  find = prepare (self, "SELECT h.seq, h.order_id IS NOT NULL FROM slot_hold h "
                        "JOIN customer c ON c.id = h.customer_id "
                        "WHERE h.id = ?1 AND c.unit_id = ?2", error);
  if (find == NULL)
    return SUPPLIER_HOLD_ERROR;
  bind_text (find, 1, hold_id);
  bind_text (find, 2, unit_id);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    return SUPPLIER_HOLD_NOT_FOUND;
  if (rc != SQLITE_ROW)
    {
      set_sql_error (self, error, "find hold");
      return SUPPLIER_HOLD_ERROR;
    }
  if (sqlite3_column_int (find, 1))
    return SUPPLIER_HOLD_USED;
  seq = sqlite3_column_int64 (find, 0);

  release = prepare (self, "UPDATE slot_hold SET released = 1 WHERE seq = ?1", error);
  if (release == NULL)
    return SUPPLIER_HOLD_ERROR;
  sqlite3_bind_int64 (release, 1, seq);
  if (sqlite3_step (release) != SQLITE_DONE)
    {
      set_sql_error (self, error, "release hold");
      return SUPPLIER_HOLD_ERROR;
    }
  return SUPPLIER_HOLD_RELEASED;
}

/* ---- products ------------------------------------------------------------ */

/* The record of product @id; *@deleted if it has left the range (then
 * NULL is returned). NULL and !*@deleted: no such product. */
char *
supplier_store_dup_product (SupplierStore *self,
                            const char    *id,
                            gboolean      *deleted)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT json, deleted FROM product WHERE id = ?1",
                                          NULL);

  *deleted = FALSE;
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (sqlite3_column_int (stmt, 1))
    {
      *deleted = TRUE;
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* ---- holds, as orders see them ------------------------------------------- */

/* The hold @hold_id of @customer_id: its slot, expiry and the order that
 * used it (NULL if none). FALSE if the customer has no such hold. */
gboolean
supplier_store_find_hold (SupplierStore  *self,
                          const char     *customer_id,
                          const char     *hold_id,
                          char          **slot_id,
                          gint64         *expires_at,
                          gboolean       *released,
                          char          **order_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "SELECT slot_id, expires_at, released, order_id FROM slot_hold "
                        "WHERE id = ?1 AND customer_id = ?2", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, hold_id);
  bind_text (stmt, 2, customer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *slot_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *expires_at = sqlite3_column_int64 (stmt, 1);
  *released = sqlite3_column_int (stmt, 2) != 0;
  *order_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return TRUE;
}

/* ---- orders -------------------------------------------------------------- */

/* The key @key of @unit_id as stored: its kind ("order" or "complaint"),
 * the request (canonical JSON) and what it made. FALSE if unknown. */
gboolean
supplier_store_lookup_key (SupplierStore  *self,
                           const char     *unit_id,
                           const char     *key,
                           char          **kind,
                           char          **request,
                           char          **order_id,
                           char          **complaint_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "SELECT kind, request, order_id, complaint_id FROM idempotency "
                        "WHERE unit_id = ?1 AND key = ?2", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, unit_id);
  bind_text (stmt, 2, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *request = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  *order_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  *complaint_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return TRUE;
}

static gboolean
insert_key (SupplierStore  *self,
            const char     *unit_id,
            const char     *key,
            const char     *kind,
            const char     *request,
            const char     *order_id,
            const char     *complaint_id,
            gint64          now,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO idempotency (unit_id, key, kind, request, order_id, "
                        "complaint_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, unit_id);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, request);
  bind_text (stmt, 5, order_id);
  if (complaint_id != NULL)
    bind_text (stmt, 6, complaint_id);
  sqlite3_bind_int64 (stmt, 7, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (self, error, "insert key");
  return TRUE;
}

/* Creates an order in one transaction: the order row (its JSON made by
 * @build from the new sequence number), the key and the hold's use. */
char *
supplier_store_create_order (SupplierStore          *self,
                             const char             *unit_id,
                             const char             *customer_id,
                             const char             *key,
                             const char             *request,
                             const char             *hold_id,
                             const char             *sort_key,
                             gint64                  now,
                             SupplierOrderBuildFunc  build,
                             gpointer                user_data,
                             GError                **error)
{
  g_autoptr(sqlite3_stmt) next = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autoptr(sqlite3_stmt) use = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  gint64 seq;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  next = prepare (self, "SELECT coalesce(max(seq), 0) + 1 FROM orders", error);
  if (next == NULL || sqlite3_step (next) != SQLITE_ROW)
    goto fail;
  seq = sqlite3_column_int64 (next, 0);
  id = g_strdup_printf ("o-%06" G_GINT64_FORMAT, seq);
  json = build (seq, id, user_data);

  add = prepare (self, "INSERT INTO orders (seq, id, unit_id, customer_id, version, status, "
                       "sort_key, json) VALUES (?1, ?2, ?3, ?4, 1, 'received', ?5, ?6)", error);
  if (add == NULL)
    goto fail;
  sqlite3_bind_int64 (add, 1, seq);
  bind_text (add, 2, id);
  bind_text (add, 3, unit_id);
  bind_text (add, 4, customer_id);
  bind_text (add, 5, sort_key);
  bind_text (add, 6, json);
  if (sqlite3_step (add) != SQLITE_DONE)
    {
      set_sql_error (self, error, "add order");
      goto fail;
    }
  if (!insert_key (self, unit_id, key, "order", request, id, NULL, now, error))
    goto fail;
  if (hold_id != NULL)
    {
      use = prepare (self, "UPDATE slot_hold SET order_id = ?2 WHERE id = ?1 "
                           "AND order_id IS NULL", error);
      if (use == NULL)
        goto fail;
      bind_text (use, 1, hold_id);
      bind_text (use, 2, id);
      if (sqlite3_step (use) != SQLITE_DONE)
        {
          set_sql_error (self, error, "use hold");
          goto fail;
        }
    }
  if (!exec (self, "COMMIT", error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  rollback (self);
  return NULL;
}

/* Order @order_id if it is one of @unit_id's (NULL: any unit's): its
 * version and JSON. */
gboolean
supplier_store_get_order (SupplierStore  *self,
                          const char     *unit_id,
                          const char     *order_id,
                          gint64         *version,
                          char          **json)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "SELECT version, json FROM orders "
                        "WHERE id = ?1 AND (?2 IS NULL OR unit_id = ?2)", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, order_id);
  if (unit_id != NULL)
    bind_text (stmt, 2, unit_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *version = sqlite3_column_int64 (stmt, 0);
  *json = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

static gboolean
update_order (SupplierStore  *self,
              const char     *order_id,
              gint64          if_version,
              const char     *status,
              const char     *sort_key,
              const char     *json,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "UPDATE orders SET version = version + 1, status = ?3, sort_key = ?4, "
                        "json = ?5 WHERE id = ?1 AND version = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, if_version);
  bind_text (stmt, 3, status);
  bind_text (stmt, 4, sort_key);
  bind_text (stmt, 5, json);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (self, error, "update order");
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error_literal (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CONFLICT,
                           "The order has changed");
      return FALSE;
    }
  return TRUE;
}

/* Stores a new version of the order if it is still @if_version. With a
 * @key, also records the key of the complaint @complaint_id, in the same
 * transaction. */
gboolean
supplier_store_put_order (SupplierStore  *self,
                          const char     *unit_id,
                          const char     *order_id,
                          gint64          if_version,
                          const char     *status,
                          const char     *sort_key,
                          const char     *json,
                          const char     *key,
                          const char     *request,
                          const char     *complaint_id,
                          gint64          now,
                          GError        **error)
{
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!update_order (self, order_id, if_version, status, sort_key, json, error))
    goto fail;
  if (key != NULL &&
      !insert_key (self, unit_id, key, "complaint", request, order_id, complaint_id, now, error))
    goto fail;
  if (!exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* The JSON of @customer_id's orders with a status in @statuses (NULL:
 * any), newest delivery first. */
GPtrArray *
supplier_store_list_orders (SupplierStore       *self,
                            const char          *unit_id,
                            const char          *customer_id,
                            const char * const  *statuses,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = prepare (self, "SELECT status, json FROM orders WHERE unit_id = ?1 AND customer_id = ?2 "
                        "ORDER BY sort_key DESC, seq DESC", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, unit_id);
  bind_text (stmt, 2, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);

      if (statuses == NULL || g_strv_contains (statuses, status))
        g_ptr_array_add (records, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, error, "list orders");
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
supplier_store_count_orders (SupplierStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM orders", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
