/* handla-orders-sql.c — the orders' and the outbox's jobs on the database thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-basket-private.h"
#include "handla-basket-sync-private.h"
#include "handla-orders-private.h"
#include "handla-product-private.h"
#include "handla-sql.h"

/*
 * Every job here is one transaction (BEGIN IMMEDIATE … COMMIT): "send
 * order" writes the order, its lines, the outbox row with the new key and
 * takes the lines out of the basket, or none of it; an answer from the
 * supplier is stored with the change of its outbox row, or not at all.
 * So a crash at any point leaves either the basket or the queued order,
 * and an order is marked sent only in the transaction that deletes its
 * outbox row. The request body is made here, once, from what was just
 * written, and stored with the row: every retry sends exactly the same.
 *
 * All SQL is prepared with bound parameters.
 */

/* ---- small helpers ---------------------------------------------------------- */

static const char * const kind_names[] = {
  [HANDLA_OUTBOX_CREATE] = "create",
  [HANDLA_OUTBOX_CHANGE] = "change",
  [HANDLA_OUTBOX_CANCEL] = "cancel",
  [HANDLA_OUTBOX_COMPLAINT] = "complaint",
};

static const char *
mode_name (HandlaOrderMode mode)
{
  return mode == HANDLA_ORDER_MODE_ON_BEHALF ? "on_behalf" : "together";
}

static gboolean
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  g_assert (index > 0);
  return sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static gboolean
bind_int64 (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  g_assert (index > 0);
  return sqlite3_bind_int64 (stmt, index, value) == SQLITE_OK;
}

/* Runs @stmt, whose values are bound if @bound, to completion. */
static gboolean
step_bound (sqlite3       *db,
            sqlite3_stmt  *stmt,
            gboolean       bound,
            GError       **error)
{
  if (!bound)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error);
}

/* Prepares @sql, binds :order to @order_id and runs it to completion. */
static gboolean
run_for_order (sqlite3     *db,
               const char  *sql,
               gint64       order_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  return step_bound (db, stmt,
                    bind_int64 (stmt, ":order", order_id),
                    error);
}

/* Runs @sql, a SELECT EXISTS (…) with :order, into @exists. */
static gboolean
order_exists_query (sqlite3     *db,
                    const char  *sql,
                    gint64       order_id,
                    gboolean    *exists,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":order", order_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }
  *exists = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

static char *
format_time (GDateTime *time)
{
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* An integer member, or -1. */
static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;

  return json_node_get_int (node);
}

/* An array member as JSON text, or NULL. */
static char *
member_array_text (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_to_string (node, FALSE);
}

/* ---- lines -------------------------------------------------------------- */

typedef struct
{
  char               *product_id;
  guint               quantity;      /* pieces, or grams by weight */
  gboolean            by_weight;
  char               *name;
  gint64              price;         /* per piece, or per kg */
  HandlaSubstitution  substitution;
  char               *note;
  /* From the supplier, once picked; NULL and -1 when not (yet) known. */
  const char         *picking;          /* static: found, substituted, missing */
  gint64              picked_quantity;
  char               *substitute_name;
  char               *substitute_size;
  gint64              substitute_price;
  gint64              amount;
} Line;

static Line *
line_new (void)
{
  Line *line = g_new0 (Line, 1);

  line->picked_quantity = -1;
  line->substitute_price = -1;
  line->amount = -1;

  return line;
}

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->product_id);
  g_free (line->name);
  g_free (line->note);
  g_free (line->substitute_name);
  g_free (line->substitute_size);
  g_free (line);
}

static GPtrArray *
lines_new (void)
{
  return g_ptr_array_new_with_free_func (line_free);
}

/* What a line costs: price × pieces, or price per kg × grams / 1000
 * rounded half up, as the basket and the protocol count it. */
static gint64
line_total (Line *line)
{
  if (line->by_weight)
    return (line->price * (gint64)line->quantity + 500) / 1000;

  return line->price * (gint64)line->quantity;
}

static gint64
lines_total (GPtrArray *lines)
{
  gint64 total = 0;

  for (guint i = 0; i < lines->len; i++)
    total += line_total (g_ptr_array_index (lines, i));

  return total;
}

static Line *
find_line (GPtrArray  *lines,
           const char *product_id,
           guint      *position)
{
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);

      if (g_str_equal (line->product_id, product_id))
        {
          if (position != NULL)
            *position = i;
          return line;
        }
    }

  return NULL;
}

/* The columns read_line_rows() reads, in this order. */
#define LINE_COLUMNS "product_id, quantity, sold_by, name, price_ore, substitution, note"

/* A product's price today: the offer price while the offer holds. */
#define CURRENT_PRICE \
  "CASE WHEN p.offer_price_ore IS NOT NULL AND " HANDLA_PRODUCT_OFFER_IS_CURRENT \
  " THEN p.offer_price_ore ELSE p.price_ore END"

/* Every row of @stmt (LINE_COLUMNS) as a Line; NULL on error. */
static GPtrArray *
read_line_rows (sqlite3       *db,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) lines = lines_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Line *line = line_new ();

      line->product_id = g_strdup (handla_sql_column_text (stmt, 0));
      line->quantity = (guint)CLAMP (sqlite3_column_int64 (stmt, 1), 1, G_MAXUINT);
      line->by_weight = g_strcmp0 (handla_sql_column_text (stmt, 2), "weight") == 0;
      line->name = g_strdup (handla_sql_column_text (stmt, 3));
      line->price = sqlite3_column_int64 (stmt, 4);
      line->substitution = _handla_substitution_from_string (handla_sql_column_text (stmt, 5));
      line->note = g_strdup (handla_sql_column_text (stmt, 6));
      g_ptr_array_add (lines, line);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

/* The stored lines of order @order_id, in their order. */
static GPtrArray *
read_lines (sqlite3  *db,
            gint64    order_id,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "SELECT " LINE_COLUMNS " FROM order_line "
                             "WHERE order_id = :order ORDER BY position",
                             error);
  if (stmt == NULL)
    return NULL;
  bind_int64 (stmt, ":order", order_id);

  return read_line_rows (db, stmt, error);
}

/* Lines from the catalogue at today's price: the customer's basket lines
 * with their substitution choice and note (@product_id NULL), or one
 * product, "similar" with no note (@customer_id NULL). A basket line
 * whose product has left the catalogue cannot be ordered and stays in the
 * basket. */
