/* handla-delivery-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-delivery-page.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * Delivery (PRODUCT.md screen 8): the supplier's slots for the coming two
 * weeks, by day, each with its window, fee, cutoff and, when it cannot be
 * booked, the supplier's reason. Choosing one holds it at the supplier;
 * the hold, with its expiry, is kept in the context for the review page.
 * The list is asked for each time the page comes on screen, so the
 * availability is current; a failure says why and offers "Try again".
 */

#define DAYS_AHEAD 14

struct _HandlaDeliveryPage
{
  HandlaPage      parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *problem_page;
  GtkButton      *retry_button;
  GtkListBox     *list_box;
  GtkLabel       *hold_label;
  GtkButton      *review_button;

  /* Owned references */
  GCancellable   *cancellable;
  GListModel     *slots;
  GtkCheckButton *group;       /* the first row's check button */
};

G_DEFINE_FINAL_TYPE (HandlaDeliveryPage, handla_delivery_page, HANDLA_TYPE_PAGE)

static HandlaContext *
get_context (HandlaDeliveryPage *self)
{
  return handla_page_get_context (HANDLA_PAGE (self));
}

/* Whose delivery: the customer of the basket on screen. */
static const char *
get_customer_id (HandlaDeliveryPage *self)
{
  return handla_basket_get_customer_id (handla_context_get_basket (get_context (self)));
}

static void
show_problem (HandlaDeliveryPage *self,
              const char         *description,
              gboolean            can_retry)
{
  adw_status_page_set_description (self->problem_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), can_retry);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "problem");
}

static void
update_hold (HandlaDeliveryPage *self)
{
  HandlaSlotHold *hold = handla_context_get_slot_hold (get_context (self));
  g_autofree char *text = NULL;

  if (hold != NULL)
    {
      HandlaSlot *slot = handla_slot_hold_get_slot (hold);
      g_autofree char *day = handla_format_day (handla_slot_get_start (slot));
      g_autofree char *window = handla_format_window (handla_slot_get_start (slot),
                                                      handla_slot_get_end (slot));
      g_autofree char *until = handla_format_clock (handla_slot_hold_get_expires_at (hold));

      g_autofree char *sentence = NULL;

      /* Translators: the held delivery time: day, window, and until when
       * the supplier keeps it, e.g. "Thursday 10 December, 10:00–14:00.
       * Kept for you until 09:42." */
      sentence = g_strdup_printf (_("%s, %s. Kept for you until %s."), day, window, until);
      text = handla_capitalize (sentence);
    }

  gtk_label_set_label (self->hold_label, text != NULL ? text : _("Choose a delivery time."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_button), hold != NULL);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  HandlaSlot *slot = g_object_get_data (G_OBJECT (row), "slot");
  HandlaSlot *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "slot") : NULL;
  g_autofree char *day = handla_format_day (handla_slot_get_start (slot));
  g_autofree char *previous_day = previous != NULL
                                  ? handla_format_day (handla_slot_get_start (previous)) : NULL;
  GtkWidget *header;

  if (g_strcmp0 (day, previous_day) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  /* A heading starts with a capital, also where weekdays have none. */
  {
    g_autofree char *heading = handla_capitalize (day);

    header = gtk_label_new (heading);
  }
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "handla-heading");
  gtk_widget_add_css_class (header, "handla-list-header");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_row (HandlaDeliveryPage *self,
            HandlaSlot         *slot)
{
  g_autofree char *window = handla_format_window (handla_slot_get_start (slot),
                                                  handla_slot_get_end (slot));
  g_autofree char *fee = handla_money_format (handla_slot_get_fee (slot));
  g_autofree char *cutoff_day = handla_format_day (handla_slot_get_cutoff (slot));
  g_autofree char *cutoff_time = handla_format_clock (handla_slot_get_cutoff (slot));
  g_autofree char *details = NULL;
  GtkWidget *row, *box, *check, *labels, *title, *subtitle;
  HandlaSlotHold *hold = handla_context_get_slot_hold (get_context (self));

  if (handla_slot_get_available (slot))
    /* Translators: a delivery slot's details: the fee, and the last day and
     * time to order, e.g. "Delivery 49,00 kr, paid by the municipality.
     * Order by Wednesday 9 December 12:00." */
    details = g_strdup_printf (_("Delivery %s, paid by the municipality. Order by %s %s."),
                               fee, cutoff_day, cutoff_time);
  else if (handla_slot_get_unavailable_reason (slot) != NULL)
    /* Translators: a slot that cannot be booked; %s is the supplier's reason */
    details = g_strdup_printf (_("Cannot be booked: %s"), handla_slot_get_unavailable_reason (slot));
  else
    details = g_strdup (_("Cannot be booked."));

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), "slot", g_object_ref (slot), g_object_unref);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), handla_slot_get_available (slot));
  gtk_widget_set_sensitive (row, handla_slot_get_available (slot));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  gtk_widget_add_css_class (box, "handla-row");
  check = gtk_check_button_new ();
  gtk_widget_set_can_target (check, FALSE);
  gtk_widget_set_focusable (check, FALSE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (self->group == NULL)
    self->group = GTK_CHECK_BUTTON (check);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);
  if (hold != NULL &&
      g_strcmp0 (handla_slot_get_id (handla_slot_hold_get_slot (hold)), handla_slot_get_id (slot)) == 0)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_object_set_data (G_OBJECT (row), "check", check);
  gtk_box_append (GTK_BOX (box), check);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  title = gtk_label_new (window);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "handla-tile-title");
  gtk_widget_add_css_class (title, "numeric");
  subtitle = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "handla-secondary");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, window,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);

  return row;
}

