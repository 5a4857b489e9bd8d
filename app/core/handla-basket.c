/* handla-basket.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-basket.h"
#include "handla-basket-private.h"
#include "handla-basket-sync-private.h"
#include "handla-product-private.h"
#include "handla-sql.h"

/*
 * One customer's basket: a GListModel of HandlaBasketLine in the order
 * the lines were first added, written through to the store.
 *
 * Every change updates the model at once (items-changed, notify on the
 * line, ::quantity-changed, notify on the totals) and queues its write on
 * the database thread at once: an UPSERT, or a DELETE when the quantity
 * drops to 0. Writes are never cancelled. A failed write emits
 * ::write-failed; the model keeps what the user did, and the next load
 * shows what is really stored. handla_basket_flush_async() completes
 * when every write queued before it is on disk.
 *
 * Loading reads the customer's lines joined with the current catalogue.
 * A line whose product has left the catalogue keeps the name, price and
 * unit stored with it and is not available; it does not count in the
 * totals.
 *
 * Weighed goods (handla_product_is_sold_by_weight()) are counted in
 * grams and priced per kg: a line costs price × grams / 1000, rounded
 * half up to whole öre, and carries no pant.
 *
 * Changes may be made before a load has finished. The stored lines are
 * then merged in when the load arrives: for a product changed after the
 * load was queued, the change in memory wins (and has been written over
 * the stored line); every other product is as stored. Loads complete in
 * the order they were queued and each successful one is applied, so a
 * later load that fails or is cancelled never undoes an earlier one.
 *
 * Each line also carries what the picker may do if the product is
 * missing (HandlaSubstitution, "similar" for a new line) and a note to
 * the picker. handla_basket_set_substitution() and handla_basket_set_note()
 * change them like a quantity: the model at once, then one UPDATE of the
 * line, with changed_at, in the transaction that marks the basket for the
 * sync. Changing the quantity keeps them.
 *
 * Time (changed_at) and today's offers come from the HandlaClock.
 *
 * Change mode (handla_basket_set_change_order()): the same object, with
 * the same lines, steppers, choices and notes, edits a change of one of
 * the customer's sent orders instead of the customer's basket. Its lines
 * are then a draft kept in order_change_line (migration 10): the first
 * load copies the order's lines there, later loads continue the draft, so
 * a change survives a restart or the end of a visit. The customer's own
 * basket stays as it was in basket_line, untouched and still synced; it
 * is back on screen when change mode ends. A change draft is never sent
 * to the supplier's basket: only handla_orders_change_async() sends it,
 * and queuing that deletes the draft in the same transaction.
 */

G_DEFINE_ENUM_TYPE (HandlaSubstitution, handla_substitution,
  G_DEFINE_ENUM_VALUE (HANDLA_SUBSTITUTION_SIMILAR, "similar"),
  G_DEFINE_ENUM_VALUE (HANDLA_SUBSTITUTION_ONLY_THIS, "only-this"),
  G_DEFINE_ENUM_VALUE (HANDLA_SUBSTITUTION_CALL_UNIT, "call-unit"))

/* The names in the store and the protocol (docs/supplier-api.yaml). */
static const char * const substitution_names[] = {
  [HANDLA_SUBSTITUTION_SIMILAR] = "similar",
  [HANDLA_SUBSTITUTION_ONLY_THIS] = "only_this",
  [HANDLA_SUBSTITUTION_CALL_UNIT] = "call_unit",
};

const char *
_handla_substitution_to_string (HandlaSubstitution substitution)
{
  g_return_val_if_fail (substitution < G_N_ELEMENTS (substitution_names), "similar");

  return substitution_names[substitution];
}

/* An unknown name is "similar", the protocol's default. */
HandlaSubstitution
_handla_substitution_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (substitution_names); i++)
    if (g_strcmp0 (name, substitution_names[i]) == 0)
      return (HandlaSubstitution)i;

  return HANDLA_SUBSTITUTION_SIMILAR;
}

/* @note without space at either end and cut to the protocol's length;
 * NULL if nothing is left (or it is not UTF-8). */
char *
_handla_basket_note_normalize (const char *note)
{
  g_autofree char *copy = NULL;

  if (note == NULL || !g_utf8_validate (note, -1, NULL))
    return NULL;

  copy = g_strstrip (g_strdup (note));
  if (g_utf8_strlen (copy, -1) > HANDLA_BASKET_NOTE_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (copy, 0, HANDLA_BASKET_NOTE_MAX_CHARS);

      g_free (copy);
      copy = g_strdup (g_strchomp (cut));
    }

  if (*copy == '\0')
    return NULL;

  return g_steal_pointer (&copy);
}

/* ---- HandlaBasketLine ----------------------------------------------- */

struct _HandlaBasketLine
{
  GObject        parent_instance;

  HandlaProduct      *product;
  guint               quantity;
  gboolean            available;
  HandlaSubstitution  substitution;
  char               *note;
};

G_DEFINE_FINAL_TYPE (HandlaBasketLine, handla_basket_line, G_TYPE_OBJECT)

enum {
  LINE_PROP_0,
  LINE_PROP_PRODUCT,
  LINE_PROP_QUANTITY,
  LINE_PROP_TOTAL,
  LINE_PROP_PANT_TOTAL,
  LINE_PROP_AVAILABLE,
  LINE_PROP_SUBSTITUTION,
  LINE_PROP_NOTE,
  LINE_N_PROPS,
};

static GParamSpec *line_properties[LINE_N_PROPS];

static void
handla_basket_line_finalize (GObject *object)
{
  HandlaBasketLine *self = (HandlaBasketLine *)object;

  g_clear_object (&self->product);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (handla_basket_line_parent_class)->finalize (object);
}