static GPtrArray *
read_catalogue_lines (sqlite3     *db,
                      const char  *customer_id,
                      const char  *product_id,
                      const char  *today,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (customer_id != NULL)
    stmt = handla_sql_prepare (db,
                               "SELECT bl.product_id, bl.quantity, p.sold_by, p.name, "
                               CURRENT_PRICE ", bl.substitution, bl.note "
                               "FROM basket_line bl JOIN product p ON p.id = bl.product_id "
                               "WHERE bl.customer_id = :id "
                               "ORDER BY bl.position, bl.rowid",
                               error);
  else
    stmt = handla_sql_prepare (db,
                               "SELECT p.id, 1, p.sold_by, p.name, " CURRENT_PRICE
                               ", 'similar', NULL FROM product p WHERE p.id = :id",
                               error);
  if (stmt == NULL)
    return NULL;
  if (!bind_text (stmt, ":id", customer_id != NULL ? customer_id : product_id) ||
      !_handla_product_bind_today (stmt, today))
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return read_line_rows (db, stmt, error);
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The carer's choices and new quantities of @draft, on @lines. A product
 * to add comes from the catalogue (a product it does not have is left
 * out). A line choice set on the draft wins over the one @lines carry
 * (for "send order", the basket line's). Returns FALSE only for a store
 * error. */
static gboolean
apply_draft (sqlite3           *db,
             GPtrArray         *lines,
             HandlaOrderDraft  *draft,
             gboolean           quantities,
             const char        *today,
             GError           **error)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  if (quantities)
    {
      /* In a stable order, so the same draft makes the same body. */
      keys = g_hash_table_get_keys_as_array (draft->quantities, &n_keys);
      g_qsort_with_data (keys, (gint)n_keys, sizeof (gpointer), compare_keys, NULL);
    }

  for (guint i = 0; i < n_keys; i++)
    {
      const char *product_id = keys[i];
      guint quantity = GPOINTER_TO_UINT (g_hash_table_lookup (draft->quantities, product_id));
      guint position = 0;
      Line *line = find_line (lines, product_id, &position);

      if (quantity == 0)
        {
          if (line != NULL)
            g_ptr_array_remove_index (lines, position);
          continue;
        }

      if (line == NULL)
        {
          g_autoptr(GPtrArray) found = read_catalogue_lines (db, NULL, product_id, today, error);

          if (found == NULL)
            return FALSE;
          if (found->len == 0)
            continue;
          line = g_ptr_array_steal_index (found, 0);
          g_ptr_array_add (lines, line);
        }
      line->quantity = quantity;
    }

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      HandlaLineChoice *choice = g_hash_table_lookup (draft->choices, line->product_id);

      if (choice == NULL)
        continue;
      line->substitution = choice->substitution;
      g_free (line->note);
      line->note = g_strdup (choice->note);
    }

  return TRUE;
}

/* Replaces the lines of order @order_id with @lines, and its goods total
 * with theirs. */
static gboolean
write_lines (sqlite3    *db,
             gint64      order_id,
             GPtrArray  *lines,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) total = NULL;

  if (!run_for_order (db, "DELETE FROM order_line WHERE order_id = :order", order_id, error))
    return FALSE;

  insert = handla_sql_prepare (db,
                               "INSERT INTO order_line (order_id, product_id, position, quantity,"
                               " sold_by, name, price_ore, substitution, note, picking,"
                               " picked_quantity, substitute_name, substitute_size,"
                               " substitute_price_ore, amount_ore) "
                               "VALUES (:order, :product, :position, :quantity, :sold_by, :name,"
                               " :price, :substitution, :note, :picking,"
                               " CASE WHEN :picked < 0 THEN NULL ELSE :picked END,"
                               " :substitute, :substitute_size,"
                               " CASE WHEN :substitute_price < 0 THEN NULL ELSE :substitute_price END,"
                               " CASE WHEN :amount < 0 THEN NULL ELSE :amount END)",
                               error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);

      sqlite3_reset (insert);
      if (!bind_int64 (insert, ":order", order_id) ||
          !bind_text (insert, ":product", line->product_id) ||
          !bind_int64 (insert, ":position", i) ||
          !bind_int64 (insert, ":quantity", line->quantity) ||
          !bind_text (insert, ":sold_by", line->by_weight ? "weight" : "piece") ||
          !bind_text (insert, ":name", line->name != NULL ? line->name : line->product_id) ||
          !bind_int64 (insert, ":price", line->price) ||
          !bind_text (insert, ":substitution", _handla_substitution_to_string (line->substitution)) ||
          !bind_text (insert, ":note", line->note) ||
          !bind_text (insert, ":picking", line->picking) ||
          !bind_int64 (insert, ":picked", line->picked_quantity) ||
          !bind_text (insert, ":substitute", line->substitute_name) ||
          !bind_text (insert, ":substitute_size", line->substitute_size) ||
          !bind_int64 (insert, ":substitute_price", line->substitute_price) ||
          !bind_int64 (insert, ":amount", line->amount))
        {
          handla_sql_set_error (db, error);
          return FALSE;
        }
      if (!handla_sql_step_done (insert, error))
        return FALSE;
    }

  total = handla_sql_prepare (db, "UPDATE orders SET goods_total_ore = :total WHERE id = :order",
                              error);
  if (total == NULL)
    return FALSE;
  bind_int64 (total, ":total", lines_total (lines));
  bind_int64 (total, ":order", order_id);

  return handla_sql_step_done (total, error);
}

/* A line's PickingResult: found (with the quantity picked), substituted
 * (with the substitute) or missing, and what the line costs after
 * picking. A result the protocol does not know is left out. */
static void
take_picking (Line       *line,
              JsonObject *picking)
{
  static const char * const results[] = { "found", "substituted", "missing", NULL };
  const char *result = member_string (picking, "result");
  JsonObject *substitute = member_object (picking, "substitute");
  gint64 amount = member_int (picking, "amount_ore");

  for (guint i = 0; result != NULL && results[i] != NULL; i++)
    if (g_str_equal (result, results[i]))
      line->picking = results[i];
  if (line->picking == NULL)
    return;

  if (amount >= 0)
    line->amount = amount;
  else if (g_str_equal (line->picking, "missing"))
    line->amount = 0;
  line->picked_quantity = member_int (member_object (picking, "quantity"), "value");
  if (substitute != NULL)
    {
      line->substitute_name = g_strdup (member_string (substitute, "name"));
      line->substitute_size = g_strdup (member_string (substitute, "size"));
      line->substitute_price = member_int (substitute, "price_ore");
    }
}

/* The lines of an Order representation, or NULL if any is not as the
 * protocol says (then the stored lines stay). */
static GPtrArray *
lines_from_json (JsonObject *order)
{
  JsonNode *node = json_object_get_member (order, "lines");
  g_autoptr(GPtrArray) lines = lines_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonObject *quantity = member_object (object, "quantity");
      const char *product_id = member_string (object, "product_id");
      const char *name = member_string (object, "name");
      const char *unit = member_string (quantity, "unit");
      gint64 value = member_int (quantity, "value");
      gint64 price = member_int (object, "price_ore");
      Line *line;

      if (product_id == NULL || name == NULL || price < 0 || value < 1 || value > G_MAXUINT ||
          (g_strcmp0 (unit, "piece") != 0 && g_strcmp0 (unit, "gram") != 0))
        return NULL;

      line = line_new ();
      line->product_id = g_strdup (product_id);
      line->quantity = (guint)value;
      line->by_weight = g_str_equal (unit, "gram");
      line->name = g_strdup (name);
      line->price = price;
      line->substitution = _handla_substitution_from_string (member_string (object, "substitution"));
      line->note = g_strdup (member_string (object, "note"));
      line->amount = member_int (object, "amount_ore");
      take_picking (line, member_object (object, "picking"));
      g_ptr_array_add (lines, line);
    }

  return g_steal_pointer (&lines);
}

/* ---- request bodies --------------------------------------------------------- */

/*
 * The JSON body of a create (OrderRequest, with customer_id) or a change
 * (OrderChange, with @change_id) of order @order_id: its stored fields,
 * with what @draft sets instead, and @lines.
 */
