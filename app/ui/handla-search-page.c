/* handla-search-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-keyboard.h"
#include "handla-product-grid.h"
#include "handla-search-page.h"

/*
 * Search (PRODUCT.md screen 5): a large search field, the results in the
 * same product tiles as a category, and a large on-screen keyboard below
 * them that can be hidden to give the results the room. The results
 * follow the letters as they are typed: the entry waits a short moment
 * after the last change (its search-delay), then the page cancels the
 * search still running, if any, and starts handla_catalogue_search_async()
 * on the store's thread. The page says in words what it shows: what to
 * do before anything is typed, how many products were found, that nothing
 * was, or that the search failed. The same words are the entry's
 * accessible description, since GTK 4.8 cannot announce them.
 */

struct _HandlaSearchPage
{
  HandlaPage         parent_instance;

  /* Template widgets */
  GtkSearchEntry    *entry;
  GtkButton         *keyboard_button;
  AdwButtonContent  *keyboard_button_content;
  GtkLabel          *count_label;
  GtkStack          *stack;
  AdwStatusPage     *empty_status;
  AdwStatusPage     *error_status;
  GtkScrolledWindow *results_scroller;
  GtkGridView       *grid;
  HandlaKeyboard    *keyboard;

  /* Owned references */
  /* The grid's model; its model is a GtkSliceListModel of the first
   * results (those given to the grid so far), or NULL. */
  GtkNoSelection    *selection;
  GCancellable      *cancellable;
  char              *query;
  char              *status;
  /* The tick callback that gives the grid the rest of the results. */
  guint              reveal_id;
  gboolean           reveal_started;
  /* The text changed and its search has not started yet. */
  gboolean           change_pending;
  /* The catalogue changed since the products shown were found. */
  gboolean           shown_stale;
  gboolean           searching;
};

G_DEFINE_FINAL_TYPE (HandlaSearchPage, handla_search_page, HANDLA_TYPE_PAGE)

enum {
  PROP_0,
  PROP_SEARCHING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
update_searching (HandlaSearchPage *self)
{
  gboolean searching = self->change_pending || self->cancellable != NULL;

  if (searching == self->searching)
    return;

  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Shows one of the stack's pages, with @status in words: under the entry
 * (for the results) and as what a screen reader says for the entry. */
static void
show_state (HandlaSearchPage *self,
            const char       *state,
            const char       *status)
{
  gboolean results = g_str_equal (state, "results");

  g_free (self->status);
  self->status = g_strdup (status);

  gtk_label_set_label (self->count_label, results ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), results);
  gtk_stack_set_visible_child_name (self->stack, state);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, results ? status : "",
                                  -1);
}

static char *
dup_query (HandlaSearchPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}

/* Whether a tile bound to @shown shows what one for @found would: the
 * current price and offer depend on the day as well as the catalogue. */
static gboolean
same_on_tile (HandlaProduct *shown,
              HandlaProduct *found)
{
  return handla_product_get_current_price (shown) == handla_product_get_current_price (found) &&
         handla_product_get_current_comparison_price (shown) ==
           handla_product_get_current_comparison_price (found) &&
         handla_product_has_offer (shown) == handla_product_has_offer (found) &&
         g_strcmp0 (handla_product_get_offer_text (shown), handla_product_get_offer_text (found)) == 0 &&
         g_strcmp0 (handla_product_get_offer_valid_to (shown),
                    handla_product_get_offer_valid_to (found)) == 0 &&
         g_strcmp0 (handla_product_get_name (shown), handla_product_get_name (found)) == 0;
}

/* The results to show, with the products already shown in the place of
 * the same products found again. The grid view keeps the tile of an item
 * that is still in its model after items-changed, and makes a new tile
 * for every other item; making, measuring and laying out tiles was most
 * of the time from the search to the results on screen, and one letter
 * more mostly finds products already shown. The grid gets the first row
 * of the results at once (set_results()), so a product found again keeps
 * its tile if it is in that row, and gets a tile in a following frame if
 * it moved further down. After the catalogue changed, every product is
 * taken anew, and one whose price or offer differs (a new day) is never
 * reused. */
