/* handla-catalogue-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "handla-catalogue.h"
#include "handla-catalogue-document.h"

/*
 * Reads a catalogue document (docs/catalogue.schema.json, version 1) into
 * plain structs, checking everything the schema says. A document is taken
 * whole or not at all: the first problem refuses it, with a message that
 * says what is wrong and where, e.g.
 *
 *   product 12 (“Mellanmjölk”): price_ore must be a whole number of öre
 *
 * Categories and products are counted from 1, as a person reading the
 * file would. Members the schema does not know are ignored, so a newer
 * supplier can add fields without breaking older tablets (tolerant
 * reader); a breaking change raises "version", which is refused with
 * HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION.
 *
 * This runs on the database thread, inside the import job.
 */

#define FORMAT_NAME     "handla-catalogue"
#define DELTA_FORMAT_NAME "handla-catalogue-delta"
#define FORMAT_VERSION  1
#define MAX_ORE         G_GINT64_CONSTANT (100000000)

static const char * const sold_by_values[] = { "piece", "weight", NULL };
static const char * const unit_values[] = { "kg", "l", "st", NULL };
static const char * const label_values[] = {
  "organic", "lactose_free", "gluten_free", "keyhole", "swedish_origin", "vegan", "fairtrade",
  NULL
};
static const char * const allergen_values[] = {
  "gluten", "crustaceans", "egg", "fish", "peanuts", "soy", "milk", "nuts", "celery",
  "mustard", "sesame", "sulphites", "lupin", "molluscs",
  NULL
};

typedef struct
{
  const char  *where;
  GError     **error;
} Check;

static gboolean refuse (Check      *check,
                        int         code,
                        const char *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (Check      *check,
        int         code,
        const char *format,
        ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (check->error,
               HANDLA_CATALOGUE_ERROR,
               code,
               "%s: %s",
               check->where, problem);

  return FALSE;
}

static void
document_category_free (gpointer data)
{
  HandlaDocumentCategory *category = data;

  g_free (category->id);
  g_free (category->name);
  g_free (category->icon);
  g_free (category);
}

static void
document_product_free (gpointer data)
{
  HandlaDocumentProduct *product = data;

  g_free (product->id);
  g_free (product->name);
  g_free (product->brand);
  g_free (product->size);
  g_free (product->ean);
  g_free (product->category_id);
  g_free (product->sold_by);
  g_free (product->comparison_unit);
  g_free (product->labels);
  g_free (product->allergens);
  g_free (product->origin);
  g_free (product->ingredients);
  g_free (product->image_url);
  g_free (product->offer_text);
  g_free (product->offer_valid_to);
  g_free (product);
}

void
_handla_catalogue_document_free (HandlaCatalogueDocument *document)
{
  if (document == NULL)
    return;

  g_free (document->supplier_id);
  g_free (document->supplier_name);
  g_free (document->generated_at);
  g_free (document->credit);
  g_clear_pointer (&document->categories, g_ptr_array_unref);
  g_clear_pointer (&document->products, g_ptr_array_unref);
  g_free (document->cursor);
  g_free (document->since);
  g_free (document->next_page);
  g_clear_pointer (&document->deleted_product_ids, g_ptr_array_unref);
  g_clear_pointer (&document->deleted_category_ids, g_ptr_array_unref);
  g_free (document);
}

/* ---- patterns ------------------------------------------------------- */

/* ^[A-Za-z0-9._:-]+$ */
static gboolean
is_id_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("._:-", *p) == NULL)
        return FALSE;
    }

  return text[0] != '\0';
}

/**
 * _handla_catalogue_document_is_token:
 * @text: a cursor or page token
 * @max_len: its longest allowed length
 *
 * Whether @text matches ^[A-Za-z0-9._~-]{1,max_len}$, the URL-safe form of
 * the protocol's Cursor and PageToken.
 */
