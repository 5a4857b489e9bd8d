/* handla-products-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-product-grid.h"
#include "handla-products-page.h"
#include "handla-ui-utils.h"

/*
 * The products of one category (or every product on offer) in a
 * GtkGridView of product tiles (handla-product-grid.c). The list is
 * loaded on the store's thread.
 */

struct _HandlaProductsPage
{
  HandlaPage      parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkSpinner     *loading_spinner;
  GtkGridView    *grid;
  AdwStatusPage  *empty_status;

  /* Owned references */
  GtkNoSelection *selection;
  GCancellable   *load_cancellable;
  char           *category_id;
  gboolean        offers;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (HandlaProductsPage, handla_products_page, HANDLA_TYPE_PAGE)

static void
products_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HandlaCatalogue *catalogue = HANDLA_CATALOGUE (object);
  g_autoptr(HandlaProductsPage) self = user_data;
  g_autoptr(GListModel) products = NULL;
  g_autoptr(GError) error = NULL;

  products = handla_catalogue_list_products_finish (catalogue, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (error != NULL)
    {
      g_warning ("Could not load products: %s", error->message);
      adw_status_page_set_title (self->empty_status, _("The products could not be shown"));
      adw_status_page_set_description (self->empty_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_no_selection_set_model (self->selection, products);
  if (g_list_model_get_n_items (products) == 0)
    {
      adw_status_page_set_title (self->empty_status,
                                 self->offers ? _("No offers right now") : _("No products here"));
      adw_status_page_set_description (self->empty_status, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "grid");
}

static void
reload (HandlaProductsPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  HandlaCatalogue *catalogue;

  if (context == NULL || (!self->offers && self->category_id == NULL))
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;

  gtk_no_selection_set_model (self->selection, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  catalogue = handla_context_get_catalogue (context);
  if (self->offers)
    handla_catalogue_list_offers_async (catalogue, self->load_cancellable,
                                        products_loaded_cb, g_object_ref (self));
  else
    handla_catalogue_list_products_async (catalogue, self->category_id, self->load_cancellable,
                                          products_loaded_cb, g_object_ref (self));
}

static void
catalogue_changed_cb (HandlaProductsPage *self)
{
  reload (self);
}

static void
handla_products_page_context_set (HandlaPage *page)
{
  HandlaProductsPage *self = HANDLA_PRODUCTS_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);

  g_signal_connect_object (handla_context_get_catalogue (context), "changed",
                           G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  handla_product_grid_setup (self->grid, context);
}

static void
handla_products_page_dispose (GObject *object)
{
  HandlaProductsPage *self = (HandlaProductsPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_PRODUCTS_PAGE);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (handla_products_page_parent_class)->dispose (object);
}

static void
handla_products_page_finalize (GObject *object)
{
  HandlaProductsPage *self = (HandlaProductsPage *)object;

  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->category_id, g_free);

  G_OBJECT_CLASS (handla_products_page_parent_class)->finalize (object);
}

static void
handla_products_page_class_init (HandlaProductsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_products_page_dispose;
  object_class->finalize = handla_products_page_finalize;
  page_class->context_set = handla_products_page_context_set;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-products-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaProductsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductsPage, grid);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductsPage, empty_status);
}

static void
handla_products_page_init (HandlaProductsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_spinner_spin_while_mapped (self->loading_spinner);

  self->selection = gtk_no_selection_new (NULL);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
}

/**
 * handla_products_page_show_category:
 * @self: a #HandlaProductsPage
 * @category: the category to show
 */
void
handla_products_page_show_category (HandlaProductsPage *self,
                                    HandlaCategory     *category)
{
  g_return_if_fail (HANDLA_IS_PRODUCTS_PAGE (self));
  g_return_if_fail (HANDLA_IS_CATEGORY (category));

  g_free (self->category_id);
  self->category_id = g_strdup (handla_category_get_id (category));
  self->offers = FALSE;
  handla_page_set_title (HANDLA_PAGE (self), handla_category_get_name (category));
  reload (self);
}

/**
 * handla_products_page_show_offers:
 * @self: a #HandlaProductsPage
 *
 * Shows every product on offer.
 */
void
handla_products_page_show_offers (HandlaProductsPage *self)
{
  g_return_if_fail (HANDLA_IS_PRODUCTS_PAGE (self));

  g_clear_pointer (&self->category_id, g_free);
  self->offers = TRUE;
  handla_page_set_title (HANDLA_PAGE (self), _("Offers"));
  reload (self);
}

/**
 * handla_products_page_get_model:
 * @self: a #HandlaProductsPage
 *
 * Returns: (transfer none) (nullable): the products shown
 */
GListModel *
handla_products_page_get_model (HandlaProductsPage *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCTS_PAGE (self), NULL);

  return gtk_no_selection_get_model (self->selection);
}

gboolean
handla_products_page_is_loading (HandlaProductsPage *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCTS_PAGE (self), FALSE);

  return self->loading;
}
