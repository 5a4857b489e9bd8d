/* supplier-catalogue.c — catalogue documents: load, generate, serve
 *
 * A document (docs/catalogue.schema.json) is split into its head (every
 * member but the lists), its categories and its products, each kept as
 * compact JSON, so the store can tell what changed and the responses can
 * be written without parsing the records again.
 *
 * Listings are keyset-paged by product id. A page token is the base64url
 * of "f|CURSOR|PAGE_SIZE|AFTER_ID" (full listing) or
 * "d|SINCE|CURSOR|PAGE_SIZE|AFTER_ID" (delta); ids never contain "|".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-catalogue.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_QUARK (supplier-catalogue-error-quark, supplier_catalogue_error)

/* ---- helpers ------------------------------------------------------------ */

static gboolean
id_is_valid (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len < 1 || len > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._:-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
token_chars_are_valid (const char *text,
                       gsize       max_len)
{
  gsize len = strlen (text);

  if (len < 1 || len > max_len)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._~-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* json-glib 1.6 has no json_object_get_array_member_with_default(). */
static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Sets an invalid_request error; returns NULL for the caller to return. */
static gpointer
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gpointer
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SUPPLIER_CATALOGUE_ERROR,
                                                SUPPLIER_CATALOGUE_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return NULL;
}

static char *
cursor_for (SupplierStore *store,
            gint64         seq)
{
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, supplier_store_get_epoch (store), seq);
}

/* A cursor of this database, not newer than its catalogue, or -1. */
static gint64
parse_cursor (SupplierStore *store,
              const char    *cursor)
{
  const char *epoch = supplier_store_get_epoch (store);
  gsize epoch_len = strlen (epoch);
  guint64 seq;

  if (strncmp (cursor, epoch, epoch_len) != 0 || cursor[epoch_len] != '-')
    return -1;
  if (!g_ascii_string_to_unsigned (cursor + epoch_len + 1, 10, 0,
                                   (guint64) supplier_store_get_catalogue_seq (store),
                                   &seq, NULL))
    return -1;
  return (gint64) seq;
}

static char *
encode_token (const char *text)
{
  char *token = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  g_strdelimit (token, "=", '\0');
  return token;
}

static char *
decode_token (const char *token)
{
  g_autoptr(GString) padded = g_string_new (token);
  g_autofree guchar *data = NULL;
  gsize len = 0;

  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  data = g_base64_decode (padded->str, &len);
  if (data == NULL || len == 0 || memchr (data, '\0', len) != NULL ||
      !g_utf8_validate ((const char *) data, (gssize) len, NULL))
    return NULL;
  return g_strndup ((const char *) data, len);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = node_to_string (node);

  g_string_append (out, quoted);
}

static void
append_array (GString    *out,
              const char *name,
              GPtrArray  *items,
              gboolean    as_strings)
{
  g_string_append_printf (out, ",\"%s\":[", name);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (as_strings)
        append_json_string (out, g_ptr_array_index (items, i));
      else
        g_string_append (out, g_ptr_array_index (items, i));
    }
  g_string_append_c (out, ']');
}

static char *
now_rfc3339 (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) now = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  now = g_date_time_new_now (tz);
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Splits a parsed document into the store's parts, checking what the
 * server relies on (the client checks the rest of the schema). */
