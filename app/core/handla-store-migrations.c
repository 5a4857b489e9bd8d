/* handla-store-migrations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-search-fold.h"
#include "handla-sql.h"
#include "handla-store-private.h"

/*
 * The schema, as a numbered list of scripts. The database's version is
 * `PRAGMA user_version`: 0 for a new file, N after script N ran. Each
 * script runs in its own transaction and ends with its own version bump,
 * so a script and its number are committed together or not at all.
 *
 * Never edit a script that has shipped; add the next one. Every script
 * must be tested from every older version (tests/test-store.c).
 *
 * basket_line does not reference product on purpose: replacing the
 * catalogue must never delete what a customer put in the basket. A line
 * keeps a snapshot of the name, price and unit (sold_by), so a product
 * that has left the catalogue can still be shown, as not available. For
 * weighed goods the quantity is in grams and the price is per kg.
 */

/* Parts of migration 5, which has shipped once merged: never edit them.
 * A change to the search index is a new migration. */
#define SEARCH_INDEX_NEW \
  "  INSERT INTO product_words (rowid, name, brand) VALUES (new.rowid, new.name, new.brand);" \
  "  INSERT INTO product_words_folded (rowid, name, brand)" \
  "    VALUES (new.rowid, new.name, new.brand);" \
  "  INSERT INTO product_trigrams (rowid, name, brand)" \
  "    VALUES (new.rowid, ' ' || " HANDLA_SEARCH_FOLD ("new.name") " || ' '," \
  "            ' ' || " HANDLA_SEARCH_FOLD ("new.brand") " || ' ');"

#define SEARCH_INDEX_OLD \
  "  INSERT INTO product_words (product_words, rowid, name, brand)" \
  "    VALUES ('delete', old.rowid, old.name, old.brand);" \
  "  INSERT INTO product_words_folded (product_words_folded, rowid, name, brand)" \
  "    VALUES ('delete', old.rowid, old.name, old.brand);" \
  "  DELETE FROM product_trigrams WHERE rowid = old.rowid;"

/* Parts of migration 8 (the search index at scale, docs/search.md). The
 * triggers keep the index in step with every write to product and
 * category, except while search_index_state.paused is 1: a catalogue
 * swap sets it, writes the whole catalogue, rebuilds every index in one
 * go and clears it again, all in one transaction. */
#define SEARCH_FOLDED_NEW \
  "  INSERT INTO product_search (rowid, name, brand, typed) VALUES (new.rowid," \
  "    ' ' || " HANDLA_SEARCH_FOLD ("new.name") " || ' '," \
  "    ' ' || " HANDLA_SEARCH_FOLD ("coalesce(new.brand, '')") " || ' '," \
  "    ' ' || " HANDLA_SEARCH_TYPED ("new.name || ' ' || coalesce(new.brand, '')") " || ' ');"

#define SEARCH_INDEX_8_NEW \
  "  INSERT INTO product_words_folded (rowid, name, brand)" \
  "    VALUES (new.rowid, new.name, new.brand);" \
  SEARCH_FOLDED_NEW \
  "  INSERT INTO product_trigrams (rowid, name, brand)" \
  "    SELECT rowid, name, brand FROM product_search WHERE rowid = new.rowid;"

#define SEARCH_INDEX_8_OLD \
  "  INSERT INTO product_words_folded (product_words_folded, rowid, name, brand)" \
  "    VALUES ('delete', old.rowid, old.name, old.brand);" \
  "  INSERT INTO product_trigrams (product_trigrams, rowid, name, brand)" \
  "    SELECT 'delete', rowid, name, brand FROM product_search WHERE rowid = old.rowid;" \
  "  DELETE FROM product_search WHERE rowid = old.rowid;"

/* Rebuilds the two FTS5 indexes from their content (product and
 * product_search), in one pass each. */
#define SEARCH_REBUILD_FTS_8 \
  "INSERT INTO product_words_folded (product_words_folded) VALUES ('rebuild');" \
  "INSERT INTO product_trigrams (product_trigrams) VALUES ('rebuild');"

