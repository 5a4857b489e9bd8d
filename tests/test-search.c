/* test-search.c — product search on a small catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-core.h"
#include "handla-search-fold.h"
#include "handla-sql.h"
#include "handla-store-private.h"
#include "test-util.h"

/*
 * tests/fixtures/catalogue-search.json is small and written for these
 * cases: compounds (Mellanmjölk, Falukorv), a word that only starts alike
 * (Mjölkchoklad, Korvbröd), traps inside words (Frukostägg, Frukostkorv,
 * Kalvsylta, Mellanrost), brands, and ties that popularity, an offer or
 * a customer's past orders decide. The relevance figures on the real
 * catalogues are in test-search-relevance.c.
 */

typedef struct
{
  HandlaClock     *clock;
  HandlaStore     *store;
  HandlaCatalogue *catalogue;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);

  fixture->clock = handla_clock_new_fake (start);
  fixture->store = handla_store_new (path);
  fixture->catalogue = handla_catalogue_new (fixture->store, fixture->clock);
  import_fixture_sync (fixture->catalogue, "catalogue-search.json");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  handla_store_close (fixture->store);
  /* import_fixture_sync() queued ::changed on this context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->catalogue);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->clock);
}

/* ---- helpers ---------------------------------------------------------- */

/* The names found for @query, best first, joined with ";". */
static char *
search_names (Fixture    *fixture,
              const char *query,
              const char *customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  found = handla_catalogue_search_sync (fixture->catalogue, query, customer_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (g_list_model_get_item_type (found) == HANDLA_TYPE_PRODUCT);

  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (found, i);

      if (i > 0)
        g_string_append_c (names, ';');
      g_string_append (names, handla_product_get_name (product));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
search (Fixture    *fixture,
        const char *query)
{
  return search_names (fixture, query, NULL);
}

/* The position of @name in @names (from 0), or -1. */
static int
rank_of (const char *names,
         const char *name)
{
  g_auto(GStrv) list = g_strsplit (names, ";", -1);

  for (int i = 0; list[i] != NULL; i++)
    {
      if (g_str_equal (list[i], name))
        return i;
    }

  return -1;
}

static void
assert_found (const char *query,
              const char *names,
              const char *name)
{
  if (rank_of (names, name) < 0)
    g_error ("“%s” did not find “%s”: %s", query, name, names);
}

static void
assert_first (const char *query,
              const char *names,
              const char *name)
{
  if (rank_of (names, name) != 0)
    g_error ("“%s” did not put “%s” first: %s", query, name, names);
}

static void
assert_before (const char *query,
               const char *names,
               const char *better,
               const char *worse)
{
  int b = rank_of (names, better);
  int w = rank_of (names, worse);

  if (b < 0 || (w >= 0 && w < b))
    g_error ("“%s” did not put “%s” before “%s”: %s", query, better, worse, names);
}

static void
assert_not_in_top (const char *query,
                   const char *names,
                   const char *name,
                   int         top)
{
  int rank = rank_of (names, name);

  if (rank >= 0 && rank < top)
    g_error ("“%s” put “%s” in the top %d: %s", query, name, top, names);
}

static gpointer
exec_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  return handla_sql_exec (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
exec_sql (HandlaStore *store,
          const char  *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (handla_store_run_sync (store, exec_job, (gpointer)sql, NULL, &error));
  g_assert_no_error (error);
}

/* FTS5's own check that every index agrees with its content, and that
 * product_search holds exactly what the triggers' SQL folding makes of
 * each product (whether a trigger or the swap's C folding wrote it). */
static void
assert_index_in_step (HandlaStore *store)
{
  g_autofree char *mismatches = NULL;
  g_autofree char *paused = NULL;

  exec_sql (store,
            "INSERT INTO product_words_folded (product_words_folded, rank)"
            " VALUES ('integrity-check', 1);"
            "INSERT INTO product_trigrams (product_trigrams, rank)"
            " VALUES ('integrity-check', 1);");

  mismatches = query_text (store,
                           "SELECT (SELECT count(*) FROM product_search s"
                           "  LEFT JOIN product p ON p.rowid = s.rowid"
                           "  WHERE p.rowid IS NULL"
                           "  OR s.name IS NOT ' ' || " HANDLA_SEARCH_FOLD ("p.name") " || ' '"
                           "  OR s.brand IS NOT ' ' || " HANDLA_SEARCH_FOLD ("coalesce(p.brand, '')")
                           "   || ' '"
                           "  OR s.typed IS NOT ' ' || "
                           HANDLA_SEARCH_TYPED ("p.name || ' ' || coalesce(p.brand, '')") " || ' ')"
                           " + (SELECT count(*) FROM product p"
                           "  WHERE p.rowid NOT IN (SELECT rowid FROM product_search))");
  g_assert_cmpstr (mismatches, ==, "0");

  paused = query_text (store, "SELECT paused FROM search_index_state");
  g_assert_cmpstr (paused, ==, "0");
}

/* ---- tests ------------------------------------------------------------ */

static void
test_search_compound (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *milk = search (fixture, "mjölk");
  g_autofree char *sausage = search (fixture, "korv");
  g_autofree char *cheese = search (fixture, "ost");

  assert_found ("mjölk", milk, "Mellanmjölk 1,5%");
  assert_found ("mjölk", milk, "Lättmjölk 0,5%");
  assert_found ("mjölk", milk, "Laktosfri Mellanmjölk 1,5%");
  assert_found ("korv", sausage, "Falukorv");
  assert_found ("ost", cheese, "Hushållsost 26%");
  assert_found ("ost", cheese, "Västerbottensost");
}

static void
test_search_prefix (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *knack = search (fixture, "knäck");
  g_autofree char *one = search (fixture, "f");
  g_autofree char *two = search (fixture, "fa");
  g_autofree char *vispg = search (fixture, "vispg");

  assert_first ("knäck", knack, "Knäckebröd Råg");
  assert_found ("f", one, "Falukorv");
  assert_first ("fa", two, "Falukorv");
  assert_found ("vispg", vispg, "Vispgrädde 40%");
  assert_found ("vispg", vispg, "Vispgrädde 36%");
}

static void
test_search_diacritics (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *mjolk = search (fixture, "mjolk");
  g_autofree char *smor = search (fixture, "smor");
  g_autofree char *agg = search (fixture, "agg");
  g_autofree char *knack = search (fixture, "knack");
  g_autofree char *upper = search (fixture, "MJÖLK");

  assert_first ("mjolk", mjolk, "Mjölk Standard 3% Eko");
  assert_found ("mjolk", mjolk, "Mellanmjölk 1,5%");
  assert_first ("smor", smor, "Smör Normalsaltat 82%");
  assert_first ("agg", agg, "Ägg 12-pack");
  assert_before ("agg", agg, "Ägg 12-pack", "Frukostägg 6-pack");
  assert_first ("knack", knack, "Knäckebröd Råg");
  assert_first ("MJÖLK", upper, "Mjölk Standard 3% Eko");
}

static void
test_search_typo (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *mjlk = search (fixture, "mjlk");
  g_autofree char *bread = search (fixture, "knäckebörd");
  g_autofree char *falu = search (fixture, "falukrov");
  g_autofree char *lactose = search (fixture, "laktosfir mjölk");

  assert_found ("mjlk", mjlk, "Mjölk Standard 3%");
  assert_first ("knäckebörd", bread, "Knäckebröd Råg");
  assert_first ("falukrov", falu, "Falukorv");
  assert_first ("laktosfir mjölk", lactose, "Laktosfri Mellanmjölk 1,5%");
}

static void
test_search_multi_word (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *lactose = search (fixture, "laktosfri mjölk");
  g_autofree char *cream = search (fixture, "grädde 40");
  g_autofree char *reversed = search (fixture, "40 grädde");
  g_autofree char *spaces = search (fixture, "  laktosfri\tmjölk  ");

  assert_first ("laktosfri mjölk", lactose, "Laktosfri Mellanmjölk 1,5%");
  assert_first ("grädde 40", cream, "Vispgrädde 40%");
  assert_before ("grädde 40", cream, "Vispgrädde 40%", "Vispgrädde 36%");
  assert_first ("40 grädde", reversed, "Vispgrädde 40%");
  g_assert_cmpstr (spaces, ==, lactose);
}

static void
test_search_brand (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autofree char *wasa = search (fixture, "wasa");

  assert_first ("wasa", wasa, "Knäckebröd Råg");

  found = handla_catalogue_search_sync (fixture->catalogue, "arla", NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (found, i);

      g_assert_true (g_str_has_prefix (handla_product_get_brand (product), "Arla"));
    }
}

static void
test_search_ranking (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *cheese = search (fixture, "ost");
  g_autofree char *jam = search (fixture, "sylt");
  g_autofree char *milk = search (fixture, "mjölk");
  g_autofree char *sausage = search (fixture, "korv");

  /* A match inside an unrelated word never makes the top five. */
  assert_not_in_top ("ost", cheese, "Frukostägg 6-pack", 5);
  assert_not_in_top ("ost", cheese, "Frukostkorv", 5);
  assert_not_in_top ("ost", cheese, "Bryggkaffe Mellanrost", 5);
  assert_first ("ost", cheese, "Ost Präst 31%");
  assert_not_in_top ("sylt", jam, "Kalvsylta", 2);
  assert_before ("sylt", jam, "Jordgubbssylt", "Kalvsylta");

  /* Whole word, then the head of a compound, then a word that only
   * starts alike. */
  assert_before ("mjölk", milk, "Mjölk Standard 3%", "Mellanmjölk 1,5%");
  assert_before ("mjölk", milk, "Laktosfri Mellanmjölk 1,5%", "Mjölkchoklad");
  assert_before ("korv", sausage, "Falukorv", "Korvbröd 10-pack");
}

static void
test_search_tie_breaks (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *milk = search (fixture, "mjölk standard");
  g_autofree char *cheese = NULL;
  g_autofree char *bought = NULL;

  /* Same score and popularity: the current offer first. */
  g_assert_true (g_str_has_prefix (milk, "Mjölk Standard 3% Eko;Mjölk Standard 3%"));

  /* Same score: the more popular first (Hushållsost 80, Prästost 15). */
  cheese = search (fixture, "ost");
  assert_before ("ost", cheese, "Hushållsost 26%", "Prästost Lagrad");

  /* This customer's past orders come before popularity. */
  exec_sql (fixture->store,
            "INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil');"
            "INSERT INTO orders (id, customer_id, idempotency_key, created_at, mode, carer_id,"
            " slot_id) VALUES (1, 'c1', 'k1', '2024-05-01T10:00:00Z', 'together', 'carer',"
            " 'slot');"
            "INSERT INTO order_line (order_id, product_id, position, quantity, name, price_ore)"
            " VALUES (1, 'p16', 0, 1, 'Prästost Lagrad', 10990);");
  bought = search_names (fixture, "ost", "c1");
  assert_before ("ost", bought, "Prästost Lagrad", "Hushållsost 26%");
  g_free (cheese);
  cheese = search_names (fixture, "ost", "someone-else");
  assert_before ("ost", cheese, "Hushållsost 26%", "Prästost Lagrad");
}

static void
test_search_odd_queries (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char *nothing[] = { "", "   ", "\"", "*", "-", "()", "%", "\"\"\"", NULL };
  const char *no_error[] = { "NEAR(", "mjölk OR ost", "AND", "mjölk*", "\"mjölk",
                             "ost\"s", "{name}:ost", "ost^", "'; DROP TABLE product; --",
                             "\xff\xfe", "é", NULL };
  g_autofree char *star = search (fixture, "mjölk*");

  for (guint i = 0; nothing[i] != NULL; i++)
    {
      g_autofree char *names = search (fixture, nothing[i]);

      g_assert_cmpstr (names, ==, "");
    }

  for (guint i = 0; no_error[i] != NULL; i++)
    g_free (search (fixture, no_error[i]));

  assert_first ("mjölk*", star, "Mjölk Standard 3% Eko");
}

static void
test_search_async (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(HandlaProduct) first = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  handla_catalogue_search_async (fixture->catalogue, "ost", NULL, cancellable,
                                 got_result_cb, &cancelled_result);
  handla_catalogue_search_async (fixture->catalogue, "falukorv", NULL, NULL,
                                 got_result_cb, &result);
  wait_for (&cancelled_result);
  wait_for (&result);

  none = handla_catalogue_search_finish (fixture->catalogue, cancelled_result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);

  found = handla_catalogue_search_finish (fixture->catalogue, result, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (g_list_model_get_n_items (found), >=, 1);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (handla_product_get_id (first), ==, "p06");
  g_assert_cmpint (handla_product_get_price (first), ==, 3990);
}

/* The index follows every change to product: a new catalogue, a refused
 * one, and rows changed and deleted in place (as a delta does). */
static void
test_search_follows_catalogue (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GBytes) bad = load_fixture ("catalogue-duplicate-id.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = search (fixture, "falukorv");
  g_autofree char *after_bad = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *replaced = NULL;

  assert_first ("falukorv", before, "Falukorv");

  g_assert_false (handla_catalogue_import_sync (fixture->catalogue, bad, NULL, &error));
  g_assert_nonnull (error);
  after_bad = search (fixture, "falukorv");
  g_assert_cmpstr (after_bad, ==, before);

  exec_sql (fixture->store, "UPDATE product SET name = 'Prinskorv', brand = 'Lithells'"
                            " WHERE id = 'p06'");
  renamed = search (fixture, "prinskorv");
  assert_first ("prinskorv", renamed, "Prinskorv");
  old_name = search (fixture, "falukorv");
  g_assert_cmpint (rank_of (old_name, "Falukorv"), <, 0);

  exec_sql (fixture->store, "UPDATE product SET price_ore = 100 WHERE id = 'p14';"
                            "DELETE FROM product WHERE id = 'p09'");
  deleted = search (fixture, "knäckebröd");
  g_assert_cmpint (rank_of (deleted, "Knäckebröd Råg"), <, 0);
  assert_index_in_step (fixture->store);

  import_fixture_sync (fixture->catalogue, "catalogue-small.json");
  replaced = search (fixture, "ost");
  g_assert_cmpint (rank_of (replaced, "Ost Präst 31%"), <, 0);
  assert_index_in_step (fixture->store);
}

/* _handla_search_fold() and _handla_search_typed(), which the catalogue
 * swap uses, give exactly the bytes the triggers' SQL gives. */
static void
test_search_fold_in_c (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *texts[] = {
    "Mellanmjölk 1,5%", "ÄGG 12-PACK", "Örtte/Kamomill", "Crème Fraîche 34%",
    "Café au lait (Ü)", "Ben & Jerry's", "\"Extra\" Rökt: Lax+Dill.", "Smör-Å ä ö é è ü",
    "İstanbul ÆØ ß", "", "  två  ord  ", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *folded = _handla_search_fold (texts[i]);
      g_autofree char *typed = _handla_search_typed (texts[i]);
      g_autofree char *in_sql = NULL;
      g_autofree char *expected = NULL;

      if (texts[i] == NULL)
        {
          g_assert_cmpstr (folded, ==, "  ");
          continue;
        }

      in_sql = query_text_with (fixture->store,
                                "SELECT ' ' || " HANDLA_SEARCH_FOLD ("?1") " || ' ' || '|' ||"
                                " ' ' || " HANDLA_SEARCH_TYPED ("?1") " || ' '",
                                texts[i]);
      expected = g_strconcat (folded, "|", typed, NULL);
      g_assert_cmpstr (in_sql, ==, expected);
    }
}

/* A database at schema 3 has its products indexed by migration 5. */
static void
test_search_migrate_from_3 (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "handla", NULL);
  g_autofree char *path = g_build_filename (dir, "handla.db", NULL);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (start);
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(HandlaCatalogue) catalogue = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(HandlaProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (int version = 1; version <= 3; version++)
    g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (version), NULL, NULL, NULL),
                     ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO category (id, name) VALUES ('mejeri', 'Mejeri');"
                                 "INSERT INTO product (id, category_id, name, brand, price_ore) "
                                 "VALUES ('p1', 'mejeri', 'Mellanmjölk', 'Arla', 1690);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = handla_store_new (path);
  catalogue = handla_catalogue_new (store, clock);
  found = handla_catalogue_search_sync (catalogue, "mjolk", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  product = g_list_model_get_item (found, 0);
  g_assert_cmpstr (handla_product_get_id (product), ==, "p1");
  assert_index_in_step (store);
  handla_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/search/compound", test_search_compound);
  ADD ("/handla/search/prefix", test_search_prefix);
  ADD ("/handla/search/diacritics", test_search_diacritics);
  ADD ("/handla/search/typo", test_search_typo);
  ADD ("/handla/search/multi-word", test_search_multi_word);
  ADD ("/handla/search/brand", test_search_brand);
  ADD ("/handla/search/ranking", test_search_ranking);
  ADD ("/handla/search/tie-breaks", test_search_tie_breaks);
  ADD ("/handla/search/odd-queries", test_search_odd_queries);
  ADD ("/handla/search/async", test_search_async);
  ADD ("/handla/search/follows-catalogue", test_search_follows_catalogue);
  ADD ("/handla/search/fold-in-c", test_search_fold_in_c);
  g_test_add_func ("/handla/search/migrate-from-3", test_search_migrate_from_3);

#undef ADD

  return g_test_run ();
}
