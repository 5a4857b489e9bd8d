/* handla-categories-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-categories-page.h"
#include "handla-ui-utils.h"

/*
 * The catalogue's categories as large tiles: a symbol, the name and how
 * many products it has. A catalogue has a few dozen categories at most,
 * so a GtkFlowBox bound to the list is enough.
 */

struct _HandlaCategoriesPage
{
  HandlaPage     parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *loading_spinner;
  GtkFlowBox    *flow_box;
  AdwStatusPage *empty_status;

  /* Owned references */
  GListStore    *categories;
  GCancellable  *load_cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaCategoriesPage, handla_categories_page, HANDLA_TYPE_PAGE)

static GtkWidget *
create_tile (gpointer item,
             gpointer user_data)
{
  HandlaCategory *category = item;
  GtkWidget *button;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *name;
  GtkWidget *count;
  g_autofree char *count_text = NULL;
  g_autofree char *accessible = NULL;
  guint n = handla_category_get_n_products (category);

  /* Translators: how many products a category holds */
  count_text = g_strdup_printf (ngettext ("%u product", "%u products", n), n);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  image = gtk_image_new_from_icon_name (handla_symbol_for_category (handla_category_get_icon_name (category)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), image);

  name = gtk_label_new (handla_category_get_name (category));
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (name, "handla-tile-title");
  gtk_box_append (GTK_BOX (box), name);

  count = gtk_label_new (count_text);
  gtk_widget_add_css_class (count, "handla-secondary");
  gtk_box_append (GTK_BOX (box), count);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "handla-category-tile");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-category");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", handla_category_get_id (category));

  accessible = g_strdup_printf ("%s, %s", handla_category_get_name (category), count_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return button;
}

static void
categories_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HandlaCategoriesPage) self = user_data;
  g_autoptr(GListModel) categories = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  categories = handla_catalogue_list_categories_finish (HANDLA_CATALOGUE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_warning ("Could not load categories: %s", error->message);
      adw_status_page_set_title (self->empty_status, _("The categories could not be shown"));
      adw_status_page_set_description (self->empty_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  n = g_list_model_get_n_items (categories);
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (items, g_list_model_get_item (categories, i));
    g_list_store_splice (self->categories, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->categories)),
                         items->pdata, items->len);
  }

  /* The tiles are the buttons; the flow box's own children take no focus. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  if (n == 0)
    {
      adw_status_page_set_title (self->empty_status, _("The catalogue is empty"));
      adw_status_page_set_description (self->empty_status,
                                       _("No products have been received from the shop yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "categories");
}

static void
reload (HandlaCategoriesPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  handla_catalogue_list_categories_async (handla_context_get_catalogue (context),
                                          self->load_cancellable,
                                          categories_loaded_cb,
                                          g_object_ref (self));
}

static void
catalogue_changed_cb (HandlaCategoriesPage *self)
{
  reload (self);
}

static void
handla_categories_page_context_set (HandlaPage *page)
{
  HandlaCategoriesPage *self = HANDLA_CATEGORIES_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);

  g_signal_connect_object (handla_context_get_catalogue (context), "changed",
                           G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
handla_categories_page_dispose (GObject *object)
{
  HandlaCategoriesPage *self = (HandlaCategoriesPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_CATEGORIES_PAGE);

  G_OBJECT_CLASS (handla_categories_page_parent_class)->dispose (object);
}

static void
handla_categories_page_finalize (GObject *object)
{
  HandlaCategoriesPage *self = (HandlaCategoriesPage *)object;

  g_clear_object (&self->categories);
  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (handla_categories_page_parent_class)->finalize (object);
}

static void
handla_categories_page_class_init (HandlaCategoriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_categories_page_dispose;
  object_class->finalize = handla_categories_page_finalize;
  page_class->context_set = handla_categories_page_context_set;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-categories-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaCategoriesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaCategoriesPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaCategoriesPage, flow_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaCategoriesPage, empty_status);
}

static void
handla_categories_page_init (HandlaCategoriesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_spinner_spin_while_mapped (self->loading_spinner);

  handla_page_set_title (HANDLA_PAGE (self), _("Categories"));
  self->categories = g_list_store_new (HANDLA_TYPE_CATEGORY);
  gtk_flow_box_bind_model (self->flow_box, G_LIST_MODEL (self->categories),
                           create_tile, NULL, NULL);
}

/**
 * handla_categories_page_find:
 * @self: a #HandlaCategoriesPage
 * @category_id: a category id
 *
 * Returns: (transfer none) (nullable): the category with @category_id
 */
HandlaCategory *
handla_categories_page_find (HandlaCategoriesPage *self,
                             const char           *category_id)
{
  guint n;

  g_return_val_if_fail (HANDLA_IS_CATEGORIES_PAGE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      if (g_strcmp0 (handla_category_get_id (category), category_id) == 0)
        return category;
    }

  return NULL;
}

/**
 * handla_categories_page_get_model:
 * @self: a #HandlaCategoriesPage
 *
 * Returns: (transfer none): the categories shown
 */
GListModel *
handla_categories_page_get_model (HandlaCategoriesPage *self)
{
  g_return_val_if_fail (HANDLA_IS_CATEGORIES_PAGE (self), NULL);

  return G_LIST_MODEL (self->categories);
}