/* Refills product_search from product and rebuilds the FTS5 indexes. */
#define SEARCH_REBUILD_8 \
  "DELETE FROM product_search;" \
  "INSERT INTO product_search (rowid, name, brand, typed)" \
  "  SELECT rowid, ' ' || " HANDLA_SEARCH_FOLD ("name") " || ' '," \
  "         ' ' || " HANDLA_SEARCH_FOLD ("coalesce(brand, '')") " || ' '," \
  "         ' ' || " HANDLA_SEARCH_TYPED ("name || ' ' || coalesce(brand, '')") " || ' '" \
  "  FROM product;" \
  SEARCH_REBUILD_FTS_8

#define SEARCH_INDEX_8_WHEN \
  " WHEN (SELECT paused FROM search_index_state) = 0"

static const char * const migrations[] = {
  /* 1: catalogue, customers and baskets */
  "CREATE TABLE category ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  icon TEXT,"
  "  position INTEGER"
  ");"
  "CREATE TABLE product ("
  "  id TEXT PRIMARY KEY,"
  "  category_id TEXT NOT NULL REFERENCES category (id),"
  "  name TEXT NOT NULL,"
  "  brand TEXT,"
  "  size TEXT,"
  "  ean TEXT,"
  "  price_ore INTEGER NOT NULL,"
  "  sold_by TEXT NOT NULL DEFAULT 'piece',"
  "  comparison_price_ore INTEGER,"
  "  comparison_unit TEXT,"
  "  pant_ore INTEGER NOT NULL DEFAULT 0,"
  "  labels TEXT NOT NULL DEFAULT '',"      /* space-separated codes */
  "  allergens TEXT NOT NULL DEFAULT '',"   /* space-separated codes */
  "  origin TEXT,"
  "  ingredients TEXT,"
  "  image_url TEXT,"
  "  offer_price_ore INTEGER,"
  "  offer_text TEXT,"
  "  offer_valid_to TEXT,"
  "  popularity INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX product_by_category ON product (category_id, popularity DESC, name);"
  "CREATE INDEX product_offers ON product (offer_price_ore) WHERE offer_price_ore IS NOT NULL;"
  "CREATE TABLE catalogue_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"
  "CREATE TABLE customer ("
  "  id TEXT PRIMARY KEY,"
  "  display_name TEXT NOT NULL"
  ");"
  "CREATE TABLE basket_line ("
  "  customer_id TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  position INTEGER NOT NULL,"
  "  changed_at TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  price_ore INTEGER NOT NULL,"
  "  sold_by TEXT NOT NULL DEFAULT 'piece',"  /* 'weight': quantity in grams */
  "  PRIMARY KEY (customer_id, product_id)"
  ");"
  "PRAGMA user_version = 1;",

  /* 2: what the last catalogue sync left: its ETag and cursor. Keys are
   * 'catalogue_etag' and 'catalogue_cursor'; a replacement from a file
   * removes them in the same transaction. No personal data. */
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "PRAGMA user_version = 2;",

  /* 3: orders kept on the tablet, and the outbox that sends them
   * (handla-orders.c). An order is the tablet's copy: what was sent until
   * the supplier answers, then the supplier's representation. Its lines
   * keep a snapshot of name, price (per kg for weighed goods, sold_by
   * 'weight', quantity in grams) and the carer's choices. attention_* say
   * why the supplier refused the order or a change to it (a code, the
   * HTTP status and the supplier's detail; the words are made when
   * shown). An outbox row is one request still to be sent, in id order
   * per order: 'create' (POST, request_id is the Idempotency-Key),
   * 'change' (PUT, request_id is the change_id) or 'cancel' (DELETE),
   * with its exact JSON body, so every retry sends the same. Times of the
   * outbox are microseconds since 1970 on HandlaClock: next_try_us is the
   * backoff, not_before_us what Retry-After asked for. */
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'sent', 'needs_attention')),"
  "  idempotency_key TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  mode TEXT NOT NULL CHECK (mode IN ('together', 'on_behalf')),"
  "  carer_id TEXT NOT NULL,"
  "  slot_id TEXT NOT NULL,"
  "  hold_id TEXT,"
  "  window_start TEXT,"
  "  window_end TEXT,"
  "  cutoff TEXT,"
  "  carer_present INTEGER NOT NULL DEFAULT 0,"
  "  unpacking INTEGER NOT NULL DEFAULT 0,"
  "  access TEXT,"
  "  driver_note TEXT,"
  "  goods_total_ore INTEGER NOT NULL DEFAULT 0,"
  "  supplier_id TEXT,"
  "  number TEXT,"
  "  status TEXT,"
  "  etag TEXT,"
  "  attention_code TEXT,"
  "  attention_status INTEGER NOT NULL DEFAULT 0,"
  "  attention_detail TEXT"
  ");"
  "CREATE INDEX orders_by_customer ON orders (customer_id);"
  "CREATE TABLE order_line ("
  "  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  sold_by TEXT NOT NULL DEFAULT 'piece',"
  "  name TEXT NOT NULL,"
  "  price_ore INTEGER NOT NULL,"
  "  substitution TEXT NOT NULL DEFAULT 'similar'"
  "    CHECK (substitution IN ('similar', 'only_this', 'call_unit')),"
  "  note TEXT,"
  "  PRIMARY KEY (order_id, product_id)"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('create', 'change', 'cancel')),"
  "  request_id TEXT NOT NULL UNIQUE,"
  "  body TEXT,"
  "  created_at TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  first_try_us INTEGER,"
  "  next_try_us INTEGER NOT NULL DEFAULT 0,"
  "  not_before_us INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  last_error_seconds INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX outbox_by_order ON outbox (order_id, id);"
  "PRAGMA user_version = 3;",

  /* 4: basket sync (handla-basket-sync-store.c). A line carries the
   * protocol's substitution choice and note; a removed line leaves a
   * tombstone with its removal time; basket_sync holds, per customer,
   * the supplier's ETag and its basket at that ETag (base, BasketWrite
   * JSON) and two counters: local_version (bumped by every local change)
   * and synced_version (the one the supplier has). Baskets from before
   * are marked as changed, so they are sent. */
  "ALTER TABLE basket_line ADD COLUMN substitution TEXT NOT NULL DEFAULT 'similar';"
  "ALTER TABLE basket_line ADD COLUMN note TEXT;"
  "CREATE TABLE basket_removed ("
  "  customer_id TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  changed_at TEXT NOT NULL,"
  "  PRIMARY KEY (customer_id, product_id)"
  ");"
  "CREATE TABLE basket_sync ("
  "  customer_id TEXT PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,"
  "  etag TEXT,"
  "  base TEXT,"
  "  local_version INTEGER NOT NULL DEFAULT 0,"
  "  synced_version INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO basket_sync (customer_id, local_version)"
  "  SELECT DISTINCT customer_id, 1 FROM basket_line;"
  "PRAGMA user_version = 4;",

  /* 5: full-text search over product names and brands
   * (handla-catalogue-search.c, docs/search.md). Three FTS5 indexes:
   * product_words keeps å/ä/ö apart from a/o (exact words and word
   * prefixes), product_words_folded folds them (so "mjolk" finds
   * "Mjölk"), both external-content over product; product_trigrams
   * holds the folded text (HANDLA_SEARCH_FOLD) with a space at either
   * end, for words inside compounds and for typos. Triggers keep all
   * three in step with product in the same transaction as any write to
   * it, so a catalogue swap or delta commits or rolls back with its
   * index. They follow product's rowid: anything that renumbers it (a
   * VACUUM) must run the 'rebuild' of the two word indexes and refill
   * product_trigrams afterwards. */
  "CREATE VIRTUAL TABLE product_words USING fts5 ("
  "  name, brand,"
  "  content = 'product', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 0',"
  "  prefix = '1 2 3'"
  ");"
  "CREATE VIRTUAL TABLE product_words_folded USING fts5 ("
  "  name, brand,"
  "  content = 'product', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3'"
  ");"
  "CREATE VIRTUAL TABLE product_trigrams USING fts5 ("
  "  name, brand,"
  "  tokenize = 'trigram'"
  ");"
  "CREATE TRIGGER product_search_insert AFTER INSERT ON product BEGIN"
  SEARCH_INDEX_NEW
  "END;"
  "CREATE TRIGGER product_search_delete AFTER DELETE ON product BEGIN"
  SEARCH_INDEX_OLD
  "END;"
  "CREATE TRIGGER product_search_update AFTER UPDATE OF name, brand ON product BEGIN"
  SEARCH_INDEX_OLD
  SEARCH_INDEX_NEW
  "END;"
  "INSERT INTO product_words (product_words) VALUES ('rebuild');"
  "INSERT INTO product_words_folded (product_words_folded) VALUES ('rebuild');"
  "INSERT INTO product_trigrams (rowid, name, brand)"
  "  SELECT rowid, ' ' || " HANDLA_SEARCH_FOLD ("name") " || ' ',"
  "         ' ' || " HANDLA_SEARCH_FOLD ("brand") " || ' '"
  "  FROM product;"
  "PRAGMA user_version = 5;",

  /* 6: the unit's customers as the supplier last listed them
   * (handla-customers.c). record is the supplier's Customer object as
   * JSON, only what the tablet needs; linked is 0 for a customer the unit
   * no longer has, whose record is then dropped while its basket and
   * orders stay until they are done. */
  "ALTER TABLE customer ADD COLUMN record TEXT;"
  "ALTER TABLE customer ADD COLUMN linked INTEGER NOT NULL DEFAULT 1;"
  "PRAGMA user_version = 6;",

  /* 7: following an order after it is sent (handla_orders_refresh_async(),
   * docs/reliability.md "Following an order"). The order keeps more of the
   * supplier's representation: the planned window once announced, pant and
   * the fees the municipality pays, whether the totals are final, and the
   * supplier's messages and complaints (with their answers) as the JSON
   * arrays it sent. Each line keeps its picking result: found (with the
   * quantity picked), substituted (the substitute's name, size and price)
   * or missing, and what it costs after picking. No personal data. */
  "ALTER TABLE orders ADD COLUMN planned_start TEXT;"
  "ALTER TABLE orders ADD COLUMN planned_end TEXT;"
  "ALTER TABLE orders ADD COLUMN pant_total_ore INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE orders ADD COLUMN fees_ore INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE orders ADD COLUMN totals_final INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE orders ADD COLUMN messages TEXT;"
  "ALTER TABLE orders ADD COLUMN complaints TEXT;"
  "ALTER TABLE order_line ADD COLUMN picking TEXT"
  "  CHECK (picking IN ('found', 'substituted', 'missing'));"
  "ALTER TABLE order_line ADD COLUMN picked_quantity INTEGER;"
  "ALTER TABLE order_line ADD COLUMN substitute_name TEXT;"
  "ALTER TABLE order_line ADD COLUMN substitute_size TEXT;"
  "ALTER TABLE order_line ADD COLUMN substitute_price_ore INTEGER;"
  "ALTER TABLE order_line ADD COLUMN amount_ore INTEGER;"
  "PRAGMA user_version = 7;",

  /* 8: the search index at 100,000 products (docs/search.md "The
   * index"). Each product's text is stored once, in product_search: name
   * and brand folded by HANDLA_SEARCH_FOLD with a space at either end,
   * the name's first word (indexed) and name and brand in lower case as
   * typed (HANDLA_SEARCH_TYPED), so that a search scores what it finds
   * with instr() instead of folding every hit again. product_trigrams
   * becomes an external-content index over it; category_search holds
   * each category's folded name. product_words goes: the search scores
   * words as typed on product_search.typed and finds its candidates in
   * product_words_folded, which holds every word as typed too. The
   * triggers of migration 5 are replaced by ones that stand aside while
   * search_index_state.paused is 1, so a catalogue swap writes 100,000
   * rows and rebuilds the indexes once (handla-catalogue.c) instead of
   * writing them row by row. A delta, and any other write to product,
   * still goes through the triggers. */
  "DROP TRIGGER product_search_insert;"
  "DROP TRIGGER product_search_delete;"
  "DROP TRIGGER product_search_update;"
  "DROP TABLE product_trigrams;"
  "DROP TABLE product_words;"
  "CREATE TABLE search_index_state (paused INTEGER NOT NULL);"
  "INSERT INTO search_index_state (paused) VALUES (0);"
  "CREATE TABLE product_search ("
  "  rowid INTEGER PRIMARY KEY,"    /* product's rowid */
  "  name TEXT NOT NULL,"
  "  brand TEXT NOT NULL,"
  "  typed TEXT NOT NULL,"
  "  first TEXT NOT NULL GENERATED ALWAYS AS"
  "    (substr(name, 1, instr(substr(name, 2), ' ') + 1)) STORED"
  ");"
  "CREATE INDEX product_search_first ON product_search (first);"
  "CREATE VIRTUAL TABLE product_trigrams USING fts5 ("
  "  name, brand,"
  "  content = 'product_search', content_rowid = 'rowid',"
  "  tokenize = 'trigram'"
  ");"
  "CREATE TABLE category_search ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL"
  ");"
  "CREATE TRIGGER product_search_insert AFTER INSERT ON product"
  SEARCH_INDEX_8_WHEN " BEGIN"
  SEARCH_INDEX_8_NEW
  "END;"
  "CREATE TRIGGER product_search_delete AFTER DELETE ON product"
  SEARCH_INDEX_8_WHEN " BEGIN"
  SEARCH_INDEX_8_OLD
  "END;"
  "CREATE TRIGGER product_search_update AFTER UPDATE OF name, brand ON product"
  SEARCH_INDEX_8_WHEN
  "  AND (old.name IS NOT new.name OR old.brand IS NOT new.brand) BEGIN"
  SEARCH_INDEX_8_OLD
  SEARCH_INDEX_8_NEW
  "END;"
  "CREATE TRIGGER category_search_insert AFTER INSERT ON category BEGIN"
  "  INSERT INTO category_search (id, name)"
  "    VALUES (new.id, ' ' || " HANDLA_SEARCH_FOLD ("new.name") " || ' ');"
  "END;"
  "CREATE TRIGGER category_search_delete AFTER DELETE ON category BEGIN"
  "  DELETE FROM category_search WHERE id = old.id;"
  "END;"
  "CREATE TRIGGER category_search_update AFTER UPDATE ON category BEGIN"
  "  DELETE FROM category_search WHERE id = old.id;"
  "  INSERT INTO category_search (id, name)"
  "    VALUES (new.id, ' ' || " HANDLA_SEARCH_FOLD ("new.name") " || ' ');"
  "END;"
  "INSERT INTO category_search (id, name)"
  "  SELECT id, ' ' || " HANDLA_SEARCH_FOLD ("name") " || ' ' FROM category;"
  SEARCH_REBUILD_8
  "PRAGMA user_version = 8;",

  /* 9: delivery notes kept per customer as the carer types them
   * (handla-delivery-notes.c): whether a carer is present, unpacking
   * help, how to get in (never a door code: the app refuses one before
   * it is written) and the note to the driver, cleared once an order
   * has taken it. No reference to customer: a note must be written
   * even before the customer's record is. */
  "CREATE TABLE delivery_notes ("
  "  customer_id TEXT PRIMARY KEY,"
  "  carer_present INTEGER NOT NULL CHECK (carer_present IN (0, 1)),"
  "  unpacking INTEGER NOT NULL CHECK (unpacking IN (0, 1)),"
  "  access TEXT,"
  "  driver_note TEXT,"
  "  updated TEXT NOT NULL"
  ");"
  "PRAGMA user_version = 9;",

  /* 10: changing a sent order (HandlaBasket in change mode,
   * handla_basket_set_change_order()). order_change says a change of the
   * order is being made on this tablet; order_change_line holds the
   * lines as the carer edits them, started as a copy of the order's
   * lines, with the same snapshot of name, price and unit as basket_line.
   * Queuing the change (or a cancellation) deletes the draft in the same
   * transaction; deleting the order deletes it too. No personal data. */
  "CREATE TABLE order_change ("
  "  order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,"
  "  started_at TEXT NOT NULL"
  ");"
  "CREATE TABLE order_change_line ("
  "  order_id INTEGER NOT NULL REFERENCES order_change (order_id) ON DELETE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  sold_by TEXT NOT NULL DEFAULT 'piece',"
  "  name TEXT NOT NULL,"
  "  price_ore INTEGER NOT NULL,"
  "  substitution TEXT NOT NULL DEFAULT 'similar'"
  "    CHECK (substitution IN ('similar', 'only_this', 'call_unit')),"
  "  note TEXT,"
  "  changed_at TEXT NOT NULL,"
  "  PRIMARY KEY (order_id, product_id)"
  ");"
  "PRAGMA user_version = 10;",

  /* 11: the delivery check (handla_orders_check_delivery_async(),
   * docs/reliability.md "Complaints"). An order keeps the carer's
   * delivery note (delivery_note, local: it goes to the supplier only as
   * the note of a complaint). A complaint is kept on the tablet first:
   * its Idempotency-Key, the carer, the exact request body (lines with
   * problem, quantity and note; the note on the delivery), and where it
   * stands: 'queued' while its outbox row waits, 'sent' once the supplier
   * has it (supplier_id is its id there; the answer comes in the order's
   * complaints), 'needs_attention' when the supplier refused it (the
   * attention_* as for orders). The outbox gets a fourth kind,
   * 'complaint', whose request_id is the complaint's key: SQLite cannot
   * change a CHECK, so the table is rebuilt with the same rows. */
  "ALTER TABLE orders ADD COLUMN delivery_note TEXT;"
  "CREATE TABLE complaint ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  carer_id TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'sent', 'needs_attention')),"
  "  supplier_id TEXT,"
  "  attention_code TEXT,"
  "  attention_status INTEGER NOT NULL DEFAULT 0,"
  "  attention_detail TEXT"
  ");"
  "CREATE INDEX complaint_by_order ON complaint (order_id, id);"
  "CREATE TABLE outbox_12 ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('create', 'change', 'cancel', 'complaint')),"
  "  request_id TEXT NOT NULL UNIQUE,"
  "  body TEXT,"
  "  created_at TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  first_try_us INTEGER,"
  "  next_try_us INTEGER NOT NULL DEFAULT 0,"
  "  not_before_us INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  last_error_seconds INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO outbox_12 (id, order_id, kind, request_id, body, created_at, attempts,"
  "                       first_try_us, next_try_us, not_before_us, last_error,"
  "                       last_error_seconds)"
  "  SELECT id, order_id, kind, request_id, body, created_at, attempts, first_try_us,"
  "         next_try_us, not_before_us, last_error, last_error_seconds FROM outbox;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_12 RENAME TO outbox;"
  "CREATE INDEX outbox_by_order ON outbox (order_id, id);"
  "PRAGMA user_version = 11;",
};

