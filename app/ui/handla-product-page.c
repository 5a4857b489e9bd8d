/* handla-product-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-product-page.h"
#include "handla-quantity-control.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * Everything known about one product: picture, name, brand and size,
 * price and comparison price, pant, offer, labels, origin, allergens and
 * ingredients, and the quantity control.
 *
 * While the product is in the basket, the page also shows the line's
 * substitution choice (three rows of radio buttons) and its note to the
 * picker. A choice is saved when it is made; the note when Enter is
 * pressed, when the entry loses the focus, when the page leaves the
 * screen and before another product is shown. Changes to the line from
 * elsewhere (the basket page, another tablet) show here at once, except
 * in the note while it is being typed.
 */

struct _HandlaProductPage
{
  HandlaPage             parent_instance;

  /* Template widgets */
  GtkStack              *stack;
  GtkSpinner            *loading_spinner;
  GtkImage              *symbol;
  GtkLabel              *offer_badge;
  GtkLabel              *name_label;
  GtkLabel              *details_label;
  GtkLabel              *price_label;
  GtkLabel              *regular_price_label;
  GtkLabel              *comparison_label;
  GtkLabel              *pant_label;
  GtkLabel              *labels_label;
  GtkLabel              *origin_label;
  GtkLabel              *allergens_label;
  GtkLabel              *ingredients_label;
  HandlaQuantityControl *control;
  GtkWidget             *choice_box;
  GtkCheckButton        *similar_check;
  GtkCheckButton        *only_this_check;
  GtkCheckButton        *call_unit_check;
  AdwActionRow          *similar_row;
  AdwActionRow          *only_this_row;
  AdwActionRow          *call_unit_row;
  GtkEntry              *note_entry;
  AdwStatusPage         *error_status;

  /* Borrowed references */
  GtkEventController    *note_focus;  /* owned by note_entry */

  /* Owned references */
  HandlaProduct         *product;
  HandlaBasketLine      *line;    /* the product's basket line, if any */
  GCancellable          *load_cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaProductPage, handla_product_page, HANDLA_TYPE_PAGE)

static char *
join_names (const char * const  *codes,
            const char        *(*name_func) (const char *))
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      const char *name = name_func (codes[i]);

      if (name != NULL)
        g_ptr_array_add (names, (gpointer)name);
    }

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **)names->pdata);
}

static const char *
label_name_except_origin (const char *code)
{
  return g_strcmp0 (code, "swedish_origin") == 0 ? NULL : handla_label_name (code);
}

static HandlaBasket *
get_basket (HandlaProductPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));

  return context != NULL ? handla_context_get_basket (context) : NULL;
}

static GtkCheckButton *
get_check (HandlaProductPage  *self,
           HandlaSubstitution  substitution)
{
  switch (substitution)
    {
    case HANDLA_SUBSTITUTION_ONLY_THIS:
      return self->only_this_check;
    case HANDLA_SUBSTITUTION_CALL_UNIT:
      return self->call_unit_check;
    case HANDLA_SUBSTITUTION_SIMILAR:
    default:
      return self->similar_check;
    }
}

/* Saves what the note entry holds to the line it was filled from. */
static void
save_note (HandlaProductPage *self)
{
  HandlaBasket *basket = get_basket (self);

  if (basket == NULL || self->line == NULL)
    return;

  handla_basket_set_note (basket,
                          handla_product_get_id (handla_basket_line_get_product (self->line)),
                          gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
}

static void
line_substitution_changed_cb (HandlaProductPage *self)
{
  gtk_check_button_set_active (get_check (self, handla_basket_line_get_substitution (self->line)),
                               TRUE);
}

static void
line_note_changed_cb (HandlaProductPage *self)
{
  const char *note = handla_basket_line_get_note (self->line);

  /* Never under the carer's fingers: what is being typed is saved when
   * the entry is left. */
  if (gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (self->note_focus)))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note != NULL ? note : "");
}

/* Follows the basket line of the product shown: the choices show while
 * there is one. */
static void
update_line (HandlaProductPage *self)
{
  HandlaBasket *basket = get_basket (self);
  HandlaBasketLine *line = NULL;

  if (basket != NULL && self->product != NULL)
    line = handla_basket_find_line (basket, handla_product_get_id (self->product));

  if (line == self->line)
    return;

  if (self->line != NULL)
    g_signal_handlers_disconnect_by_data (self->line, self);
  g_set_object (&self->line, line);
  gtk_widget_set_visible (self->choice_box, line != NULL);

  if (line == NULL)
    return;

  g_signal_connect_object (line, "notify::substitution",
                           G_CALLBACK (line_substitution_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::note",
                           G_CALLBACK (line_note_changed_cb), self, G_CONNECT_SWAPPED);
  line_substitution_changed_cb (self);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                         handla_basket_line_get_note (line) != NULL ? handla_basket_line_get_note (line) : "");
}