static char *
build_body (sqlite3           *db,
            gint64             order_id,
            const char        *change_id,
            HandlaOrderDraft  *draft,
            GPtrArray         *lines,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  const char *slot_id, *hold_id, *access, *driver_note, *mode, *carer_id;
  gboolean carer_present, unpacking;

  stmt = handla_sql_prepare (db,
                             "SELECT customer_id, mode, carer_id, slot_id, hold_id, carer_present,"
                             " unpacking, access, driver_note "
                             "FROM orders WHERE id = :order",
                             error);
  if (stmt == NULL)
    return NULL;
  bind_int64 (stmt, ":order", order_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  mode = handla_sql_column_text (stmt, 1);
  carer_id = handla_sql_column_text (stmt, 2);
  slot_id = handla_sql_column_text (stmt, 3);
  hold_id = handla_sql_column_text (stmt, 4);
  carer_present = sqlite3_column_int (stmt, 5) != 0;
  unpacking = sqlite3_column_int (stmt, 6) != 0;
  access = handla_sql_column_text (stmt, 7);
  driver_note = handla_sql_column_text (stmt, 8);

  if (draft != NULL)
    {
      mode = mode_name (draft->mode);
      carer_id = draft->carer_id;
      if (draft->slot_id != NULL)
        {
          slot_id = draft->slot_id;
          hold_id = draft->hold_id;
        }
      if (draft->notes_set)
        {
          carer_present = draft->carer_present;
          unpacking = draft->unpacking;
          access = draft->access;
          driver_note = draft->driver_note;
        }
    }

  json_builder_begin_object (builder);
  if (change_id != NULL)
    {
      json_builder_set_member_name (builder, "change_id");
      json_builder_add_string_value (builder, change_id);
    }
  else
    {
      json_builder_set_member_name (builder, "customer_id");
      json_builder_add_string_value (builder, handla_sql_column_text (stmt, 0));
    }
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, mode);
  json_builder_set_member_name (builder, "carer_id");
  json_builder_add_string_value (builder, carer_id);

  json_builder_set_member_name (builder, "delivery");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "slot_id");
  json_builder_add_string_value (builder, slot_id);
  if (hold_id != NULL)
    {
      json_builder_set_member_name (builder, "hold_id");
      json_builder_add_string_value (builder, hold_id);
    }
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "carer_present");
  json_builder_add_boolean_value (builder, carer_present);
  json_builder_set_member_name (builder, "unpacking");
  json_builder_add_boolean_value (builder, unpacking);
  if (access != NULL)
    {
      json_builder_set_member_name (builder, "access");
      json_builder_add_string_value (builder, access);
    }
  if (driver_note != NULL)
    {
      json_builder_set_member_name (builder, "driver_note");
      json_builder_add_string_value (builder, driver_note);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_string_value (builder, line->product_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, line->by_weight ? "gram" : "piece");
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, line->quantity);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "substitution");
      json_builder_add_string_value (builder, _handla_substitution_to_string (line->substitution));
      if (line->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, line->note);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
insert_outbox_row (sqlite3           *db,
                   gint64             order_id,
                   HandlaOutboxKind   kind,
                   const char        *request_id,
                   const char        *body,
                   const char        *now,
                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT INTO outbox (order_id, kind, request_id, body, created_at) "
                             "VALUES (:order, :kind, :request, :body, :now)",
                             error);
  if (stmt == NULL)
    return FALSE;

  return step_bound (db, stmt,
                    bind_int64 (stmt, ":order", order_id) &&
                    bind_text (stmt, ":kind", kind_names[kind]) &&
                    bind_text (stmt, ":request", request_id) &&
                    bind_text (stmt, ":body", body) &&
                    bind_text (stmt, ":now", now),
                    error);
}

/* ---- reading orders --------------------------------------------------------- */

/* An order, with the count of its lines, whether a change or cancellation
 * is waiting, and the retry state of its first outbox row. */
#define ORDER_ROW_SQL \
  "SELECT o.id, o.customer_id, o.state, o.supplier_id, o.number, o.status," \
  " o.attention_code, o.attention_status, o.attention_detail," \
  " o.window_start, o.window_end, o.cutoff, o.goods_total_ore," \
  " (SELECT count (*) FROM order_line l WHERE l.order_id = o.id)," \
  " EXISTS (SELECT 1 FROM outbox c WHERE c.order_id = o.id" \
  "         AND c.kind IN ('change', 'cancel'))," \
  " h.last_error, h.last_error_seconds," \
  " coalesce (max (h.next_try_us, h.not_before_us), 0)," \
  " o.created_at, o.etag, o.planned_start, o.planned_end, o.pant_total_ore, o.fees_ore," \
  " o.totals_final, json_extract (o.messages, '$[#-1].text')," \
  " json_extract (o.complaints, '$[#-1].answer.text')," \
  " o.delivery_note, k.state, k.supplier_id, k.attention_code, k.attention_status," \
  " k.attention_detail, kh.last_error, kh.last_error_seconds," \
  " json_extract (o.complaints, '$[#-1].id'), json_extract (o.complaints, '$[#-1].status')," \
  " json_extract (o.complaints, '$[#-1].answer.lines[0].resolution')," \
  " coalesce (json_extract (o.complaints, '$[#-1].answer.credit_ore'), -1)," \
  " json_extract (o.complaints, '$[#-1].answer.redelivery_window.start')," \
  " json_extract (o.complaints, '$[#-1].answer.redelivery_window.end') " \
  "FROM orders o" \
  " LEFT JOIN outbox h ON h.id = (SELECT min (b.id) FROM outbox b" \
  "                               WHERE b.order_id = o.id AND b.kind != 'complaint')" \
  " LEFT JOIN complaint k ON k.id = (SELECT max (m.id) FROM complaint m" \
  "                                  WHERE m.order_id = o.id)" \
  " LEFT JOIN outbox kh ON kh.request_id = k.idempotency_key "

static HandlaOrderRow *
order_row_from_stmt (sqlite3_stmt *stmt)
{
  HandlaOrderRow *row = g_new0 (HandlaOrderRow, 1);
  const char *state = handla_sql_column_text (stmt, 2);

  row->local_id = sqlite3_column_int64 (stmt, 0);
  row->customer_id = g_strdup (handla_sql_column_text (stmt, 1));
  if (g_strcmp0 (state, "sent") == 0)
    row->state = HANDLA_ORDER_STATE_SENT;
  else if (g_strcmp0 (state, "needs_attention") == 0)
    row->state = HANDLA_ORDER_STATE_NEEDS_ATTENTION;
  else
    row->state = HANDLA_ORDER_STATE_QUEUED;
  row->supplier_id = g_strdup (handla_sql_column_text (stmt, 3));
  row->number = g_strdup (handla_sql_column_text (stmt, 4));
  row->status = g_strdup (handla_sql_column_text (stmt, 5));
  row->attention_code = g_strdup (handla_sql_column_text (stmt, 6));
  row->attention_status = (guint)sqlite3_column_int (stmt, 7);
  row->attention_detail = g_strdup (handla_sql_column_text (stmt, 8));
  row->window_start = g_strdup (handla_sql_column_text (stmt, 9));
  row->window_end = g_strdup (handla_sql_column_text (stmt, 10));
  row->cutoff = g_strdup (handla_sql_column_text (stmt, 11));
  row->goods_total = sqlite3_column_int64 (stmt, 12);
  row->n_lines = (guint)sqlite3_column_int (stmt, 13);
  row->change_pending = sqlite3_column_int (stmt, 14) != 0;
  row->last_error = g_strdup (handla_sql_column_text (stmt, 15));
  row->last_error_seconds = (guint)sqlite3_column_int (stmt, 16);
  row->next_try_us = sqlite3_column_int64 (stmt, 17);
  row->created_at = g_strdup (handla_sql_column_text (stmt, 18));
  row->etag = g_strdup (handla_sql_column_text (stmt, 19));
  row->planned_start = g_strdup (handla_sql_column_text (stmt, 20));
  row->planned_end = g_strdup (handla_sql_column_text (stmt, 21));
  row->pant_total = sqlite3_column_int64 (stmt, 22);
  row->fees_total = sqlite3_column_int64 (stmt, 23);
  row->totals_final = sqlite3_column_int (stmt, 24) != 0;
  row->message = g_strdup (handla_sql_column_text (stmt, 25));
  row->complaint_answer = g_strdup (handla_sql_column_text (stmt, 26));
  row->delivery_note = g_strdup (handla_sql_column_text (stmt, 27));
  row->complaint_local_state = g_strdup (handla_sql_column_text (stmt, 28));
  row->complaint_supplier_id = g_strdup (handla_sql_column_text (stmt, 29));
  row->complaint_attention_code = g_strdup (handla_sql_column_text (stmt, 30));
  row->complaint_attention_status = (guint)sqlite3_column_int (stmt, 31);
  row->complaint_attention_detail = g_strdup (handla_sql_column_text (stmt, 32));
  row->complaint_last_error = g_strdup (handla_sql_column_text (stmt, 33));
  row->complaint_last_error_seconds = (guint)sqlite3_column_int (stmt, 34);
  row->last_complaint_id = g_strdup (handla_sql_column_text (stmt, 35));
  row->last_complaint_status = g_strdup (handla_sql_column_text (stmt, 36));
  row->complaint_resolution = g_strdup (handla_sql_column_text (stmt, 37));
  row->complaint_credit = sqlite3_column_int64 (stmt, 38);
  row->redelivery_start = g_strdup (handla_sql_column_text (stmt, 39));
  row->redelivery_end = g_strdup (handla_sql_column_text (stmt, 40));

  return row;
}