static void
handla_basket_line_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HandlaBasketLine *self = HANDLA_BASKET_LINE (object);

  switch (prop_id)
    {
    case LINE_PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;

    case LINE_PROP_QUANTITY:
      g_value_set_uint (value, self->quantity);
      break;

    case LINE_PROP_TOTAL:
      g_value_set_int64 (value, handla_basket_line_get_total (self));
      break;

    case LINE_PROP_PANT_TOTAL:
      g_value_set_int64 (value, handla_basket_line_get_pant_total (self));
      break;

    case LINE_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case LINE_PROP_SUBSTITUTION:
      g_value_set_enum (value, self->substitution);
      break;

    case LINE_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_basket_line_class_init (HandlaBasketLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = handla_basket_line_finalize;
  object_class->get_property = handla_basket_line_get_property;

  line_properties[LINE_PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL,
                         HANDLA_TYPE_PRODUCT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  line_properties[LINE_PROP_QUANTITY] =
    g_param_spec_uint ("quantity", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  line_properties[LINE_PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  line_properties[LINE_PROP_PANT_TOTAL] =
    g_param_spec_int64 ("pant-total", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketLine:available:
   *
   * %FALSE when the product is no longer in the catalogue. The line then
   * shows the name and price stored with it and cannot be ordered.
   */
  line_properties[LINE_PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketLine:substitution:
   *
   * What the picker may do if the product is missing.
   */
  line_properties[LINE_PROP_SUBSTITUTION] =
    g_param_spec_enum ("substitution", NULL, NULL,
                       HANDLA_TYPE_SUBSTITUTION,
                       HANDLA_SUBSTITUTION_SIMILAR,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketLine:note:
   *
   * The note to the picker, or %NULL.
   */
  line_properties[LINE_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, LINE_N_PROPS, line_properties);
}

static void
handla_basket_line_init (HandlaBasketLine *self)
{
  self->available = TRUE;
}

static HandlaBasketLine *
basket_line_new (HandlaProduct *product,
                 guint          quantity,
                 gboolean       available)
{
  HandlaBasketLine *self = g_object_new (HANDLA_TYPE_BASKET_LINE, NULL);

  self->product = g_object_ref (product);
  self->quantity = quantity;
  self->available = available;

  return self;
}

static void
basket_line_set_quantity (HandlaBasketLine *self,
                          guint             quantity)
{
  if (self->quantity == quantity)
    return;

  self->quantity = quantity;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_QUANTITY]);
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_PANT_TOTAL]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
basket_line_set_choice (HandlaBasketLine   *self,
                        HandlaSubstitution  substitution,
                        const char         *note)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->substitution != substitution)
    {
      self->substitution = substitution;
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_SUBSTITUTION]);
    }

  if (g_strcmp0 (self->note, note) != 0)
    {
      g_free (self->note);
      self->note = g_strdup (note);
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_NOTE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
basket_line_set_product (HandlaBasketLine *self,
                         HandlaProduct    *product,
                         gboolean          available)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->product, product))
    {
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_PRODUCT]);
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_TOTAL]);
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_PANT_TOTAL]);
    }

  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_AVAILABLE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * handla_basket_line_get_product:
 * @self: a #HandlaBasketLine
 *
 * Returns: (transfer none): the product. For a line that is not
 *   available, a product carrying only the id, name and price stored with
 *   the line.
 */
HandlaProduct *
handla_basket_line_get_product (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), NULL);

  return self->product;
}

/**
 * handla_basket_line_get_quantity:
 * @self: a #HandlaBasketLine
 *
 * Returns: the number of pieces, or the grams of weighed goods
 */
guint
handla_basket_line_get_quantity (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), 0);

  return self->quantity;
}

/**
 * handla_basket_line_get_total:
 * @self: a #HandlaBasketLine
 *
 * Returns: the current price (the offer price while there is one) times
 *   the quantity, in öre; pant not included. For weighed goods the price
 *   per kg times the grams / 1000, rounded half up to whole öre.
 */
gint64
handla_basket_line_get_total (HandlaBasketLine *self)
{
  gint64 price;

  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), 0);

  price = handla_product_get_current_price (self->product);

  /* Öre per kg times grams, rounded half up to whole öre. */
  if (handla_product_is_sold_by_weight (self->product))
    return (price * (gint64)self->quantity + 500) / 1000;

  return price * (gint64)self->quantity;
}

/**
 * handla_basket_line_get_pant_total:
 * @self: a #HandlaBasketLine
 *
 * Returns: the pant per piece times the quantity, in öre; 0 for
 *   weighed goods
 */
gint64
handla_basket_line_get_pant_total (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), 0);

  if (handla_product_is_sold_by_weight (self->product))
    return 0;

  return handla_product_get_pant (self->product) * (gint64)self->quantity;
}

gboolean
handla_basket_line_get_available (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), FALSE);

  return self->available;
}

HandlaSubstitution
handla_basket_line_get_substitution (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), HANDLA_SUBSTITUTION_SIMILAR);

  return self->substitution;
}

/**
 * handla_basket_line_get_note:
 * @self: a #HandlaBasketLine
 *
 * Returns: (nullable): the note to the picker: trimmed, never empty
 */
const char *
handla_basket_line_get_note (HandlaBasketLine *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (self), NULL);

  return self->note;
}

/* ---- HandlaBasket --------------------------------------------------- */

struct _HandlaBasket
{
  GObject      parent_instance;

  HandlaStore *store;
  HandlaClock *clock;
  char        *customer_id;
  gint64       change_order; /* an order's local id in change mode; 0: the basket */

  GPtrArray   *lines;        /* of HandlaBasketLine, in the order first added */
  GHashTable  *touched;      /* product id → load_serial when it last changed */
  guint        load_serial;  /* loads queued so far */
  guint        applied_serial; /* the newest load in the model */
  gboolean     loaded;

  guint        n_pieces;
  gint64       goods_total;
  gint64       pant_total;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HandlaBasket, handla_basket, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  PROP_CUSTOMER_ID,
  PROP_CHANGE_ORDER,
  PROP_LOADED,
  PROP_N_PIECES,
  PROP_GOODS_TOTAL,
  PROP_PANT_TOTAL,
  N_PROPS,
};