static void
show (HandlaProductPage *self,
      HandlaProduct     *product)
{
  g_autofree char *price = handla_product_dup_price (product);
  g_autofree char *details = handla_product_dup_details (product);
  g_autofree char *regular = handla_product_dup_regular_price (product);
  g_autofree char *comparison = handla_product_dup_comparison (product);
  g_autofree char *pant = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *allergens = NULL;
  g_autofree char *allergen_names = NULL;
  g_autofree char *ingredients = NULL;
  const char *offer_text = handla_product_get_offer_text (product);

  /* A note typed for the product shown before goes to its line. */
  if (self->product != NULL &&
      g_strcmp0 (handla_product_get_id (self->product), handla_product_get_id (product)) != 0)
    save_note (self);

  g_set_object (&self->product, product);

  gtk_image_set_from_icon_name (self->symbol,
                                handla_symbol_for_category (handla_product_get_category_icon (product)));
  gtk_widget_set_visible (GTK_WIDGET (self->offer_badge), handla_product_has_offer (product));
  gtk_label_set_label (self->offer_badge,
                       offer_text != NULL && *offer_text ? offer_text : _("Offer"));
  gtk_label_set_label (self->name_label, handla_product_get_name (product));
  handla_set_optional_label (self->details_label, details);
  gtk_label_set_label (self->price_label, price);
  handla_set_optional_label (self->regular_price_label, regular);
  handla_set_optional_label (self->comparison_label, comparison);

  if (handla_product_get_pant (product) > 0)
    {
      g_autofree char *amount = handla_money_format (handla_product_get_pant (product));

      /* Translators: deposit on a bottle or can; %s is "1,00 kr" */
      pant = g_strdup_printf (_("Deposit (pant) %s per item, added to the price"), amount);
    }
  handla_set_optional_label (self->pant_label, pant);

  if (handla_product_get_origin (product) != NULL && *handla_product_get_origin (product))
    /* Translators: %s is a country */
    origin = g_strdup_printf (_("Origin: %s"), handla_product_get_origin (product));

  /* "From Sweden" says no more than the origin line below it. */
  labels = join_names (handla_product_get_labels (product),
                       origin != NULL ? label_name_except_origin : handla_label_name);
  handla_set_optional_label (self->labels_label, labels);
  handla_set_optional_label (self->origin_label, origin);

  allergen_names = join_names (handla_product_get_allergens (product), handla_allergen_name);
  if (allergen_names != NULL)
    /* Translators: %s is a list of allergens, "milk, gluten" */
    allergens = g_strdup_printf (_("Contains: %s"), allergen_names);
  handla_set_optional_label (self->allergens_label, allergens);

  if (handla_product_get_ingredients (product) != NULL && *handla_product_get_ingredients (product))
    /* Translators: %s is the list of ingredients */
    ingredients = g_strdup_printf (_("Ingredients: %s"), handla_product_get_ingredients (product));
  handla_set_optional_label (self->ingredients_label, ingredients);

  handla_quantity_control_set_product (self->control, product);
  update_line (self);
  gtk_stack_set_visible_child_name (self->stack, "product");
}