static HandlaPickingResult
parse_picking (const char *text)
{
  if (g_strcmp0 (text, "found") == 0)
    return HANDLA_PICKING_FOUND;
  if (g_strcmp0 (text, "substituted") == 0)
    return HANDLA_PICKING_SUBSTITUTED;
  if (g_strcmp0 (text, "missing") == 0)
    return HANDLA_PICKING_MISSING;
  return HANDLA_PICKING_NONE;
}

/* The lines of @row's order, as HandlaOrderLine, into @row. */
static gboolean
read_row_lines (sqlite3         *db,
                HandlaOrderRow  *row,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = handla_sql_prepare (db,
                             "SELECT product_id, quantity, sold_by, name, price_ore, substitution,"
                             " note, picking, coalesce (picked_quantity, 0), substitute_name,"
                             " substitute_size, coalesce (substitute_price_ore, -1), amount_ore,"
                             " c.complained, c.complaint_note "
                             "FROM order_line"
                             " LEFT JOIN (SELECT json_extract (j.value, '$.product_id') AS product,"
                             "                   json_extract (j.value, '$.problem') AS complained,"
                             "                   json_extract (j.value, '$.note') AS complaint_note"
                             "            FROM complaint k, json_each (k.body, '$.lines') j"
                             "            WHERE k.id = (SELECT max (m.id) FROM complaint m"
                             "                          WHERE m.order_id = :order)) c"
                             "   ON c.product = order_line.product_id "
                             "WHERE order_id = :order ORDER BY position",
                             error);
  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":order", row->local_id);

  row->lines = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HandlaOrderLine *line = g_object_new (HANDLA_TYPE_ORDER_LINE, NULL);
      Line estimate = { 0, };

      line->product_id = g_strdup (handla_sql_column_text (stmt, 0));
      line->quantity = (guint)CLAMP (sqlite3_column_int64 (stmt, 1), 1, G_MAXUINT);
      line->by_weight = g_strcmp0 (handla_sql_column_text (stmt, 2), "weight") == 0;
      line->name = g_strdup (handla_sql_column_text (stmt, 3));
      line->price = sqlite3_column_int64 (stmt, 4);
      line->substitution = _handla_substitution_from_string (handla_sql_column_text (stmt, 5));
      line->note = g_strdup (handla_sql_column_text (stmt, 6));
      line->picking = parse_picking (handla_sql_column_text (stmt, 7));
      line->picked_quantity = (guint)CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXUINT);
      line->substitute_name = g_strdup (handla_sql_column_text (stmt, 9));
      line->substitute_size = g_strdup (handla_sql_column_text (stmt, 10));
      line->substitute_price = sqlite3_column_int64 (stmt, 11);
      estimate.quantity = line->quantity;
      estimate.by_weight = line->by_weight;
      estimate.price = line->price;
      line->amount = sqlite3_column_type (stmt, 12) == SQLITE_NULL
                     ? line_total (&estimate) : sqlite3_column_int64 (stmt, 12);
      line->complaint = g_strcmp0 (handla_sql_column_text (stmt, 13), "missing") == 0
                        ? HANDLA_DELIVERY_MISSING
                        : g_strcmp0 (handla_sql_column_text (stmt, 13), "damaged") == 0
                        ? HANDLA_DELIVERY_DAMAGED : HANDLA_DELIVERY_ARRIVED;
      line->complaint_note = g_strdup (handla_sql_column_text (stmt, 14));
      g_ptr_array_add (row->lines, line);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return TRUE;
}

/* Order @order_id as it is stored now; a row marked deleted if it is gone. */
static HandlaOrderRow *
read_order_row (sqlite3  *db,
                gint64    order_id,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  HandlaOrderRow *row;
  int rc;

  stmt = handla_sql_prepare (db, ORDER_ROW_SQL "WHERE o.id = :order", error);
  if (stmt == NULL)
    return NULL;
  bind_int64 (stmt, ":order", order_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(HandlaOrderRow) found = order_row_from_stmt (stmt);

      if (!read_row_lines (db, found, error))
        return NULL;
      return g_steal_pointer (&found);
    }
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  row = g_new0 (HandlaOrderRow, 1);
  row->local_id = order_id;
  row->deleted = TRUE;

  return row;
}

/* Commits and returns order @order_id as stored; rolls back on failure. */
static HandlaOrderRow *
commit_and_read (sqlite3  *db,
                 gint64    order_id,
                 GError  **error)
{
  if (!handla_sql_commit (db, error))
    return NULL;

  return read_order_row (db, order_id, error);
}

gpointer
_handla_orders_load_job (sqlite3  *db,
                         gpointer  data,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)_handla_order_row_free);
  int rc;

  stmt = handla_sql_prepare (db, ORDER_ROW_SQL "ORDER BY o.id DESC", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, order_row_from_stmt (stmt));

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  for (guint i = 0; i < rows->len; i++)
    if (!read_row_lines (db, g_ptr_array_index (rows, i), error))
      return NULL;

  return g_steal_pointer (&rows);
}

/* ---- "send order" --------------------------------------------------------------- */

void
_handla_send_basket_free (gpointer data)
{
  HandlaSendBasket *send = data;

  g_free (send->customer_id);
  g_clear_pointer (&send->draft, handla_order_draft_unref);
  g_free (send->key);
  g_free (send->now);
  g_free (send->today);
  g_free (send);
}

/*
 * The ordered lines leave the basket. Today they are deleted; once the
 * basket is synced with the supplier they become tombstones, so that
 * other tablets learn of it (docs/supplier-protocol.md, "Basket").
 */
/* The ordered lines leave the draft basket as tombstones, so the basket
 * sync tells the other tablets of the unit (handla-basket-sync-store.c). */
