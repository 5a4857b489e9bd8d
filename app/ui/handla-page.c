/* handla-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-page.h"

/*
 * Every page of the window is a HandlaPage: it has a title for the header,
 * gets the HandlaContext from the window, and can ask the window to show
 * a toast. Pages that load data keep their own GCancellable, cancelled in
 * dispose, so no callback touches a dead widget.
 */

typedef struct
{
  HandlaContext *context;
  char          *title;
} HandlaPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (HandlaPage, handla_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_TITLE,
  N_PROPS,
};

enum {
  ADD_TOAST,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
handla_page_dispose (GObject *object)
{
  HandlaPage *self = (HandlaPage *)object;
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_clear_object (&priv->context);

  G_OBJECT_CLASS (handla_page_parent_class)->dispose (object);
}

static void
handla_page_finalize (GObject *object)
{
  HandlaPage *self = (HandlaPage *)object;
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (handla_page_parent_class)->finalize (object);
}

static void
handla_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HandlaPage *self = HANDLA_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, handla_page_get_context (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, handla_page_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HandlaPage *self = HANDLA_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      handla_page_set_context (self, g_value_get_object (value));
      break;

    case PROP_TITLE:
      handla_page_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_page_class_init (HandlaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_page_dispose;
  object_class->finalize = handla_page_finalize;
  object_class->get_property = handla_page_get_property;
  object_class->set_property = handla_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         HANDLA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HandlaPage::add-toast:
   *
   * Asks the window to show @toast (libadwaita demo pattern).
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
handla_page_init (HandlaPage *self)
{
}

HandlaContext *
handla_page_get_context (HandlaPage *self)
{
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_return_val_if_fail (HANDLA_IS_PAGE (self), NULL);

  return priv->context;
}

void
handla_page_set_context (HandlaPage    *self,
                         HandlaContext *context)
{
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_return_if_fail (HANDLA_IS_PAGE (self));
  g_return_if_fail (!context || HANDLA_IS_CONTEXT (context));

  if (!g_set_object (&priv->context, context))
    return;

  if (context != NULL && HANDLA_PAGE_GET_CLASS (self)->context_set != NULL)
    HANDLA_PAGE_GET_CLASS (self)->context_set (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
handla_page_get_title (HandlaPage *self)
{
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_return_val_if_fail (HANDLA_IS_PAGE (self), NULL);

  return priv->title;
}

void
handla_page_set_title (HandlaPage *self,
                       const char *title)
{
  HandlaPagePrivate *priv = handla_page_get_instance_private (self);

  g_return_if_fail (HANDLA_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * handla_page_shown:
 * @self: a #HandlaPage
 *
 * Tells the page it has come on screen, so it can refresh what it shows.
 */
void
handla_page_shown (HandlaPage *self)
{
  g_return_if_fail (HANDLA_IS_PAGE (self));

  if (HANDLA_PAGE_GET_CLASS (self)->shown != NULL)
    HANDLA_PAGE_GET_CLASS (self)->shown (self);
}

/**
 * handla_page_clear:
 * @self: a #HandlaPage
 *
 * Tells the page the visit has ended: it lets go of everything of the
 * customer it shows or keeps (labels, lists, models, objects), so that
 * nothing of the customer stays on screen or in memory. The window calls
 * it on every page when the visit ends.
 */
void
handla_page_clear (HandlaPage *self)
{
  g_return_if_fail (HANDLA_IS_PAGE (self));

  if (HANDLA_PAGE_GET_CLASS (self)->clear != NULL)
    HANDLA_PAGE_GET_CLASS (self)->clear (self);
}

/**
 * handla_page_add_toast:
 * @self: a #HandlaPage
 * @toast: (transfer full): the toast to show
 */
void
handla_page_add_toast (HandlaPage *self,
                       AdwToast   *toast)
{
  g_return_if_fail (HANDLA_IS_PAGE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_emit (self, signals[ADD_TOAST], 0, toast);
  g_object_unref (toast);
}
