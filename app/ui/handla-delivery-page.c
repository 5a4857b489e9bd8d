/* handla-delivery-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "handla-delivery-page.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * Delivery (PRODUCT.md screen 8): the supplier's slots for the coming two
 * weeks, by day, each with its window, fee, cutoff and, when it cannot be
 * booked, why. Choosing one holds it at the supplier; the hold, with its
 * expiry, is kept in the context for the review page. The list is asked
 * for each time the page comes on screen, so the availability is current;
 * a failure says why and offers "Try again".
 *
 * The customer's agreed delivery (weekday and window) is pre-selected and
 * held as if the carer had chosen it, once per visit and only while
 * nothing is held; the page says why it is chosen, or that the usual
 * time is full. A chosen time that is not the agreed one warns, without
 * blocking, when the customer needs a carer present at delivery.
 *
 * Below the slots are the delivery notes (HandlaDeliveryNotes, from the
 * context): the two switches, how to get in (a door code is refused, and
 * never stored) and a note to the driver, each written to the store as
 * it changes.
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
  GtkLabel       *agreed_label;
  GtkLabel       *warning_label;
  GtkSwitch      *carer_switch;
  GtkSwitch      *unpacking_switch;
  GtkEntry       *access_entry;
  GtkLabel       *access_error;
  GtkEntry       *driver_entry;

  /* Owned references */
  GCancellable   *cancellable;
  GListModel     *slots;
  GtkCheckButton *group;       /* the first row's check button */
  char           *preselected; /* the agreed slot held for this visit's customer */
  char           *preselected_for;
  gboolean        filling;     /* the entries are being filled from the notes */
};

G_DEFINE_FINAL_TYPE (HandlaDeliveryPage, handla_delivery_page, HANDLA_TYPE_PAGE)

static void preselect_agreed (HandlaDeliveryPage *self);

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

static HandlaDeliveryNotes *
get_notes (HandlaDeliveryPage *self)
{
  return handla_context_get_delivery_notes (get_context (self));
}

/* The customer of the visit, if it is the basket's customer. */
static HandlaCustomer *
get_customer (HandlaDeliveryPage *self)
{
  HandlaCustomer *customer = handla_context_get_customer (get_context (self));

  if (customer == NULL || g_strcmp0 (handla_customer_get_id (customer), get_customer_id (self)) != 0)
    return NULL;

  return customer;
}

/* "10:00" from the customer's record, as the language writes a time. */
static char *
format_agreed_clock (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  guint hours = 0, minutes = 0;

  if (text == NULL || sscanf (text, "%2u:%2u", &hours, &minutes) != 2 || hours > 23 || minutes > 59)
    return g_strdup (text != NULL ? text : "");

  time = g_date_time_new (handla_time_zone_stockholm (), 2026, 1, 1, (int)hours, (int)minutes, 0);
  return handla_format_clock (time);
}

/* The agreed delivery in words, "Thursday 10:00–14:00", or NULL if the
 * customer has none. */
static char *
dup_agreed_text (HandlaCustomer *customer)
{
  GDateWeekday weekday = handla_customer_get_agreed_weekday (customer);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *window = NULL;
  g_auto(GStrv) parts = NULL;

  if (weekday == G_DATE_BAD_WEEKDAY || handla_customer_get_agreed_start (customer) == NULL ||
      handla_customer_get_agreed_end (customer) == NULL)
    return NULL;

  from = format_agreed_clock (handla_customer_get_agreed_start (customer));
  to = format_agreed_clock (handla_customer_get_agreed_end (customer));
  /* Translators: a time window, e.g. "10:00–14:00" */
  window = g_strdup_printf (_("%s–%s"), from, to);
  parts = g_strsplit (window, "–", -1);
  g_clear_pointer (&window, g_free);
  window = g_strjoinv ("–\u2060", parts);

  /* Translators: an agreed weekly delivery: weekday and window, e.g.
   * "Thursday 10:00–14:00" */
  return g_strdup_printf (C_("agreed delivery", "%s %s"), handla_format_weekday (weekday), window);
}