static SupplierCatalogue *
split_document (JsonNode  *root,
                GError   **error)
{
  g_autoptr(SupplierCatalogue) self = g_new0 (SupplierCatalogue, 1);
  g_autoptr(GHashTable) category_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) product_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) head = NULL;
  JsonObject *doc, *head_object;
  JsonArray *categories, *products;
  g_autoptr(GList) members = NULL;

  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_item_free);
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_item_free);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, "The catalogue is not a JSON object");
      return NULL;
    }
  doc = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "format", ""),
                 "handla-catalogue") != 0 ||
      json_object_get_int_member_with_default (doc, "version", 0) != 1)
    {
      invalid (error, "Not a handla-catalogue document of version 1");
      return NULL;
    }
  categories = get_array_member (doc, "categories");
  products = get_array_member (doc, "products");
  if (categories == NULL || json_array_get_length (categories) == 0 || products == NULL)
    {
      invalid (error, "The catalogue needs categories and products");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      JsonObject *category = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = category != NULL
        ? json_object_get_string_member_with_default (category, "id", NULL) : NULL;

      if (!id_is_valid (id) || g_hash_table_contains (category_ids, id) ||
          json_object_get_string_member_with_default (category, "name", NULL) == NULL)
        {
          invalid (error, "Category %u has no valid, unique id and name", i);
          return NULL;
        }
      g_hash_table_add (category_ids, (gpointer) id);
      g_ptr_array_add (self->categories,
                       supplier_item_new (id,
                                          json_object_get_int_member_with_default (category,
                                                                                   "position",
                                                                                   i),
                                          node_to_string (node)));
    }

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonNode *node = json_array_get_element (products, i);
      JsonObject *product = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = product != NULL
        ? json_object_get_string_member_with_default (product, "id", NULL) : NULL;
      const char *category = product != NULL
        ? json_object_get_string_member_with_default (product, "category", NULL) : NULL;

      if (!id_is_valid (id) || g_hash_table_contains (product_ids, id))
        {
          invalid (error, "Product %u has no valid, unique id", i);
          return NULL;
        }
      if (category == NULL || !g_hash_table_contains (category_ids, category) ||
          json_object_get_string_member_with_default (product, "name", NULL) == NULL ||
          json_object_get_int_member_with_default (product, "price_ore", 0) < 1)
        {
          invalid (error, "Product %s needs a name, a known category and a price", id);
          return NULL;
        }
      g_hash_table_add (product_ids, (gpointer) id);
      g_ptr_array_add (self->products, supplier_item_new (id, 0, node_to_string (node)));
    }

  /* The head: every other member, as the document has it. */
  head_object = json_object_new ();
  members = json_object_get_members (doc);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "format") || g_str_equal (name, "version") ||
          g_str_equal (name, "categories") || g_str_equal (name, "products"))
        continue;
      json_object_set_member (head_object, name,
                              json_node_copy (json_object_get_member (doc, name)));
    }
  head = json_node_init_object (json_node_alloc (), head_object);
  json_object_unref (head_object);
  self->head_json = node_to_string (head);

  return g_steal_pointer (&self);
}

static char *
ean13 (guint n)
{
  char digits[14];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "739%09u", n);
  for (guint i = 0; i < 12; i++)
    sum += (guint) (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  digits[12] = (char) ('0' + (10 - sum % 10) % 10);
  digits[13] = '\0';
  return g_strdup (digits);
}

/* ---- public API --------------------------------------------------------- */

SupplierCatalogue *
supplier_catalogue_load (const char  *path,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SupplierCatalogue *self;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  self = split_document (json_parser_get_root (parser), error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);
  return self;
}

/* @n_products deterministic products in five categories: the same @n
 * always gives the same catalogue. */
SupplierCatalogue *
supplier_catalogue_generate (guint n_products)
{
  return supplier_catalogue_generate_changed (n_products, 0, 0);
}

/* Like supplier_catalogue_generate(), but @n_changed of the products,
 * spread evenly over the catalogue, have another price in each
 * @generation (0 is the plain generated catalogue): replacing the
 * generated catalogue with it makes a delta of @n_changed products. */
