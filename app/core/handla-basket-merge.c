/* handla-basket-merge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-basket-merge-private.h"
#include "handla-supplier-client-private.h"

/*
 * The basket merge, as a pure function over entries (lines and
 * tombstones, keyed by product id), and what it changed, for the carer.
 *
 * _handla_basket_merge (local, remote, base) is a three-way merge. base
 * is the supplier's basket as this tablet last synced it (the version
 * its ETag names), so for each product the tablet can tell which side
 * changed the entry since then. Per product, with L, R and B the local,
 * remote (supplier's) and base entries, each possibly absent:
 *
 *  1. L equals R: nothing to merge.
 *  2. R equals B: only this tablet changed the product: L.
 *  3. L equals B: only the supplier's side changed it: R.
 *  4. Both changed it (concurrent changes):
 *     a. a line and a line: the later changed_at; a tie: R;
 *     b. a line and a tombstone (or absence): the line. A removal wins
 *        only over a line it saw, and this line is a change the removing
 *        tablet had not seen;
 *     c. a tombstone and a tombstone: the later; a tie: R (both say
 *        "removed").
 *
 * Two entries are equal when they are both absent, or have the same kind,
 * changed_at (as an instant), quantity, unit, substitution and note.
 *
 * Without clock trouble 2 and 3 are what "the later changed_at wins" says
 * anyway; with a tablet whose clock is behind, they keep a change that
 * only one side made from being undone by an older stamp. The merge is
 * idempotent (merging the result with the same remote again changes
 * nothing), and swapping L and R gives the same result except for ties.
 * docs/supplier-protocol.md § Basket states the rule for suppliers and
 * other clients.
 */

/* ---- HandlaBasketEntry ------------------------------------------------- */

static gint64
parse_changed_at (const char *text)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (time == NULL)
    return G_MININT64;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static HandlaBasketEntry *
entry_new (const char *product_id,
           const char *changed_at)
{
  HandlaBasketEntry *entry = g_new0 (HandlaBasketEntry, 1);

  entry->product_id = g_strdup (product_id);
  entry->changed_at = g_strdup (changed_at);
  entry->changed_us = parse_changed_at (changed_at);

  return entry;
}

HandlaBasketEntry *
_handla_basket_entry_new_line (const char *product_id,
                               guint       quantity,
                               gboolean    by_weight,
                               const char *substitution,
                               const char *note,
                               const char *changed_at)
{
  HandlaBasketEntry *entry;

  g_return_val_if_fail (product_id != NULL, NULL);
  g_return_val_if_fail (quantity > 0, NULL);
  g_return_val_if_fail (changed_at != NULL, NULL);

  entry = entry_new (product_id, changed_at);
  entry->quantity = quantity;
  entry->by_weight = by_weight;
  entry->substitution = g_strdup (substitution != NULL ? substitution : "similar");
  entry->note = g_strdup (note);

  return entry;
}

HandlaBasketEntry *
_handla_basket_entry_new_removed (const char *product_id,
                                  const char *changed_at)
{
  HandlaBasketEntry *entry;

  g_return_val_if_fail (product_id != NULL, NULL);
  g_return_val_if_fail (changed_at != NULL, NULL);

  entry = entry_new (product_id, changed_at);
  entry->removed = TRUE;

  return entry;
}

HandlaBasketEntry *
_handla_basket_entry_copy (const HandlaBasketEntry *entry)
{
  HandlaBasketEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->product_id = g_strdup (entry->product_id);
  copy->substitution = g_strdup (entry->substitution);
  copy->note = g_strdup (entry->note);
  copy->changed_at = g_strdup (entry->changed_at);

  return copy;
}

void
_handla_basket_entry_free (HandlaBasketEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->product_id);
  g_free (entry->substitution);
  g_free (entry->note);
  g_free (entry->changed_at);
  g_free (entry);
}

static gboolean
is_line (const HandlaBasketEntry *entry)
{
  return entry != NULL && !entry->removed;
}

/* <0, 0, >0 as @a was changed before, with, or after @b. */
static int
compare_changed (const HandlaBasketEntry *a,
                 const HandlaBasketEntry *b)
{
  if (a->changed_us == G_MININT64 || b->changed_us == G_MININT64)
    return g_strcmp0 (a->changed_at, b->changed_at);

  return (a->changed_us > b->changed_us) - (a->changed_us < b->changed_us);
}

