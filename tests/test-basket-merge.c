/* test-basket-merge.c — the basket merge rule, what it tells the carer,
 * and the basket sync's state in the store; no network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "handla-basket-merge-private.h"
#include "handla-basket-sync-private.h"
#include "handla-core.h"
#include "handla-store-private.h"
#include "test-util.h"

#define CUSTOMER "c-1001"

/* ---- entries ------------------------------------------------------------ */

/* Times are "HH:MM" on 24 November 2025, Stockholm (+01:00). */
static char *
at (const char *hhmm)
{
  return g_strconcat ("2025-11-24T", hhmm, ":00+01:00", NULL);
}

static HandlaBasketEntry *
new_line (const char *product_id,
          guint       quantity,
          gboolean    by_weight,
          const char *hhmm)
{
  g_autofree char *changed_at = at (hhmm);

  return _handla_basket_entry_new_line (product_id, quantity, by_weight, "similar", NULL,
                                        changed_at);
}

static HandlaBasketEntry *
line (const char *product_id,
      guint       quantity,
      const char *hhmm)
{
  return new_line (product_id, quantity, FALSE, hhmm);
}

static HandlaBasketEntry *
grams (const char *product_id,
       guint       quantity,
       const char *hhmm)
{
  return new_line (product_id, quantity, TRUE, hhmm);
}

static HandlaBasketEntry *
gone (const char *product_id,
      const char *hhmm)
{
  g_autofree char *changed_at = at (hhmm);

  return _handla_basket_entry_new_removed (product_id, changed_at);
}

/* The entries given, until NULL. */
static GPtrArray *
basket (HandlaBasketEntry *first,
        ...)
{
  GPtrArray *entries = _handla_basket_entries_new ();
  va_list args;

  va_start (args, first);
  for (HandlaBasketEntry *entry = first; entry != NULL; entry = va_arg (args, HandlaBasketEntry *))
    g_ptr_array_add (entries, entry);
  va_end (args);

  return entries;
}

/* "milk×2@09:00", "apples=500g@09:00", "-bread@09:05", in order. */
static char *
describe (GPtrArray *entries)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      HandlaBasketEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *time = g_strndup (entry->changed_at + 11, 5);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (entry->removed)
        g_string_append_printf (out, "-%s@%s", entry->product_id, time);
      else if (entry->by_weight)
        g_string_append_printf (out, "%s=%ug@%s", entry->product_id, entry->quantity, time);
      else
        g_string_append_printf (out, "%s×%u@%s", entry->product_id, entry->quantity, time);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Entries from their description (see describe()); NULL for NULL. */
static GPtrArray *
parse_entries (const char *spec)
{
  g_auto(GStrv) tokens = NULL;
  GPtrArray *entries;

  if (spec == NULL)
    return NULL;

  entries = _handla_basket_entries_new ();
  tokens = g_strsplit (spec, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *token = tokens[i];
      char *time = strchr (token, '@');
      char *times, *grams_sign;

      if (*token == '\0')
        continue;
      g_assert_nonnull (time);
      *time++ = '\0';

      if (token[0] == '-')
        {
          g_ptr_array_add (entries, gone (token + 1, time));
          continue;
        }

      times = strstr (token, "×");
      grams_sign = strchr (token, '=');
      if (times != NULL)
        {
          *times = '\0';
          g_ptr_array_add (entries, line (token, atoi (times + strlen ("×")), time));
        }
      else
        {
          g_assert_nonnull (grams_sign);
          *grams_sign = '\0';
          g_ptr_array_add (entries, grams (token, atoi (grams_sign + 1), time));
        }
    }

  return entries;
}

/* ---- the rule, case by case ----------------------------------------------- */

/* Each case: this tablet's basket, the supplier's, the one last synced
 * (NULL: never synced), and the merge. */
