/* handla-offers-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-offer-tile.h"
#include "handla-offers-page.h"
#include "handla-text-size.h"
#include "handla-ui-utils.h"

/*
 * The supplier's current offers as a flyer for low-vision readers: a few
 * very large offers at a time (three side by side at the normal size on
 * a landscape tablet, fewer at larger text or in portrait), and large
 * "Previous" and "Next" buttons with "Page 3 of 12" between them. A
 * swipe to the side turns the page too, but nothing needs it (UI.md:
 * nothing hidden behind gestures), and nothing moves by itself.
 *
 * In portrait, when two rows of offers fit, it shows two rows.
 *
 * The page keeps one HandlaOfferTile per place on screen and gives them
 * the offers of the page shown, so a long list of offers costs no more
 * than a short one. The offers are loaded on the store's thread each
 * time the page is shown (an offer ends with its last day) and whenever
 * the catalogue changes; the page shown stays where it was.
 */

#define MAX_COLUMNS 3
#define MAX_ROWS 2
#define MAX_PER_PAGE (MAX_COLUMNS * MAX_ROWS)

/* A swipe turns the page when it is this fast sideways (px/s) and mostly
 * sideways. */
#define SWIPE_VELOCITY 300.0

struct _HandlaOffersPage
{
  HandlaPage       parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  GtkGrid         *tiles_grid;
  GtkLabel        *position_label;
  GtkWidget       *previous_button;
  GtkWidget       *next_button;
  AdwStatusPage   *empty_status;

  /* Owned references */
  GListModel      *offers;
  GCancellable    *load_cancellable;
  GtkWidget       *tiles[MAX_PER_PAGE];
  guint            first;          /* index of the first offer shown */
  guint            per_page;
  guint            columns;
  int              width;          /* as last allocated */
  int              height;
  guint            relayout_id;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (HandlaOffersPage, handla_offers_page, HANDLA_TYPE_PAGE)

static guint
n_offers (HandlaOffersPage *self)
{
  return self->offers != NULL ? g_list_model_get_n_items (self->offers) : 0;
}

static HandlaTextSize
get_text_size (HandlaOffersPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  GSettings *settings = context != NULL ? handla_context_get_settings (context) : NULL;
  g_autofree char *nick = settings != NULL ? g_settings_get_string (settings, "text-size") : NULL;

  return handla_text_size_from_nick (nick);
}

/* How many offers fit side by side in @width, and (in portrait) in
 * how many rows in @height, with the buttons below them. */
static guint
compute_columns (HandlaOffersPage *self,
                 int               width)
{
  int offer_width = handla_text_size_get_offer_width (get_text_size (self));

  if (width <= 0)
    return 1;

  return CLAMP (width / offer_width, 1, MAX_COLUMNS);
}

static guint
compute_rows (HandlaOffersPage *self,
              int               height)
{
  int offer_height = handla_text_size_get_offer_height (get_text_size (self));

  if (height <= 0)
    return 1;

  return CLAMP (height / offer_height, 1, MAX_ROWS);
}

static guint
compute_per_page (HandlaOffersPage *self,
                  int               width,
                  int               height)
{
  return compute_columns (self, width) * compute_rows (self, height);
}

/* Puts per_page tiles in the grid, columns side by side. */
static void
arrange (HandlaOffersPage *self)
{
  for (guint i = 0; i < MAX_PER_PAGE; i++)
    {
      if (self->tiles[i] == NULL)
        continue;
      if (gtk_widget_get_parent (self->tiles[i]) == GTK_WIDGET (self->tiles_grid))
        gtk_grid_remove (self->tiles_grid, self->tiles[i]);
      if (i < self->per_page)
        gtk_grid_attach (self->tiles_grid, self->tiles[i],
                         (int)(i % self->columns), (int)(i / self->columns), 1, 1);
    }
}

static void
update (HandlaOffersPage *self)
{
  guint n = n_offers (self);
  guint page = self->first / self->per_page;
  guint n_pages = (n + self->per_page - 1) / self->per_page;
  g_autofree char *position = NULL;

  for (guint i = 0; i < MAX_PER_PAGE; i++)
    {
      HandlaOfferTile *tile = HANDLA_OFFER_TILE (self->tiles[i]);
      g_autoptr(HandlaProduct) product = NULL;

      if (i < self->per_page && self->first + i < n)
        product = g_list_model_get_item (self->offers, self->first + i);

      handla_offer_tile_set_product (tile, product);
      /* A place of the page keeps its size on the last page, so the
       * offers there are as large as on the others. */
      gtk_widget_set_child_visible (self->tiles[i], product != NULL);
    }

  /* Translators: where the reader is in the offers, e.g. "Page 3 of 12" */
  position = g_strdup_printf (_("Page %u of %u"), n_pages > 0 ? page + 1 : 0, n_pages);
  gtk_label_set_label (self->position_label, position);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.previous", self->first > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.next",
                                 self->first + self->per_page < n);
}