/* Whether two lines ask for the same: quantity, unit and choices. */
static gboolean
same_content (const HandlaBasketEntry *a,
              const HandlaBasketEntry *b)
{
  return a->quantity == b->quantity &&
         a->by_weight == b->by_weight &&
         g_strcmp0 (a->substitution, b->substitution) == 0 &&
         g_strcmp0 (a->note, b->note) == 0;
}

/**
 * _handla_basket_entry_equal:
 * @a: (nullable): an entry, or %NULL for an absent one
 * @b: (nullable): an entry, or %NULL for an absent one
 *
 * Returns: whether @a and @b are the same version of the product's entry
 */
gboolean
_handla_basket_entry_equal (const HandlaBasketEntry *a,
                            const HandlaBasketEntry *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_str_equal (a->product_id, b->product_id) &&
         a->removed == b->removed &&
         compare_changed (a, b) == 0 &&
         same_content (a, b);
}

/* ---- entry lists ------------------------------------------------------- */

GPtrArray *
_handla_basket_entries_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)_handla_basket_entry_free);
}

/* product id → entry, borrowed from @entries */
static GHashTable *
index_entries (GPtrArray *entries)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (entries, i);

      g_hash_table_insert (index, entry->product_id, entry);
    }

  return index;
}

/**
 * _handla_basket_entries_equal:
 *
 * Returns: whether @a and @b hold equal entries for the same products, in
 *   any order
 */
gboolean
_handla_basket_entries_equal (GPtrArray *a,
                              GPtrArray *b)
{
  g_autoptr(GHashTable) index = NULL;

  if (a->len != b->len)
    return FALSE;

  index = index_entries (b);
  for (guint i = 0; i < a->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (a, i);

      if (!_handla_basket_entry_equal (entry, g_hash_table_lookup (index, entry->product_id)))
        return FALSE;
    }

  return TRUE;
}

/* A basket from the supplier that is not what the protocol says. */
GError *
_handla_basket_bad_answer_error (void)
{
  return _handla_supplier_bad_answer_error (_("a basket that is not valid"));
}

static void
set_bad_basket_error (GError **error)
{
  g_propagate_error (error, _handla_basket_bad_answer_error ());
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* One entry of a basket's "lines" (@removed FALSE) or "removed_lines". */
static HandlaBasketEntry *
entry_from_json (JsonNode *node,
                 gboolean  removed)
{
  JsonObject *object, *quantity;
  JsonNode *quantity_node, *value_node;
  const char *product_id, *changed_at, *unit, *substitution, *note;
  gint64 value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  product_id = string_member (object, "product_id");
  changed_at = string_member (object, "changed_at");
  if (product_id == NULL || *product_id == '\0' || changed_at == NULL ||
      parse_changed_at (changed_at) == G_MININT64)
    return NULL;

  if (removed)
    return _handla_basket_entry_new_removed (product_id, changed_at);

  quantity_node = json_object_get_member (object, "quantity");
  if (quantity_node == NULL || !JSON_NODE_HOLDS_OBJECT (quantity_node))
    return NULL;
  quantity = json_node_get_object (quantity_node);
  unit = string_member (quantity, "unit");
  value_node = json_object_get_member (quantity, "value");
  if (unit == NULL || (!g_str_equal (unit, "piece") && !g_str_equal (unit, "gram")) ||
      value_node == NULL || !JSON_NODE_HOLDS_VALUE (value_node) ||
      json_node_get_value_type (value_node) != G_TYPE_INT64)
    return NULL;
  value = json_node_get_int (value_node);
  if (value < 1 || value > G_MAXUINT)
    return NULL;

  substitution = string_member (object, "substitution");
  if (substitution == NULL)
    return NULL;
  note = string_member (object, "note");

  return _handla_basket_entry_new_line (product_id, (guint)value, g_str_equal (unit, "gram"),
                                        substitution, note, changed_at);
}

/**
 * _handla_basket_entries_from_json:
 * @basket: a Basket (or BasketWrite) of the protocol
 *
 * Returns: (transfer full): its lines, then its tombstones, as entries;
 *   %NULL with %HANDLA_SUPPLIER_ERROR_BAD_RESPONSE if an entry is not
 *   valid or a product has two
 */
GPtrArray *
_handla_basket_entries_from_json (JsonNode  *basket,
                                  GError   **error)
{
  static const char * const members[] = { "lines", "removed_lines" };
  g_autoptr(GPtrArray) entries = _handla_basket_entries_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;

  if (basket == NULL || !JSON_NODE_HOLDS_OBJECT (basket))
    {
      set_bad_basket_error (error);
      return NULL;
    }
  object = json_node_get_object (basket);

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonNode *array_node = json_object_get_member (object, members[m]);
      JsonArray *array;

      if (array_node == NULL || !JSON_NODE_HOLDS_ARRAY (array_node))
        {
          set_bad_basket_error (error);
          return NULL;
        }

      array = json_node_get_array (array_node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          HandlaBasketEntry *entry = entry_from_json (json_array_get_element (array, i), m == 1);

          if (entry == NULL || g_hash_table_contains (seen, entry->product_id))
            {
              _handla_basket_entry_free (entry);
              set_bad_basket_error (error);
              return NULL;
            }

          g_ptr_array_add (entries, entry);
          g_hash_table_add (seen, entry->product_id);
        }
    }

  return g_steal_pointer (&entries);
}