enum {
  QUANTITY_CHANGED,
  WRITE_FAILED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void switch_lines (HandlaBasket *self,
                          const char   *customer_id,
                          gint64        change_order);

typedef struct
{
  char               *customer_id;
  gint64              change_order; /* the change draft's order; 0: the basket */
  char               *product_id;
  gboolean            choice;       /* TRUE: only substitution and note change */
  guint               quantity;     /* 0: delete the line; grams for weighed goods */
  char               *name;
  gint64              price;
  gboolean            sold_by_weight;
  HandlaSubstitution  substitution;
  char               *note;
  char               *changed_at;
} Write;

typedef struct
{
  char   *customer_id;
  gint64  change_order; /* the change draft's order; 0: the basket */
  char   *now;          /* RFC 3339, when a change draft begins */
  char   *today;        /* YYYY-MM-DD in Europe/Stockholm, for offers */
} Load;

typedef struct
{
  HandlaProduct      *product;
  guint               quantity;
  gboolean            available;
  HandlaSubstitution  substitution;
  char               *note;
} StoredLine;

static void
write_free (gpointer data)
{
  Write *write = data;

  g_free (write->customer_id);
  g_free (write->product_id);
  g_free (write->name);
  g_free (write->note);
  g_free (write->changed_at);
  g_free (write);
}

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->customer_id);
  g_free (load->now);
  g_free (load->today);
  g_free (load);
}

static void
stored_line_free (gpointer data)
{
  StoredLine *line = data;

  g_clear_object (&line->product);
  g_free (line->note);
  g_free (line);
}

/* ---- database thread ------------------------------------------------ */

/* A line of a change draft: no sync, no tombstone; a draft that is gone
 * (the change was queued) takes no more writes. */
static gpointer
change_write_job (sqlite3  *db,
                  gpointer  data,
                  GError  **error)
{
  Write *write = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (write->choice)
    stmt = handla_sql_prepare (db,
                               "UPDATE order_change_line SET substitution = :substitution,"
                               " note = :note, changed_at = :changed "
                               "WHERE order_id = :order AND product_id = :product",
                               error);
  else if (write->quantity == 0)
    stmt = handla_sql_prepare (db,
                               "DELETE FROM order_change_line "
                               "WHERE order_id = :order AND product_id = :product",
                               error);
  else
    stmt = handla_sql_prepare (db,
                               "INSERT INTO order_change_line (order_id, product_id, quantity,"
                               " position, changed_at, name, price_ore, sold_by) "
                               "SELECT :order, :product, :quantity,"
                               " (SELECT coalesce (max (position), 0) + 1 FROM order_change_line"
                               "  WHERE order_id = :order),"
                               " :changed, :name, :price, :sold_by "
                               "WHERE EXISTS (SELECT 1 FROM order_change WHERE order_id = :order) "
                               "ON CONFLICT (order_id, product_id) DO UPDATE SET"
                               " quantity = excluded.quantity,"
                               " changed_at = excluded.changed_at",
                               error);
  if (stmt == NULL)
    return NULL;

#define BIND_TEXT(name, value) \
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, name), value, -1, SQLITE_STATIC)
#define BIND_INT(name, value) \
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, name), value)
  BIND_INT (":order", write->change_order);
  BIND_TEXT (":product", write->product_id);
  BIND_TEXT (":changed", write->changed_at);
  if (write->choice)
    {
      BIND_TEXT (":substitution", _handla_substitution_to_string (write->substitution));
      BIND_TEXT (":note", write->note);
    }
  else if (write->quantity != 0)
    {
      BIND_INT (":quantity", write->quantity);
      BIND_TEXT (":name", write->name != NULL ? write->name : write->product_id);
      BIND_INT (":price", write->price);
      BIND_TEXT (":sold_by", write->sold_by_weight ? "weight" : "piece");
    }
