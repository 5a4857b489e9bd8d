/* handla-product.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-cutoff.h"
#include "handla-product.h"
#include "handla-product-private.h"
#include "handla-sql.h"

/*
 * A product as the catalogue knows it. Products are built on the database
 * thread, never change afterwards, and are then safe to hand to any
 * thread. A new catalogue gives new product objects.
 */

struct _HandlaProduct
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *brand;
  char       *size;
  char       *category_id;
  char       *category_icon;
  gint64      price;
  gint64      comparison_price;
  HandlaUnit  comparison_unit;
  gint64      pant;
  char      **labels;
  char      **allergens;
  char       *origin;
  char       *ingredients;
  char       *image_url;
  gint64      offer_price;
  char       *offer_text;
  char       *offer_valid_to;
  gboolean    sold_by_weight;
};

G_DEFINE_FINAL_TYPE (HandlaProduct, handla_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PRICE,
  PROP_CURRENT_PRICE,
  PROP_HAS_OFFER,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static char **
copy_codes (const char * const *codes)
{
  if (codes == NULL)
    return g_new0 (char *, 1);

  return g_strdupv ((char **)codes);
}

/* Space-separated codes, as the product table stores them. */
static char **
split_codes (const char *text)
{
  g_auto(GStrv) parts = NULL;
  GPtrArray *codes = g_ptr_array_new ();

  if (text != NULL)
    {
      parts = g_strsplit (text, " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (parts[i][0] != '\0')
            g_ptr_array_add (codes, g_strdup (parts[i]));
        }
    }

  g_ptr_array_add (codes, NULL);

  return (char **)g_ptr_array_free (codes, FALSE);
}

static void
handla_product_finalize (GObject *object)
{
  HandlaProduct *self = (HandlaProduct *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->brand);
  g_free (self->size);
  g_free (self->category_id);
  g_free (self->category_icon);
  g_strfreev (self->labels);
  g_strfreev (self->allergens);
  g_free (self->origin);
  g_free (self->ingredients);
  g_free (self->image_url);
  g_free (self->offer_text);
  g_free (self->offer_valid_to);

  G_OBJECT_CLASS (handla_product_parent_class)->finalize (object);
}

static void
handla_product_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HandlaProduct *self = HANDLA_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;

    case PROP_CURRENT_PRICE:
      g_value_set_int64 (value, handla_product_get_current_price (self));
      break;

    case PROP_HAS_OFFER:
      g_value_set_boolean (value, handla_product_has_offer (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_product_class_init (HandlaProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = handla_product_finalize;
  object_class->get_property = handla_product_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRICE] =
    g_param_spec_int64 ("price", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT_PRICE] =
    g_param_spec_int64 ("current-price", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_OFFER] =
    g_param_spec_boolean ("has-offer", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_product_init (HandlaProduct *self)
{
  self->comparison_price = -1;
  self->offer_price = -1;
}

/*
 * Builds a product from @fields, copying everything. For the catalogue
 * and basket code only.
 */
HandlaProduct *
_handla_product_new (const HandlaProductFields *fields)
{
  HandlaProduct *self;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->id != NULL, NULL);
  g_return_val_if_fail (fields->name != NULL, NULL);

  self = g_object_new (HANDLA_TYPE_PRODUCT, NULL);
  self->id = g_strdup (fields->id);
  self->name = g_strdup (fields->name);
  self->brand = g_strdup (fields->brand);
  self->size = g_strdup (fields->size);
  self->category_id = g_strdup (fields->category_id);
  self->category_icon = g_strdup (fields->category_icon);
  self->price = fields->price;
  self->comparison_price = fields->comparison_price;
  self->comparison_unit = fields->comparison_unit;
  self->pant = fields->pant;
  self->labels = copy_codes (fields->labels);
  self->allergens = copy_codes (fields->allergens);
  self->origin = g_strdup (fields->origin);
  self->ingredients = g_strdup (fields->ingredients);
  self->image_url = g_strdup (fields->image_url);
  self->offer_price = fields->offer_price;
  self->offer_text = g_strdup (fields->offer_text);
  self->offer_valid_to = g_strdup (fields->offer_valid_to);
  self->sold_by_weight = fields->sold_by_weight;

  return self;
}

static gint64
column_amount (sqlite3_stmt *stmt,
               int           column,
               gint64        missing)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return missing;

  return sqlite3_column_int64 (stmt, column);
}

/*
 * Builds a product from the HANDLA_PRODUCT_COLUMNS of the current row of
 * @stmt, starting at @first_column. On the database thread.
 */
HandlaProduct *
_handla_product_new_from_row (sqlite3_stmt *stmt,
                              int           first_column)
{
  HandlaProductFields fields = HANDLA_PRODUCT_FIELDS_INIT;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) allergens = NULL;
  HandlaUnit unit = HANDLA_UNIT_NONE;
  const char *unit_code;
  int c = first_column;

  g_return_val_if_fail (stmt != NULL, NULL);

  unit_code = handla_sql_column_text (stmt, c + 8);
  if (unit_code == NULL || !handla_unit_from_code (unit_code, &unit))
    unit = HANDLA_UNIT_NONE;
  labels = split_codes (handla_sql_column_text (stmt, c + 10));
  allergens = split_codes (handla_sql_column_text (stmt, c + 11));

  fields.id = handla_sql_column_text (stmt, c + 0);
  fields.name = handla_sql_column_text (stmt, c + 1);
  fields.brand = handla_sql_column_text (stmt, c + 2);
  fields.size = handla_sql_column_text (stmt, c + 3);
  fields.category_id = handla_sql_column_text (stmt, c + 4);
  fields.category_icon = handla_sql_column_text (stmt, c + 5);
  fields.price = column_amount (stmt, c + 6, 0);
  fields.comparison_price = column_amount (stmt, c + 7, -1);
  fields.comparison_unit = fields.comparison_price >= 0 ? unit : HANDLA_UNIT_NONE;
  fields.pant = column_amount (stmt, c + 9, 0);
  fields.labels = (const char * const *)labels;
  fields.allergens = (const char * const *)allergens;
  fields.origin = handla_sql_column_text (stmt, c + 12);
  fields.ingredients = handla_sql_column_text (stmt, c + 13);
  fields.image_url = handla_sql_column_text (stmt, c + 14);
  fields.offer_price = column_amount (stmt, c + 15, -1);
  fields.offer_text = handla_sql_column_text (stmt, c + 16);
  fields.sold_by_weight = g_strcmp0 (handla_sql_column_text (stmt, c + 17), "weight") == 0;
  fields.offer_valid_to = handla_sql_column_text (stmt, c + 18);

  return _handla_product_new (&fields);
}

/*
 * The date of @now in Europe/Stockholm as YYYY-MM-DD, the :today of
 * HANDLA_PRODUCT_COLUMNS.
 */
char *
_handla_product_today (GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  local = g_date_time_to_timezone (now, handla_time_zone_stockholm ());

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Binds @today to the :today parameter of @stmt, if it has one. */
gboolean
_handla_product_bind_today (sqlite3_stmt *stmt,
                            const char   *today)
{
  int index = sqlite3_bind_parameter_index (stmt, ":today");

  if (index == 0)
    return TRUE;

  return sqlite3_bind_text (stmt, index, today, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

const char *
handla_product_get_id (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->id;
}

const char *
handla_product_get_name (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->name;
}

const char *
handla_product_get_brand (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->brand;
}

const char *
handla_product_get_size (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->size;
}

const char *
handla_product_get_category_id (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->category_id;
}

/**
 * handla_product_get_price:
 * @self: a #HandlaProduct
 *
 * Returns: the shelf price in öre, per piece (or per kg for weighed goods,
 *   see handla_product_is_sold_by_weight())
 */
gint64
handla_product_get_price (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), 0);

  return self->price;
}

/**
 * handla_product_get_comparison_price:
 * @self: a #HandlaProduct
 *
 * Returns: the comparison price (jämförpris) in öre per
 *   handla_product_get_comparison_unit(), or -1 if unknown
 */
gint64
handla_product_get_comparison_price (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), -1);

  return self->comparison_price;
}