static gboolean
take_ordered_lines_from_basket (sqlite3     *db,
                                const char  *customer_id,
                                GPtrArray   *lines,
                                const char  *now,
                                GError     **error)
{
  g_autofree const char **product_ids = g_new0 (const char *, lines->len + 1);

  for (guint i = 0; i < lines->len; i++)
    product_ids[i] = ((Line *)g_ptr_array_index (lines, i))->product_id;

  return _handla_basket_tombstone_lines_in_transaction (db, customer_id, product_ids, now, error);
}

static gint64
insert_order (sqlite3           *db,
              HandlaSendBasket  *send,
              GError           **error)
{
  HandlaOrderDraft *draft = send->draft;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *window_start = format_time (draft->window_start);
  g_autofree char *window_end = format_time (draft->window_end);
  g_autofree char *cutoff = format_time (draft->cutoff);

  stmt = handla_sql_prepare (db,
                             "INSERT INTO orders (customer_id, state, idempotency_key, created_at,"
                             " mode, carer_id, slot_id, hold_id, window_start, window_end, cutoff,"
                             " carer_present, unpacking, access, driver_note) "
                             "VALUES (:customer, 'queued', :key, :now, :mode, :carer, :slot, :hold,"
                             " :start, :end, :cutoff, :present, :unpacking, :access, :driver_note)",
                             error);
  if (stmt == NULL)
    return 0;
  if (!bind_text (stmt, ":customer", send->customer_id) ||
      !bind_text (stmt, ":key", send->key) ||
      !bind_text (stmt, ":now", send->now) ||
      !bind_text (stmt, ":mode", mode_name (draft->mode)) ||
      !bind_text (stmt, ":carer", draft->carer_id) ||
      !bind_text (stmt, ":slot", draft->slot_id) ||
      !bind_text (stmt, ":hold", draft->hold_id) ||
      !bind_text (stmt, ":start", window_start) ||
      !bind_text (stmt, ":end", window_end) ||
      !bind_text (stmt, ":cutoff", cutoff) ||
      !bind_int64 (stmt, ":present", draft->carer_present) ||
      !bind_int64 (stmt, ":unpacking", draft->unpacking) ||
      !bind_text (stmt, ":access", draft->access) ||
      !bind_text (stmt, ":driver_note", draft->driver_note))
    {
      handla_sql_set_error (db, error);
      return 0;
    }
  if (!handla_sql_step_done (stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (db);
}

/*
 * One transaction: the basket's orderable lines become a queued order
 * with its lines and its outbox row (the new key and the body), and
 * leave the basket.
 */
gpointer
_handla_orders_send_basket_job (sqlite3  *db,
                                gpointer  data,
                                GError  **error)
{
  HandlaSendBasket *send = data;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *body = NULL;
  gint64 order_id;

  if (!handla_sql_begin (db, error))
    return NULL;

  lines = read_catalogue_lines (db, send->customer_id, NULL, send->today, error);
  if (lines == NULL)
    goto failed;
  if (lines->len == 0)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_EMPTY_BASKET,
                           _("The basket has nothing that can be ordered."));
      goto failed;
    }

  if (!apply_draft (db, lines, send->draft, FALSE, send->today, error))
    goto failed;

  order_id = insert_order (db, send, error);
  if (order_id == 0 ||
      !write_lines (db, order_id, lines, error) ||
      (body = build_body (db, order_id, NULL, NULL, lines, error)) == NULL ||
      !insert_outbox_row (db, order_id, HANDLA_OUTBOX_CREATE, send->key, body, send->now, error) ||
      !take_ordered_lines_from_basket (db, send->customer_id, lines, send->now, error))
    goto failed;

  return commit_and_read (db, order_id, error);

failed:
  handla_sql_rollback (db);
  return NULL;
}

/* ---- change, cancel, send again ------------------------------------------------- */

void
_handla_order_edit_free (gpointer data)
{
  HandlaOrderEdit *edit = data;

  g_clear_pointer (&edit->draft, handla_order_draft_unref);
  g_free (edit->request_id);
  g_free (edit->now);
  g_free (edit);
}

/* A refused order, corrected by the carer, goes out again as a new
 * request with a new key (the old key belongs to the refused body). */
static gboolean
send_again (sqlite3          *db,
            HandlaOrderEdit  *edit,
            const char       *today,
            GError          **error)
{
  HandlaOrderDraft *draft = edit->draft;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *window_start = format_time (draft->window_start);
  g_autofree char *window_end = format_time (draft->window_end);
  g_autofree char *cutoff = format_time (draft->cutoff);
  g_autofree char *body = NULL;

  lines = read_lines (db, edit->order_id, error);
  if (lines == NULL || !apply_draft (db, lines, draft, TRUE, today, error))
    return FALSE;
  if (lines->len == 0)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_EMPTY_BASKET,
                           _("The order has nothing left to order."));
      return FALSE;
    }

  stmt = handla_sql_prepare (db,
                             "UPDATE orders SET state = 'queued', idempotency_key = :key,"
                             " mode = :mode, carer_id = :carer,"
                             " slot_id = coalesce (:slot, slot_id),"
                             " hold_id = CASE WHEN :slot IS NULL THEN hold_id ELSE :hold END,"
                             " window_start = CASE WHEN :slot IS NULL THEN window_start ELSE :start END,"
                             " window_end = CASE WHEN :slot IS NULL THEN window_end ELSE :end END,"
                             " cutoff = CASE WHEN :slot IS NULL THEN cutoff ELSE :cutoff END,"
                             " carer_present = CASE WHEN :notes THEN :present ELSE carer_present END,"
                             " unpacking = CASE WHEN :notes THEN :unpacking ELSE unpacking END,"
                             " access = CASE WHEN :notes THEN :access ELSE access END,"
                             " driver_note = CASE WHEN :notes THEN :driver_note ELSE driver_note END,"
                             " attention_code = NULL, attention_status = 0, attention_detail = NULL "
                             "WHERE id = :order",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_text (stmt, ":key", edit->request_id) ||
      !bind_text (stmt, ":mode", mode_name (draft->mode)) ||
      !bind_text (stmt, ":carer", draft->carer_id) ||
      !bind_text (stmt, ":slot", draft->slot_id) ||
      !bind_text (stmt, ":hold", draft->hold_id) ||
      !bind_text (stmt, ":start", window_start) ||
      !bind_text (stmt, ":end", window_end) ||
      !bind_text (stmt, ":cutoff", cutoff) ||
      !bind_int64 (stmt, ":notes", draft->notes_set) ||
      !bind_int64 (stmt, ":present", draft->carer_present) ||
      !bind_int64 (stmt, ":unpacking", draft->unpacking) ||
      !bind_text (stmt, ":access", draft->access) ||
      !bind_text (stmt, ":driver_note", draft->driver_note) ||
      !bind_int64 (stmt, ":order", edit->order_id))
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return handla_sql_step_done (stmt, error) &&
         write_lines (db, edit->order_id, lines, error) &&
         (body = build_body (db, edit->order_id, NULL, NULL, lines, error)) != NULL &&
         insert_outbox_row (db, edit->order_id, HANDLA_OUTBOX_CREATE, edit->request_id, body,
                            edit->now, error);
}

/* A change of a queued or sent order: the whole new content goes in the
 * outbox; the stored order stays the supplier's until it answers. */