static void
fill_list (HandlaDeliveryPage *self)
{
  GtkWidget *child;

  self->group = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < g_list_model_get_n_items (self->slots); i++)
    {
      g_autoptr(HandlaSlot) slot = g_list_model_get_item (self->slots, i);

      gtk_list_box_append (self->list_box, create_row (self, slot));
    }
}

static void
slots_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HandlaDeliveryPage *self = user_data;
  g_autoptr(GListModel) slots = NULL;
  g_autoptr(GError) error = NULL;

  slots = handla_supplier_client_list_slots_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (slots == NULL)
    {
      show_problem (self, error->message, TRUE);
      return;
    }

  if (g_list_model_get_n_items (slots) == 0)
    {
      show_problem (self, _("The supplier has no delivery times for the coming two weeks. "
                            "Call the supplier."), TRUE);
      return;
    }

  g_set_object (&self->slots, slots);
  fill_list (self);
  update_hold (self);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "slots");
}

static void
reload (HandlaDeliveryPage *self)
{
  HandlaContext *context = get_context (self);
  HandlaSupplierClient *client = handla_context_get_supplier_client (context);
  g_autoptr(GDateTime) now = handla_clock_get_now (handla_context_get_clock (context));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, handla_time_zone_stockholm ());
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  if (client == NULL)
    {
      show_problem (self, _("This tablet has no supplier set up, so no order can be sent. "
                            "Ask the administrator."), FALSE);
      return;
    }

  if (get_customer_id (self) == NULL)
    {
      show_problem (self, _("Choose a customer first."), FALSE);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  from = g_date_new_dmy ((GDateDay)g_date_time_get_day_of_month (local),
                         (GDateMonth)g_date_time_get_month (local),
                         (GDateYear)g_date_time_get_year (local));
  to = g_date_copy (from);
  g_date_add_days (to, DAYS_AHEAD);

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  handla_supplier_client_list_slots_async (client, get_customer_id (self), from, to,
                                           self->cancellable, slots_listed_cb, self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (HANDLA_DELIVERY_PAGE (widget));
}

static void
slot_held_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HandlaDeliveryPage *self = user_data;
  g_autoptr(HandlaSlotHold) hold = NULL;
  g_autoptr(GError) error = NULL;

  hold = handla_supplier_client_hold_slot_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), TRUE);
  if (hold == NULL)
    {
      handla_page_add_toast (HANDLA_PAGE (self), handla_toast_new (error->message));
      if (g_error_matches (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_REFUSED))
        reload (self);
      else
        fill_list (self);
      return;
    }

  handla_context_set_slot_hold (get_context (self), hold);
  update_hold (self);
}

static void
row_activated_cb (HandlaDeliveryPage *self,
                  GtkListBoxRow      *row)
{
  HandlaSlot *slot = g_object_get_data (G_OBJECT (row), "slot");
  HandlaSupplierClient *client = handla_context_get_supplier_client (get_context (self));

  if (slot == NULL || client == NULL || get_customer_id (self) == NULL ||
      !handla_slot_get_available (slot))
    return;

  gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "check"), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), FALSE);
  handla_supplier_client_hold_slot_async (client, get_customer_id (self), handla_slot_get_id (slot),
                                          self->cancellable, slot_held_cb, self);
}

static void
handla_delivery_page_shown (HandlaPage *page)
{
  reload (HANDLA_DELIVERY_PAGE (page));
}

static void
handla_delivery_page_dispose (GObject *object)
{
  HandlaDeliveryPage *self = (HandlaDeliveryPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->slots);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_DELIVERY_PAGE);

  G_OBJECT_CLASS (handla_delivery_page_parent_class)->dispose (object);
}

/* The visit ended: the customer's slots and held time go. */
static void
handla_delivery_page_clear (HandlaPage *page)
{
  HandlaDeliveryPage *self = HANDLA_DELIVERY_PAGE (page);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->group = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_object (&self->slots);
  gtk_label_set_label (self->hold_label, "");
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
handla_delivery_page_class_init (HandlaDeliveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_delivery_page_dispose;
  page_class->shown = handla_delivery_page_shown;
  page_class->clear = handla_delivery_page_clear;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-delivery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, problem_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, hold_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, review_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "delivery-page.reload", NULL, reload_action);
}

static void
handla_delivery_page_init (HandlaDeliveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Delivery time"));
  gtk_list_box_set_header_func (self->list_box, header_func, NULL, NULL);
}