static void
product_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HandlaProductPage) self = user_data;
  g_autoptr(HandlaProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  product = handla_catalogue_get_product_finish (HANDLA_CATALOGUE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, HANDLA_CATALOGUE_ERROR, HANDLA_CATALOGUE_ERROR_NOT_FOUND))
    {
      adw_status_page_set_title (self->error_status, _("This product is no longer sold"));
      adw_status_page_set_description (self->error_status,
                                       _("The shop has taken it out of its range. Go back to choose another."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (product == NULL)
    {
      g_warning ("Could not load a product: %s", error->message);
      adw_status_page_set_title (self->error_status, _("The product could not be shown"));
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show (self, product);
}

static void
check_toggled_cb (GtkCheckButton    *check,
                  HandlaProductPage *self)
{
  HandlaBasket *basket = get_basket (self);

  if (!gtk_check_button_get_active (check) || basket == NULL || self->line == NULL)
    return;

  for (HandlaSubstitution s = HANDLA_SUBSTITUTION_SIMILAR; s <= HANDLA_SUBSTITUTION_CALL_UNIT; s++)
    if (get_check (self, s) == check)
      handla_basket_set_substitution (basket,
                                      handla_product_get_id (handla_basket_line_get_product (self->line)),
                                      s);
}

static void
note_activate_cb (HandlaProductPage *self)
{
  save_note (self);
}

static void
note_focus_leave_cb (HandlaProductPage *self)
{
  save_note (self);
}

/* A new catalogue may have changed the price, or taken the product away. */
static void
catalogue_changed_cb (HandlaProductPage *self)
{
  if (self->product != NULL)
    handla_product_page_show_product (self, handla_product_get_id (self->product));
}

/* The visit ended: the customer's line, choice and note go. */
static void
handla_product_page_clear (HandlaPage *page)
{
  HandlaProductPage *self = HANDLA_PRODUCT_PAGE (page);

  g_cancellable_cancel (self->load_cancellable);
  if (self->line != NULL)
    g_signal_handlers_disconnect_by_data (self->line, self);
  g_clear_object (&self->line);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  gtk_widget_set_visible (self->choice_box, FALSE);
  handla_quantity_control_set_product (self->control, NULL);
  g_clear_object (&self->product);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
handla_product_page_context_set (HandlaPage *page)
{
  HandlaProductPage *self = HANDLA_PRODUCT_PAGE (page);

  g_signal_connect_object (handla_context_get_catalogue (handla_page_get_context (page)), "changed",
                           G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  handla_quantity_control_set_basket (self->control,
                                      handla_context_get_basket (handla_page_get_context (page)));
  /* The line comes and goes with the product's quantity. */
  g_signal_connect_object (handla_context_get_basket (handla_page_get_context (page)), "items-changed",
                           G_CALLBACK (update_line), self, G_CONNECT_SWAPPED);
}

/* Leaving the page (Back, another page, the lock) keeps the note. */
static void
handla_product_page_unmap (GtkWidget *widget)
{
  save_note (HANDLA_PRODUCT_PAGE (widget));

  GTK_WIDGET_CLASS (handla_product_page_parent_class)->unmap (widget);
}

static void
handla_product_page_dispose (GObject *object)
{
  HandlaProductPage *self = (HandlaProductPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  if (self->note_entry != NULL)
    save_note (self);
  if (self->line != NULL)
    g_signal_handlers_disconnect_by_data (self->line, self);
  g_clear_object (&self->line);
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_PRODUCT_PAGE);
  g_clear_object (&self->product);

  G_OBJECT_CLASS (handla_product_page_parent_class)->dispose (object);
}

static void
handla_product_page_finalize (GObject *object)
{
  HandlaProductPage *self = (HandlaProductPage *)object;

  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (handla_product_page_parent_class)->finalize (object);
}

static void
handla_product_page_class_init (HandlaProductPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_product_page_dispose;
  object_class->finalize = handla_product_page_finalize;
  widget_class->unmap = handla_product_page_unmap;
  page_class->context_set = handla_product_page_context_set;
  page_class->clear = handla_product_page_clear;

  g_type_ensure (HANDLA_TYPE_QUANTITY_CONTROL);
  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-product-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, symbol);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, offer_badge);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, regular_price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, comparison_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, pant_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, labels_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, origin_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, allergens_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, ingredients_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, control);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, choice_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, similar_check);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, only_this_check);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, call_unit_check);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, similar_row);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, only_this_row);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, call_unit_row);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductPage, error_status);
}

static void
handla_product_page_init (HandlaProductPage *self)
{
  AdwActionRow *rows[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  handla_spinner_spin_while_mapped (self->loading_spinner);

  /* The words come from one place, shared with the basket rows. */
  rows[0] = self->similar_row;
  rows[1] = self->only_this_row;
  rows[2] = self->call_unit_row;
  for (HandlaSubstitution s = HANDLA_SUBSTITUTION_SIMILAR; s <= HANDLA_SUBSTITUTION_CALL_UNIT; s++)
    {
      GtkCheckButton *check = get_check (self, s);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows[s]), handla_substitution_title (s));
      adw_action_row_set_subtitle (rows[s], handla_substitution_explanation (s));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, handla_substitution_title (s),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      handla_substitution_explanation (s),
                                      -1);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
    }

  gtk_entry_set_max_length (self->note_entry, HANDLA_BASKET_NOTE_MAX_CHARS);
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (note_activate_cb), self);
  self->note_focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (self->note_focus, "leave", G_CALLBACK (note_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), self->note_focus);

  /* The name can be long; it is shown in full on the page itself. */
  handla_page_set_title (HANDLA_PAGE (self), _("Product"));
}

/**
 * handla_product_page_show_product:
 * @self: a #HandlaProductPage
 * @product_id: the product to show
 *
 * Loads the product from the catalogue and shows it.
 */
void
handla_product_page_show_product (HandlaProductPage *self,
                                  const char        *product_id)
{
  HandlaContext *context;

  g_return_if_fail (HANDLA_IS_PRODUCT_PAGE (self));
  g_return_if_fail (product_id != NULL);

  context = handla_page_get_context (HANDLA_PAGE (self));
  g_return_if_fail (context != NULL);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (self->product == NULL || g_strcmp0 (handla_product_get_id (self->product), product_id) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  handla_catalogue_get_product_async (handla_context_get_catalogue (context),
                                      product_id,
                                      self->load_cancellable,
                                      product_loaded_cb,
                                      g_object_ref (self));
}

/**
 * handla_product_page_get_product:
 * @self: a #HandlaProductPage
 *
 * Returns: (transfer none) (nullable): the product shown
 */
HandlaProduct *
handla_product_page_get_product (HandlaProductPage *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT_PAGE (self), NULL);

  return self->product;
}