static GListModel *
reuse_shown_products (HandlaSearchPage *self,
                      GListModel       *results)
{
  GListModel *shown = gtk_no_selection_get_model (self->selection);
  guint n_shown = shown != NULL ? g_list_model_get_n_items (shown) : 0;
  guint n = g_list_model_get_n_items (results);
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) products = NULL;
  GListStore *store;

  if (n_shown == 0 || self->shown_stale)
    return g_object_ref (results);

  by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < n_shown; i++)
    {
      HandlaProduct *product = g_list_model_get_item (shown, i);

      g_hash_table_replace (by_id, (gpointer) handla_product_get_id (product), product);
    }
  /* The grid view keeps its scroll anchor on the item at the top: kept
   * at another place, the grid would scroll to it instead of showing the
   * new first result. */
  if (n > 0)
    {
      g_autoptr(HandlaProduct) top = g_list_model_get_item (shown, 0);
      g_autoptr(HandlaProduct) first = g_list_model_get_item (results, 0);

      if (!g_str_equal (handla_product_get_id (top), handla_product_get_id (first)))
        g_hash_table_remove (by_id, handla_product_get_id (top));
    }

  products = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaProduct) found = g_list_model_get_item (results, i);
      HandlaProduct *same = g_hash_table_lookup (by_id, handla_product_get_id (found));

      if (same != NULL && !same_on_tile (same, found))
        same = NULL;
      g_ptr_array_add (products, g_object_ref (same != NULL ? same : found));
    }

  store = g_list_store_new (HANDLA_TYPE_PRODUCT);
  g_list_store_splice (store, 0, 0, products->pdata, products->len);

  return G_LIST_MODEL (store);
}

/* The grid gets new results as many at a time as it has columns at the
 * most (a row, or a little more in portrait): that many at once, and
 * twice as many more in each frame after that, until it has them all.
 * GTK 4.8's grid view makes, measures and lays out a tile for every item
 * within about 30 rows of its scroll position, not only for those on
 * screen: all the results at once (every one of the up to 100, at the
 * normal text size) kept the first of them off the screen for up to a
 * tenth of a second (docs/performance.md). */
#define REVEAL_FIRST_ROWS 1
#define REVEAL_MORE_ROWS  2

static void
stop_reveal (HandlaSearchPage *self)
{
  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_id);
  self->reveal_id = 0;
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  HandlaSearchPage *self = HANDLA_SEARCH_PAGE (widget);
  GtkSliceListModel *slice = GTK_SLICE_LIST_MODEL (gtk_no_selection_get_model (self->selection));
  guint size, n;

  /* The first call is in the frame that lays out the first tiles. */
  if (!self->reveal_started)
    {
      self->reveal_started = TRUE;
      return G_SOURCE_CONTINUE;
    }

  if (slice == NULL)
    {
      self->reveal_id = 0;
      return G_SOURCE_REMOVE;
    }

  n = g_list_model_get_n_items (gtk_slice_list_model_get_model (slice));
  size = MIN (gtk_slice_list_model_get_size (slice) +
              REVEAL_MORE_ROWS * gtk_grid_view_get_max_columns (self->grid), n);
  gtk_slice_list_model_set_size (slice, size);
  if (size < n)
    return G_SOURCE_CONTINUE;

  self->reveal_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows @results (or nothing, for NULL), the first row at once and the
 * rest over the frames that follow. */
static void
set_results (HandlaSearchPage *self,
             GListModel       *results)
{
  g_autoptr(GtkSliceListModel) slice = NULL;
  guint first = REVEAL_FIRST_ROWS * gtk_grid_view_get_max_columns (self->grid);

  stop_reveal (self);
  if (results == NULL)
    {
      gtk_no_selection_set_model (self->selection, NULL);
      return;
    }

  slice = gtk_slice_list_model_new (g_object_ref (results), 0, first);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (slice));
  if (g_list_model_get_n_items (results) > first)
    {
      self->reveal_started = FALSE;
      self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL, NULL);
    }
}