#undef BIND_TEXT
#undef BIND_INT

  if (!handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/* The line's write and what the sync must know of it (a tombstone for a
 * removal, "needs sending"), in one transaction. */
static gpointer
write_job (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  Write *write = data;
  gboolean upsert = !write->choice && write->quantity != 0;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (write->change_order != 0)
    return change_write_job (db, data, error);

  if (!handla_sql_begin (db, error))
    return NULL;

  if (write->choice)
    {
      /* A line that is not stored (its removal came first) stays away. */
      stmt = handla_sql_prepare (db,
                                 "UPDATE basket_line SET substitution = ?3, note = ?4,"
                                 " changed_at = ?5 "
                                 "WHERE customer_id = ?1 AND product_id = ?2",
                                 error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_text (stmt, 1, write->customer_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, write->product_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, _handla_substitution_to_string (write->substitution), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, write->note, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, write->changed_at, -1, SQLITE_STATIC);
    }
  else if (write->quantity == 0)
    {
      stmt = handla_sql_prepare (db,
                                 "DELETE FROM basket_line "
                                 "WHERE customer_id = ? AND product_id = ?",
                                 error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_text (stmt, 1, write->customer_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, write->product_id, -1, SQLITE_STATIC);
    }
  else
    {
      /* A new line goes after the customer's other lines; an existing one
       * keeps its place (and its substitution choice and note). */
      stmt = handla_sql_prepare (db,
                                 "INSERT INTO basket_line (customer_id, product_id, quantity,"
                                 " position, changed_at, name, price_ore, sold_by) "
                                 "VALUES (?1, ?2, ?3,"
                                 " (SELECT coalesce (max (position), 0) + 1 FROM basket_line"
                                 "  WHERE customer_id = ?1),"
                                 " ?4, ?5, ?6, ?7) "
                                 "ON CONFLICT (customer_id, product_id) DO UPDATE SET"
                                 " quantity = excluded.quantity,"
                                 " changed_at = excluded.changed_at,"
                                 " name = excluded.name,"
                                 " price_ore = excluded.price_ore,"
                                 " sold_by = excluded.sold_by",
                                 error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_text (stmt, 1, write->customer_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, write->product_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, write->quantity);
      sqlite3_bind_text (stmt, 4, write->changed_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, write->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, write->price);
      sqlite3_bind_text (stmt, 7, write->sold_by_weight ? "weight" : "piece", -1, SQLITE_STATIC);
    }

  if (!handla_sql_step_done (stmt, error))
    goto failed;

  /* Removing, or choosing for, a line that is not stored changes
   * nothing to send. */
  if ((upsert || sqlite3_changes (db) > 0) &&
      !_handla_basket_note_change_in_transaction (db, write->customer_id, write->product_id,
                                                  !upsert && !write->choice, write->changed_at,
                                                  error))
    goto failed;

  if (!handla_sql_commit (db, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);

failed:
  handla_sql_rollback (db);
  return NULL;
}

static gpointer
barrier_job (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  return GINT_TO_POINTER (TRUE);
}

/* The first load of a change begins its draft: a copy of the order's
 * lines, in one transaction. Later loads find the draft and keep it. */
static gboolean
begin_change_draft (sqlite3     *db,
                    Load        *load,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) begin = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;

  if (!handla_sql_begin (db, error))
    return FALSE;

  begin = handla_sql_prepare (db,
                              "INSERT OR IGNORE INTO order_change (order_id, started_at) "
                              "SELECT id, :now FROM orders WHERE id = :order",
                              error);
  if (begin == NULL)
    goto failed;
  sqlite3_bind_text (begin, sqlite3_bind_parameter_index (begin, ":now"), load->now, -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (begin, sqlite3_bind_parameter_index (begin, ":order"), load->change_order);
  if (!handla_sql_step_done (begin, error))
    goto failed;

  if (sqlite3_changes (db) > 0)
    {
      copy = handla_sql_prepare (db,
                                 "INSERT INTO order_change_line (order_id, product_id, position,"
                                 " quantity, sold_by, name, price_ore, substitution, note,"
                                 " changed_at) "
                                 "SELECT order_id, product_id, position, quantity, sold_by, name,"
                                 " price_ore, substitution, note, :now "
                                 "FROM order_line WHERE order_id = :order",
                                 error);
      if (copy == NULL)
        goto failed;
      sqlite3_bind_text (copy, sqlite3_bind_parameter_index (copy, ":now"), load->now, -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (copy, sqlite3_bind_parameter_index (copy, ":order"),
                          load->change_order);
      if (!handla_sql_step_done (copy, error))
        goto failed;
    }

  return handla_sql_commit (db, error);

failed:
  handla_sql_rollback (db);
  return FALSE;
}

static gpointer
load_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  Load *load = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (stored_line_free);
  int rc;

  if (load->change_order != 0 && !begin_change_draft (db, load, error))
    return NULL;

  if (load->change_order != 0)
    stmt = handla_sql_prepare (db,
                               "SELECT bl.product_id, bl.quantity, bl.name, bl.price_ore,"
                               " bl.sold_by, bl.substitution, bl.note, p.id IS NOT NULL, "
                               HANDLA_PRODUCT_COLUMNS " "
                               "FROM order_change_line bl"
                               " LEFT JOIN product p ON p.id = bl.product_id"
                               " LEFT JOIN category c ON c.id = p.category_id "
                               "WHERE bl.order_id = :order "
                               "ORDER BY bl.position, bl.rowid",
                               error);
  else
    stmt = handla_sql_prepare (db,
                               "SELECT bl.product_id, bl.quantity, bl.name, bl.price_ore,"
                               " bl.sold_by, bl.substitution, bl.note, p.id IS NOT NULL, "
                               HANDLA_PRODUCT_COLUMNS " "
                               "FROM basket_line bl"
                               " LEFT JOIN product p ON p.id = bl.product_id"
                               " LEFT JOIN category c ON c.id = p.category_id "
                               "WHERE bl.customer_id = :customer "
                               "ORDER BY bl.position, bl.rowid",
                               error);
  if (stmt == NULL)
    return NULL;

  if ((load->change_order != 0
       ? sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":order"),
                             load->change_order)
       : sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":customer"),
                            load->customer_id, -1, SQLITE_STATIC)) != SQLITE_OK ||
      !_handla_product_bind_today (stmt, load->today))
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredLine *line = g_new0 (StoredLine, 1);
      sqlite3_int64 quantity = sqlite3_column_int64 (stmt, 1);

      line->quantity = (guint)CLAMP (quantity, 1, G_MAXUINT);
      line->substitution = _handla_substitution_from_string (handla_sql_column_text (stmt, 5));
      line->note = g_strdup (handla_sql_column_text (stmt, 6));
      line->available = sqlite3_column_int (stmt, 7) != 0;

      if (line->available)
        line->product = _handla_product_new_from_row (stmt, 8);
      else
        {
          HandlaProductFields fields = HANDLA_PRODUCT_FIELDS_INIT;

          fields.id = handla_sql_column_text (stmt, 0);
          fields.name = handla_sql_column_text (stmt, 2);
          fields.price = sqlite3_column_int64 (stmt, 3);
          fields.sold_by_weight = g_strcmp0 (handla_sql_column_text (stmt, 4), "weight") == 0;
          line->product = _handla_product_new (&fields);
        }

      g_ptr_array_add (lines, line);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

/* ---- main context --------------------------------------------------- */

static HandlaBasketLine *
find_line (HandlaBasket *self,
           const char   *product_id,
           guint        *position)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (self->lines, i);

      if (g_str_equal (handla_product_get_id (line->product), product_id))
        {
          if (position != NULL)
            *position = i;
          return line;
        }
    }

  return NULL;
}

/* Recomputes the totals, over available lines only, and notifies those
 * that changed. */
static void
update_totals (HandlaBasket *self)
{
  guint n_pieces = 0;
  gint64 goods_total = 0;
  gint64 pant_total = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (self->lines, i);

      if (!line->available)
        continue;

      /* A weighed line is one piece, whatever it weighs. */
      n_pieces += handla_product_is_sold_by_weight (line->product) ? 1 : line->quantity;
      goods_total += handla_basket_line_get_total (line);
      pant_total += handla_basket_line_get_pant_total (line);
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->n_pieces != n_pieces)
    {
      self->n_pieces = n_pieces;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PIECES]);
    }

  if (self->goods_total != goods_total)
    {
      self->goods_total = goods_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOODS_TOTAL]);
    }

  if (self->pant_total != pant_total)
    {
      self->pant_total = pant_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANT_TOTAL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HandlaBasket) self = user_data;
  g_autoptr(GError) error = NULL;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL)
    {
      /* No customer data in the log: ::write-failed carries the error to
       * whoever shows it. */
      g_debug ("Could not save a basket change: %s", error->message);
      g_signal_emit (self, signals[WRITE_FAILED], 0, error);
    }
}