static const struct
{
  const char *what;
  const char *local;
  const char *remote;
  const char *base;
  const char *merged;
} cases[] = {
  { "only here: stays (and is sent)",
    "milk×2@09:00", "", "", "milk×2@09:00" },
  { "only there: comes in",
    "", "milk×2@09:00", "", "milk×2@09:00" },
  { "each its own product: both, this tablet's first",
    "milk×1@09:00", "bread×1@09:10", "", "milk×1@09:00 bread×1@09:10" },
  { "unchanged on both sides",
    "milk×1@09:00", "milk×1@09:00", "milk×1@09:00", "milk×1@09:00" },
  { "changed only here",
    "milk×3@09:30", "milk×1@09:00", "milk×1@09:00", "milk×3@09:30" },
  { "changed only there",
    "milk×1@09:00", "milk×4@09:30", "milk×1@09:00", "milk×4@09:30" },

  { "changed on both sides: the later here",
    "milk×3@09:40", "milk×4@09:30", "milk×1@09:00", "milk×3@09:40" },
  { "changed on both sides: the later there",
    "milk×3@09:30", "milk×4@09:40", "milk×1@09:00", "milk×4@09:40" },
  { "changed on both sides at once: the supplier's",
    "milk×3@09:30", "milk×4@09:30", "milk×1@09:00", "milk×4@09:30" },
  { "added on both sides, never synced: the later",
    "milk×2@09:10", "milk×1@09:20", NULL, "milk×1@09:20" },

  { "removed here, changed there later: kept",
    "-milk@09:20", "milk×2@09:30", "milk×1@09:00", "milk×2@09:30" },
  { "removed here later, changed there: kept",
    "-milk@09:40", "milk×2@09:30", "milk×1@09:00", "milk×2@09:30" },
  { "changed here, removed there later: kept",
    "milk×2@09:30", "-milk@09:40", "milk×1@09:00", "milk×2@09:30" },
  { "changed here later, removed there: kept",
    "milk×2@09:30", "-milk@09:20", "milk×1@09:00", "milk×2@09:30" },
  { "added again here, the supplier's tombstone gone",
    "milk×1@09:30", "", "-milk@09:00", "milk×1@09:30" },
  { "removed here, never synced, there a line: kept",
    "-milk@09:40", "milk×1@09:00", NULL, "milk×1@09:00" },

  { "removed here, the line it saw there: removed",
    "-milk@09:40", "milk×1@09:00", "milk×1@09:00", "-milk@09:40" },
  { "removed there, the line it saw here: removed",
    "milk×1@09:00", "-milk@09:40", "milk×1@09:00", "-milk@09:40" },
  { "removed here with a slow clock, the line it saw: removed",
    "-milk@08:00", "milk×1@09:00", "milk×1@09:00", "-milk@08:00" },
  { "changed here with a slow clock, only here: kept",
    "milk×5@08:00", "milk×1@09:00", "milk×1@09:00", "milk×5@08:00" },

  { "removed on both sides: the later removal here",
    "-milk@09:40", "-milk@09:30", "milk×1@09:00", "-milk@09:40" },
  { "removed on both sides: the later removal there",
    "-milk@09:30", "-milk@09:40", "milk×1@09:00", "-milk@09:40" },
  { "removed on both sides at once",
    "-milk@09:30", "-milk@09:30", "milk×1@09:00", "-milk@09:30" },
  { "a tombstone only here: sent",
    "-milk@09:30", "", "", "-milk@09:30" },
  { "a tombstone the supplier has dropped since: dropped",
    "-milk@09:30", "", "-milk@09:30", "" },

  { "weighed, changed on both sides: the later",
    "apples=750g@09:40", "apples=500g@09:30", "apples=250g@09:00", "apples=750g@09:40" },
  { "weighed, removed here, changed there: kept",
    "-apples@09:40", "apples=500g@09:30", "apples=250g@09:00", "apples=500g@09:30" },
  { "weighed, the same number in another unit is another line",
    "apples=2g@09:00", "apples×2@09:30", "apples=2g@09:00", "apples×2@09:30" },

  { "a whole basket",
    "milk×2@09:10 bread×1@09:00 cola×1@09:00 -butter@09:12 juice×1@09:13",
    "milk×3@09:05 bread×1@09:00 -cola@09:06 butter×2@09:20 water×6@09:07",
    "milk×1@09:00 bread×1@09:00 butter×1@09:00 cola×1@09:00",
    "milk×2@09:10 bread×1@09:00 -cola@09:06 butter×2@09:20 juice×1@09:13 water×6@09:07" },
};

static void
test_merge_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) local = parse_entries (cases[i].local);
      g_autoptr(GPtrArray) remote = parse_entries (cases[i].remote);
      g_autoptr(GPtrArray) base = parse_entries (cases[i].base);
      g_autoptr(GPtrArray) merged = _handla_basket_merge (local, remote, base);
      g_autofree char *got = describe (merged);

      g_test_message ("%s", cases[i].what);
      g_assert_cmpstr (got, ==, cases[i].merged);
    }
}

