/* test-search-relevance.c — search quality on the real catalogues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "handla-core.h"
#include "handla-sql.h"
#include "test-util.h"

/*
 * For each dataset in ../shared/catalogue-data (HANDLA_CATALOGUE_DATA):
 * convert it with tests/catalogue-from-dataset.py, import it into a new
 * store, run the queries of tests/relevance/queries.tsv through the app's
 * search and through a naive LIKE '%query%' baseline, and report
 * precision at 5 and mean reciprocal rank (of the first relevant product
 * in the top 10) for both. Ours must beat the baseline clearly. A
 * dataset that is not there is skipped: the store datasets have no
 * licence and are never shipped.
 */

#define TOP 10
#define MIN_QUERIES 60

typedef struct
{
  char   *dataset;
  char   *query;
  GRegex *relevant;
  GRegex *not_relevant;  /* nullable */
} Judgment;

static GPtrArray *judgments;  /* of Judgment */

static void
judgment_free (gpointer data)
{
  Judgment *judgment = data;

  g_free (judgment->dataset);
  g_free (judgment->query);
  g_regex_unref (judgment->relevant);
  g_clear_pointer (&judgment->not_relevant, g_regex_unref);
  g_free (judgment);
}

static GRegex *
compile (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);

  g_assert_no_error (error);

  return regex;
}

static GPtrArray *
load_judgments (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "relevance", "queries.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *loaded = g_ptr_array_new_with_free_func (judgment_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Judgment *judgment;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), >=, 3);

      judgment = g_new0 (Judgment, 1);
      judgment->dataset = g_strdup (fields[0]);
      judgment->query = g_strdup (fields[1]);
      judgment->relevant = compile (fields[2]);
      if (fields[3] != NULL && fields[3][0] != '\0')
        judgment->not_relevant = compile (fields[3]);
      g_ptr_array_add (loaded, judgment);
    }

  return loaded;
}

static gboolean
is_relevant (const Judgment *judgment,
             const char     *name,
             const char     *brand)
{
  g_autofree char *text = g_strdup_printf ("%s | %s", name, brand != NULL ? brand : "");

  return (g_regex_match (judgment->relevant, text, 0, NULL) &&
          (judgment->not_relevant == NULL ||
           !g_regex_match (judgment->not_relevant, text, 0, NULL)));
}

/* The baseline: a plain LIKE over name and brand, popular first. Its
 * result is an array of "name\nbrand". */
static gpointer
like_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = handla_sql_prepare (db,
                             "SELECT name, coalesce(brand, '') FROM product"
                             " WHERE name LIKE '%' || ?1 || '%' OR brand LIKE '%' || ?1 || '%'"
                             " ORDER BY popularity DESC, name, id LIMIT " G_STRINGIFY (TOP),
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, g_strdup_printf ("%s\n%s",
                                             handla_sql_column_text (stmt, 0),
                                             handla_sql_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&found);
}

typedef struct
{
  double precision;  /* relevant among the first 5, over 5 */
  double reciprocal; /* 1 / rank of the first relevant one, 0 if none in TOP */
} Scores;

static void
score (const Judgment *judgment,
       gboolean       *relevant,
       guint           n,
       Scores         *scores)
{
  guint hits = 0;

  scores->reciprocal = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!relevant[i])
        continue;
      if (i < 5)
        hits++;
      if (scores->reciprocal == 0)
        scores->reciprocal = 1.0 / (i + 1);
    }
  scores->precision = hits / 5.0;
}

static void
run_ours (HandlaCatalogue *catalogue,
          const Judgment  *judgment,
          Scores          *scores,
          GString         *top)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  gboolean relevant[TOP] = { FALSE, };
  guint n;

  found = handla_catalogue_search_sync (catalogue, judgment->query, NULL, TOP, &error);
  g_assert_no_error (error);
  n = MIN (g_list_model_get_n_items (found), TOP);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (found, i);

      relevant[i] = is_relevant (judgment,
                                 handla_product_get_name (product),
                                 handla_product_get_brand (product));
      if (i < 3)
        g_string_append_printf (top, "%s%s%s", i > 0 ? "; " : "",
                                relevant[i] ? "" : "✗ ", handla_product_get_name (product));
    }

  score (judgment, relevant, n, scores);
}

static void
run_baseline (HandlaStore    *store,
              const Judgment *judgment,
              Scores         *scores)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gboolean relevant[TOP] = { FALSE, };

  found = handla_store_run_sync (store, like_job, judgment->query,
                                 (GDestroyNotify)g_ptr_array_unref, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < found->len && i < TOP; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (found, i), "\n", 2);

      relevant[i] = is_relevant (judgment, parts[0], parts[1]);
    }

  score (judgment, relevant, MIN (found->len, TOP), scores);
}