/* Why a slot cannot be booked, in words. */
static char *
dup_unavailable_text (HandlaSlot *slot)
{
  switch (handla_slot_get_unavailable (slot))
    {
    case HANDLA_SLOT_UNAVAILABLE_NONE:
      return NULL;
    case HANDLA_SLOT_UNAVAILABLE_FULL:
      return g_strdup (_("Fully booked."));
    case HANDLA_SLOT_UNAVAILABLE_CUTOFF_PASSED:
      return g_strdup (_("Too late: the last time to order has passed."));
    case HANDLA_SLOT_UNAVAILABLE_CLOSED:
      return g_strdup (_("The supplier does not deliver at this time."));
    case HANDLA_SLOT_UNAVAILABLE_NOT_DELIVERED_TO_ADDRESS:
      return g_strdup (_("The supplier does not deliver to this address at this time."));
    case HANDLA_SLOT_UNAVAILABLE_OTHER:
    default:
      if (handla_slot_get_unavailable_reason (slot) != NULL)
        /* Translators: a slot that cannot be booked; %s is the supplier's
         * reason, in Swedish */
        return g_strdup_printf (_("Cannot be booked: %s"), handla_slot_get_unavailable_reason (slot));
      return g_strdup (_("Cannot be booked."));
    }
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

/* A chosen time that is not the agreed delivery, for a customer who needs
 * a carer present: say so, and what to do. Never blocks. */
static void
update_warning (HandlaDeliveryPage *self)
{
  HandlaSlotHold *hold = handla_context_get_slot_hold (get_context (self));
  HandlaCustomer *customer = get_customer (self);
  g_autofree char *agreed = NULL;
  g_autofree char *text = NULL;

  if (hold != NULL && customer != NULL && handla_customer_get_carer_present (customer) &&
      (agreed = dup_agreed_text (customer)) != NULL &&
      !handla_slot_matches_agreed (handla_slot_hold_get_slot (hold), customer))
    /* Translators: the customer's name and agreed delivery, e.g. "This is
     * not Anna K.’s usual delivery (Thursday 10:00–14:00). A carer must be
     * there when the goods arrive: plan a visit for this time." */
    text = g_strdup_printf (_("This is not %s’s usual delivery (%s). A carer must be there when "
                              "the goods arrive: plan a visit for this time."),
                            handla_customer_get_display_name (customer), agreed);

  gtk_label_set_label (self->warning_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), text != NULL);
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
  update_warning (self);
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
  GtkWidget *row, *box, *check, *labels, *title, *subtitle, *chosen;
  HandlaSlotHold *hold = handla_context_get_slot_hold (get_context (self));
  HandlaCustomer *customer = get_customer (self);

  if (handla_slot_get_available (slot))
    /* Translators: a delivery slot's details: the fee, and the last day and
     * time to order, e.g. "Delivery 49,00 kr, paid by the municipality.
     * Order by Wednesday 9 December 12:00." */
    details = g_strdup_printf (_("Delivery %s, paid by the municipality. Order by %s %s."),
                               fee, cutoff_day, cutoff_time);
  else
    details = dup_unavailable_text (slot);

  if (customer != NULL && handla_slot_matches_agreed (slot, customer))
    {
      g_autofree char *plain = g_steal_pointer (&details);

      /* Translators: before a slot's details, on the customer's agreed
       * delivery time */
      details = g_strconcat (_("Usual delivery."), " ", plain, NULL);
    }

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), "slot", g_object_ref (slot), g_object_unref);
  /* A slot that cannot be booked cannot be activated, but its words keep
   * full contrast: only its mark is greyed. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), handla_slot_get_available (slot));
  if (!handla_slot_get_available (slot))
    gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_DISABLED, TRUE, -1);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  gtk_widget_add_css_class (box, "handla-row");
  check = gtk_check_button_new ();
  gtk_widget_set_can_target (check, FALSE);
  gtk_widget_set_focusable (check, FALSE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (check, handla_slot_get_available (slot));
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
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  /* UI.md: the chosen slot has a mark and a word. */
  chosen = gtk_label_new (_("Chosen"));
  gtk_widget_set_valign (chosen, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (chosen, "handla-tile-title");
  g_object_bind_property (check, "active", chosen, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), chosen);
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
  preselect_agreed (self);
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
  preselect_agreed (self);

  /* The pre-selected time may be days down the list: bring it on screen
   * (the viewport scrolls to the focus). */
  if (g_strcmp0 (self->preselected, handla_slot_get_id (handla_slot_hold_get_slot (hold))) == 0)
    {
      GtkListBoxRow *row;

      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
        if (g_strcmp0 (handla_slot_get_id (g_object_get_data (G_OBJECT (row), "slot")),
                       self->preselected) == 0)
          {
            gtk_widget_grab_focus (GTK_WIDGET (row));
            break;
          }
    }
}