gboolean
_handla_catalogue_document_is_token (const char *text,
                                     gsize       max_len)
{
  gsize len = strlen (text);

  if (len < 1 || len > max_len)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("._~-", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* ^[a-z0-9-]{1,40}$ */
static gboolean
is_icon_text (const char *text)
{
  gsize len = strlen (text);

  if (len < 1 || len > 40)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* ^[0-9]{8,14}$ */
static gboolean
is_ean_text (const char *text)
{
  gsize len = strlen (text);

  if (len < 8 || len > 14)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* A full-date of RFC 3339: YYYY-MM-DD, and a real day. */
static gboolean
is_date_text (const char *text)
{
  int year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);

  return g_date_valid_dmy (day, month, year);
}

/* A date-time of RFC 3339, which must carry its offset. */
static gboolean
is_date_time_text (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (strlen (text) < 20 || (text[10] != 'T' && text[10] != 't'))
    return FALSE;

  parsed = g_date_time_new_from_iso8601 (text, NULL);

  return parsed != NULL;
}

static gboolean
is_one_of (const char         *text,
           const char * const *values)
{
  return g_strv_contains (values, text);
}

/* ---- members -------------------------------------------------------- */

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");

    case JSON_NODE_ARRAY:
      return _("a list");

    case JSON_NODE_NULL:
      return _("null");

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return _("text");
        if (type == G_TYPE_BOOLEAN)
          return _("true or false");
        if (type == G_TYPE_DOUBLE)
          return _("a decimal number");
        return _("a number");
      }

    default:
      return _("something else");
    }
}

static gboolean
is_value_of_type (JsonNode *node,
                  GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/*
 * Reads the optional or @required text member @member of @object into
 * @out, checking its length in characters. @label is how the message
 * names it ("offer.text").
 */
static gboolean
read_text (Check       *check,
           JsonObject  *object,
           const char  *member,
           const char  *label,
           gboolean     required,
           guint        min_chars,
           guint        max_chars,
           char       **out)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;
  glong n_chars;

  if (node == NULL)
    {
      if (required)
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID, _("%s is missing"), label);
      return TRUE;
    }

  if (!is_value_of_type (node, G_TYPE_STRING))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s must be text, not %s"), label, describe_node (node));

  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s is not valid UTF-8 text"), label);

  /* Compared as unsigned: (glong)G_MAXUINT is -1 where long has 32 bits. */
  n_chars = g_utf8_strlen (text, -1);
  if ((gulong)n_chars < min_chars)
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s must not be empty"), label);
  if ((gulong)n_chars > max_chars)
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s is longer than %u characters"), label, max_chars);

  g_free (*out);
  *out = g_strdup (text);

  return TRUE;
}

static gboolean
read_id (Check       *check,
         JsonObject  *object,
         const char  *member,
         const char  *label,
         gboolean     required,
         char       **out)
{
  if (!read_text (check, object, member, label, required, 1, 64, out))
    return FALSE;

  if (*out != NULL && !is_id_text (*out))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s “%s” may only contain the letters A–Z and a–z, digits, "
                     "and the signs . _ : -"),
                   label, *out);

  return TRUE;
}

/*
 * Reads a whole number between @min and @max. When @money is set the
 * messages speak of öre. Floats are refused: money is never a float.
 */
static gboolean
read_integer (Check       *check,
              JsonObject  *object,
              const char  *member,
              const char  *label,
              gboolean     required,
              gboolean     money,
              gint64       min,
              gint64       max,
              gint64      *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    {
      if (required)
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID, _("%s is missing"), label);
      return TRUE;
    }

  if (!is_value_of_type (node, G_TYPE_INT64))
    {
      if (is_value_of_type (node, G_TYPE_DOUBLE))
        {
          if (money)
            return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                           _("%s must be a whole number of öre"), label);
          return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                         _("%s must be a whole number"), label);
        }

      return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                     _("%s must be a number, not %s"), label, describe_node (node));
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      if (money)
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s must be between %lld and %lld öre"),
                       label, (long long)min, (long long)max);
      if (max == G_MAXINT64)
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s must be %lld or more"), label, (long long)min);
      return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                     _("%s must be between %lld and %lld"),
                     label, (long long)min, (long long)max);
    }

  *out = value;

  return TRUE;
}

static gboolean
read_enum (Check              *check,
           JsonObject         *object,
           const char         *member,
           const char         *label,
           gboolean            required,
           const char * const *values,
           char              **out)
{
  if (!read_text (check, object, member, label, required, 0, G_MAXUINT, out))
    return FALSE;

  if (*out != NULL && !is_one_of (*out, values))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s has an unknown value “%s”"), label, *out);

  return TRUE;
}

/* An optional object member: @out is NULL when it is absent. */
static gboolean
read_object (Check       *check,
             JsonObject  *object,
             const char  *member,
             JsonObject **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s must be an object, not %s"), member, describe_node (node));

  *out = json_node_get_object (node);

  return TRUE;
}