/* The same instant in another offset is a tie too. */
static void
test_merge_tie_across_offsets (void)
{
  g_autoptr(GPtrArray) local = parse_entries ("milk×3@09:30");
  g_autoptr(GPtrArray) remote = _handla_basket_entries_new ();
  g_autoptr(GPtrArray) merged = NULL;

  g_ptr_array_add (remote, _handla_basket_entry_new_line ("milk", 4, FALSE, "similar", NULL,
                                                           "2025-11-24T08:30:00Z"));
  merged = _handla_basket_merge (local, remote, NULL);
  g_assert_cmpuint (merged->len, ==, 1);
  g_assert_cmpuint (((HandlaBasketEntry *)merged->pdata[0])->quantity, ==, 4);
}

/* ---- the rule, exhaustively --------------------------------------------- */

/* Every entry one product can have in the exhaustive test; NULL is
 * "absent". Two lines share 09:00 with other contents (ties), one is
 * weighed, and tombstones come before, with and after the lines. */
static HandlaBasketEntry *
variant (guint i)
{
  switch (i)
    {
    case 0: return NULL;
    case 1: return line ("p", 1, "09:00");
    case 2: return line ("p", 2, "09:00");
    case 3: return line ("p", 1, "10:00");
    case 4: return line ("p", 3, "11:00");
    case 5: return grams ("p", 500, "10:00");
    case 6: return gone ("p", "09:00");
    case 7: return gone ("p", "10:00");
    case 8: return gone ("p", "11:00");
    default: g_assert_not_reached ();
    }
}

#define N_VARIANTS 9

static GPtrArray *
one (const HandlaBasketEntry *entry)
{
  GPtrArray *entries = _handla_basket_entries_new ();

  if (entry != NULL)
    g_ptr_array_add (entries, _handla_basket_entry_copy (entry));

  return entries;
}

/* The one product's entry after merging, or NULL; a new copy. */
static HandlaBasketEntry *
merge_one (const HandlaBasketEntry *local,
           const HandlaBasketEntry *remote,
           const HandlaBasketEntry *base)
{
  g_autoptr(GPtrArray) l = one (local);
  g_autoptr(GPtrArray) r = one (remote);
  g_autoptr(GPtrArray) b = one (base);
  g_autoptr(GPtrArray) merged = _handla_basket_merge (l, r, b);

  g_assert_cmpuint (merged->len, <=, 1);
  return merged->len == 1 ? _handla_basket_entry_copy (merged->pdata[0]) : NULL;
}

static gboolean
is_line (const HandlaBasketEntry *entry)
{
  return entry != NULL && !entry->removed;
}

/* Whether @a and @b differ but carry the same changed_at instant. */
static gboolean
is_tie (const HandlaBasketEntry *a,
        const HandlaBasketEntry *b)
{
  return a != NULL && b != NULL && a->changed_us == b->changed_us &&
         !_handla_basket_entry_equal (a, b);
}

static void
test_merge_exhaustive (void)
{
  guint n = 0;

  for (guint l = 0; l < N_VARIANTS; l++)
    for (guint r = 0; r < N_VARIANTS; r++)
      for (guint b = 0; b < N_VARIANTS; b++)
        {
          g_autoptr(HandlaBasketEntry) L = variant (l);
          g_autoptr(HandlaBasketEntry) R = variant (r);
          g_autoptr(HandlaBasketEntry) B = variant (b);
          g_autoptr(HandlaBasketEntry) M = merge_one (L, R, B);
          g_autoptr(HandlaBasketEntry) swapped = merge_one (R, L, B);
          g_autoptr(HandlaBasketEntry) again = merge_one (M, R, B);
          g_autoptr(HandlaBasketEntry) after_sync = merge_one (M, M, R);

          g_test_message ("local %u, remote %u, base %u", l, r, b);

          /* Nothing is invented: the result is one side's entry. */
          g_assert_true (_handla_basket_entry_equal (M, L) || _handla_basket_entry_equal (M, R));

          /* A side that did not change since the last sync gives way. */
          if (_handla_basket_entry_equal (R, B))
            g_assert_true (_handla_basket_entry_equal (M, L));
          if (_handla_basket_entry_equal (L, B))
            g_assert_true (_handla_basket_entry_equal (M, R));

          /* A removal (or absence) wins over a line only if that line is
           * the one it saw: the last synced one. */
          if (!is_line (M))
            {
              if (is_line (L))
                g_assert_true (_handla_basket_entry_equal (L, B));
              if (is_line (R))
                g_assert_true (_handla_basket_entry_equal (R, B));
            }

          /* Two lines changed on both sides: the later, or the supplier's
           * on a tie. */
          if (is_line (L) && is_line (R) && !_handla_basket_entry_equal (L, B) &&
              !_handla_basket_entry_equal (R, B))
            {
              if (L->changed_us > R->changed_us)
                g_assert_true (_handla_basket_entry_equal (M, L));
              else
                g_assert_true (_handla_basket_entry_equal (M, R));
            }

          /* Which tablet syncs first does not matter, except on a tie,
           * where the one that synced first (the supplier's copy) wins. */
          if (!is_tie (L, R))
            g_assert_true (_handla_basket_entry_equal (M, swapped));

          /* Merging again, or after the supplier stored the result,
           * changes nothing. */
          g_assert_true (_handla_basket_entry_equal (again, M));
          g_assert_true (_handla_basket_entry_equal (after_sync, M));

          n++;
        }

  g_assert_cmpuint (n, ==, N_VARIANTS * N_VARIANTS * N_VARIANTS);
}