static void
show_results (HandlaSearchPage *self,
              GListModel       *found)
{
  const char *query = self->query;
  g_autoptr(GListModel) results = NULL;
  guint n = g_list_model_get_n_items (found);
  g_autofree char *status = NULL;

  if (n == 0)
    {
      /* Translators: the title above "Check the spelling or try a shorter
       * word."; %s is what was typed */
      g_autofree char *title = g_strdup_printf (_("Nothing found for “%s”"), query);

      set_results (self, NULL);
      adw_status_page_set_title (self->empty_status, title);
      status = g_strdup_printf ("%s. %s", title, adw_status_page_get_description (self->empty_status));
      show_state (self, "empty", status);
      return;
    }

  if (n >= HANDLA_CATALOGUE_SEARCH_LIMIT)
    /* Translators: the search stops at %u products; %s is what was typed */
    status = g_strdup_printf (_("At least %u products found for “%s”. Type more to find fewer."),
                              n, query);
  else
    /* Translators: %u is a number of products, %s what was typed */
    status = g_strdup_printf (ngettext ("%u product found for “%s”",
                                        "%u products found for “%s”", n),
                              n, query);

  /* Back to the top first, so that the grid's scroll anchor is on the
   * first tile shown (see reuse_shown_products()). */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->results_scroller), 0);
  results = reuse_shown_products (self, found);
  set_results (self, results);
  self->shown_stale = FALSE;
  show_state (self, "results", status);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HandlaCatalogue *catalogue = HANDLA_CATALOGUE (object);
  g_autoptr(HandlaSearchPage) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = handla_catalogue_search_finish (catalogue, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      g_warning ("Could not search: %s", error->message);
      set_results (self, NULL);
      show_state (self, "error", adw_status_page_get_title (self->error_status));
    }
  else
    show_results (self, results);

  update_searching (self);
}

static void
start_search (HandlaSearchPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  g_autofree char *query = dup_query (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->change_pending = FALSE;
  stop_reveal (self);

  if (*query == '\0' || context == NULL)
    {
      set_results (self, NULL);
      show_state (self, "start", _("Type the name of a product"));
    }
  else
    {
      g_free (self->query);
      self->query = g_steal_pointer (&query);
      self->cancellable = g_cancellable_new ();
      handla_catalogue_search_async (handla_context_get_catalogue (context), self->query,
                                     handla_basket_get_customer_id (handla_context_get_basket (context)),
                                     self->cancellable, search_done_cb, g_object_ref (self));
    }

  update_searching (self);
}

static void
text_changed_cb (HandlaSearchPage *self)
{
  /* An empty entry emits search-changed at once; any other text after
   * the entry's search-delay. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    {
      self->change_pending = TRUE;
      update_searching (self);
    }
  /* The results shown are for another text now: the frames that would
   * give them the rest of their tiles are better left free. */
  stop_reveal (self);
}

static void
search_changed_cb (HandlaSearchPage *self)
{
  start_search (self);
}

static void
catalogue_changed_cb (HandlaSearchPage *self)
{
  self->shown_stale = TRUE;
  start_search (self);
}

static void
set_keyboard_visible (HandlaSearchPage *self,
                      gboolean          visible)
{
  const char *label = visible ? _("Hide keyboard") : _("Show keyboard");

  gtk_widget_set_visible (GTK_WIDGET (self->keyboard), visible);
  adw_button_content_set_label (self->keyboard_button_content, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->keyboard_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
keyboard_button_clicked_cb (HandlaSearchPage *self)
{
  set_keyboard_visible (self, !gtk_widget_get_visible (GTK_WIDGET (self->keyboard)));
}

static void
handla_search_page_context_set (HandlaPage *page)
{
  HandlaSearchPage *self = HANDLA_SEARCH_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);

  g_signal_connect_object (handla_context_get_catalogue (context), "changed",
                           G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  handla_product_grid_setup (self->grid, context);
}

/* The focus goes to the entry with the cursor where it was and nothing
 * selected: a selection would make the next key replace the whole text. */
static void
focus_entry (HandlaSearchPage *self)
{
  gtk_text_grab_focus_without_selecting (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->entry))));
}