/**
 * _handla_basket_entries_to_json:
 * @entries: entries, at most one per product
 *
 * Returns: (transfer full): a BasketWrite of the protocol: the lines, then
 *   the tombstones, each in the order of @entries
 */
JsonNode *
_handla_basket_entries_to_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  for (int removed = 0; removed <= 1; removed++)
    {
      json_builder_set_member_name (builder, removed ? "removed_lines" : "lines");
      json_builder_begin_array (builder);

      for (guint i = 0; i < entries->len; i++)
        {
          HandlaBasketEntry *entry = g_ptr_array_index (entries, i);

          if (entry->removed != removed)
            continue;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "product_id");
          json_builder_add_string_value (builder, entry->product_id);
          if (!entry->removed)
            {
              json_builder_set_member_name (builder, "quantity");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "unit");
              json_builder_add_string_value (builder, entry->by_weight ? "gram" : "piece");
              json_builder_set_member_name (builder, "value");
              json_builder_add_int_value (builder, entry->quantity);
              json_builder_end_object (builder);
              json_builder_set_member_name (builder, "substitution");
              json_builder_add_string_value (builder, entry->substitution);
              if (entry->note != NULL)
                {
                  json_builder_set_member_name (builder, "note");
                  json_builder_add_string_value (builder, entry->note);
                }
            }
          json_builder_set_member_name (builder, "changed_at");
          json_builder_add_string_value (builder, entry->changed_at);
          json_builder_end_object (builder);
        }

      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- the merge --------------------------------------------------------- */

/* The entry one product ends with; see the rule at the top. */
static const HandlaBasketEntry *
resolve (const HandlaBasketEntry *local,
         const HandlaBasketEntry *remote,
         const HandlaBasketEntry *base)
{
  if (_handla_basket_entry_equal (local, remote))
    return remote;
  if (_handla_basket_entry_equal (remote, base))
    return local;
  if (_handla_basket_entry_equal (local, base))
    return remote;

  /* Both sides changed the product since the last sync. A removal (or an
   * absence) does not win over a line it has not seen. */
  if (is_line (local) != is_line (remote))
    return is_line (local) ? local : remote;
  if (local == NULL || remote == NULL)
    return local != NULL ? local : remote;

  return compare_changed (local, remote) > 0 ? local : remote;
}

/**
 * _handla_basket_merge:
 * @local: this tablet's entries
 * @remote: the supplier's entries
 * @base: (nullable): the supplier's entries as this tablet last synced
 *   them; %NULL or empty if it never did
 *
 * Merges per product by the rule at the top of this file. Pure: no
 * store, no clock, no network.
 *
 * Returns: (transfer full): the merged entries: @local's products in
 *   their order, then those only @remote has, in its order
 */