/* Three tablets: A and B change the basket offline from the same synced
 * copy, in either order of coming back online; both orders end the same
 * unless the two changes tie. */
static void
test_merge_converges (void)
{
  for (guint a = 0; a < N_VARIANTS; a++)
    for (guint b = 0; b < N_VARIANTS; b++)
      for (guint s = 0; s < N_VARIANTS; s++)
        {
          g_autoptr(HandlaBasketEntry) A = variant (a);
          g_autoptr(HandlaBasketEntry) B = variant (b);
          g_autoptr(HandlaBasketEntry) S = variant (s);
          /* A first: the supplier stores A's merge, then B merges it. */
          g_autoptr(HandlaBasketEntry) stored_a = merge_one (A, S, S);
          g_autoptr(HandlaBasketEntry) a_first = merge_one (B, stored_a, S);
          g_autoptr(HandlaBasketEntry) stored_b = merge_one (B, S, S);
          g_autoptr(HandlaBasketEntry) b_first = merge_one (A, stored_b, S);
          /* A then fetches what B stored: it ends with the same. */
          g_autoptr(HandlaBasketEntry) a_after = merge_one (stored_a, a_first, stored_a);

          g_assert_true (_handla_basket_entry_equal (a_after, a_first));
          if (!is_tie (A, B))
            g_assert_true (_handla_basket_entry_equal (a_first, b_first));
        }
}

/* ---- what the carer is told ---------------------------------------------- */

static HandlaBasketMerge *
report (GPtrArray *before,
        GPtrArray *after)
{
  g_autoptr(GPtrArray) owned_before = before;
  g_autoptr(GPtrArray) owned_after = after;

  return _handla_basket_merge_new_for (before, after);
}

static void
test_merge_report (void)
{
  g_autoptr(HandlaBasketMerge) merge = NULL;
  g_autoptr(HandlaBasketMerge) quiet = NULL;

  merge = report (basket (line ("milk", 1, "09:00"), line ("bread", 1, "09:00"),
                          grams ("apples", 500, "09:00"), gone ("butter", "08:00"), NULL),
                  basket (line ("milk", 2, "09:30"), grams ("apples", 750, "09:40"),
                          line ("juice", 1, "09:35"), gone ("bread", "09:20"),
                          gone ("butter", "08:00"), NULL));

  g_assert_cmpuint (handla_basket_merge_get_n_changes (merge), ==, 4);
  g_assert_cmpuint (handla_basket_merge_count (merge, HANDLA_BASKET_CHANGE_ADDED), ==, 1);
  g_assert_cmpuint (handla_basket_merge_count (merge, HANDLA_BASKET_CHANGE_CHANGED), ==, 2);
  g_assert_cmpuint (handla_basket_merge_count (merge, HANDLA_BASKET_CHANGE_REMOVED), ==, 1);

  g_assert_cmpstr (handla_basket_merge_get_product_id (merge, 0), ==, "milk");
  g_assert_cmpint (handla_basket_merge_get_kind (merge, 0), ==, HANDLA_BASKET_CHANGE_CHANGED);
  g_assert_cmpuint (handla_basket_merge_get_old_quantity (merge, 0), ==, 1);
  g_assert_cmpuint (handla_basket_merge_get_new_quantity (merge, 0), ==, 2);
  g_assert_false (handla_basket_merge_get_by_weight (merge, 0));

  g_assert_cmpstr (handla_basket_merge_get_product_id (merge, 1), ==, "apples");
  g_assert_true (handla_basket_merge_get_by_weight (merge, 1));
  g_assert_cmpuint (handla_basket_merge_get_new_quantity (merge, 1), ==, 750);

  g_assert_cmpstr (handla_basket_merge_get_product_id (merge, 2), ==, "juice");
  g_assert_cmpint (handla_basket_merge_get_kind (merge, 2), ==, HANDLA_BASKET_CHANGE_ADDED);
  g_assert_cmpuint (handla_basket_merge_get_old_quantity (merge, 2), ==, 0);

  g_assert_cmpstr (handla_basket_merge_get_product_id (merge, 3), ==, "bread");
  g_assert_cmpint (handla_basket_merge_get_kind (merge, 3), ==, HANDLA_BASKET_CHANGE_REMOVED);
  g_assert_cmpuint (handla_basket_merge_get_new_quantity (merge, 3), ==, 0);

  /* A new stamp or tombstone with the same lines changes nothing one
   * can see. */
  quiet = report (basket (line ("milk", 1, "09:00"), NULL),
                  basket (line ("milk", 1, "09:30"), gone ("bread", "09:20"), NULL));
  g_assert_cmpuint (handla_basket_merge_get_n_changes (quiet), ==, 0);
  g_assert_null (handla_basket_merge_format_message (quiet, "Anna K."));
}