SupplierCatalogue *
supplier_catalogue_generate_changed (guint n_products,
                                     guint n_changed,
                                     guint generation)
{
  static const struct {
    const char *id, *name, *icon, *noun, *size;
  } kinds[] = {
    { "mejeri", "Mejeri", "dairy", "Mjölk", "1 l" },
    { "brod", "Bröd", "bread", "Limpa", "500 g" },
    { "frukt-gront", "Frukt och grönt", "fruit", "Äpplen", "1 kg" },
    { "dryck", "Dryck", "drinks", "Vatten", "1,5 l" },
    { "skafferi", "Skafferi", "pantry", "Pasta", "500 g" },
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  SupplierCatalogue *self;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "handla-catalogue");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "supplier");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "generated");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Genererade butiken");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, kinds[k].id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, kinds[k].name);
      json_builder_set_member_name (builder, "icon");
      json_builder_add_string_value (builder, kinds[k].icon);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, k + 1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_products; i++)
    {
      guint k = i % G_N_ELEMENTS (kinds);
      g_autofree char *id = g_strdup_printf ("g-%07u", i + 1);
      g_autofree char *name = g_strdup_printf ("%s nr %u", kinds[k].noun, i + 1);
      g_autofree char *ean = ean13 (i + 1);
      gint64 price = 500 + (gint64) ((i * 7919u) % 9500u);

      if (generation > 0 && n_changed > 0 && i % MAX (n_products / n_changed, 1u) == 0 &&
          i / MAX (n_products / n_changed, 1u) < n_changed)
        price += 100 * (gint64) generation;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "ean");
      json_builder_add_string_value (builder, ean);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "size");
      json_builder_add_string_value (builder, kinds[k].size);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, kinds[k].id);
      json_builder_set_member_name (builder, "price_ore");
      json_builder_add_int_value (builder, price);
      json_builder_set_member_name (builder, "popularity");
      json_builder_add_int_value (builder, (i * 31u) % 1000u);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  self = split_document (root, &error);
  g_assert_no_error (error);
  return self;
}

void
supplier_catalogue_free (SupplierCatalogue *self)
{
  if (self == NULL)
    return;
  g_free (self->head_json);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_free (self);
}

/* The catalogue's current version, as a strong entity tag. */
char *
supplier_catalogue_etag (SupplierStore *store)
{
  g_autofree char *cursor = cursor_for (store, supplier_store_get_catalogue_seq (store));

  return g_strdup_printf ("\"%s\"", cursor);
}

/* One page of a full listing or of a delta. @since, @page and @page_size
 * are the query parameters as received (each may be NULL). On success
 * *@etag is the entity tag of the listing's cursor. */