GPtrArray *
_handla_basket_merge (GPtrArray *local,
                      GPtrArray *remote,
                      GPtrArray *base)
{
  g_autoptr(GHashTable) remote_index = index_entries (remote);
  g_autoptr(GHashTable) base_index = index_entries (base);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = _handla_basket_entries_new ();

  g_return_val_if_fail (local != NULL, merged);
  g_return_val_if_fail (remote != NULL, merged);

  for (guint i = 0; i < local->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (local, i);
      const HandlaBasketEntry *winner;

      winner = resolve (entry,
                        g_hash_table_lookup (remote_index, entry->product_id),
                        g_hash_table_lookup (base_index, entry->product_id));
      if (winner != NULL)
        g_ptr_array_add (merged, _handla_basket_entry_copy (winner));
      g_hash_table_add (seen, entry->product_id);
    }

  for (guint i = 0; i < remote->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (remote, i);
      const HandlaBasketEntry *winner;

      if (g_hash_table_contains (seen, entry->product_id))
        continue;

      winner = resolve (NULL, entry, g_hash_table_lookup (base_index, entry->product_id));
      if (winner != NULL)
        g_ptr_array_add (merged, _handla_basket_entry_copy (winner));
    }

  /* A product only the base has is absent on both sides now: it stays
   * absent. */

  return merged;
}

/* ---- HandlaBasketMerge ------------------------------------------------- */

typedef struct
{
  char                   *product_id;
  HandlaBasketChangeKind  kind;
  guint                   old_quantity;
  guint                   new_quantity;
  gboolean                by_weight;
} Change;

struct _HandlaBasketMerge
{
  gatomicrefcount  ref_count;
  GArray          *changes;   /* of Change */
};

G_DEFINE_BOXED_TYPE (HandlaBasketMerge, handla_basket_merge,
                     handla_basket_merge_ref, handla_basket_merge_unref)

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_free (change->product_id);
}

static void
add_change (HandlaBasketMerge      *self,
            HandlaBasketChangeKind  kind,
            const char             *product_id,
            guint                   old_quantity,
            guint                   new_quantity,
            gboolean                by_weight)
{
  Change change = { g_strdup (product_id), kind, old_quantity, new_quantity, by_weight };

  g_array_append_val (self->changes, change);
}

/**
 * _handla_basket_merge_new_for:
 * @before: the local entries before a merge
 * @after: the entries after it
 *
 * What the carer sees change: lines added, changed (quantity, unit,
 * substitution or note) and removed. Tombstones alone change nothing one
 * can see.
 *
 * Returns: (transfer full): the changes: added and changed lines in the
 *   order of @after, then removed ones in the order of @before
 */
HandlaBasketMerge *
_handla_basket_merge_new_for (GPtrArray *before,
                              GPtrArray *after)
{
  g_autoptr(GHashTable) before_index = index_entries (before);
  g_autoptr(GHashTable) after_index = index_entries (after);
  HandlaBasketMerge *self = g_new0 (HandlaBasketMerge, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_array_set_clear_func (self->changes, change_clear);

  for (guint i = 0; i < after->len; i++)
    {
      HandlaBasketEntry *now = g_ptr_array_index (after, i);
      HandlaBasketEntry *was = g_hash_table_lookup (before_index, now->product_id);

      if (!is_line (now))
        continue;

      if (!is_line (was))
        add_change (self, HANDLA_BASKET_CHANGE_ADDED, now->product_id,
                    0, now->quantity, now->by_weight);
      else if (!same_content (was, now))
        add_change (self, HANDLA_BASKET_CHANGE_CHANGED, now->product_id,
                    was->quantity, now->quantity, now->by_weight);
    }

  for (guint i = 0; i < before->len; i++)
    {
      HandlaBasketEntry *was = g_ptr_array_index (before, i);

      if (is_line (was) && !is_line (g_hash_table_lookup (after_index, was->product_id)))
        add_change (self, HANDLA_BASKET_CHANGE_REMOVED, was->product_id,
                    was->quantity, 0, was->by_weight);
    }

  return self;
}

HandlaBasketMerge *
handla_basket_merge_ref (HandlaBasketMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
handla_basket_merge_unref (HandlaBasketMerge *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->changes);
      g_free (self);
    }
}

/**
 * handla_basket_merge_get_n_changes:
 * @self: a #HandlaBasketMerge
 *
 * Returns: how many lines the merge added, changed or removed
 */
guint
handla_basket_merge_get_n_changes (HandlaBasketMerge *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->changes->len;
}

/**
 * handla_basket_merge_count:
 * @self: a #HandlaBasketMerge
 * @kind: a kind of change
 *
 * Returns: how many lines changed that way
 */