/* A write of @product_id's line, stamped now. */
static Write *
write_new (HandlaBasket *self,
           const char   *product_id)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  Write *write = g_new0 (Write, 1);

  write->customer_id = g_strdup (self->customer_id);
  write->change_order = self->change_order;
  write->product_id = g_strdup (product_id);
  write->changed_at = g_date_time_format_iso8601 (now);

  return write;
}

/* Queues @write (taking it), and makes loads queued from now on the
 * only ones that know the change. */
static void
queue_write (HandlaBasket *self,
             Write        *write)
{
  g_hash_table_insert (self->touched, g_strdup (write->product_id),
                       GUINT_TO_POINTER (self->load_serial));

  /* No cancellable: a write the user made is never dropped. */
  handla_store_run_async (self->store,
                          write_job,
                          write,
                          write_free,
                          NULL,
                          NULL,
                          write_done_cb,
                          g_object_ref (self));
}

/*
 * The one place the basket changes on the user's behalf. @product may be
 * NULL only when @quantity is 0 or the line exists.
 */
static void
change_quantity (HandlaBasket  *self,
                 const char    *id,
                 HandlaProduct *product,
                 guint          quantity)
{
  /* @id may belong to the line about to go */
  g_autofree char *product_id = g_strdup (id);
  g_autoptr(HandlaProduct) held = product != NULL ? g_object_ref (product) : NULL;
  HandlaBasketLine *line;
  guint position = 0;
  Write *write;

  /* No customer: no visit, so nothing to change. */
  g_return_if_fail (self->customer_id != NULL);

  line = find_line (self, product_id, &position);

  /* Before the first load the stored line may differ from what is in
   * memory, so the write goes out even if nothing seems to change. */
  if (self->loaded && (line != NULL ? line->quantity : 0) == quantity)
    return;

  if (product == NULL && line != NULL)
    product = line->product;
  g_return_if_fail (quantity == 0 || product != NULL);
  if (held == NULL && product != NULL)
    held = g_object_ref (product);

  write = write_new (self, product_id);
  write->quantity = quantity;
  if (product != NULL)
    {
      write->name = g_strdup (handla_product_get_name (product));
      write->price = handla_product_get_current_price (product);
      write->sold_by_weight = handla_product_is_sold_by_weight (product);
    }

  /* Queue the write first: whatever a signal handler does next is
   * written after it. */
  queue_write (self, write);

  if (quantity == 0)
    {
      if (line != NULL)
        {
          g_ptr_array_remove_index (self->lines, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
    }
  else if (line == NULL)
    {
      g_ptr_array_add (self->lines, basket_line_new (product, quantity, TRUE));
      g_list_model_items_changed (G_LIST_MODEL (self), self->lines->len - 1, 0, 1);
    }
  else
    basket_line_set_quantity (line, quantity);

  g_signal_emit (self, signals[QUANTITY_CHANGED], 0, product_id, quantity);
  update_totals (self);
}

/* Like change_quantity(), for the substitution choice and note of an
 * existing line. */
static void
change_choice (HandlaBasket       *self,
               HandlaBasketLine   *line,
               HandlaSubstitution  substitution,
               const char         *note)
{
  Write *write;

  if (line->substitution == substitution && g_strcmp0 (line->note, note) == 0)
    return;

  write = write_new (self, handla_product_get_id (line->product));
  write->choice = TRUE;
  write->substitution = substitution;
  write->note = g_strdup (note);
  queue_write (self, write);

  basket_line_set_choice (line, substitution, note);
}

/* Whether @product_id changed in memory after load @serial was queued,
 * so that load does not know the change. */
static gboolean
changed_since_load (HandlaBasket *self,
                    const char   *product_id,
                    guint         serial)
{
  gpointer changed_at_serial;

  if (!g_hash_table_lookup_extended (self->touched, product_id, NULL, &changed_at_serial))
    return FALSE;

  return GPOINTER_TO_UINT (changed_at_serial) >= serial;
}

/* Puts the stored lines of load @serial into the model, keeping what was
 * changed in memory since the load was queued. Line objects are reused,
 * so rows bound to them stay. */
static void
apply_stored_lines (HandlaBasket *self,
                    GPtrArray    *stored,
                    guint         serial)
{
  g_autoptr(GPtrArray) old_lines = g_steal_pointer (&self->lines);
  g_autoptr(GHashTable) old_quantities = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                g_free, NULL);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_quantities = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint prefix = 0;
  guint suffix = 0;

  self->lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < old_lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (old_lines, i);

      g_hash_table_insert (old_quantities,
                           g_strdup (handla_product_get_id (line->product)),
                           GUINT_TO_POINTER (line->quantity));
    }

  for (guint i = 0; i < stored->len; i++)
    {
      StoredLine *row = g_ptr_array_index (stored, i);
      const char *id = handla_product_get_id (row->product);
      HandlaBasketLine *line = NULL;

      for (guint j = 0; j < old_lines->len; j++)
        {
          HandlaBasketLine *old = g_ptr_array_index (old_lines, j);

          if (g_str_equal (handla_product_get_id (old->product), id))
            {
              line = old;
              break;
            }
        }

      if (changed_since_load (self, id, serial))
        {
          /* Changed in memory after the load was queued: memory wins,
           * at the stored line's place. */
          if (line == NULL)
            continue;
        }
      else
        {
          if (line != NULL)
            {
              basket_line_set_product (line, row->product, row->available);
              basket_line_set_quantity (line, row->quantity);
            }
          else
            line = basket_line_new (row->product, row->quantity, row->available);

          basket_line_set_choice (line, row->substitution, row->note);
        }

      if (g_hash_table_contains (placed, handla_product_get_id (line->product)))
        continue;

      g_ptr_array_add (self->lines, g_object_ref (line));
      g_hash_table_add (placed, (gpointer)handla_product_get_id (line->product));

      /* A line made above holds the only reference besides the array. */
      if (g_ptr_array_find (old_lines, line, NULL) == FALSE)
        g_object_unref (line);
    }

  /* Lines added in memory that the load did not know yet go last, in
   * the order they were added. */
  for (guint i = 0; i < old_lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (old_lines, i);
      const char *id = handla_product_get_id (line->product);

      if (changed_since_load (self, id, serial) && !g_hash_table_contains (placed, id))
        {
          g_ptr_array_add (self->lines, g_object_ref (line));
          g_hash_table_add (placed, (gpointer)id);
        }
    }

  /* One ::items-changed for the span between the rows that stayed at
   * the start and at the end, so a line merged in from another tablet
   * does not rebuild every row. */
  while (prefix < old_lines->len && prefix < self->lines->len &&
         old_lines->pdata[prefix] == self->lines->pdata[prefix])
    prefix++;
  while (suffix < old_lines->len - prefix && suffix < self->lines->len - prefix &&
         old_lines->pdata[old_lines->len - 1 - suffix] ==
         self->lines->pdata[self->lines->len - 1 - suffix])
    suffix++;

  if (prefix < old_lines->len || prefix < self->lines->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_lines->len - prefix - suffix,
                                self->lines->len - prefix - suffix);

  /* ::quantity-changed for every product whose quantity is not what it
   * was, including lines that are gone. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (self->lines, i);
      const char *id = handla_product_get_id (line->product);
      gpointer old_quantity = NULL;

      g_hash_table_insert (new_quantities, (gpointer)id, GUINT_TO_POINTER (line->quantity));

      if (!g_hash_table_lookup_extended (old_quantities, id, NULL, &old_quantity) ||
          GPOINTER_TO_UINT (old_quantity) != line->quantity)
        g_signal_emit (self, signals[QUANTITY_CHANGED], 0, id, line->quantity);
    }

  g_hash_table_iter_init (&iter, old_quantities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (new_quantities, key))
        g_signal_emit (self, signals[QUANTITY_CHANGED], 0, (const char *)key, 0u);
    }

  update_totals (self);
}

/* Loads complete in order, so changes that load @serial already read
 * matter to no later load either. */
static void
forget_changes_before (HandlaBasket *self,
                       guint         serial)
{
  GHashTableIter iter;
  gpointer changed_at_serial;

  g_hash_table_iter_init (&iter, self->touched);
  while (g_hash_table_iter_next (&iter, NULL, &changed_at_serial))
    {
      if (GPOINTER_TO_UINT (changed_at_serial) < serial)
        g_hash_table_iter_remove (&iter);
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaBasket *self = g_task_get_source_object (task);
  guint serial = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GPtrArray) stored = NULL;
  GError *error = NULL;

  stored = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Store jobs complete in the order they were queued, so this load is
   * newer than any applied before. It is applied even when a newer one
   * is on its way: that one may still fail or be cancelled. */
  if (serial > self->applied_serial)
    {
      self->applied_serial = serial;
      apply_stored_lines (self, stored, serial);
      forget_changes_before (self, serial);

      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- GListModel ----------------------------------------------------- */

static GType
handla_basket_get_item_type (GListModel *model)
{
  return HANDLA_TYPE_BASKET_LINE;
}

static guint
handla_basket_get_n_items (GListModel *model)
{
  HandlaBasket *self = HANDLA_BASKET (model);

  return self->lines->len;
}

static gpointer
handla_basket_get_item (GListModel *model,
                        guint       position)
{
  HandlaBasket *self = HANDLA_BASKET (model);

  if (position >= self->lines->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->lines, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = handla_basket_get_item_type;
  iface->get_n_items = handla_basket_get_n_items;
  iface->get_item = handla_basket_get_item;
}

/* ---- GObject -------------------------------------------------------- */

static void
handla_basket_dispose (GObject *object)
{
  HandlaBasket *self = (HandlaBasket *)object;

  /* The lines stay until finalize: the model does not change without
   * ::items-changed. */
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (handla_basket_parent_class)->dispose (object);
}

static void
handla_basket_finalize (GObject *object)
{
  HandlaBasket *self = (HandlaBasket *)object;

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (handla_basket_parent_class)->finalize (object);
}

static void
handla_basket_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HandlaBasket *self = HANDLA_BASKET (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_CHANGE_ORDER:
      g_value_set_int64 (value, self->change_order);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_N_PIECES:
      g_value_set_uint (value, self->n_pieces);
      break;

    case PROP_GOODS_TOTAL:
      g_value_set_int64 (value, self->goods_total);
      break;

    case PROP_PANT_TOTAL:
      g_value_set_int64 (value, self->pant_total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_basket_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HandlaBasket *self = HANDLA_BASKET (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      handla_basket_set_customer_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_basket_class_init (HandlaBasketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_basket_dispose;
  object_class->finalize = handla_basket_finalize;
  object_class->get_property = handla_basket_get_property;
  object_class->set_property = handla_basket_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HANDLA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:clock:
   *
   * Where "now" comes from: the time of each change, and the day that
   * decides which offers hold.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HANDLA_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:customer-id:
   *
   * Whose basket this is: the customer of the visit, or %NULL between
   * visits. Setting it is handla_basket_set_customer_id().
   */
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:change-order:
   *
   * In change mode, the local id of the order whose change the lines are
   * (handla_basket_set_change_order()); 0 when they are the customer's
   * basket.
   */
  properties[PROP_CHANGE_ORDER] =
    g_param_spec_int64 ("change-order", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:loaded:
   *
   * Whether a load has finished, so the model shows the stored lines.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:n-pieces:
   *
   * The number of pieces on the available lines; a line of weighed goods
   * counts as one piece.
   */
  properties[PROP_N_PIECES] =
    g_param_spec_uint ("n-pieces", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:goods-total:
   *
   * What the goods on the available lines cost, at current prices, in
   * öre, pant not included.
   */
  properties[PROP_GOODS_TOTAL] =
    g_param_spec_int64 ("goods-total", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasket:pant-total:
   *
   * The pant of the available lines, in öre.
   */
  properties[PROP_PANT_TOTAL] =
    g_param_spec_int64 ("pant-total", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HandlaBasket::quantity-changed:
   * @self: the basket
   * @product_id: the product whose quantity changed
   * @quantity: its quantity now; 0 when the line is gone
   *
   * Emitted after the model changed, for a change by the user and for
   * each product a load changed.
   */
  signals[QUANTITY_CHANGED] =
    g_signal_new ("quantity-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT);

  /**
   * HandlaBasket::write-failed:
   * @self: the basket
   * @error: what went wrong
   *
   * Emitted when a change could not be saved. The model still shows the
   * change; it is lost when the basket is loaded again.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
handla_basket_init (HandlaBasket *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * handla_basket_new:
 * @store: the store the basket is written to
 * @clock: the clock that stamps changes and decides which offers hold
 * @customer_id: (nullable): the customer, who must exist in the store's
 *   customer table, or %NULL for none (no visit; see
 *   handla_basket_set_customer_id())
 *
 * Makes an empty basket. Call handla_basket_load_async() to show what is
 * stored.
 *
 * Returns: (transfer full): a new #HandlaBasket
 */
HandlaBasket *
handla_basket_new (HandlaStore *store,
                   HandlaClock *clock,
                   const char  *customer_id)
{
  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);
  g_return_val_if_fail (HANDLA_IS_CLOCK (clock), NULL);

  return g_object_new (HANDLA_TYPE_BASKET,
                       "store", store,
                       "clock", clock,
                       "customer-id", customer_id,
                       NULL);
}

const char *
handla_basket_get_customer_id (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), NULL);

  return self->customer_id;
}

/**
 * handla_basket_set_customer_id:
 * @self: a #HandlaBasket
 * @customer_id: (nullable): the customer whose basket to show (a visit
 *   begins), or %NULL for none (the visit ended)
 *
 * The lines on screen go at once (::quantity-changed says 0 for each);
 * changes already made are still written for the customer they were made
 * for, and a load under way for the customer before never shows. Call
 * handla_basket_load_async() to show @customer_id's stored basket. With
 * no customer the basket stays empty and takes no changes.
 */
void
handla_basket_set_customer_id (HandlaBasket *self,
                               const char   *customer_id)
{
  g_return_if_fail (HANDLA_IS_BASKET (self));

  if (g_strcmp0 (self->customer_id, customer_id) == 0 && self->change_order == 0)
    return;

  switch_lines (self, customer_id, 0);
}

/**
 * handla_basket_set_change_order:
 * @self: a #HandlaBasket
 * @order_id: the local id of one of the customer's orders
 *   (handla_order_get_local_id()), or 0 for the customer's basket
 *
 * Change mode: the lines on screen go as with
 * handla_basket_set_customer_id(), and the next handla_basket_load_async()
 * shows the change draft of order @order_id, begun from the order's lines
 * the first time. Every change then edits the draft, never the
 * customer's basket, which stays as it was (and is still synced). 0
 * leaves change mode; load again to show the basket.
 */
void
handla_basket_set_change_order (HandlaBasket *self,
                                gint64        order_id)
{
  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (order_id >= 0);
  g_return_if_fail (order_id == 0 || self->customer_id != NULL);

  if (self->change_order == order_id)
    return;

  switch_lines (self, self->customer_id, order_id);
}

/**
 * handla_basket_get_change_order:
 * @self: a #HandlaBasket
 *
 * Returns: the local id of the order being changed, or 0 when the lines
 *   are the customer's basket
 */
gint64
handla_basket_get_change_order (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), 0);

  return self->change_order;
}

static gpointer
forget_change_job (sqlite3  *db,
                   gpointer  data,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db, "DELETE FROM order_change WHERE order_id = :order", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":order"),
                      *(gint64 *)data);
  if (!handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
forget_change_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * handla_basket_forget_change_async:
 * @self: a #HandlaBasket
 * @order_id: an order's local id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the draft is gone
 * @user_data: passed to @callback
 *
 * Deletes the change draft of order @order_id (after the writes queued
 * before): the carer chose to keep the order as it is. Leave change mode
 * first if it shows this draft.
 */
void
handla_basket_forget_change_async (HandlaBasket        *self,
                                   gint64               order_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 *data;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (order_id > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_basket_forget_change_async);
  data = g_new (gint64, 1);
  *data = order_id;
  handla_store_run_async (self->store, forget_change_job, data, g_free, NULL, cancellable,
                          forget_change_done_cb, g_steal_pointer (&task));
}

gboolean
handla_basket_forget_change_finish (HandlaBasket  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The lines on screen go, and the basket now stands for @customer_id's
 * basket or (@change_order) the change of one of its orders. */
static void
switch_lines (HandlaBasket *self,
              const char   *customer_id,
              gint64        change_order)
{
  g_autoptr(GPtrArray) old_lines = NULL;
  gboolean customer_changed = g_strcmp0 (self->customer_id, customer_id) != 0;
  gboolean order_changed = self->change_order != change_order;

  if (customer_changed)
    {
      char *copy = g_strdup (customer_id);

      g_free (self->customer_id);
      self->customer_id = copy;
    }
  self->change_order = change_order;

  /* Loads queued so far read the other customer: none of them applies. */
  self->applied_serial = self->load_serial;
  g_hash_table_remove_all (self->touched);

  old_lines = g_steal_pointer (&self->lines);
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);

  g_object_freeze_notify (G_OBJECT (self));
  if (customer_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
  if (order_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE_ORDER]);
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_lines->len, 0);
  for (guint i = 0; i < old_lines->len; i++)
    {
      HandlaBasketLine *line = g_ptr_array_index (old_lines, i);

      g_signal_emit (self, signals[QUANTITY_CHANGED], 0,
                     handla_product_get_id (line->product), 0u);
    }
  update_totals (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * handla_basket_load_async:
 * @self: a #HandlaBasket
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the lines are in the model
 * @user_data: passed to @callback
 *
 * Reads the customer's stored lines with their products from the current
 * catalogue and puts them in the model. Call it again after the catalogue
 * changed, to refresh the products.
 */
void
handla_basket_load_async (HandlaBasket        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  Load *load;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_basket_load_async);

  /* Changes from now on are not in what this load reads. */
  self->load_serial++;
  g_task_set_task_data (task, GUINT_TO_POINTER (self->load_serial), NULL);

  now = handla_clock_get_now (self->clock);
  load = g_new0 (Load, 1);
  load->customer_id = g_strdup (self->customer_id);
  load->change_order = self->change_order;
  load->now = g_date_time_format_iso8601 (now);
  load->today = _handla_product_today (now);

  handla_store_run_async (self->store,
                          load_job,
                          load,
                          load_free,
                          (GDestroyNotify)g_ptr_array_unref,
                          cancellable,
                          load_done_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_basket_load_finish (HandlaBasket  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
handla_basket_is_loaded (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), FALSE);

  return self->loaded;
}

/**
 * handla_basket_get_quantity:
 * @self: a #HandlaBasket
 * @product_id: a product id
 *
 * Returns: how many of the product are in the basket (grams for weighed
 *   goods), 0 if none
 */
guint
handla_basket_get_quantity (HandlaBasket *self,
                            const char   *product_id)
{
  HandlaBasketLine *line;

  g_return_val_if_fail (HANDLA_IS_BASKET (self), 0);
  g_return_val_if_fail (product_id != NULL, 0);

  line = find_line (self, product_id, NULL);

  return line != NULL ? line->quantity : 0;
}

/**
 * handla_basket_set_quantity:
 * @self: a #HandlaBasket
 * @product: the product
 * @quantity: how many pieces, or grams for weighed goods
 *   (handla_product_is_sold_by_weight()); 0 removes the line
 *
 * Sets the quantity of @product, adding a line at the end if it has none.
 */
void
handla_basket_set_quantity (HandlaBasket  *self,
                            HandlaProduct *product,
                            guint          quantity)
{
  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (HANDLA_IS_PRODUCT (product));

  change_quantity (self, handla_product_get_id (product), product, quantity);
}

/**
 * handla_basket_add:
 * @self: a #HandlaBasket
 * @product: the product
 *
 * Adds one piece of @product, or %HANDLA_WEIGHT_STEP_GRAMS of weighed
 * goods (so the first add of a weighed product puts 250 g in the basket).
 */
void
handla_basket_add (HandlaBasket  *self,
                   HandlaProduct *product)
{
  guint quantity;
  guint step;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (HANDLA_IS_PRODUCT (product));

  quantity = handla_basket_get_quantity (self, handla_product_get_id (product));
  step = handla_product_is_sold_by_weight (product) ? HANDLA_WEIGHT_STEP_GRAMS : 1;
  if (quantity > G_MAXUINT - step)
    return;

  change_quantity (self, handla_product_get_id (product), product, quantity + step);
}

/**
 * handla_basket_remove_one:
 * @self: a #HandlaBasket
 * @product_id: a product id
 *
 * Takes one piece away, or %HANDLA_WEIGHT_STEP_GRAMS of weighed goods;
 * the line goes when its quantity reaches 0 (a weighed line also when
 * less than one step is left).
 */
void
handla_basket_remove_one (HandlaBasket *self,
                          const char   *product_id)
{
  HandlaBasketLine *line;
  guint step;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (product_id != NULL);

  line = find_line (self, product_id, NULL);
  if (line == NULL)
    return;

  step = handla_product_is_sold_by_weight (line->product) ? HANDLA_WEIGHT_STEP_GRAMS : 1;
  change_quantity (self, product_id, NULL, line->quantity > step ? line->quantity - step : 0);
}

/**
 * handla_basket_remove:
 * @self: a #HandlaBasket
 * @product_id: a product id
 *
 * Removes the line of @product_id.
 */
void
handla_basket_remove (HandlaBasket *self,
                      const char   *product_id)
{
  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (product_id != NULL);

  change_quantity (self, product_id, NULL, 0);
}

/**
 * handla_basket_find_line:
 * @self: a #HandlaBasket
 * @product_id: a product id
 *
 * Returns: (transfer none) (nullable): the line of @product_id, or %NULL
 *   if it is not in the basket
 */
HandlaBasketLine *
handla_basket_find_line (HandlaBasket *self,
                         const char   *product_id)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  return find_line (self, product_id, NULL);
}

/**
 * handla_basket_set_substitution:
 * @self: a #HandlaBasket
 * @product_id: a product id
 * @substitution: what the picker may do if the product is missing
 *
 * Sets the substitution choice of the line of @product_id, which must be
 * in the basket (otherwise nothing happens). The change is stamped and
 * sent with the basket like a quantity.
 */
void
handla_basket_set_substitution (HandlaBasket       *self,
                                const char         *product_id,
                                HandlaSubstitution  substitution)
{
  HandlaBasketLine *line;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (product_id != NULL);
  g_return_if_fail (substitution <= HANDLA_SUBSTITUTION_CALL_UNIT);

  line = find_line (self, product_id, NULL);
  if (line != NULL)
    change_choice (self, line, substitution, line->note);
}

/**
 * handla_basket_set_note:
 * @self: a #HandlaBasket
 * @product_id: a product id
 * @note: (nullable): a note to the picker
 *
 * Sets the note to the picker of the line of @product_id, which must be
 * in the basket (otherwise nothing happens). The note is trimmed and cut
 * to %HANDLA_BASKET_NOTE_MAX_CHARS characters; an empty one (or %NULL)
 * takes the note away. The change is stamped and sent with the basket
 * like a quantity.
 */
void
handla_basket_set_note (HandlaBasket *self,
                        const char   *product_id,
                        const char   *note)
{
  g_autofree char *normalized = NULL;
  HandlaBasketLine *line;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (product_id != NULL);

  line = find_line (self, product_id, NULL);
  if (line == NULL)
    return;

  normalized = _handla_basket_note_normalize (note);
  change_choice (self, line, line->substitution, normalized);
}

guint
handla_basket_get_n_pieces (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), 0);

  return self->n_pieces;
}

gint64
handla_basket_get_goods_total (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), 0);

  return self->goods_total;
}

gint64
handla_basket_get_pant_total (HandlaBasket *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), 0);

  return self->pant_total;
}

/**
 * handla_basket_flush_async:
 * @self: a #HandlaBasket
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the writes are on disk
 * @user_data: passed to @callback
 *
 * Completes once every change made before this call is on disk (or its
 * write failed, which ::write-failed reported first).
 */
void
handla_basket_flush_async (HandlaBasket        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_BASKET (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_basket_flush_async);

  handla_store_run_async (self->store,
                          barrier_job,
                          NULL, NULL, NULL,
                          cancellable,
                          flush_done_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_basket_flush_finish (HandlaBasket  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_BASKET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
