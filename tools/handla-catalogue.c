/* handla-catalogue.c — import and search a catalogue from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <time.h>

#include <json-glib/json-glib.h>

#include "handla-core.h"

/*
 * A developer's tool on top of app/core, with exactly the app's store,
 * import and search code:
 *
 *   handla-catalogue --db FILE import CATALOGUE.json
 *   handla-catalogue --db FILE search "QUERY" [--json] [--limit N] [--customer ID]
 *   handla-catalogue --db FILE search "QUERY"… --repeat N
 *
 * import prints how many products it imported and how long it took.
 * search prints one product a line (id, name, brand, price), or with
 * --json a JSON array of objects, best first. With --repeat N it runs
 * each query N times more (after one warm-up) and prints only timings:
 * the median, p99 and slowest of handla_catalogue_search_sync(), in the
 * store and back, without the process start, and the mean CPU time the
 * process spent per search (on a busy machine wall time is noisy). Like handla-supplier it
 * speaks English only: it is not part of the app.
 */

static char *db_path;
static gboolean as_json;
static int limit;
static char *customer_id;
static int repeat;

static const GOptionEntry entries[] = {
  { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
    "The Handla database (made and migrated if missing)", "FILE" },
  { "json", 'j', 0, G_OPTION_ARG_NONE, &as_json, "search: print a JSON array", NULL },
  { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "search: at most N products (default 100)", "N" },
  { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_id,
    "search: break ties by this customer's past orders", "ID" },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat,
    "search: run N more times and print timings only", "N" },
  { NULL }
};

static int
fail (const char *message)
{
  g_printerr ("handla-catalogue: %s\n", message);
  return 1;
}

static int
import (HandlaCatalogue *catalogue,
        const char      *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n_products = 0;
  gint64 start;

  mapped = g_mapped_file_new (file, FALSE, &error);
  if (mapped == NULL)
    return fail (error->message);

  bytes = g_mapped_file_get_bytes (mapped);
  start = g_get_monotonic_time ();
  if (!handla_catalogue_import_sync (catalogue, bytes, &n_products, &error))
    return fail (error->message);

  g_print ("Imported %u products in %.2f s\n", n_products,
           (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  return 0;
}

static void
add_product_json (JsonBuilder   *builder,
                  HandlaProduct *product)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, handla_product_get_id (product));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, handla_product_get_name (product));
  json_builder_set_member_name (builder, "brand");
  if (handla_product_get_brand (product) != NULL)
    json_builder_add_string_value (builder, handla_product_get_brand (product));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "size");
  if (handla_product_get_size (product) != NULL)
    json_builder_add_string_value (builder, handla_product_get_size (product));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, handla_product_get_category_id (product));
  json_builder_set_member_name (builder, "price_ore");
  json_builder_add_int_value (builder, handla_product_get_price (product));
  json_builder_set_member_name (builder, "offer_price_ore");
  if (handla_product_has_offer (product))
    json_builder_add_int_value (builder, handla_product_get_offer_price (product));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static gint64
cpu_time_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);

  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* Runs the search @repeat times after a warm-up; prints the timings. */
static int
time_search (HandlaCatalogue *catalogue,
             const char      *query)
{
  g_autoptr(GArray) times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint)repeat);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) warm = NULL;
  gint64 median, p99, slowest, cpu_start, cpu;

  warm = handla_catalogue_search_sync (catalogue, query, customer_id, (guint)limit, &error);
  if (warm == NULL)
    return fail (error->message);

  cpu_start = cpu_time_us ();
  for (int i = 0; i < repeat; i++)
    {
      g_autoptr(GListModel) found = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 spent;

      found = handla_catalogue_search_sync (catalogue, query, customer_id, (guint)limit, &error);
      if (found == NULL)
        return fail (error->message);
      spent = g_get_monotonic_time () - start;
      g_array_append_val (times, spent);
    }

  cpu = (cpu_time_us () - cpu_start) / repeat;
  g_array_sort (times, compare_times);
  median = g_array_index (times, gint64, times->len / 2);
  p99 = g_array_index (times, gint64, MIN (times->len - 1, times->len * 99 / 100));
  slowest = g_array_index (times, gint64, times->len - 1);
  g_print ("%s\t%u found\tmedian %.2f ms\tp99 %.2f ms\tmax %.2f ms\tcpu %.2f ms\n",
           query, g_list_model_get_n_items (warm),
           median / 1000.0, p99 / 1000.0, slowest / 1000.0, cpu / 1000.0);

  return 0;
}

static int
search (HandlaCatalogue *catalogue,
        const char      *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  guint n;

  found = handla_catalogue_search_sync (catalogue, query, customer_id, (guint)limit, &error);
  if (found == NULL)
    return fail (error->message);

  n = g_list_model_get_n_items (found);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HandlaProduct) product = g_list_model_get_item (found, i);

          add_product_json (builder, product);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (found, i);
      const char *brand = handla_product_get_brand (product);

      g_print ("%s\t%s\t%s\t%" G_GINT64_FORMAT "\n",
               handla_product_get_id (product),
               handla_product_get_name (product),
               brand != NULL ? brand : "",
               handla_product_get_price (product));
    }

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HandlaClock) clock = NULL;
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(HandlaCatalogue) catalogue = NULL;
  int status;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("import CATALOGUE.json | search QUERY");
  g_option_context_set_summary (context,
                                "Import a catalogue document into a Handla database, or search "
                                "it with the app's own store and ranking.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (db_path == NULL)
    return fail ("--db FILE is required");
  if (limit < 0)
    return fail ("--limit must be 0 or more");
  if (repeat < 0)
    return fail ("--repeat must be 0 or more");
  if (argc < 3 || (argc > 3 && repeat == 0) ||
      (g_strcmp0 (argv[1], "import") != 0 && g_strcmp0 (argv[1], "search") != 0))
    return fail ("give “import CATALOGUE.json” or “search QUERY” (see --help)");

  clock = handla_clock_new ();
  store = handla_store_new (db_path);
  catalogue = handla_catalogue_new (store, clock);

  if (g_strcmp0 (argv[1], "import") == 0)
    status = argc == 3 ? import (catalogue, argv[2]) : fail ("import takes one file");
  else if (repeat > 0)
    {
      status = 0;
      for (int i = 2; i < argc && status == 0; i++)
        status = time_search (catalogue, argv[i]);
    }
  else
    status = search (catalogue, argv[2]);

  handla_store_close (store);

  return status;
}