guint
handla_basket_merge_count (HandlaBasketMerge      *self,
                           HandlaBasketChangeKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->changes->len; i++)
    n += g_array_index (self->changes, Change, i).kind == kind;

  return n;
}

static Change *
get_change (HandlaBasketMerge *self,
            guint              position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->changes->len, NULL);

  return &g_array_index (self->changes, Change, position);
}

const char *
handla_basket_merge_get_product_id (HandlaBasketMerge *self,
                                    guint              position)
{
  Change *change = get_change (self, position);

  return change != NULL ? change->product_id : NULL;
}

HandlaBasketChangeKind
handla_basket_merge_get_kind (HandlaBasketMerge *self,
                              guint              position)
{
  Change *change = get_change (self, position);

  return change != NULL ? change->kind : HANDLA_BASKET_CHANGE_CHANGED;
}

/**
 * handla_basket_merge_get_old_quantity:
 * @self: a #HandlaBasketMerge
 * @position: a change
 *
 * Returns: the quantity before the merge (pieces, or grams when
 *   handla_basket_merge_get_by_weight()); 0 for an added line
 */
guint
handla_basket_merge_get_old_quantity (HandlaBasketMerge *self,
                                      guint              position)
{
  Change *change = get_change (self, position);

  return change != NULL ? change->old_quantity : 0;
}

/**
 * handla_basket_merge_get_new_quantity:
 * @self: a #HandlaBasketMerge
 * @position: a change
 *
 * Returns: the quantity after the merge; 0 for a removed line
 */
guint
handla_basket_merge_get_new_quantity (HandlaBasketMerge *self,
                                      guint              position)
{
  Change *change = get_change (self, position);

  return change != NULL ? change->new_quantity : 0;
}

gboolean
handla_basket_merge_get_by_weight (HandlaBasketMerge *self,
                                   guint              position)
{
  Change *change = get_change (self, position);

  return change != NULL && change->by_weight;
}

/**
 * handla_basket_merge_format_message:
 * @self: a #HandlaBasketMerge
 * @customer_name: (nullable): the customer's display name ("Anna K.")
 *
 * Says, in one sentence for the carer, that another tablet changed the
 * basket too and how: "Anna K.’s basket was also changed on another
 * tablet: 2 items added and 1 item changed."
 *
 * Returns: (transfer full) (nullable): the message, translated; %NULL if
 *   the merge changed nothing one can see
 */
char *
handla_basket_merge_format_message (HandlaBasketMerge *self,
                                    const char        *customer_name)
{
  guint added, changed, removed;
  char *parts[3] = { NULL, NULL, NULL };
  g_autofree char *list = NULL;
  guint n = 0;
  char *message;

  g_return_val_if_fail (self != NULL, NULL);

  added = handla_basket_merge_count (self, HANDLA_BASKET_CHANGE_ADDED);
  changed = handla_basket_merge_count (self, HANDLA_BASKET_CHANGE_CHANGED);
  removed = handla_basket_merge_count (self, HANDLA_BASKET_CHANGE_REMOVED);

  if (added > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u item added", "%u items added", added), added);
  if (changed > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u item changed", "%u items changed", changed),
                                  changed);
  if (removed > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u item removed", "%u items removed", removed),
                                  removed);

  switch (n)
    {
    case 0:
      return NULL;

    case 1:
      list = g_strdup (parts[0]);
      break;

    case 2:
      /* Translators: a list of two changes, "2 items added and 1 item removed" */
      list = g_strdup_printf (C_("list of two", "%s and %s"), parts[0], parts[1]);
      break;

    default:
      /* Translators: a list of three changes, "2 items added, 1 item changed
       * and 1 item removed" */
      list = g_strdup_printf (C_("list of three", "%s, %s and %s"), parts[0], parts[1], parts[2]);
      break;
    }

  for (guint i = 0; i < n; i++)
    g_free (parts[i]);

  if (customer_name != NULL)
    /* Translators: the first %s is the customer's name ("Anna K."), the
     * second the list of changes ("2 items added and 1 item changed") */
    message = g_strdup_printf (_("%s’s basket was also changed on another tablet: %s."),
                               customer_name, list);
  else
    /* Translators: %s is the list of changes ("2 items added and 1 item changed") */
    message = g_strdup_printf (_("The basket was also changed on another tablet: %s."), list);

  return message;
}