/* A list of unique codes from @values, kept space-separated. */
static gboolean
read_codes (Check              *check,
            JsonObject         *object,
            const char         *member,
            const char * const *values,
            char              **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  JsonArray *array;
  guint n;

  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s must be a list, not %s"), member, describe_node (node));

      array = json_node_get_array (node);
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *code;

          if (!is_value_of_type (element, G_TYPE_STRING))
            return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                           _("%s must list text, not %s"), member, describe_node (element));

          code = json_node_get_string (element);
          if (!is_one_of (code, values))
            return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                           _("%s has an unknown value “%s”"), member, code);

          for (guint j = 0; j < seen->len; j++)
            {
              if (g_str_equal (seen->pdata[j], code))
                return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                               _("%s lists “%s” twice"), member, code);
            }
          g_ptr_array_add (seen, (gpointer)code);

          if (joined->len > 0)
            g_string_append_c (joined, ' ');
          g_string_append (joined, code);
        }
    }

  g_free (*out);
  *out = g_strdup (joined->str);

  return TRUE;
}

/* ---- document parts ------------------------------------------------- */

typedef enum {
  ITEM_CATEGORY,
  ITEM_PRODUCT,
} ItemKind;

/* "product 12 (“Mellanmjölk”)", or "product 12" when @name is NULL,
 * empty or not UTF-8. Long names are cut at 60 characters. */
static char *
describe_item (ItemKind    kind,
               guint       number,
               const char *name)
{
  if (name != NULL && name[0] != '\0' && g_utf8_validate (name, -1, NULL))
    {
      g_autofree char *shown = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 60));

      if (kind == ITEM_CATEGORY)
        /* Translators: where a catalogue problem is: category number and name */
        return g_strdup_printf (_("category %u (“%s”)"), number, shown);

      /* Translators: where a catalogue problem is: product number and name */
      return g_strdup_printf (_("product %u (“%s”)"), number, shown);
    }

  if (kind == ITEM_CATEGORY)
    return g_strdup_printf (_("category %u"), number);

  return g_strdup_printf (_("product %u"), number);
}

/* describe_item() for a JSON object whose "name" may be anything. */
static char *
describe_object (ItemKind    kind,
                 guint       number,
                 JsonNode   *node)
{
  JsonNode *name = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    name = json_object_get_member (json_node_get_object (node), "name");

  if (name != NULL && is_value_of_type (name, G_TYPE_STRING))
    return describe_item (kind, number, json_node_get_string (name));

  return describe_item (kind, number, NULL);
}

static gboolean
read_category (JsonNode                *node,
               guint                    number,
               HandlaDocumentCategory **out,
               GError                 **error)
{
  HandlaDocumentCategory *category = g_new0 (HandlaDocumentCategory, 1);
  g_autofree char *where = NULL;
  JsonObject *object;
  Check check = { NULL, error };
  gboolean ok = FALSE;

  category->position = -1;

  where = describe_object (ITEM_CATEGORY, number, node);
  check.where = where;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID,
              _("each category must be an object, not %s"), describe_node (node));
      goto out;
    }

  object = json_node_get_object (node);

  if (read_id (&check, object, "id", "id", TRUE, &category->id) &&
      read_text (&check, object, "name", "name", TRUE, 1, 80, &category->name) &&
      read_text (&check, object, "icon", "icon", FALSE, 1, 40, &category->icon) &&
      read_integer (&check, object, "position", "position", FALSE, FALSE,
                    0, G_MAXINT64, &category->position))
    {
      if (category->icon != NULL && !is_icon_text (category->icon))
        refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID,
                _("icon “%s” may only contain the letters a–z, digits and -"),
                category->icon);
      else
        ok = TRUE;
    }

out:
  if (!ok)
    {
      document_category_free (category);
      return FALSE;
    }

  *out = category;
  return TRUE;
}

