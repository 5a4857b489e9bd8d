/* handla-category.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-category.h"

/*
 * A category as the catalogue lists it, with the number of products it
 * had when the list was made. Immutable.
 */

struct _HandlaCategory
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *icon_name;
  guint    n_products;
};

G_DEFINE_FINAL_TYPE (HandlaCategory, handla_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ICON_NAME,
  PROP_N_PRODUCTS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
handla_category_finalize (GObject *object)
{
  HandlaCategory *self = (HandlaCategory *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->icon_name);

  G_OBJECT_CLASS (handla_category_parent_class)->finalize (object);
}

static void
handla_category_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HandlaCategory *self = HANDLA_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_N_PRODUCTS:
      g_value_set_uint (value, self->n_products);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_category_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HandlaCategory *self = HANDLA_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_ICON_NAME:
      self->icon_name = g_value_dup_string (value);
      break;

    case PROP_N_PRODUCTS:
      self->n_products = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_category_class_init (HandlaCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = handla_category_finalize;
  object_class->get_property = handla_category_get_property;
  object_class->set_property = handla_category_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaCategory:icon-name:
   *
   * The catalogue's icon hint ("dairy", "bread", …), or %NULL. The UI
   * maps it to a symbolic icon.
   */
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_PRODUCTS] =
    g_param_spec_uint ("n-products", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_category_init (HandlaCategory *self)
{
}

/**
 * handla_category_new:
 * @id: the category's id
 * @name: its name as shown
 * @icon_name: (nullable): its icon hint
 * @n_products: how many products it has
 *
 * Returns: (transfer full): a new #HandlaCategory
 */
HandlaCategory *
handla_category_new (const char *id,
                     const char *name,
                     const char *icon_name,
                     guint       n_products)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (HANDLA_TYPE_CATEGORY,
                       "id", id,
                       "name", name,
                       "icon-name", icon_name,
                       "n-products", n_products,
                       NULL);
}

const char *
handla_category_get_id (HandlaCategory *self)
{
  g_return_val_if_fail (HANDLA_IS_CATEGORY (self), NULL);

  return self->id;
}

const char *
handla_category_get_name (HandlaCategory *self)
{
  g_return_val_if_fail (HANDLA_IS_CATEGORY (self), NULL);

  return self->name;
}

const char *
handla_category_get_icon_name (HandlaCategory *self)
{
  g_return_val_if_fail (HANDLA_IS_CATEGORY (self), NULL);

  return self->icon_name;
}

guint
handla_category_get_n_products (HandlaCategory *self)
{
  g_return_val_if_fail (HANDLA_IS_CATEGORY (self), 0);

  return self->n_products;
}
