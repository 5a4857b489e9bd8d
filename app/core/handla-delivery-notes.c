/* handla-delivery-notes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-delivery-notes.h"
#include "handla-sql.h"

/*
 * The delivery notes of the customer on screen (PRODUCT.md "Delivery
 * notes"): a carer present at delivery, help with unpacking, how to get
 * in, and a note to the driver. They belong to the customer, not to one
 * order: every change is written at once (a store job, table
 * delivery_notes, migration 9), so nothing typed is lost if the app
 * closes, and the next order starts from them. "Send order" takes them
 * (handla_delivery_notes_apply()); the review page then clears the
 * driver note, which is meant for one delivery, and keeps the rest as
 * the customer's defaults.
 *
 * Until a customer's notes are first changed, the switches follow the
 * customer's flags from the supplier (carer present, needs unpacking).
 *
 * How to get in never holds a door code: handla_delivery_access_is_door_code()
 * refuses text that looks like one, and such text is never stored.
 */

struct _HandlaDeliveryNotes
{
  GObject       parent_instance;

  HandlaStore  *store;
  HandlaClock  *clock;
  GCancellable *cancellable;  /* the load under way */

  char         *customer_id;
  gboolean      loaded;
  gboolean      edited;       /* changed since the load began */
  gboolean      carer_present;
  gboolean      unpacking;
  char         *access;
  char         *driver_note;
};

G_DEFINE_FINAL_TYPE (HandlaDeliveryNotes, handla_delivery_notes, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CUSTOMER_ID,
  PROP_LOADED,
  PROP_CARER_PRESENT,
  PROP_UNPACKING,
  PROP_ACCESS,
  PROP_DRIVER_NOTE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char     *customer_id;
  gboolean  found;
  gboolean  carer_present;
  gboolean  unpacking;
  char     *access;
  char     *driver_note;
  char     *updated;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->customer_id);
  g_free (row->access);
  g_free (row->driver_note);
  g_free (row->updated);
  g_free (row);
}

/* ---- text ------------------------------------------------------------------ */

/* Trimmed and cut to @max characters; an empty text is none. */
static char *
normalize (const char *text,
           glong       max)
{
  g_autofree char *copy = NULL;
  const char *end;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;

  if (g_utf8_strlen (copy, -1) <= max)
    return g_steal_pointer (&copy);

  end = g_utf8_offset_to_pointer (copy, max);
  return g_strstrip (g_strndup (copy, (gsize)(end - copy)));
}

/* The longest run of digits, where digits separated by one space, dash
 * or dot count as one run ("12 34", "1-2-3-4"). */
static guint
longest_digit_run (const char *text)
{
  guint longest = 0, run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        run++;
      else if ((*p == ' ' || *p == '-' || *p == '.') && run > 0 && g_ascii_isdigit (p[1]))
        continue;
      else
        run = 0;
      longest = MAX (longest, run);
    }

  return longest;
}

/* Whether a digit follows @p: after the rest of the word, signs such as
 * ":" or "=", and at most one short word ("är", "is"). */
static gboolean
digit_follows (const char *p)
{
  guint words = 0;

  while (g_ascii_isalpha (*p) || (guchar)*p >= 0x80)
    p++;

  for (;;)
    {
      while (*p != '\0' && !g_ascii_isalnum (*p) && (guchar)*p < 0x80)
        p++;
      if (g_ascii_isdigit (*p))
        return TRUE;
      if (*p == '\0' || words == 1)
        return FALSE;

      /* One short word may come between: "code is 42", "koden är 42". */
      {
        const char *start = p;

        while (g_ascii_isalpha (*p) || (guchar)*p >= 0x80)
          p = g_utf8_next_char (p);
        if (g_utf8_strlen (start, p - start) > 3)
          return FALSE;
      }
      words++;
    }
}

/**
 * handla_delivery_access_is_door_code:
 * @text: (nullable): what was typed as "how to get in"
 *
 * Whether @text looks like a door code, which must never be stored on
 * the tablet: a run of three or more digits ("1234", "12 34"), or "kod",
 * "code" or "pin" followed by digits ("Portkod: 45", "code is 12").
 * "Key box, see care plan", "Port 2, 3 tr" and "Ring the doorbell" are
 * fine.
 *
 * Returns: %TRUE if @text must be refused
 */
