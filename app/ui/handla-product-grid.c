/* handla-product-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-product-grid.h"
#include "handla-product-tile.h"
#include "handla-text-size.h"

/*
 * The category grid, the offers and the search results show products the
 * same way: a GtkGridView of HandlaProductTile (it builds tiles only for
 * the items within about 30 rows of its scroll position, so a long list
 * scrolls as lightly as a short one),
 * as many columns as the text size allows, and a tap on a tile opens the
 * product (its "Add" button adds without opening). The page owns the
 * grid and its model; this sets up the rest.
 */

static void
setup_tile_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HandlaContext            *context)
{
  gtk_list_item_set_child (item, handla_product_tile_new (handla_context_get_basket (context)));
}

static void
bind_tile_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  handla_product_tile_set_product (HANDLA_PRODUCT_TILE (gtk_list_item_get_child (item)),
                                   gtk_list_item_get_item (item));
}

static void
unbind_tile_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  handla_product_tile_set_product (HANDLA_PRODUCT_TILE (gtk_list_item_get_child (item)), NULL);
}

static void
tile_activated_cb (GtkGridView *grid,
                   guint        position,
                   gpointer     user_data)
{
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (grid));
  g_autoptr(HandlaProduct) product = NULL;

  if (model == NULL || (product = g_list_model_get_item (model, position)) == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (grid), "win.show-product", "s",
                              handla_product_get_id (product));
}

static void
text_size_changed_cb (GtkGridView *grid,
                      const char  *key,
                      GSettings   *settings)
{
  g_autofree char *nick = g_settings_get_string (settings, "text-size");

  gtk_grid_view_set_max_columns (grid,
                                 handla_text_size_get_max_columns (handla_text_size_from_nick (nick)));
}

/**
 * handla_product_grid_setup:
 * @grid: a grid view whose model holds #HandlaProduct items
 * @context: the page's context
 *
 * Gives @grid its product tiles, opens a product when its tile is
 * activated, and keeps the number of columns in step with the text size.
 * Call it once, when the page gets its context.
 */
void
handla_product_grid_setup (GtkGridView   *grid,
                           HandlaContext *context)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GSettings *settings = handla_context_get_settings (context);

  g_return_if_fail (GTK_IS_GRID_VIEW (grid));
  g_return_if_fail (HANDLA_IS_CONTEXT (context));

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_tile_cb), context, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tile_cb), NULL);
  gtk_grid_view_set_factory (grid, factory);
  gtk_grid_view_set_single_click_activate (grid, TRUE);
  g_signal_connect (grid, "activate", G_CALLBACK (tile_activated_cb), NULL);

  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::text-size",
                               G_CALLBACK (text_size_changed_cb), grid, G_CONNECT_SWAPPED);
      text_size_changed_cb (grid, "text-size", settings);
    }
}