static gboolean
read_product_parts (Check                 *check,
                    JsonObject            *object,
                    HandlaDocumentProduct *product)
{
  JsonObject *comparison;
  JsonObject *image;
  JsonObject *offer;

  if (!read_id (check, object, "id", "id", TRUE, &product->id) ||
      !read_text (check, object, "name", "name", TRUE, 1, 200, &product->name) ||
      !read_id (check, object, "category", "category", TRUE, &product->category_id) ||
      !read_integer (check, object, "price_ore", "price_ore", TRUE, TRUE,
                     1, MAX_ORE, &product->price_ore) ||
      !read_text (check, object, "ean", "ean", FALSE, 0, 14, &product->ean) ||
      !read_text (check, object, "brand", "brand", FALSE, 0, 100, &product->brand) ||
      !read_text (check, object, "size", "size", FALSE, 0, 40, &product->size) ||
      !read_enum (check, object, "sold_by", "sold_by", FALSE, sold_by_values, &product->sold_by) ||
      !read_integer (check, object, "pant_ore", "pant_ore", FALSE, TRUE,
                     0, MAX_ORE, &product->pant_ore) ||
      !read_codes (check, object, "labels", label_values, &product->labels) ||
      !read_codes (check, object, "allergens", allergen_values, &product->allergens) ||
      !read_text (check, object, "origin", "origin", FALSE, 0, 80, &product->origin) ||
      !read_text (check, object, "ingredients", "ingredients", FALSE, 0, 4000,
                  &product->ingredients) ||
      !read_integer (check, object, "popularity", "popularity", FALSE, FALSE,
                     0, G_MAXINT64, &product->popularity))
    return FALSE;

  if (product->ean != NULL && !is_ean_text (product->ean))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("ean “%s” must be 8 to 14 digits"), product->ean);

  if (product->sold_by == NULL)
    product->sold_by = g_strdup ("piece");

  if (!read_object (check, object, "comparison", &comparison))
    return FALSE;
  if (comparison != NULL &&
      (!read_integer (check, comparison, "price_ore", "comparison.price_ore", TRUE, TRUE,
                      0, MAX_ORE, &product->comparison_price_ore) ||
       !read_enum (check, comparison, "unit", "comparison.unit", TRUE, unit_values,
                   &product->comparison_unit)))
    return FALSE;

  if (!read_object (check, object, "image", &image))
    return FALSE;
  if (image != NULL)
    {
      const char *scheme = NULL;

      if (!read_text (check, image, "url", "image.url", TRUE, 0, 2000, &product->image_url))
        return FALSE;
      /* Only web addresses: never file:, data: or anything local. */
      if (g_uri_is_valid (product->image_url, G_URI_FLAGS_NONE, NULL))
        scheme = g_uri_peek_scheme (product->image_url);
      if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("image.url “%s” is not a web address"), product->image_url);
    }

  if (!read_object (check, object, "offer", &offer))
    return FALSE;
  if (offer != NULL)
    {
      if (!read_integer (check, offer, "price_ore", "offer.price_ore", TRUE, TRUE,
                         1, MAX_ORE, &product->offer_price_ore) ||
          !read_text (check, offer, "text", "offer.text", FALSE, 0, 80, &product->offer_text) ||
          !read_text (check, offer, "valid_to", "offer.valid_to", FALSE, 0, 10,
                      &product->offer_valid_to))
        return FALSE;
      if (product->offer_valid_to != NULL && !is_date_text (product->offer_valid_to))
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("offer.valid_to must be a date like 2024-05-31, not “%s”"),
                       product->offer_valid_to);
    }

  return TRUE;
}

static gboolean
read_product (JsonNode               *node,
              guint                   number,
              HandlaDocumentProduct **out,
              GError                **error)
{
  HandlaDocumentProduct *product = g_new0 (HandlaDocumentProduct, 1);
  g_autofree char *where = NULL;
  Check check = { NULL, error };

  product->comparison_price_ore = -1;
  product->offer_price_ore = -1;

  where = describe_object (ITEM_PRODUCT, number, node);
  check.where = where;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID,
              _("each product must be an object, not %s"), describe_node (node));
      document_product_free (product);
      return FALSE;
    }

  if (!read_product_parts (&check, json_node_get_object (node), product))
    {
      document_product_free (product);
      return FALSE;
    }

  *out = product;
  return TRUE;
}