gboolean
handla_delivery_access_is_door_code (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  if (longest_digit_run (text) >= 3)
    return TRUE;

  lower = g_utf8_strdown (text, -1);
  for (const char *p = lower; *p != '\0'; p++)
    {
      gboolean word_start = p == lower || !g_ascii_isalpha (p[-1]);

      if ((g_str_has_prefix (p, "kod") && digit_follows (p + 3)) ||
          (g_str_has_prefix (p, "code") && digit_follows (p + 4)) ||
          (word_start && g_str_has_prefix (p, "pin") && digit_follows (p + 3)))
        return TRUE;
    }

  return FALSE;
}

/* ---- store jobs ---------------------------------------------------------- */

static gpointer
load_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  const char *customer_id = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Row *row;
  int rc;

  stmt = handla_sql_prepare (db,
                             "SELECT carer_present, unpacking, access, driver_note"
                             " FROM delivery_notes WHERE customer_id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_TRANSIENT);

  row = g_new0 (Row, 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->found = TRUE;
      row->carer_present = sqlite3_column_int (stmt, 0) != 0;
      row->unpacking = sqlite3_column_int (stmt, 1) != 0;
      row->access = g_strdup (handla_sql_column_text (stmt, 2));
      row->driver_note = g_strdup (handla_sql_column_text (stmt, 3));
    }
  else if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      row_free (row);
      return NULL;
    }

  return row;
}

static gpointer
save_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  Row *row = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT INTO delivery_notes"
                             " (customer_id, carer_present, unpacking, access, driver_note, updated)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                             " ON CONFLICT (customer_id) DO UPDATE SET"
                             "  carer_present = ?2, unpacking = ?3, access = ?4,"
                             "  driver_note = ?5, updated = ?6",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, row->customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, row->carer_present);
  sqlite3_bind_int (stmt, 3, row->unpacking);
  sqlite3_bind_text (stmt, 4, row->access, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->driver_note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->updated, -1, SQLITE_STATIC);

  if (!handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL)
    g_warning ("Could not save the delivery notes: %s", error->message);
}

/* Writes what is on screen now; jobs run in order, so the last write
 * wins. Never cancelled: what was typed must reach the disk. */
static void
save (HandlaDeliveryNotes *self)
{
  g_autoptr(GDateTime) now = NULL;
  Row *row;

  self->edited = TRUE;
  if (self->customer_id == NULL)
    return;

  now = handla_clock_get_now (self->clock);
  row = g_new0 (Row, 1);
  row->customer_id = g_strdup (self->customer_id);
  row->carer_present = self->carer_present;
  row->unpacking = self->unpacking;
  row->access = g_strdup (self->access);
  row->driver_note = g_strdup (self->driver_note);
  row->updated = g_date_time_format_iso8601 (now);

  handla_store_run_async (self->store, save_job, row, row_free, NULL, NULL, saved_cb, NULL);
}