HandlaUnit
handla_product_get_comparison_unit (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), HANDLA_UNIT_NONE);

  return self->comparison_unit;
}

/**
 * handla_product_get_pant:
 * @self: a #HandlaProduct
 *
 * Returns: the deposit per piece in öre, 0 if none. The basket charges
 *   no pant for weighed goods.
 */
gint64
handla_product_get_pant (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), 0);

  return self->pant;
}

/**
 * handla_product_get_labels:
 * @self: a #HandlaProduct
 *
 * Returns: (transfer none) (array zero-terminated=1): the label codes of
 *   the catalogue document ("organic", "keyhole", …); never %NULL
 */
const char * const *
handla_product_get_labels (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return (const char * const *)self->labels;
}

/**
 * handla_product_get_allergens:
 * @self: a #HandlaProduct
 *
 * Returns: (transfer none) (array zero-terminated=1): the allergen codes
 *   of the catalogue document ("milk", "gluten", …); never %NULL
 */
const char * const *
handla_product_get_allergens (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return (const char * const *)self->allergens;
}

const char *
handla_product_get_origin (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->origin;
}

const char *
handla_product_get_ingredients (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->ingredients;
}

const char *
handla_product_get_image_url (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->image_url;
}

gboolean
handla_product_has_offer (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), FALSE);

  return self->offer_price >= 0;
}