static gboolean
read_header (Check                   *check,
             JsonObject              *root,
             gboolean                 response,
             HandlaCatalogueDocument *document)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *version = json_object_get_member (root, "version");
  JsonObject *supplier;

  if (response && format != NULL && is_value_of_type (format, G_TYPE_STRING) &&
      g_str_equal (json_node_get_string (format), DELTA_FORMAT_NAME))
    document->kind = HANDLA_CATALOGUE_DOCUMENT_DELTA;
  else if (format == NULL || !is_value_of_type (format, G_TYPE_STRING) ||
           !g_str_equal (json_node_get_string (format), FORMAT_NAME))
    return refuse (check, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
                   _("this is not a Handla catalogue (its format is not “%s”)"),
                   FORMAT_NAME);

  if (version == NULL || !is_value_of_type (version, G_TYPE_INT64))
    return refuse (check, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
                   _("version is missing or is not a whole number; "
                     "this Handla reads version %d"),
                   FORMAT_VERSION);

  if (json_node_get_int (version) != FORMAT_VERSION)
    return refuse (check, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
                   _("catalogue version %lld is not supported; this Handla reads version %d"),
                   (long long)json_node_get_int (version), FORMAT_VERSION);

  if (!read_object (check, root, "supplier", &supplier))
    return FALSE;
  if (supplier != NULL &&
      (!read_id (check, supplier, "id", "supplier.id", TRUE, &document->supplier_id) ||
       !read_text (check, supplier, "name", "supplier.name", TRUE, 1, 80,
                   &document->supplier_name)))
    return FALSE;

  if (!read_text (check, root, "generated_at", "generated_at", FALSE, 0, G_MAXUINT,
                  &document->generated_at) ||
      !read_text (check, root, "credit", "credit", FALSE, 0, 500, &document->credit))
    return FALSE;

  if (document->generated_at != NULL && !is_date_time_text (document->generated_at))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("generated_at must be a date and time like 2024-05-31T06:00:00Z, not “%s”"),
                   document->generated_at);

  return TRUE;
}

static JsonArray *
get_list (Check      *check,
          JsonObject *root,
          const char *member)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL)
    {
      refuse (check, HANDLA_CATALOGUE_ERROR_INVALID, _("%s is missing"), member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
              _("%s must be a list, not %s"), member, describe_node (node));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
read_lists (Check                   *check,
            JsonObject              *root,
            HandlaCatalogueDocument *document,
            GError                 **error)
{
  g_autoptr(GHashTable) category_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) product_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *categories;
  JsonArray *products;
  guint n;

  categories = get_list (check, root, "categories");
  if (categories == NULL)
    return FALSE;
  products = get_list (check, root, "products");
  if (products == NULL)
    return FALSE;

  n = json_array_get_length (categories);
  if (n == 0 && document->kind == HANDLA_CATALOGUE_DOCUMENT_FULL)
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID, _("there must be at least one category"));

  for (guint i = 0; i < n; i++)
    {
      HandlaDocumentCategory *category = NULL;

      if (!read_category (json_array_get_element (categories, i), i + 1, &category, error))
        return FALSE;
      g_ptr_array_add (document->categories, category);

      if (!g_hash_table_add (category_ids, category->id))
        {
          g_autofree char *where = describe_item (ITEM_CATEGORY, i + 1, category->name);
          Check here = { where, error };

          return refuse (&here, HANDLA_CATALOGUE_ERROR_INVALID,
                         _("the id “%s” is already used by another category"), category->id);
        }
    }

  n = json_array_get_length (products);
  for (guint i = 0; i < n; i++)
    {
      HandlaDocumentProduct *product = NULL;
      g_autofree char *where = NULL;
      Check here = { NULL, error };

      if (!read_product (json_array_get_element (products, i), i + 1, &product, error))
        return FALSE;
      g_ptr_array_add (document->products, product);

      where = describe_item (ITEM_PRODUCT, i + 1, product->name);
      here.where = where;

      if (!g_hash_table_add (product_ids, product->id))
        return refuse (&here, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("the id “%s” is already used by another product"), product->id);

      /* A delta's product may belong to a category the tablet already
       * has; the store's foreign key checks that one. */
      if (document->kind == HANDLA_CATALOGUE_DOCUMENT_FULL &&
          !g_hash_table_contains (category_ids, product->category_id))
        return refuse (&here, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("its category “%s” is not in the catalogue"), product->category_id);
    }

  return TRUE;
}

/* A required (or optional) cursor or page token member. */
static gboolean
read_token (Check       *check,
            JsonObject  *root,
            const char  *member,
            gboolean     required,
            gsize        max_len,
            char       **out)
{
  if (!read_text (check, root, member, member, required, 1, (guint)max_len, out))
    return FALSE;

  if (*out != NULL && !_handla_catalogue_document_is_token (*out, max_len))
    return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                   _("%s may only contain the letters A–Z and a–z, digits, and the signs . _ ~ -"),
                   member);

  return TRUE;
}