static void
set_text (HandlaDeliveryNotes *self,
          char               **field,
          char                *value,
          GParamSpec          *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HandlaDeliveryNotes *self = user_data;
  g_autoptr(GError) error = NULL;
  Row *row;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&row, row_free);
      return;
    }

  if (row == NULL)
    g_warning ("Could not load the delivery notes: %s", error->message);
  else if (row->found && !self->edited)
    {
      g_object_freeze_notify (G_OBJECT (self));
      if (self->carer_present != row->carer_present)
        {
          self->carer_present = row->carer_present;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARER_PRESENT]);
        }
      if (self->unpacking != row->unpacking)
        {
          self->unpacking = row->unpacking;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNPACKING]);
        }
      set_text (self, &self->access, g_steal_pointer (&row->access), properties[PROP_ACCESS]);
      set_text (self, &self->driver_note, g_steal_pointer (&row->driver_note),
                properties[PROP_DRIVER_NOTE]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  g_clear_pointer (&row, row_free);

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* ---- GObject ------------------------------------------------------------- */

static void
handla_delivery_notes_dispose (GObject *object)
{
  HandlaDeliveryNotes *self = (HandlaDeliveryNotes *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (handla_delivery_notes_parent_class)->dispose (object);
}

static void
handla_delivery_notes_finalize (GObject *object)
{
  HandlaDeliveryNotes *self = (HandlaDeliveryNotes *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_free (self->customer_id);
  g_free (self->access);
  g_free (self->driver_note);

  G_OBJECT_CLASS (handla_delivery_notes_parent_class)->finalize (object);
}

static void
handla_delivery_notes_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HandlaDeliveryNotes *self = HANDLA_DELIVERY_NOTES (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_CARER_PRESENT:
      g_value_set_boolean (value, self->carer_present);
      break;

    case PROP_UNPACKING:
      g_value_set_boolean (value, self->unpacking);
      break;

    case PROP_ACCESS:
      g_value_set_string (value, self->access);
      break;

    case PROP_DRIVER_NOTE:
      g_value_set_string (value, self->driver_note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_delivery_notes_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HandlaDeliveryNotes *self = HANDLA_DELIVERY_NOTES (object);

  switch (prop_id)
    {
    case PROP_CARER_PRESENT:
      handla_delivery_notes_set_carer_present (self, g_value_get_boolean (value));
      break;

    case PROP_UNPACKING:
      handla_delivery_notes_set_unpacking (self, g_value_get_boolean (value));
      break;

    case PROP_ACCESS:
      handla_delivery_notes_set_access (self, g_value_get_string (value));
      break;

    case PROP_DRIVER_NOTE:
      handla_delivery_notes_set_driver_note (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_delivery_notes_class_init (HandlaDeliveryNotesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_delivery_notes_dispose;
  object_class->finalize = handla_delivery_notes_finalize;
  object_class->get_property = handla_delivery_notes_get_property;
  object_class->set_property = handla_delivery_notes_set_property;

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaDeliveryNotes:loaded:
   *
   * Whether the customer's stored notes have been read (until then the
   * customer's flags are shown).
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CARER_PRESENT] =
    g_param_spec_boolean ("carer-present", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNPACKING] =
    g_param_spec_boolean ("unpacking", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCESS] =
    g_param_spec_string ("access", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRIVER_NOTE] =
    g_param_spec_string ("driver-note", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_delivery_notes_init (HandlaDeliveryNotes *self)
{
}

/* ---- public API ------------------------------------------------------------ */

/**
 * handla_delivery_notes_new:
 * @store: where the notes are kept
 * @clock: the time of each change
 *
 * Returns: (transfer full): notes for no customer; see
 *   handla_delivery_notes_set_customer()
 */
HandlaDeliveryNotes *
handla_delivery_notes_new (HandlaStore *store,
                           HandlaClock *clock)
{
  HandlaDeliveryNotes *self;

  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);
  g_return_val_if_fail (HANDLA_IS_CLOCK (clock), NULL);

  self = g_object_new (HANDLA_TYPE_DELIVERY_NOTES, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);

  return self;
}

const char *
handla_delivery_notes_get_customer_id (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), NULL);

  return self->customer_id;
}

/**
 * handla_delivery_notes_set_customer:
 * @self: a #HandlaDeliveryNotes
 * @customer_id: (nullable): whose notes to show, or %NULL for nobody's
 * @default_carer_present: the switch until the customer's notes are
 *   first changed: the customer's "carer present" flag
 * @default_unpacking: likewise, the customer's "needs unpacking" flag
 *
 * Forgets the notes on screen at once, shows the defaults, and reads
 * @customer_id's stored notes (:loaded turns %TRUE when they are in). A
 * change made before they are read wins over them.
 */
void
handla_delivery_notes_set_customer (HandlaDeliveryNotes *self,
                                    const char          *customer_id,
                                    gboolean             default_carer_present,
                                    gboolean             default_unpacking)
{
  g_return_if_fail (HANDLA_IS_DELIVERY_NOTES (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_object_freeze_notify (G_OBJECT (self));

  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);

  self->carer_present = customer_id != NULL && default_carer_present;
  self->unpacking = customer_id != NULL && default_unpacking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARER_PRESENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNPACKING]);
  set_text (self, &self->access, NULL, properties[PROP_ACCESS]);
  set_text (self, &self->driver_note, NULL, properties[PROP_DRIVER_NOTE]);
  self->edited = FALSE;
  self->loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  g_object_thaw_notify (G_OBJECT (self));

  if (customer_id == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  handla_store_run_async (self->store, load_job, g_strdup (customer_id), g_free, row_free,
                          self->cancellable, loaded_cb, self);
}

gboolean
handla_delivery_notes_get_loaded (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), FALSE);

  return self->loaded;
}

gboolean
handla_delivery_notes_get_carer_present (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), FALSE);

  return self->carer_present;
}

/* A carer will be there to receive the goods. Written at once. */
void
handla_delivery_notes_set_carer_present (HandlaDeliveryNotes *self,
                                         gboolean             carer_present)
{
  g_return_if_fail (HANDLA_IS_DELIVERY_NOTES (self));

  carer_present = !!carer_present;
  if (self->customer_id == NULL || self->carer_present == carer_present)
    return;

  self->carer_present = carer_present;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARER_PRESENT]);
  save (self);
}