static void
assert_message (HandlaBasketMerge *merge,
                const char        *name,
                const char        *expected)
{
  g_autoptr(HandlaBasketMerge) owned = merge;
  g_autofree char *message = handla_basket_merge_format_message (merge, name);

  g_assert_cmpstr (message, ==, expected);
}

static void
test_merge_message (void)
{
  assert_message (report (basket (line ("milk", 1, "09:00"), line ("bread", 1, "09:00"),
                                  line ("butter", 1, "09:00"), NULL),
                          basket (line ("milk", 2, "09:30"), line ("butter", 1, "09:00"),
                                  line ("juice", 1, "09:35"), NULL)),
                  "Anna K.",
                  "Anna K.’s basket was also changed on another tablet: "
                  "1 item added, 1 item changed and 1 item removed.");
  assert_message (report (basket (line ("milk", 1, "09:00"), NULL),
                          basket (line ("milk", 2, "09:30"), line ("juice", 1, "09:35"),
                                  line ("bread", 1, "09:36"), NULL)),
                  "Anna K.",
                  "Anna K.’s basket was also changed on another tablet: "
                  "2 items added and 1 item changed.");
  assert_message (report (basket (line ("milk", 1, "09:00"), line ("bread", 1, "09:00"), NULL),
                          basket (gone ("milk", "09:30"), gone ("bread", "09:30"), NULL)),
                  NULL,
                  "The basket was also changed on another tablet: 2 items removed.");
}

/* ---- the protocol's JSON --------------------------------------------------- */

static GPtrArray *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return _handla_basket_entries_from_json (node, error);
}