/*
 * Sets whether the search index's triggers stand aside, in the caller's
 * transaction. The catalogue swap (handla-catalogue.c) pauses them,
 * writes every row, calls _handla_store_rebuild_search_index() once and
 * resumes them, all before it commits.
 */
gboolean
_handla_store_pause_search_index (sqlite3   *db,
                                  gboolean   paused,
                                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db, "UPDATE search_index_state SET paused = ?", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int (stmt, 1, paused ? 1 : 0) != SQLITE_OK)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

/*
 * Rebuilds the FTS5 indexes of the latest migration from product and
 * product_search, in the caller's transaction; the caller has written
 * product_search (with _handla_search_fold() and _handla_search_typed()).
 * A later migration that changes the index points this at its own script.
 */
gboolean
_handla_store_rebuild_search_index (sqlite3  *db,
                                    GError  **error)
{
  return handla_sql_exec (db, SEARCH_REBUILD_FTS_8, error);
}

/* The script that brings a database to @version; for the migration tests,
 * which build an old database with exactly the old scripts. */
const char *
_handla_store_get_migration (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int)G_N_ELEMENTS (migrations), NULL);

  return migrations[version - 1];
}

/**
 * handla_store_get_latest_version:
 *
 * Returns: the schema version this build of Handla migrates to
 */