gboolean
handla_delivery_notes_get_unpacking (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), FALSE);

  return self->unpacking;
}

/* The driver helps with unpacking. Written at once. */
void
handla_delivery_notes_set_unpacking (HandlaDeliveryNotes *self,
                                     gboolean             unpacking)
{
  g_return_if_fail (HANDLA_IS_DELIVERY_NOTES (self));

  unpacking = !!unpacking;
  if (self->customer_id == NULL || self->unpacking == unpacking)
    return;

  self->unpacking = unpacking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNPACKING]);
  save (self);
}

const char *
handla_delivery_notes_get_access (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), NULL);

  return self->access;
}

/**
 * handla_delivery_notes_set_access:
 * @self: a #HandlaDeliveryNotes
 * @access: (nullable): how to get in; trimmed and cut to
 *   %HANDLA_DELIVERY_ACCESS_MAX_CHARS characters
 *
 * Keeps and writes @access, unless it looks like a door code
 * (handla_delivery_access_is_door_code()): then the notes keep no way in
 * at all, so neither the code nor a part of it is ever stored.
 *
 * Returns: %FALSE if @access was refused as a door code
 */
gboolean
handla_delivery_notes_set_access (HandlaDeliveryNotes *self,
                                  const char          *access)
{
  gboolean refused;
  char *value;

  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), FALSE);

  refused = handla_delivery_access_is_door_code (access);
  if (self->customer_id == NULL)
    return !refused;

  value = refused ? NULL : normalize (access, HANDLA_DELIVERY_ACCESS_MAX_CHARS);
  if (g_strcmp0 (value, self->access) != 0)
    {
      set_text (self, &self->access, value, properties[PROP_ACCESS]);
      save (self);
    }
  else
    g_free (value);

  return !refused;
}

const char *
handla_delivery_notes_get_driver_note (HandlaDeliveryNotes *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_NOTES (self), NULL);

  return self->driver_note;
}

/**
 * handla_delivery_notes_set_driver_note:
 * @self: a #HandlaDeliveryNotes
 * @driver_note: (nullable): a note to the driver, trimmed and cut to
 *   %HANDLA_DELIVERY_DRIVER_NOTE_MAX_CHARS characters; %NULL clears it
 */
void
handla_delivery_notes_set_driver_note (HandlaDeliveryNotes *self,
                                       const char          *driver_note)
{
  char *value;

  g_return_if_fail (HANDLA_IS_DELIVERY_NOTES (self));

  if (self->customer_id == NULL)
    return;

  value = normalize (driver_note, HANDLA_DELIVERY_DRIVER_NOTE_MAX_CHARS);
  if (g_strcmp0 (value, self->driver_note) == 0)
    {
      g_free (value);
      return;
    }

  set_text (self, &self->driver_note, value, properties[PROP_DRIVER_NOTE]);
  save (self);
}

/**
 * handla_delivery_notes_apply:
 * @self: a #HandlaDeliveryNotes
 * @draft: the order about to be sent
 *
 * Puts the notes on @draft (handla_order_draft_set_notes()).
 */
void
handla_delivery_notes_apply (HandlaDeliveryNotes *self,
                             HandlaOrderDraft    *draft)
{
  g_return_if_fail (HANDLA_IS_DELIVERY_NOTES (self));
  g_return_if_fail (draft != NULL);

  handla_order_draft_set_notes (draft, self->carer_present, self->unpacking,
                                self->access, self->driver_note);
}