static void
test_merge_json (void)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  static const char * const bad[] = {
    "[]",
    "{\"lines\": []}",
    "{\"lines\": [{\"product_id\": \"a\", \"changed_at\": \"2025-11-24T09:00:00Z\","
    " \"substitution\": \"similar\"}], \"removed_lines\": []}",
    "{\"lines\": [{\"product_id\": \"a\", \"quantity\": {\"unit\": \"piece\", \"value\": 0},"
    " \"substitution\": \"similar\", \"changed_at\": \"2025-11-24T09:00:00Z\"}],"
    " \"removed_lines\": []}",
    "{\"lines\": [{\"product_id\": \"a\", \"quantity\": {\"unit\": \"litre\", \"value\": 1},"
    " \"substitution\": \"similar\", \"changed_at\": \"2025-11-24T09:00:00Z\"}],"
    " \"removed_lines\": []}",
    "{\"lines\": [{\"product_id\": \"a\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    " \"changed_at\": \"2025-11-24T09:00:00Z\"}], \"removed_lines\": []}",
    "{\"lines\": [], \"removed_lines\": [{\"product_id\": \"a\", \"changed_at\": \"yesterday\"}]}",
    "{\"lines\": [{\"product_id\": \"a\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    " \"substitution\": \"similar\", \"changed_at\": \"2025-11-24T09:00:00Z\"}],"
    " \"removed_lines\": [{\"product_id\": \"a\", \"changed_at\": \"2025-11-24T09:00:00Z\"}]}",
  };

  /* The example of docs/supplier-api.yaml, with a member from v1.1. */
  entries = parse ("{\"customer_id\": \"c-20417\","
                   " \"lines\": [{\"product_id\": \"p-100234\","
                   "   \"quantity\": {\"unit\": \"piece\", \"value\": 2},"
                   "   \"substitution\": \"similar\", \"changed_at\": \"2025-11-24T09:41:02+01:00\"},"
                   "  {\"product_id\": \"p-300417\", \"quantity\": {\"unit\": \"gram\", \"value\": 800},"
                   "   \"substitution\": \"only_this\", \"note\": \"Gärna lite gröna.\","
                   "   \"changed_at\": \"2025-11-24T09:42:30+01:00\", \"picked_by\": \"x\"}],"
                   " \"removed_lines\": [{\"product_id\": \"p-100871\","
                   "   \"changed_at\": \"2025-11-24T09:44:10+01:00\"}],"
                   " \"updated_at\": \"2025-11-24T09:44:12+01:00\"}",
                   &error);
  g_assert_no_error (error);
  described = describe (entries);
  g_assert_cmpstr (described, ==, "p-100234×2@09:41 p-300417=800g@09:42 -p-100871@09:44");
  g_assert_cmpstr (((HandlaBasketEntry *)entries->pdata[1])->substitution, ==, "only_this");
  g_assert_cmpstr (((HandlaBasketEntry *)entries->pdata[1])->note, ==, "Gärna lite gröna.");

  /* Written back, it reads the same. */
  node = _handla_basket_entries_to_json (entries);
  again = _handla_basket_entries_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (_handla_basket_entries_equal (entries, again));
  g_assert_false (json_object_has_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (node), "lines"), 0), "note"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) refused = parse (bad[i], &error);

      g_test_message ("bad basket %u", i);
      g_assert_null (refused);
      g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_BAD_RESPONSE);
      g_clear_error (&error);
    }
}

/* ---- the sync's state in the store ----------------------------------------- */

typedef struct
{
  char            *path;
  HandlaClock     *clock;
  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  HandlaBasket    *basket;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 11, 24, 8, 0, 0);

  fixture->path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  fixture->clock = handla_clock_new_fake (start);
  fixture->store = handla_store_new (fixture->path);
  fixture->catalogue = handla_catalogue_new (fixture->store, fixture->clock);
  fixture->basket = handla_basket_new (fixture->store, fixture->clock, CUSTOMER);
  add_customer (fixture->store, CUSTOMER);
  import_fixture_sync (fixture->catalogue, "catalogue-small.json");
  load_basket (fixture->basket);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  flush_basket (fixture->basket);
  handla_store_close (fixture->store);
  g_assert_finalize_object (fixture->basket);
  g_assert_finalize_object (fixture->catalogue);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->clock);
  g_free (fixture->path);
}

static void
add (Fixture    *fixture,
     const char *product_id,
     guint       times)
{
  g_autoptr(HandlaProduct) product = find_product (fixture->catalogue, product_id);

  for (guint i = 0; i < times; i++)
    handla_basket_add (fixture->basket, product);
}

static char *
query (Fixture    *fixture,
       const char *sql)
{
  flush_basket (fixture->basket);
  return query_text (fixture->store, sql);
}