/* Chooses the slot of @row, as a tap does: holds it at the supplier. */
static void
hold_row (HandlaDeliveryPage *self,
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
row_activated_cb (HandlaDeliveryPage *self,
                  GtkListBoxRow      *row)
{
  hold_row (self, row);
}

/* The agreed delivery: said above the list, and chosen (held) when it
 * can be booked and nothing is held yet; once per visit, so that the
 * carer's own choice is never overridden and a refused hold is not
 * asked for again. */
static void
preselect_agreed (HandlaDeliveryPage *self)
{
  HandlaContext *context = get_context (self);
  HandlaCustomer *customer = get_customer (self);
  g_autoptr(GDateTime) now = handla_clock_get_now (handla_context_get_clock (context));
  g_autofree char *agreed = NULL;
  g_autofree char *text = NULL;
  HandlaSlot *slot;
  gboolean problem = FALSE;

  gtk_widget_remove_css_class (GTK_WIDGET (self->agreed_label), "handla-warning");
  if (customer == NULL || self->slots == NULL || (agreed = dup_agreed_text (customer)) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->agreed_label), FALSE);
      return;
    }

  slot = handla_slots_find_agreed (self->slots, customer, now);
  if (slot == NULL)
    {
      /* Translators: the customer's name and agreed delivery, e.g. "Anna
       * K.’s usual delivery is Thursday 10:00–14:00. The supplier has no
       * such time in the coming two weeks: choose another." */
      text = g_strdup_printf (_("%s’s usual delivery is %s. The supplier has no such time in the "
                                "coming two weeks: choose another."),
                              handla_customer_get_display_name (customer), agreed);
      problem = TRUE;
    }
  else if (!handla_slot_get_available (slot))
    {
      g_autofree char *day = handla_format_day (handla_slot_get_start (slot));
      g_autofree char *why = dup_unavailable_text (slot);

      /* Translators: the customer's name, agreed delivery, its next day,
       * and why it cannot be booked, e.g. "Anna K.’s usual delivery
       * (Thursday 10:00–14:00) cannot be booked on Thursday 15 January:
       * Fully booked. Choose another time." */
      text = g_strdup_printf (_("%s’s usual delivery (%s) cannot be booked on %s: %s Choose "
                                "another time."),
                              handla_customer_get_display_name (customer), agreed, day, why);
      problem = TRUE;
    }
  else
    {
      HandlaSlotHold *hold = handla_context_get_slot_hold (context);
      gboolean tried = g_strcmp0 (self->preselected_for, handla_customer_get_id (customer)) == 0 &&
                       g_strcmp0 (self->preselected, handla_slot_get_id (slot)) == 0;

      /* Translators: why a delivery time is chosen already: the
       * customer's name and agreed delivery, e.g. "Chosen for you: Anna
       * K.’s usual delivery, Thursday 10:00–14:00." */
      text = g_strdup_printf (_("Chosen for you: %s’s usual delivery, %s."),
                              handla_customer_get_display_name (customer), agreed);

      if (hold == NULL && !tried)
        {
          GtkListBoxRow *row;

          g_free (self->preselected);
          self->preselected = g_strdup (handla_slot_get_id (slot));
          g_free (self->preselected_for);
          self->preselected_for = g_strdup (handla_customer_get_id (customer));

          for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
            if (g_object_get_data (G_OBJECT (row), "slot") == slot)
              {
                hold_row (self, row);
                break;
              }
        }
      else if (hold != NULL &&
               g_strcmp0 (handla_slot_get_id (handla_slot_hold_get_slot (hold)),
                          handla_slot_get_id (slot)) != 0)
        {
          g_clear_pointer (&text, g_free);
          /* Translators: the customer's name and agreed delivery */
          text = g_strdup_printf (_("%s’s usual delivery: %s."),
                                  handla_customer_get_display_name (customer), agreed);
        }
    }

  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->agreed_label), "handla-warning");
  gtk_label_set_label (self->agreed_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->agreed_label), TRUE);
}

/* ---- delivery notes ---- */

/* The entries show the stored notes (when the page comes on screen, and
 * when the customer's notes have been read). */
static void
fill_notes (HandlaDeliveryPage *self)
{
  HandlaDeliveryNotes *notes = get_notes (self);
  const char *access = handla_delivery_notes_get_access (notes);
  const char *driver_note = handla_delivery_notes_get_driver_note (notes);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->access_entry), access != NULL ? access : "");
  gtk_editable_set_text (GTK_EDITABLE (self->driver_entry), driver_note != NULL ? driver_note : "");
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->access_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->access_entry), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->access_entry), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
access_changed_cb (HandlaDeliveryPage *self)
{
  gboolean accepted;

  if (self->filling || handla_page_get_context (HANDLA_PAGE (self)) == NULL)
    return;

  accepted = handla_delivery_notes_set_access (get_notes (self),
                                               gtk_editable_get_text (GTK_EDITABLE (self->access_entry)));

  /* A door code is refused and not kept; the carer is told why. */
  gtk_widget_set_visible (GTK_WIDGET (self->access_error), !accepted);
  if (accepted)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->access_entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->access_entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->access_entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->access_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
}