GBytes *
supplier_catalogue_respond (SupplierStore  *store,
                            const char     *since,
                            const char     *page,
                            const char     *page_size,
                            char          **etag,
                            GError        **error)
{
  g_autoptr(GPtrArray) category_upserts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) category_deletions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) product_upserts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) product_deletions = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autofree char *since_cursor = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last_id = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GString) out = NULL;
  gboolean delta = FALSE, more = FALSE;
  gint64 since_seq = -1, cursor_seq;
  guint64 size = SUPPLIER_CATALOGUE_DEFAULT_PAGE_SIZE;

  if (since != NULL && page != NULL)
    return invalid (error, "Send page alone, without since");

  if (page_size != NULL &&
      !g_ascii_string_to_unsigned (page_size, 10, 1, SUPPLIER_CATALOGUE_MAX_PAGE_SIZE,
                                   &size, NULL))
    return invalid (error, "page_size must be 1 to %d", SUPPLIER_CATALOGUE_MAX_PAGE_SIZE);

  if (page != NULL)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) parts = NULL;
      guint n_parts;

      if (!token_chars_are_valid (page, 500) || (text = decode_token (page)) == NULL)
        return invalid (error, "Unknown page token");
      parts = g_strsplit (text, "|", -1);
      n_parts = g_strv_length (parts);
      delta = n_parts == 5 && g_str_equal (parts[0], "d");
      if (!delta && !(n_parts == 4 && g_str_equal (parts[0], "f")))
        return invalid (error, "Unknown page token");

      /* A token of another database (or a wiped one) has expired. */
      if ((cursor_seq = parse_cursor (store, parts[delta ? 2 : 1])) < 0 ||
          (delta && (since_seq = parse_cursor (store, parts[1])) < 0))
        {
          g_set_error_literal (error, SUPPLIER_CATALOGUE_ERROR,
                               SUPPLIER_CATALOGUE_ERROR_PAGE_EXPIRED,
                               "The page token has expired");
          return NULL;
        }
      if (!g_ascii_string_to_unsigned (parts[delta ? 3 : 2], 10, 1,
                                       SUPPLIER_CATALOGUE_MAX_PAGE_SIZE, &size, NULL) ||
          !id_is_valid (parts[delta ? 4 : 3]))
        return invalid (error, "Unknown page token");
      after = g_strdup (parts[delta ? 4 : 3]);
    }
  else
    {
      cursor_seq = supplier_store_get_catalogue_seq (store);
      if (since != NULL)
        {
          if (!token_chars_are_valid (since, 200))
            return invalid (error, "since is not a cursor");
          if ((since_seq = parse_cursor (store, since)) < 0)
            {
              g_set_error_literal (error, SUPPLIER_CATALOGUE_ERROR,
                                   SUPPLIER_CATALOGUE_ERROR_CURSOR_EXPIRED,
                                   "The changes after this cursor are no longer kept");
              return NULL;
            }
          delta = TRUE;
        }
    }

  cursor = cursor_for (store, cursor_seq);

  /* Full listing: every category on every page. Delta: the changed
   * categories on the first page, the deleted ones on the last. */
  if (!delta || after == NULL)
    {
      g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);

      if (!supplier_store_list_categories (store, delta ? since_seq : -1, category_upserts,
                                           delta ? category_deletions : ignored, error))
        return NULL;
    }
  if (!supplier_store_list_products (store, delta ? since_seq : -1, after, (guint) size,
                                     product_upserts, product_deletions, &last_id, &more,
                                     error))
    return NULL;
  /* Deleted categories go on the last page only. */
  if (delta && more)
    g_ptr_array_set_size (category_deletions, 0);
  if (delta && after != NULL && !more)
    {
      g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);

      if (!supplier_store_list_categories (store, since_seq, ignored, category_deletions, error))
        return NULL;
    }

  out = g_string_sized_new (4096 + 400 * product_upserts->len);
  if (delta)
    {
      g_autofree char *generated = now_rfc3339 ();

      since_cursor = cursor_for (store, since_seq);
      g_string_append (out, "{\"format\":\"handla-catalogue-delta\",\"version\":1,\"since\":");
      append_json_string (out, since_cursor);
      g_string_append (out, ",\"cursor\":");
      append_json_string (out, cursor);
      g_string_append (out, ",\"generated_at\":");
      append_json_string (out, generated);
      append_array (out, "categories", category_upserts, FALSE);
      append_array (out, "products", product_upserts, FALSE);
      append_array (out, "deleted_product_ids", product_deletions, TRUE);
      append_array (out, "deleted_category_ids", category_deletions, TRUE);
    }
  else
    {
      gsize head_len;

      head = supplier_store_dup_catalogue_head (store);
      head_len = strlen (head);
      g_string_append (out, "{\"format\":\"handla-catalogue\",\"version\":1");
      if (head_len > 2)
        {
          g_string_append_c (out, ',');
          g_string_append_len (out, head + 1, (gssize) head_len - 2);
        }
      append_array (out, "categories", category_upserts, FALSE);
      append_array (out, "products", product_upserts, FALSE);
      g_string_append (out, ",\"cursor\":");
      append_json_string (out, cursor);
    }

  if (more)
    {
      g_autofree char *text = NULL;
      g_autofree char *token = NULL;

      if (delta)
        text = g_strdup_printf ("d|%s|%s|%u|%s", since_cursor, cursor, (guint) size, last_id);
      else
        text = g_strdup_printf ("f|%s|%u|%s", cursor, (guint) size, last_id);
      token = encode_token (text);
      g_string_append (out, ",\"next_page\":");
      append_json_string (out, token);
    }
  g_string_append (out, "}\n");

  *etag = g_strdup_printf ("\"%s\"", cursor);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