#define assert_query(fixture, sql, expected) \
  G_STMT_START { \
    g_autofree char *got_ = query ((fixture), (sql)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

#define VERSIONS_SQL \
  "SELECT local_version || '/' || synced_version FROM basket_sync WHERE customer_id = 'c-1001'"
#define TOMBSTONES_SQL \
  "SELECT group_concat (product_id || '@' || changed_at, ' ') FROM " \
  "(SELECT * FROM basket_removed WHERE customer_id = 'c-1001' ORDER BY product_id)"

typedef struct
{
  const char * const *product_ids;
  const char         *now;
} Tombstoning;

static gpointer
tombstone_job (sqlite3  *db,
               gpointer  data,
               GError  **error)
{
  Tombstoning *tombstoning = data;

  if (!handla_sql_begin (db, error))
    return NULL;
  if (!_handla_basket_tombstone_lines_in_transaction (db, CUSTOMER, tombstoning->product_ids,
                                                      tombstoning->now, error))
    {
      handla_sql_rollback (db);
      return NULL;
    }
  if (!handla_sql_commit (db, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
tombstone_lines (Fixture             *fixture,
                 const char * const  *product_ids,
                 const char          *now)
{
  Tombstoning tombstoning = { product_ids, now };
  g_autoptr(GError) error = NULL;

  flush_basket (fixture->basket);
  handla_store_run_sync (fixture->store, tombstone_job, &tombstoning, NULL, &error);
  g_assert_no_error (error);
}

static gpointer
list_dirty_job (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  return _handla_basket_sync_list_dirty (db, error);
}

/* Every change of the basket is a new local version; a removal leaves a
 * tombstone with its time, which adding the product again clears. */
static void
test_sync_local_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  assert_query (fixture, VERSIONS_SQL, "");

  add (fixture, "milk-1l", 2);
  add (fixture, "cola-33", 1);
  assert_query (fixture, VERSIONS_SQL, "3/0");
  assert_query (fixture,
                "SELECT group_concat (substitution, ' ') FROM basket_line", "similar similar");

  handla_clock_advance (fixture->clock, 5 * G_TIME_SPAN_MINUTE);
  handla_basket_remove (fixture->basket, "cola-33");
  assert_query (fixture, TOMBSTONES_SQL, "cola-33@2025-11-24T08:05:00Z");
  assert_query (fixture, VERSIONS_SQL, "4/0");

  /* Removing what is not there is no change. */
  handla_basket_remove (fixture->basket, "cola-33");
  assert_query (fixture, VERSIONS_SQL, "4/0");

  add (fixture, "cola-33", 1);
  assert_query (fixture, TOMBSTONES_SQL, "");
  assert_query (fixture, VERSIONS_SQL, "5/0");

  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) dirty = handla_store_run_sync (fixture->store, list_dirty_job, NULL,
                                                 (GDestroyNotify)g_strfreev, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (dirty, ((const char * const[]) { CUSTOMER, NULL }));
  }
}

/* The order outbox's call: sent lines become tombstones. */
static void
test_sync_tombstone_lines (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const sent[] = { "milk-1l", "not-in-basket", NULL };

  add (fixture, "milk-1l", 2);
  add (fixture, "butter", 1);
  add (fixture, "cola-33", 1);
  assert_query (fixture, VERSIONS_SQL, "4/0");

  tombstone_lines (fixture, sent, "2025-11-24T09:00:00+01:00");
  assert_query (fixture, TOMBSTONES_SQL, "milk-1l@2025-11-24T09:00:00+01:00");
  assert_query (fixture, VERSIONS_SQL, "5/0");

  tombstone_lines (fixture, NULL, "2025-11-24T09:05:00+01:00");
  assert_query (fixture, TOMBSTONES_SQL,
                "butter@2025-11-24T09:05:00+01:00 cola-33@2025-11-24T09:05:00+01:00 "
                "milk-1l@2025-11-24T09:00:00+01:00");
  assert_query (fixture, "SELECT count (*) FROM basket_line", "0");
  assert_query (fixture, VERSIONS_SQL, "6/0");

  /* Nothing left to tombstone: no new version. */
  tombstone_lines (fixture, NULL, "2025-11-24T09:10:00+01:00");
  assert_query (fixture, VERSIONS_SQL, "6/0");

  load_basket (fixture->basket);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);
}

typedef struct
{
  GPtrArray *remote;
  char      *etag;
} Merging;

static gpointer
merge_job (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  Merging *merging = data;

  return _handla_basket_sync_merge (db, CUSTOMER, merging->remote, merging->etag, error);
}

static HandlaBasketSnapshot *
merge_in_store (Fixture    *fixture,
                GPtrArray  *remote,
                const char *etag)
{
  g_autoptr(GPtrArray) owned = remote;
  Merging merging = { remote, (char *)etag };
  g_autoptr(GError) error = NULL;
  HandlaBasketSnapshot *snapshot;

  flush_basket (fixture->basket);
  snapshot = handla_store_run_sync (fixture->store, merge_job, &merging,
                                    (GDestroyNotify)_handla_basket_snapshot_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);

  return snapshot;
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

/* A merge writes its result with the winners' own stamps, makes the
 * supplier's basket the base, and the basket model takes it in with
 * ::items-changed for the rows that changed only. */
static void
test_sync_merge_in_store (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HandlaBasketSnapshot) first = NULL;
  g_autoptr(HandlaBasketSnapshot) second = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *lines = NULL;

  add (fixture, "milk-1l", 1);     /* 08:00Z */
  add (fixture, "butter", 1);
  handla_basket_remove (fixture->basket, "butter");

  /* Never synced: no base. The supplier has bread (unknown here: a line
   * named by its id until the catalogue knows it), juice, and a newer
   * milk. */
  first = merge_in_store (fixture,
                          basket (line ("milk-1l", 3, "09:30"), line ("rye-bread", 1, "09:10"),
                                  line ("p-unknown", 2, "09:11"), NULL),
                          "\"v1\"");
  g_assert_true (first->dirty);     /* the butter tombstone is news to it */
  g_assert_cmpstr (first->etag, ==, "\"v1\"");
  g_assert_cmpuint (handla_basket_merge_count (first->merge, HANDLA_BASKET_CHANGE_ADDED), ==, 2);
  g_assert_cmpuint (handla_basket_merge_count (first->merge, HANDLA_BASKET_CHANGE_CHANGED), ==, 1);
  assert_query (fixture,
                "SELECT group_concat (product_id || '×' || quantity || '@' || changed_at || '/' || name,"
                " ' ') FROM (SELECT * FROM basket_line ORDER BY position)",
                "milk-1l×3@2025-11-24T09:30:00+01:00/Mellanmjölk 1,5 % "
                "rye-bread×1@2025-11-24T09:10:00+01:00/Rågbröd "
                "p-unknown×2@2025-11-24T09:11:00+01:00/p-unknown");
  assert_query (fixture, "SELECT etag FROM basket_sync", "\"v1\"");
  assert_query (fixture, VERSIONS_SQL, "4/0");

  g_signal_connect (fixture->basket, "items-changed", G_CALLBACK (count_items_changed_cb), log);
  load_basket (fixture->basket);
  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "milk-1l×3 rye-bread×1 !p-unknown×2");
  g_assert_cmpstr (log->str, ==, "1-0+2 ");

  /* The same supplier copy again, now with our tombstone (as after a PUT
   * whose answer was lost): nothing changes, nothing to send. */
  second = merge_in_store (fixture,
                           basket (line ("milk-1l", 3, "09:30"), line ("rye-bread", 1, "09:10"),
                                   line ("p-unknown", 2, "09:11"), gone ("butter", "09:00"), NULL),
                           "\"v2\"");
  g_assert_false (second->dirty);
  g_assert_cmpuint (handla_basket_merge_get_n_changes (second->merge), ==, 0);
  assert_query (fixture, VERSIONS_SQL, "4/4");
  assert_query (fixture, "SELECT etag FROM basket_sync", "\"v2\"");
  g_signal_handlers_disconnect_by_data (fixture->basket, log);
}

/* A database of schema 2 with a basket: its lines get the default
 * choice, and the basket is to be sent. */
static void
test_sync_migrate_from_2 (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "migrate", NULL);
  g_autofree char *path = g_build_filename (dir, "handla.db", NULL);
  g_autoptr(HandlaStore) store = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *sync = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (int version = 1; version <= 2; version++)
    g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (version), NULL, NULL, NULL),
                     ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil');"
                                 "INSERT INTO customer (id, display_name) VALUES ('c2', 'Cecilia');"
                                 "INSERT INTO basket_line (customer_id, product_id, quantity, position,"
                                 " changed_at, name, price_ore) "
                                 "VALUES ('c1', 'p1', 2, 0, '2025-11-24T09:00:00Z', 'Mjölk', 1990);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = handla_store_new (path);
  lines = query_text (store, "SELECT product_id || ' ' || substitution || ' ' || "
                             "coalesce (note, '-') FROM basket_line");
  g_assert_cmpstr (lines, ==, "p1 similar -");
  sync = query_text (store, "SELECT group_concat (customer_id || ' ' || local_version || '/' ||"
                            " synced_version || ' ' || coalesce (etag, '-'), ', ') FROM basket_sync");
  g_assert_cmpstr (sync, ==, "c1 1/0 -");
  handla_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/handla/basket-merge/cases", test_merge_cases);
  g_test_add_func ("/handla/basket-merge/tie-across-offsets", test_merge_tie_across_offsets);
  g_test_add_func ("/handla/basket-merge/exhaustive", test_merge_exhaustive);
  g_test_add_func ("/handla/basket-merge/converges", test_merge_converges);
  g_test_add_func ("/handla/basket-merge/report", test_merge_report);
  g_test_add_func ("/handla/basket-merge/message", test_merge_message);
  g_test_add_func ("/handla/basket-merge/json", test_merge_json);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/basket-sync/local-changes", test_sync_local_changes);
  ADD ("/handla/basket-sync/tombstone-lines", test_sync_tombstone_lines);
  ADD ("/handla/basket-sync/merge-in-store", test_sync_merge_in_store);

#undef ADD

  g_test_add_func ("/handla/basket-sync/migrate-from-2", test_sync_migrate_from_2);

  return g_test_run ();
}