static void
driver_changed_cb (HandlaDeliveryPage *self)
{
  if (self->filling || handla_page_get_context (HANDLA_PAGE (self)) == NULL)
    return;

  handla_delivery_notes_set_driver_note (get_notes (self),
                                         gtk_editable_get_text (GTK_EDITABLE (self->driver_entry)));
}

/* A suggestion fills "How to get in". */
static void
suggestion_clicked_cb (HandlaDeliveryPage *self,
                       GtkButton          *button)
{
  gtk_editable_set_text (GTK_EDITABLE (self->access_entry), gtk_button_get_label (button));
  gtk_editable_set_position (GTK_EDITABLE (self->access_entry), -1);
}

static void
notes_loaded_cb (HandlaDeliveryPage *self)
{
  if (handla_delivery_notes_get_loaded (get_notes (self)))
    fill_notes (self);
}

/* After "Send order" the driver note is cleared: the entry follows unless
 * the carer is typing in it. */
static void
driver_note_changed_cb (HandlaDeliveryPage *self)
{
  if (handla_delivery_notes_get_driver_note (get_notes (self)) == NULL &&
      !gtk_widget_has_focus (GTK_WIDGET (self->driver_entry)) &&
      gtk_widget_get_focus_child (GTK_WIDGET (self->driver_entry)) == NULL)
    {
      self->filling = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->driver_entry), "");
      self->filling = FALSE;
    }
}

/* A new visit may pre-select again. */
static void
customer_changed_cb (HandlaDeliveryPage *self)
{
  g_clear_pointer (&self->preselected, g_free);
  g_clear_pointer (&self->preselected_for, g_free);
}

static void
handla_delivery_page_context_set (HandlaPage *page)
{
  HandlaDeliveryPage *self = HANDLA_DELIVERY_PAGE (page);
  HandlaContext *context = get_context (self);
  HandlaDeliveryNotes *notes = handla_context_get_delivery_notes (context);

  g_object_bind_property (notes, "carer-present", self->carer_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (notes, "unpacking", self->unpacking_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (notes, "notify::loaded",
                           G_CALLBACK (notes_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (notes, "notify::driver-note",
                           G_CALLBACK (driver_note_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::customer",
                           G_CALLBACK (customer_changed_cb), self, G_CONNECT_SWAPPED);
  fill_notes (self);
}

static void
handla_delivery_page_shown (HandlaPage *page)
{
  HandlaDeliveryPage *self = HANDLA_DELIVERY_PAGE (page);

  fill_notes (self);
  reload (self);
}

static void
handla_delivery_page_dispose (GObject *object)
{
  HandlaDeliveryPage *self = (HandlaDeliveryPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->slots);
  g_clear_pointer (&self->preselected, g_free);
  g_clear_pointer (&self->preselected_for, g_free);
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
  page_class->context_set = handla_delivery_page_context_set;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-delivery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, problem_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, hold_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, agreed_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, carer_switch);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, unpacking_switch);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, access_entry);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, access_error);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryPage, driver_entry);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, access_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, driver_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_clicked_cb);

  gtk_widget_class_install_action (widget_class, "delivery-page.reload", NULL, reload_action);
}

static void
handla_delivery_page_init (HandlaDeliveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Delivery time"));
  gtk_list_box_set_header_func (self->list_box, header_func, NULL, NULL);
  gtk_entry_set_max_length (self->access_entry, HANDLA_DELIVERY_ACCESS_MAX_CHARS);
  gtk_entry_set_max_length (self->driver_entry, HANDLA_DELIVERY_DRIVER_NOTE_MAX_CHARS);
  /* Each switch is named by its row's title. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->carer_switch),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_ancestor (GTK_WIDGET (self->carer_switch), ADW_TYPE_ACTION_ROW),
                                  NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->unpacking_switch),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_ancestor (GTK_WIDGET (self->unpacking_switch), ADW_TYPE_ACTION_ROW),
                                  NULL, -1);
  /* The refusal is the entry's error message (QUALITY.md 1.13). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->access_entry),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->access_error,
                                  -1);
}