static gboolean
queue_change (sqlite3          *db,
              HandlaOrderEdit  *edit,
              const char       *today,
              GError          **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *body = NULL;

  lines = read_lines (db, edit->order_id, error);
  if (lines == NULL || !apply_draft (db, lines, edit->draft, TRUE, today, error))
    return FALSE;
  if (lines->len == 0)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_EMPTY_BASKET,
                           _("A changed order needs at least one line. "
                             "To order nothing, cancel the order."));
      return FALSE;
    }

  body = build_body (db, edit->order_id, edit->request_id, edit->draft, lines, error);

  return body != NULL &&
         insert_outbox_row (db, edit->order_id, HANDLA_OUTBOX_CHANGE, edit->request_id, body,
                            edit->now, error);
}

/*
 * One transaction for a change (edit->draft set) or a cancellation:
 *  - of an order the supplier refused: a change sends it again with a new
 *    key; a cancellation deletes it (the supplier never had it);
 *  - of a queued or sent order: a 'change' or 'cancel' outbox row, sent
 *    after the rows before it.
 */
gpointer
_handla_orders_edit_job (sqlite3  *db,
                         gpointer  data,
                         GError  **error)
{
  HandlaOrderEdit *edit = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (edit->now, NULL);
  g_autofree char *today = _handla_product_today (now);
  gboolean refused;
  gboolean ok;

  if (!handla_sql_begin (db, error))
    return NULL;

  stmt = handla_sql_prepare (db, "SELECT state FROM orders WHERE id = :order", error);
  if (stmt == NULL)
    goto failed;
  bind_int64 (stmt, ":order", edit->order_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE,
                           _("The order is no longer on the tablet."));
      goto failed;
    }
  refused = g_strcmp0 (handla_sql_column_text (stmt, 0), "needs_attention") == 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (edit->draft == NULL && refused)
    ok = run_for_order (db, "DELETE FROM orders WHERE id = :order", edit->order_id, error);
  else if (edit->draft == NULL)
    ok = insert_outbox_row (db, edit->order_id, HANDLA_OUTBOX_CANCEL, edit->request_id, NULL,
                            edit->now, error);
  else if (refused)
    ok = send_again (db, edit, today, error);
  else
    ok = queue_change (db, edit, today, error);

  /* A change draft of the order (migration 10) is done with once its
   * change or a cancellation is queued, in the same transaction. */
  if (!ok ||
      !run_for_order (db, "DELETE FROM order_change WHERE order_id = :order", edit->order_id,
                      error))
    goto failed;

  return commit_and_read (db, edit->order_id, error);

failed:
  handla_sql_rollback (db);
  return NULL;
}

/* ---- the delivery check ------------------------------------------------------------ */

void
_handla_check_job_free (gpointer data)
{
  HandlaCheckJob *job = data;

  g_clear_pointer (&job->check, handla_delivery_check_unref);
  g_free (job->key);
  g_free (job->now);
  g_free (job);
}

/* The body of POST /v1/orders/{id}/complaints for the lines of order
 * @order_id that @check marks: each with the quantity delivered (what was
 * picked, or what was ordered). Lines the supplier already reported
 * missing, or not in the order, are left out. NULL if no line is left. */
static char *
build_complaint_body (sqlite3              *db,
                      gint64                order_id,
                      HandlaDeliveryCheck  *check,
                      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = 0;
  int rc;

  stmt = handla_sql_prepare (db,
                             "SELECT product_id, quantity, sold_by, picking,"
                             " coalesce (picked_quantity, 0) "
                             "FROM order_line WHERE order_id = :order ORDER BY position",
                             error);
  if (stmt == NULL)
    return NULL;
  bind_int64 (stmt, ":order", order_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "carer_id");
  json_builder_add_string_value (builder, check->carer_id);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *product_id = handla_sql_column_text (stmt, 0);
      gint64 quantity = sqlite3_column_int64 (stmt, 1);
      gboolean by_weight = g_strcmp0 (handla_sql_column_text (stmt, 2), "weight") == 0;
      const char *picking = handla_sql_column_text (stmt, 3);
      gint64 picked = sqlite3_column_int64 (stmt, 4);
      HandlaLineCheck *line = g_hash_table_lookup (check->lines, product_id);

      if (line == NULL || g_strcmp0 (picking, "missing") == 0)
        continue;
      if (g_strcmp0 (picking, "found") == 0 && picked > 0)
        quantity = picked;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_string_value (builder, product_id);
      json_builder_set_member_name (builder, "problem");
      json_builder_add_string_value (builder,
                                     line->problem == HANDLA_DELIVERY_DAMAGED ? "damaged"
                                                                              : "missing");
      json_builder_set_member_name (builder, "quantity");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, by_weight ? "gram" : "piece");
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, quantity);
      json_builder_end_object (builder);
      if (line->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, line->note);
        }
      json_builder_end_object (builder);
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }
  json_builder_end_array (builder);
  if (check->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, check->note);
    }
  json_builder_end_object (builder);

  if (n == 0)
    return g_strdup ("");

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/*
 * The delivery check, in one transaction: the carer's delivery note goes
 * on the order; if lines are missing or damaged, the complaint (with a
 * new Idempotency-Key and its exact request body) and its outbox row are
 * written with it. Returns the order as stored.
 */
gpointer
_handla_orders_check_job (sqlite3  *db,
                          gpointer  data,
                          GError  **error)
{
  HandlaCheckJob *job = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *body = NULL;

  if (!handla_sql_begin (db, error))
    return NULL;

  stmt = handla_sql_prepare (db, "UPDATE orders SET delivery_note = :note WHERE id = :order",
                             error);
  if (stmt == NULL ||
      !step_bound (db, stmt,
                   bind_text (stmt, ":note", job->check->note) &&
                   bind_int64 (stmt, ":order", job->order_id),
                   error))
    goto failed;

  if (g_hash_table_size (job->check->lines) > 0)
    {
      body = build_complaint_body (db, job->order_id, job->check, error);
      if (body == NULL)
        goto failed;
    }

  if (body != NULL && *body != '\0')
    {
      insert = handla_sql_prepare (db,
                                   "INSERT INTO complaint (order_id, idempotency_key, created_at,"
                                   " carer_id, body) "
                                   "VALUES (:order, :key, :now, :carer, :body)",
                                   error);
      if (insert == NULL ||
          !step_bound (db, insert,
                       bind_int64 (insert, ":order", job->order_id) &&
                       bind_text (insert, ":key", job->key) &&
                       bind_text (insert, ":now", job->now) &&
                       bind_text (insert, ":carer", job->check->carer_id) &&
                       bind_text (insert, ":body", body),
                       error) ||
          !insert_outbox_row (db, job->order_id, HANDLA_OUTBOX_COMPLAINT, job->key, body,
                              job->now, error))
        goto failed;
    }

  return commit_and_read (db, job->order_id, error);

failed:
  handla_sql_rollback (db);
  return NULL;
}

/* ---- the outbox worker's jobs ------------------------------------------------------ */

void
_handla_outbox_next_free (gpointer data)
{
  HandlaOutboxNext *next = data;

  g_free (next->request_id);
  g_free (next->body);
  g_free (next->supplier_id);
  g_free (next->etag);
  g_free (next);
}

/*
 * Finds the request to send: the first row of each order is the only one
 * that may go (an order's rows go in order), and of those the one due
 * first. With all_now, the backoff is forgotten first (Retry-After is
 * not). Fills in @data; if nothing is due yet, row_id is 0 and due_us
 * says when the next row is (0: the outbox is empty).
 */