/* A hardware keyboard types into the entry wherever the focus is on the
 * page (after a tap on a tile, say). Only characters that show are taken:
 * Space, Enter and the rest still press the focused button. */
static gboolean
key_pressed_cb (HandlaSearchPage      *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)));
  gunichar c = gdk_keyval_to_unicode (keyval);
  char typed[8] = { 0 };

  if (gtk_widget_has_focus (text) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      !g_unichar_isgraph (c))
    return GDK_EVENT_PROPAGATE;

  g_unichar_to_utf8 (c, typed);
  gtk_widget_activate_action (GTK_WIDGET (self->keyboard), "keyboard.type", "s", typed);
  focus_entry (self);

  return GDK_EVENT_STOP;
}

static void
handla_search_page_shown (HandlaPage *page)
{
  focus_entry (HANDLA_SEARCH_PAGE (page));
}

/* The visit ended: what was searched for the customer goes. */
static void
handla_search_page_clear (HandlaPage *page)
{
  HandlaSearchPage *self = HANDLA_SEARCH_PAGE (page);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
handla_search_page_dispose (GObject *object)
{
  HandlaSearchPage *self = (HandlaSearchPage *)object;

  g_cancellable_cancel (self->cancellable);
  stop_reveal (self);
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_SEARCH_PAGE);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (handla_search_page_parent_class)->dispose (object);
}

static void
handla_search_page_finalize (GObject *object)
{
  HandlaSearchPage *self = (HandlaSearchPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (handla_search_page_parent_class)->finalize (object);
}

static void
handla_search_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HandlaSearchPage *self = HANDLA_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_search_page_class_init (HandlaSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_search_page_dispose;
  object_class->finalize = handla_search_page_finalize;
  object_class->get_property = handla_search_page_get_property;
  page_class->context_set = handla_search_page_context_set;
  page_class->shown = handla_search_page_shown;
  page_class->clear = handla_search_page_clear;

  /**
   * HandlaSearchPage:searching:
   *
   * Whether the results are still to follow the text typed: the entry
   * has changed since the last search started, or a search is running.
   */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HANDLA_TYPE_KEYBOARD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, entry);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, keyboard_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, keyboard_button_content);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, grid);
  gtk_widget_class_bind_template_child (widget_class, HandlaSearchPage, keyboard);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keyboard_button_clicked_cb);
}

static void
handla_search_page_init (HandlaSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Search"));

  self->selection = gtk_no_selection_new (NULL);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  set_keyboard_visible (self, TRUE);
  show_state (self, "start", _("Type the name of a product"));
}

/* ---- public API --------------------------------------------------------- */

GtkEditable *
handla_search_page_get_entry (HandlaSearchPage *self)
{
  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), NULL);

  return GTK_EDITABLE (self->entry);
}

HandlaKeyboard *
handla_search_page_get_keyboard (HandlaSearchPage *self)
{
  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), NULL);

  return self->keyboard;
}

/**
 * handla_search_page_get_results:
 * @self: a #HandlaSearchPage
 *
 * Returns: (transfer none) (nullable): the products found, best first;
 *   the grid may not have a tile for each of them yet
 */
GListModel *
handla_search_page_get_results (HandlaSearchPage *self)
{
  GListModel *slice;

  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), NULL);

  slice = gtk_no_selection_get_model (self->selection);
  return slice != NULL ? gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (slice)) : NULL;
}

/**
 * handla_search_page_get_state:
 * @self: a #HandlaSearchPage
 *
 * Returns: what the page shows: "start" (nothing typed), "results",
 *   "empty" (nothing found) or "error"
 */
const char *
handla_search_page_get_state (HandlaSearchPage *self)
{
  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * handla_search_page_get_status:
 * @self: a #HandlaSearchPage
 *
 * Returns: the state in words, as a screen reader says it
 */
const char *
handla_search_page_get_status (HandlaSearchPage *self)
{
  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), NULL);

  return self->status;
}

gboolean
handla_search_page_is_searching (HandlaSearchPage *self)
{
  g_return_val_if_fail (HANDLA_IS_SEARCH_PAGE (self), FALSE);

  return self->searching;
}