/* Shows the page that holds offer @index. */
static void
show_offer (HandlaOffersPage *self,
            guint             index)
{
  guint n = n_offers (self);

  if (n == 0)
    index = 0;
  else if (index >= n)
    index = n - 1;

  self->first = index - index % self->per_page;
  update (self);
}

static void
set_per_page (HandlaOffersPage *self,
              guint             columns,
              guint             per_page)
{
  if (per_page == self->per_page && columns == self->columns)
    return;

  self->per_page = per_page;
  self->columns = columns;
  arrange (self);
  /* The offer that was first stays on screen. */
  show_offer (self, self->first);
}

static void
relayout_cb (gpointer data)
{
  HandlaOffersPage *self = data;

  self->relayout_id = 0;
  set_per_page (self, compute_columns (self, self->width),
                compute_per_page (self, self->width, self->height));
}

static void
text_size_changed_cb (HandlaOffersPage *self)
{
  set_per_page (self, compute_columns (self, self->width),
                compute_per_page (self, self->width, self->height));
}

static void
turn (HandlaOffersPage *self,
      int               pages)
{
  guint n = n_offers (self);

  if (pages < 0 && self->first > 0)
    show_offer (self, self->first - MIN (self->first, self->per_page));
  else if (pages > 0 && self->first + self->per_page < n)
    show_offer (self, self->first + self->per_page);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  turn (HANDLA_OFFERS_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  turn (HANDLA_OFFERS_PAGE (widget), 1);
}

static void
swiped_cb (GtkGestureSwipe  *gesture,
           double            velocity_x,
           double            velocity_y,
           HandlaOffersPage *self)
{
  if (ABS (velocity_x) < SWIPE_VELOCITY || ABS (velocity_x) < 2 * ABS (velocity_y))
    return;

  /* The page follows the finger: a swipe to the left shows what comes
   * next (the other way round in a right-to-left language). */
  if ((velocity_x < 0) == (gtk_widget_get_direction (GTK_WIDGET (self)) != GTK_TEXT_DIR_RTL))
    turn (self, 1);
  else
    turn (self, -1);
}

static void
offers_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HandlaCatalogue *catalogue = HANDLA_CATALOGUE (object);
  g_autoptr(HandlaOffersPage) self = user_data;
  g_autoptr(GListModel) offers = NULL;
  g_autoptr(GError) error = NULL;

  offers = handla_catalogue_list_products_finish (catalogue, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (error != NULL)
    {
      g_warning ("Could not load the offers: %s", error->message);
      g_clear_object (&self->offers);
      update (self);
      adw_status_page_set_title (self->empty_status, _("The offers could not be shown"));
      adw_status_page_set_description (self->empty_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_set_object (&self->offers, offers);
  show_offer (self, self->first);

  if (g_list_model_get_n_items (offers) == 0)
    {
      adw_status_page_set_title (self->empty_status, _("No offers right now"));
      adw_status_page_set_description (self->empty_status,
                                       _("The supplier has no lower prices today. All products "
                                         "are in the categories."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "offers");
}

static void
reload (HandlaOffersPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));

  if (context == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;

  /* The offers on screen stay until the new list is there. */
  if (self->offers == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  handla_catalogue_list_offers_async (handla_context_get_catalogue (context),
                                      self->load_cancellable,
                                      offers_loaded_cb, g_object_ref (self));
}

static void
catalogue_changed_cb (HandlaOffersPage *self)
{
  reload (self);
}

static void
handla_offers_page_context_set (HandlaPage *page)
{
  HandlaOffersPage *self = HANDLA_OFFERS_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);
  HandlaBasket *basket = handla_context_get_basket (context);
  GSettings *settings = handla_context_get_settings (context);

  for (guint i = 0; i < MAX_PER_PAGE; i++)
    {
      /* Owned by the page while not in the grid. */
      self->tiles[i] = g_object_ref_sink (handla_offer_tile_new (basket));
      gtk_widget_set_hexpand (self->tiles[i], TRUE);
      gtk_widget_set_vexpand (self->tiles[i], TRUE);
    }
  arrange (self);

  g_signal_connect_object (handla_context_get_catalogue (context), "changed",
                           G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::text-size",
                             G_CALLBACK (text_size_changed_cb), self, G_CONNECT_SWAPPED);

  update (self);
  reload (self);
}

static void
handla_offers_page_shown (HandlaPage *page)
{
  reload (HANDLA_OFFERS_PAGE (page));
}

/* AdwBin lays its child out with a layout manager, which would never
 * tell the page its width; the page does it itself (init drops the
 * layout manager), the same way. */
static void
handla_offers_page_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size,
                        minimum, natural, minimum_baseline, natural_baseline);
}

static void
handla_offers_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  HandlaOffersPage *self = HANDLA_OFFERS_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  self->width = width;
  self->height = height;
  /* Not while allocating: the tiles change after this frame's layout. */
  if ((compute_per_page (self, width, height) != self->per_page ||
       compute_columns (self, width) != self->columns) &&
      self->relayout_id == 0)
    self->relayout_id = g_idle_add_once (relayout_cb, self);
}

static void
handla_offers_page_dispose (GObject *object)
{
  HandlaOffersPage *self = (HandlaOffersPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  for (guint i = 0; i < MAX_PER_PAGE; i++)
    {
      if (self->tiles[i] != NULL && self->tiles_grid != NULL &&
          gtk_widget_get_parent (self->tiles[i]) == GTK_WIDGET (self->tiles_grid))
        gtk_grid_remove (self->tiles_grid, self->tiles[i]);
      g_clear_object (&self->tiles[i]);
    }
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_OFFERS_PAGE);
  g_clear_object (&self->offers);

  G_OBJECT_CLASS (handla_offers_page_parent_class)->dispose (object);
}

static void
handla_offers_page_finalize (GObject *object)
{
  HandlaOffersPage *self = (HandlaOffersPage *)object;

  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (handla_offers_page_parent_class)->finalize (object);
}

static void
handla_offers_page_class_init (HandlaOffersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_offers_page_dispose;
  object_class->finalize = handla_offers_page_finalize;
  widget_class->measure = handla_offers_page_measure;
  widget_class->size_allocate = handla_offers_page_size_allocate;
  page_class->context_set = handla_offers_page_context_set;
  page_class->shown = handla_offers_page_shown;

  g_type_ensure (HANDLA_TYPE_OFFER_TILE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-offers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, tiles_grid);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaOffersPage, empty_status);
  gtk_widget_class_bind_template_callback (widget_class, swiped_cb);

  gtk_widget_class_install_action (widget_class, "offers.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "offers.next", NULL, next_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "offers.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "offers.next", NULL);
}