/* A required list of unique ids. */
static gboolean
read_id_list (Check       *check,
              JsonObject  *root,
              const char  *member,
              GPtrArray   *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = get_list (check, root, member);
  guint n;

  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id;

      if (!is_value_of_type (element, G_TYPE_STRING))
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s must list text, not %s"), member, describe_node (element));

      id = json_node_get_string (element);
      if (strlen (id) > 64 || !is_id_text (id))
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s lists an id that is not valid"), member);

      if (!g_hash_table_add (seen, (gpointer)id))
        return refuse (check, HANDLA_CATALOGUE_ERROR_INVALID,
                       _("%s lists “%s” twice"), member, id);

      g_ptr_array_add (out, g_strdup (id));
    }

  return TRUE;
}

static gboolean
read_paging (Check                   *check,
             JsonObject              *root,
             HandlaCatalogueDocument *document)
{
  if (!read_token (check, root, "cursor", TRUE, 200, &document->cursor) ||
      !read_token (check, root, "next_page", FALSE, 500, &document->next_page))
    return FALSE;

  if (document->kind == HANDLA_CATALOGUE_DOCUMENT_DELTA &&
      (!read_token (check, root, "since", TRUE, 200, &document->since) ||
       !read_id_list (check, root, "deleted_product_ids", document->deleted_product_ids) ||
       !read_id_list (check, root, "deleted_category_ids", document->deleted_category_ids)))
    return FALSE;

  return TRUE;
}

static HandlaCatalogueDocument *
parse (GBytes    *bytes,
       gboolean   response,
       GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HandlaCatalogueDocument) document = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *data;
  gsize size;
  JsonNode *root;
  Check check = { NULL, error };

  g_return_val_if_fail (bytes != NULL, NULL);

  /* Translators: where a catalogue problem is: the file as a whole */
  check.where = _("the catalogue");

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID, _("the file is empty"));
      return NULL;
    }

  if (size > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, (gssize)size, &json_error))
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID,
              _("the file is not complete, valid JSON (%s)"),
              json_error != NULL ? json_error->message : _("too large"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_INVALID, _("the file is empty"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      refuse (&check, HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
              _("this is not a Handla catalogue (it is %s, not an object)"),
              describe_node (root));
      return NULL;
    }

  document = g_new0 (HandlaCatalogueDocument, 1);
  document->kind = HANDLA_CATALOGUE_DOCUMENT_FULL;
  document->categories = g_ptr_array_new_with_free_func (document_category_free);
  document->products = g_ptr_array_new_with_free_func (document_product_free);
  document->deleted_product_ids = g_ptr_array_new_with_free_func (g_free);
  document->deleted_category_ids = g_ptr_array_new_with_free_func (g_free);

  if (!read_header (&check, json_node_get_object (root), response, document) ||
      !read_lists (&check, json_node_get_object (root), document, error))
    return NULL;

  if (response && !read_paging (&check, json_node_get_object (root), document))
    return NULL;

  return g_steal_pointer (&document);
}

/**
 * _handla_catalogue_document_parse:
 * @bytes: a catalogue document, UTF-8 JSON
 * @error: return location for a %HANDLA_CATALOGUE_ERROR
 *
 * Parses and validates @bytes as a whole.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with
 *   @error set to %HANDLA_CATALOGUE_ERROR_INVALID or
 *   %HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION
 */
HandlaCatalogueDocument *
_handla_catalogue_document_parse (GBytes  *bytes,
                                  GError **error)
{
  return parse (bytes, FALSE, error);
}

/**
 * _handla_catalogue_document_parse_page:
 * @bytes: the body of a 200 answer to `GET /v1/catalogue`
 * @error: return location for a %HANDLA_CATALOGUE_ERROR
 *
 * Parses and validates one page of a full listing (a catalogue document
 * with `cursor` and maybe `next_page`) or of a delta
 * (`handla-catalogue-delta`); the document's kind says which. A delta's
 * products may name categories that are not in it.
 *
 * Returns: (transfer full) (nullable): the page
 */
HandlaCatalogueDocument *
_handla_catalogue_document_parse_page (GBytes  *bytes,
                                       GError **error)
{
  return parse (bytes, TRUE, error);
}