gpointer
_handla_outbox_next_job (sqlite3  *db,
                         gpointer  data,
                         GError  **error)
{
  HandlaOutboxNext *next = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *kind;
  int rc;

  if (next->all_now && !handla_sql_exec (db, "UPDATE outbox SET next_try_us = 0", error))
    return NULL;

  stmt = handla_sql_prepare (db,
                             "SELECT b.id, b.order_id, b.kind, b.request_id, b.body, o.supplier_id,"
                             " o.etag, b.attempts, coalesce (b.first_try_us, 0),"
                             " max (b.next_try_us, b.not_before_us) AS due "
                             "FROM outbox b JOIN orders o ON o.id = b.order_id "
                             "WHERE b.id = (SELECT min (f.id) FROM outbox f"
                             "              WHERE f.order_id = b.order_id) "
                             "ORDER BY due, b.id LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return GINT_TO_POINTER (TRUE);
  if (rc != SQLITE_ROW)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  next->due_us = MAX (sqlite3_column_int64 (stmt, 9), 1);
  if (next->due_us > next->now_us)
    return GINT_TO_POINTER (TRUE);

  next->row_id = sqlite3_column_int64 (stmt, 0);
  next->order_id = sqlite3_column_int64 (stmt, 1);
  kind = handla_sql_column_text (stmt, 2);
  next->kind = g_strcmp0 (kind, "change") == 0 ? HANDLA_OUTBOX_CHANGE
             : g_strcmp0 (kind, "complaint") == 0 ? HANDLA_OUTBOX_COMPLAINT
             : g_strcmp0 (kind, "cancel") == 0 ? HANDLA_OUTBOX_CANCEL
             : HANDLA_OUTBOX_CREATE;
  next->request_id = g_strdup (handla_sql_column_text (stmt, 3));
  next->body = g_strdup (handla_sql_column_text (stmt, 4));
  next->supplier_id = g_strdup (handla_sql_column_text (stmt, 5));
  next->etag = g_strdup (handla_sql_column_text (stmt, 6));
  next->attempts = (guint)sqlite3_column_int (stmt, 7);
  next->first_try_us = sqlite3_column_int64 (stmt, 8);

  return GINT_TO_POINTER (TRUE);
}

void
_handla_outcome_free (gpointer data)
{
  HandlaOutcome *outcome = data;

  g_clear_pointer (&outcome->order, json_node_unref);
  g_free (outcome->etag);
  g_free (outcome->error_code);
  g_free (outcome->attention_code);
  g_free (outcome->attention_detail);
  g_free (outcome);
}

/* Takes the supplier's representation of the order (and its ETag) as the
 * tablet's copy; with @sent, the order is sent from now on. Members the
 * answer lacks keep what is stored. */
static gboolean
apply_order (sqlite3     *db,
             gint64       order_id,
             JsonNode    *node,
             const char  *etag,
             gboolean     sent,
             GError     **error)
{
  JsonObject *order = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *delivery = member_object (order, "delivery");
  JsonObject *window = member_object (delivery, "window");
  JsonObject *planned = member_object (delivery, "planned_window");
  JsonObject *totals = member_object (order, "totals");
  const char *mode = member_string (order, "mode");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *messages = member_array_text (order, "messages");
  g_autofree char *complaints = member_array_text (order, "complaints");
  gint64 goods = member_int (totals, "goods_ore");
  gint64 pant = member_int (totals, "pant_ore");
  gint64 fees = member_int (totals, "municipality_pays_ore");
  JsonNode *final = totals != NULL ? json_object_get_member (totals, "final") : NULL;

  if (order == NULL)
    return TRUE;

  lines = lines_from_json (order);
  if (lines != NULL && lines->len > 0 && !write_lines (db, order_id, lines, error))
    return FALSE;

  if (g_strcmp0 (mode, "together") != 0 && g_strcmp0 (mode, "on_behalf") != 0)
    mode = NULL;

  stmt = handla_sql_prepare (db,
                             "UPDATE orders SET"
                             " state = CASE WHEN :sent THEN 'sent' ELSE state END,"
                             " supplier_id = coalesce (:id, supplier_id),"
                             " number = coalesce (:number, number),"
                             " status = coalesce (:status, status),"
                             " etag = coalesce (:etag, etag),"
                             " cutoff = coalesce (:cutoff, cutoff),"
                             " slot_id = coalesce (:slot, slot_id),"
                             " window_start = coalesce (:start, window_start),"
                             " window_end = coalesce (:end, window_end),"
                             " mode = coalesce (:mode, mode),"
                             " carer_id = coalesce (:carer, carer_id),"
                             " goods_total_ore = CASE WHEN :goods >= 0 THEN :goods"
                             "                   ELSE goods_total_ore END,"
                             " pant_total_ore = CASE WHEN :pant >= 0 THEN :pant"
                             "                  ELSE pant_total_ore END,"
                             " fees_ore = CASE WHEN :fees >= 0 THEN :fees ELSE fees_ore END,"
                             " totals_final = CASE WHEN :final >= 0 THEN :final"
                             "                ELSE totals_final END,"
                             " planned_start = coalesce (:planned_start, planned_start),"
                             " planned_end = coalesce (:planned_end, planned_end),"
                             " messages = coalesce (:messages, messages),"
                             " complaints = coalesce (:complaints, complaints) "
                             "WHERE id = :order",
                             error);
  if (stmt == NULL)
    return FALSE;

  return step_bound (db, stmt,
                    bind_int64 (stmt, ":sent", sent) &&
                    bind_text (stmt, ":id", member_string (order, "id")) &&
                    bind_text (stmt, ":number", member_string (order, "number")) &&
                    bind_text (stmt, ":status", member_string (order, "status")) &&
                    bind_text (stmt, ":etag", etag) &&
                    bind_text (stmt, ":cutoff", member_string (order, "cutoff")) &&
                    bind_text (stmt, ":slot", member_string (delivery, "slot_id")) &&
                    bind_text (stmt, ":start", member_string (window, "start")) &&
                    bind_text (stmt, ":end", member_string (window, "end")) &&
                    bind_text (stmt, ":mode", mode) &&
                    bind_text (stmt, ":carer", member_string (order, "carer_id")) &&
                    bind_int64 (stmt, ":goods", goods) &&
                    bind_int64 (stmt, ":pant", pant) &&
                    bind_int64 (stmt, ":fees", fees) &&
                    bind_int64 (stmt, ":final",
                                final != NULL && JSON_NODE_HOLDS_VALUE (final) &&
                                json_node_get_value_type (final) == G_TYPE_BOOLEAN
                                ? json_node_get_boolean (final) : -1) &&
                    bind_text (stmt, ":planned_start", member_string (planned, "start")) &&
                    bind_text (stmt, ":planned_end", member_string (planned, "end")) &&
                    bind_text (stmt, ":messages", messages) &&
                    bind_text (stmt, ":complaints", complaints) &&
                    bind_int64 (stmt, ":order", order_id),
                    error);
}

static gboolean
set_attention (sqlite3        *db,
               HandlaOutcome  *outcome,
               gboolean        refused,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "UPDATE orders SET"
                             " state = CASE WHEN :refused THEN 'needs_attention' ELSE state END,"
                             " attention_code = :code, attention_status = :status,"
                             " attention_detail = :detail "
                             "WHERE id = :order",
                             error);
  if (stmt == NULL)
    return FALSE;

  return step_bound (db, stmt,
                    bind_int64 (stmt, ":refused", refused) &&
                    bind_text (stmt, ":code", outcome->attention_code) &&
                    bind_int64 (stmt, ":status", outcome->attention_status) &&
                    bind_text (stmt, ":detail", outcome->attention_detail) &&
                    bind_int64 (stmt, ":order", outcome->order_id),
                    error);
}