static void
handla_offers_page_init (HandlaOffersPage *self)
{
  self->per_page = 1;
  self->columns = 1;

  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_spinner_spin_while_mapped (self->loading_spinner);
  handla_page_set_title (HANDLA_PAGE (self), _("Offers"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.next", FALSE);
}

/**
 * handla_offers_page_get_model:
 * @self: a #HandlaOffersPage
 *
 * Returns: (transfer none) (nullable): every offer, in the flyer's order
 */
GListModel *
handla_offers_page_get_model (HandlaOffersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFERS_PAGE (self), NULL);

  return self->offers;
}

gboolean
handla_offers_page_is_loading (HandlaOffersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFERS_PAGE (self), FALSE);

  return self->loading;
}

/* How many pages the offers fill at the present width and text size. */
guint
handla_offers_page_get_n_pages (HandlaOffersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFERS_PAGE (self), 0);

  return (n_offers (self) + self->per_page - 1) / self->per_page;
}

/* The page shown, counted from 0. */
guint
handla_offers_page_get_page (HandlaOffersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFERS_PAGE (self), 0);

  return self->first / self->per_page;
}

/* How many offers a page shows (side by side, and in portrait in two
 * rows when they fit). */
guint
handla_offers_page_get_per_page (HandlaOffersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFERS_PAGE (self), 1);

  return self->per_page;
}