/**
 * handla_product_get_offer_price:
 * @self: a #HandlaProduct
 *
 * Returns: the offer price in öre, or -1 if there is no offer
 */
gint64
handla_product_get_offer_price (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), -1);

  return self->offer_price;
}

const char *
handla_product_get_offer_text (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->offer_text;
}

/**
 * handla_product_get_offer_valid_to:
 * @self: a #HandlaProduct
 *
 * Returns: (nullable): the last day of the current offer as "YYYY-MM-DD"
 *   (a date in Europe/Stockholm), or %NULL when there is no offer or the
 *   supplier gave no last day
 */
const char *
handla_product_get_offer_valid_to (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->offer_price >= 0 ? self->offer_valid_to : NULL;
}

/**
 * handla_product_is_sold_by_weight:
 * @self: a #HandlaProduct
 *
 * Weighed goods (`sold_by: "weight"` in the catalogue) are priced per kg:
 * handla_product_get_price(), handla_product_get_offer_price() and
 * handla_product_get_current_price() are then öre per kg, and the basket
 * counts them in grams.
 *
 * Returns: %TRUE for weighed goods, %FALSE for goods sold by the piece
 */
gboolean
handla_product_is_sold_by_weight (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), FALSE);

  return self->sold_by_weight;
}

/**
 * handla_product_get_current_price:
 * @self: a #HandlaProduct
 *
 * Returns: what one piece (or one kg of weighed goods) costs now: the
 *   offer price if there is a current offer, the shelf price otherwise
 */
gint64
handla_product_get_current_price (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), 0);

  if (self->offer_price >= 0)
    return self->offer_price;

  return self->price;
}

/**
 * handla_product_get_current_comparison_price:
 * @self: a #HandlaProduct
 *
 * The comparison price at the price charged now. The catalogue gives it
 * for the ordinary price; on offer it falls in proportion, since the law
 * asks for the comparison price of the price actually charged. Rounded
 * half up, in integer öre.
 *
 * Returns: öre per comparison unit, or -1 when the supplier gave none
 */
gint64
handla_product_get_current_comparison_price (HandlaProduct *self)
{
  gint64 current;

  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), -1);

  current = handla_product_get_current_price (self);
  if (self->comparison_price < 0 || self->price <= 0 || current == self->price)
    return self->comparison_price;

  return (self->comparison_price * current * 2 + self->price) / (self->price * 2);
}

/**
 * handla_product_get_category_icon:
 * @self: a #HandlaProduct
 *
 * Returns: (nullable): the icon hint of the product's category
 *   ("dairy", "bread", …), or %NULL
 */
const char *
handla_product_get_category_icon (HandlaProduct *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT (self), NULL);

  return self->category_icon;
}