static gboolean
delete_row (sqlite3  *db,
            gint64    row_id,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, "DELETE FROM outbox WHERE id = :row",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":row", row_id);

  return handla_sql_step_done (stmt, error);
}

/* The row stays, for another try at next_try_us (0 for at once). */
static gboolean
update_row (sqlite3        *db,
            HandlaOutcome  *outcome,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "UPDATE outbox SET attempts = :attempts,"
                             " first_try_us = coalesce (first_try_us, :now),"
                             " next_try_us = :next, not_before_us = :not_before,"
                             " last_error = :error, last_error_seconds = :seconds "
                             "WHERE id = :row",
                             error);
  if (stmt == NULL)
    return FALSE;

  return step_bound (db, stmt,
                    bind_int64 (stmt, ":attempts", outcome->attempts) &&
                    bind_int64 (stmt, ":now", outcome->now_us) &&
                    bind_int64 (stmt, ":next", outcome->next_try_us) &&
                    bind_int64 (stmt, ":not_before", outcome->not_before_us) &&
                    bind_text (stmt, ":error", outcome->error_code) &&
                    bind_int64 (stmt, ":seconds", outcome->error_seconds) &&
                    bind_int64 (stmt, ":row", outcome->row_id),
                    error);
}

/* A refused order's later rows go with it; if one was a cancellation,
 * the order goes too (the supplier never had it). */
static gboolean
refuse_order (sqlite3        *db,
              HandlaOutcome  *outcome,
              GError        **error)
{
  gboolean cancelled = FALSE;

  if (!order_exists_query (db,
                           "SELECT EXISTS (SELECT 1 FROM outbox"
                           " WHERE order_id = :order AND kind = 'cancel')",
                           outcome->order_id, &cancelled, error))
    return FALSE;

  if (cancelled)
    return run_for_order (db, "DELETE FROM orders WHERE id = :order", outcome->order_id, error);

  return set_attention (db, outcome, TRUE, error) &&
         run_for_order (db, "DELETE FROM outbox WHERE order_id = :order", outcome->order_id, error);
}

/* What an attempt to send a complaint led to: sent (the supplier's id of
 * it; its answer comes with the order), tried again later, or refused
 * for good (the complaint needs attention; the order itself stands). The
 * complaint is found by its key, the outbox row's request_id. */
static gboolean
store_complaint_outcome (sqlite3        *db,
                         HandlaOutcome  *outcome,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *complaint = outcome->order != NULL && JSON_NODE_HOLDS_OBJECT (outcome->order)
                          ? json_node_get_object (outcome->order) : NULL;

  switch (outcome->kind)
    {
    case HANDLA_OUTCOME_DONE:
      stmt = handla_sql_prepare (db,
                                 "UPDATE complaint SET state = 'sent',"
                                 " supplier_id = coalesce (:id, supplier_id),"
                                 " attention_code = NULL, attention_status = 0,"
                                 " attention_detail = NULL "
                                 "WHERE idempotency_key ="
                                 " (SELECT request_id FROM outbox WHERE id = :row)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      return step_bound (db, stmt,
                         bind_text (stmt, ":id", member_string (complaint, "id")) &&
                         bind_int64 (stmt, ":row", outcome->row_id),
                         error) &&
             delete_row (db, outcome->row_id, error);

    case HANDLA_OUTCOME_RETRY:
      return update_row (db, outcome, error);

    case HANDLA_OUTCOME_REFUSED:
    case HANDLA_OUTCOME_DROPPED:
    case HANDLA_OUTCOME_REFRESHED:
    default:
      stmt = handla_sql_prepare (db,
                                 "UPDATE complaint SET state = 'needs_attention',"
                                 " attention_code = :code, attention_status = :status,"
                                 " attention_detail = :detail "
                                 "WHERE idempotency_key ="
                                 " (SELECT request_id FROM outbox WHERE id = :row)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      return step_bound (db, stmt,
                         bind_text (stmt, ":code", outcome->attention_code) &&
                         bind_int64 (stmt, ":status", outcome->attention_status) &&
                         bind_text (stmt, ":detail", outcome->attention_detail) &&
                         bind_int64 (stmt, ":row", outcome->row_id),
                         error) &&
             delete_row (db, outcome->row_id, error);
    }
}

/*
 * Stores what an attempt led to, in one transaction, and returns the
 * order as it is now. A sent order is marked sent here, in the same
 * transaction that deletes its outbox row.
 */
gpointer
_handla_outbox_outcome_job (sqlite3  *db,
                            gpointer  data,
                            GError  **error)
{
  HandlaOutcome *outcome = data;
  gboolean ok = FALSE;

  if (!handla_sql_begin (db, error))
    return NULL;

  if (outcome->row_kind == HANDLA_OUTBOX_COMPLAINT)
    {
      ok = store_complaint_outcome (db, outcome, error);
      if (!ok)
        {
          handla_sql_rollback (db);
          return NULL;
        }
      return commit_and_read (db, outcome->order_id, error);
    }

  switch (outcome->kind)
    {
    case HANDLA_OUTCOME_DONE:
      ok = apply_order (db, outcome->order_id, outcome->order, outcome->etag,
                        outcome->row_kind == HANDLA_OUTBOX_CREATE, error) &&
           set_attention (db, outcome, FALSE, error) &&
           delete_row (db, outcome->row_id, error);
      break;

    case HANDLA_OUTCOME_REFRESHED:
      ok = apply_order (db, outcome->order_id, outcome->order, outcome->etag, FALSE, error) &&
           update_row (db, outcome, error);
      break;

    case HANDLA_OUTCOME_RETRY:
      ok = update_row (db, outcome, error);
      break;

    case HANDLA_OUTCOME_REFUSED:
      ok = refuse_order (db, outcome, error);
      break;

    case HANDLA_OUTCOME_DROPPED:
      ok = set_attention (db, outcome, FALSE, error) &&
           delete_row (db, outcome->row_id, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      handla_sql_rollback (db);
      return NULL;
    }

  return commit_and_read (db, outcome->order_id, error);
}

/* ---- following an order --------------------------------------------------------- */

void
_handla_order_refresh_free (gpointer data)
{
  HandlaOrderRefresh *refresh = data;

  g_clear_pointer (&refresh->order, json_node_unref);
  g_free (refresh->etag);
  g_free (refresh);
}

/*
 * Stores a refreshed order (200 to GET /v1/orders/{id}) in one
 * transaction, and returns the order as stored. The rule: a refresh never
 * overwrites a local change. While a change or cancellation of the order
 * waits in the outbox, the supplier's version is not stored (nor its
 * ETag, so the change still goes out with the If-Match it was made
 * against, and a 412 makes the outbox read the order itself); the
 * outbox's answer brings the supplier's version.
 */
gpointer
_handla_orders_refresh_job (sqlite3  *db,
                            gpointer  data,
                            GError  **error)
{
  HandlaOrderRefresh *refresh = data;
  gboolean pending = FALSE;

  if (!handla_sql_begin (db, error))
    return NULL;

  /* A complaint in the outbox changes nothing of the order itself. */
  if (!order_exists_query (db,
                           "SELECT EXISTS (SELECT 1 FROM outbox"
                           " WHERE order_id = :order AND kind != 'complaint')",
                           refresh->order_id, &pending, error))
    goto failed;

  if (!pending &&
      !apply_order (db, refresh->order_id, refresh->order, refresh->etag, FALSE, error))
    goto failed;

  return commit_and_read (db, refresh->order_id, error);

failed:
  handla_sql_rollback (db);
  return NULL;
}