/* Converts @dataset into a catalogue document at @output. */
static void
convert (const char *dataset_dir,
         const char *output)
{
  const char *python = g_getenv ("HANDLA_PYTHON");
  const char *converter = g_getenv ("HANDLA_DATASET_CONVERTER");
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  int status = 0;
  const char *argv[] = { python, converter, dataset_dir, "--output", output, NULL };

  g_assert_nonnull (python);
  g_assert_nonnull (converter);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &errors, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("catalogue-from-dataset.py failed on %s: %s", dataset_dir, errors);
}

static void
test_relevance (gconstpointer data)
{
  const char *dataset = data;
  const char *root = g_getenv ("HANDLA_CATALOGUE_DATA");
  g_autofree char *dataset_dir = NULL;
  g_autofree char *work = NULL;
  g_autofree char *document_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 5, 9, 0, 0);
  g_autoptr(HandlaClock) clock = NULL;
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(HandlaCatalogue) catalogue = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  Scores ours_total = { 0, }, baseline_total = { 0, };
  guint n_queries = 0;
  guint n_products = 0;

  dataset_dir = g_build_filename (root != NULL ? root : "", dataset, NULL);
  if (root == NULL || !g_file_test (dataset_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *reason = g_strdup_printf ("%s is not there (the catalogue data lives in "
                                                 "../shared/catalogue-data)", dataset_dir);
      g_test_skip (reason);
      return;
    }

  work = g_dir_make_tmp ("handla-relevance-XXXXXX", &error);
  g_assert_no_error (error);
  document_path = g_build_filename (work, "catalogue.json", NULL);
  db_path = g_build_filename (work, "handla.db", NULL);

  convert (dataset_dir, document_path);
  mapped = g_mapped_file_new (document_path, FALSE, &error);
  g_assert_no_error (error);
  document = g_mapped_file_get_bytes (mapped);

  clock = handla_clock_new_fake (start);
  store = handla_store_new (db_path);
  catalogue = handla_catalogue_new (store, clock);
  g_assert_true (handla_catalogue_import_sync (catalogue, document, &n_products, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u products", dataset, n_products);

  for (guint i = 0; i < judgments->len; i++)
    {
      const Judgment *judgment = g_ptr_array_index (judgments, i);
      g_autoptr(GString) top = g_string_new (NULL);
      Scores ours, baseline;

      if (!g_str_equal (judgment->dataset, dataset))
        continue;

      run_ours (catalogue, judgment, &ours, top);
      run_baseline (store, judgment, &baseline);
      g_test_message ("%-18s P@5 %.1f RR %.2f | LIKE P@5 %.1f RR %.2f | %s",
                      judgment->query, ours.precision, ours.reciprocal,
                      baseline.precision, baseline.reciprocal, top->str);

      ours_total.precision += ours.precision;
      ours_total.reciprocal += ours.reciprocal;
      baseline_total.precision += baseline.precision;
      baseline_total.reciprocal += baseline.reciprocal;
      n_queries++;
    }

  g_assert_cmpuint (n_queries, >, 0);
  ours_total.precision /= n_queries;
  ours_total.reciprocal /= n_queries;
  baseline_total.precision /= n_queries;
  baseline_total.reciprocal /= n_queries;
  g_test_message ("%s: %u queries: search P@5 %.3f MRR %.3f; LIKE baseline P@5 %.3f MRR %.3f",
                  dataset, n_queries, ours_total.precision, ours_total.reciprocal,
                  baseline_total.precision, baseline_total.reciprocal);

  g_assert_cmpfloat (ours_total.precision, >=, 0.8);
  g_assert_cmpfloat (ours_total.reciprocal, >=, 0.8);
  g_assert_cmpfloat (ours_total.precision, >=, baseline_total.precision + 0.2);
  g_assert_cmpfloat (ours_total.reciprocal, >=, baseline_total.reciprocal + 0.15);

  handla_store_close (store);
  g_clear_object (&catalogue);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < 4; i++)
    {
      const char *suffix[] = { "", "-wal", "-shm", "-journal" };
      g_autofree char *path = g_strconcat (db_path, suffix[i], NULL);

      g_remove (path);
    }
  g_remove (document_path);
  g_rmdir (work);
}

static void
test_relevance_count (void)
{
  g_assert_cmpuint (judgments->len, >=, MIN_QUERIES);
}

int
main (int   argc,
      char *argv[])
{
  const char *datasets[] = { "matpriser-2020", "willysapp-2023", "livsmedelsverket-2022" };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  judgments = load_judgments ();

  g_test_add_func ("/handla/search-relevance/query-count", test_relevance_count);
  for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      g_autofree char *path = g_strconcat ("/handla/search-relevance/", datasets[i], NULL);

      g_test_add_data_func (path, datasets[i], test_relevance);
    }

  status = g_test_run ();
  g_ptr_array_unref (judgments);

  return status;
}