int
handla_store_get_latest_version (void)
{
  return (int)G_N_ELEMENTS (migrations);
}

int
_handla_store_read_user_version (sqlite3  *db,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

static gboolean
run_migration (sqlite3  *db,
               int       version,
               GError  **error)
{
  int reached;

  if (!handla_sql_begin (db, error))
    return FALSE;

  if (!handla_sql_exec (db, migrations[version - 1], error))
    goto failed;

  reached = _handla_store_read_user_version (db, error);
  if (reached < 0)
    goto failed;

  if (reached != version)
    {
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_SQL,
                   "Migration %d set the schema version to %d",
                   version, reached);
      goto failed;
    }

  return handla_sql_commit (db, error);

failed:
  handla_sql_rollback (db);
  g_prefix_error (error, "Migration to schema version %d failed: ", version);
  return FALSE;
}

/*
 * Brings @db to the latest version, one committed step at a time. The
 * caller has already refused a database newer than this code.
 */
gboolean
_handla_store_migrate (sqlite3  *db,
                       GError  **error)
{
  int latest = handla_store_get_latest_version ();
  int version;

  version = _handla_store_read_user_version (db, error);
  if (version < 0)
    return FALSE;

  g_return_val_if_fail (version <= latest, FALSE);

  for (int next = version + 1; next <= latest; next++)
    {
      if (!run_migration (db, next, error))
        return FALSE;
      g_debug ("Store migrated to schema version %d", next);
    }

  return TRUE;
}
