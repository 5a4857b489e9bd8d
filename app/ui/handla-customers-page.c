/* handla-customers-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "handla-customers-page.h"
#include "handla-ui-utils.h"

/*
 * The customers linked to the tablet's unit (HandlaCustomers, kept on the
 * tablet), searchable by name. Each row says the agreed delivery day and
 * whether an order is open. Opening one asks whether the customer takes
 * part ("Together with the customer") or the carer orders alone ("On the
 * customer's behalf"); the answer begins the visit and goes on the order.
 */

struct _HandlaCustomersPage
{
  HandlaPage          parent_instance;

  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search;      /* what the carer typed, or NULL */

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (HandlaCustomersPage, handla_customers_page, HANDLA_TYPE_PAGE)

static const char * const agreed_weekdays[] = {
  NC_("agreed delivery", "Mondays"),
  NC_("agreed delivery", "Tuesdays"),
  NC_("agreed delivery", "Wednesdays"),
  NC_("agreed delivery", "Thursdays"),
  NC_("agreed delivery", "Fridays"),
  NC_("agreed delivery", "Saturdays"),
  NC_("agreed delivery", "Sundays"),
};

/* The supplier's "HH:MM" (Stockholm), written as every clock time in the
 * app is ("10.00" in Swedish). */
static char *
format_agreed_time (const char *hhmm)
{
  g_autoptr(GDateTime) time = NULL;
  int hours, minutes;

  if (hhmm == NULL || sscanf (hhmm, "%d:%d", &hours, &minutes) != 2)
    return g_strdup (hhmm != NULL ? hhmm : "");

  time = g_date_time_new (handla_time_zone_stockholm (), 2000, 1, 1, hours, minutes, 0);
  if (time == NULL)
    return g_strdup (hhmm);

  return handla_format_clock (time);
}

/* "Delivery on Thursdays, 10:00–14:00 · 1 open order" */
static char *
describe_customer (HandlaCustomer *customer)
{
  GDateWeekday weekday = handla_customer_get_agreed_weekday (customer);
  guint n_open = handla_customer_get_n_open_orders (customer);
  g_autofree char *agreed = NULL;
  g_autofree char *open = NULL;

  if (g_date_valid_weekday (weekday))
    {
      g_autofree char *start = format_agreed_time (handla_customer_get_agreed_start (customer));
      g_autofree char *end = format_agreed_time (handla_customer_get_agreed_end (customer));

      /* Translators: the customer's agreed delivery: a weekday in the
       * plural ("Thursdays") and the window, such as "10:00" and "14:00" */
      agreed = g_strdup_printf (C_("agreed delivery", "Delivery on %s, %s–%s"),
                                g_dpgettext2 (NULL, "agreed delivery",
                                              agreed_weekdays[weekday - 1]),
                                start, end);
    }
  else
    agreed = g_strdup (_("No agreed delivery day"));

  if (n_open == 0)
    return g_steal_pointer (&agreed);

  open = g_strdup_printf (ngettext ("%u open order", "%u open orders", n_open), n_open);

  return g_strconcat (agreed, " · ", open, NULL);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HandlaCustomer *customer = item;
  g_autofree char *details = describe_customer (customer);
  GtkWidget *row = adw_action_row_new ();
  /* Decoration: the row itself is what a screen reader announces. */
  GtkWidget *arrow = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "go-next-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  /* A name is plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 handla_customer_get_display_name (customer));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_widget_add_css_class (row, "handla-row");
  g_object_set_data_full (G_OBJECT (row), "customer", g_object_ref (customer), g_object_unref);

  return row;
}

static gboolean
match_customer (gpointer item,
                gpointer user_data)
{
  HandlaCustomersPage *self = user_data;

  if (self->search == NULL)
    return TRUE;

  /* Folds case and accents: "asa" finds "Åsa B." */
  return g_str_match_string (self->search, handla_customer_get_display_name (item), TRUE);
}

static void
update_stack (HandlaCustomersPage *self)
{
  GListModel *all = gtk_filter_list_model_get_model (self->filtered);
  gboolean any = all != NULL && g_list_model_get_n_items (all) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
}

static void
customers_changed_cb (HandlaCustomersPage *self)
{
  update_stack (self);
}

static void
search_changed_cb (HandlaCustomersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (stripped[0] != '\0')
    self->search = g_steal_pointer (&stripped);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
mode_chosen_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  HandlaCustomersPage *self = user_data;
  HandlaCustomer *customer = g_object_get_data (G_OBJECT (dialog), "customer");
  HandlaOrderMode mode;

  if (g_str_equal (response, "together"))
    mode = HANDLA_ORDER_MODE_TOGETHER;
  else if (g_str_equal (response, "on-behalf"))
    mode = HANDLA_ORDER_MODE_ON_BEHALF;
  else
    return;

  handla_context_begin_visit (handla_page_get_context (HANDLA_PAGE (self)), customer, mode);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "home");
}

/**
 * handla_customers_page_open_customer:
 * @self: a #HandlaCustomersPage
 * @customer: the customer the carer chose
 *
 * Asks whether the customer takes part in the order, then begins the
 * visit and shows the customer's home page.
 */
void
handla_customers_page_open_customer (HandlaCustomersPage *self,
                                     HandlaCustomer      *customer)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  g_return_if_fail (HANDLA_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (HANDLA_IS_CUSTOMER (customer));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       NULL,
                                                       _("Is the customer taking part in the order?")));
  adw_message_dialog_format_heading (dialog, "%s", handla_customer_get_display_name (customer));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("Cancel"),
                                    "on-behalf", _("On the customer’s behalf"),
                                    "together", _("Together with the customer"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "together", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "together");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "customer", g_object_ref (customer), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (mode_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_activated_cb (HandlaCustomersPage *self,
                  GtkListBoxRow       *row)
{
  HandlaCustomer *customer = g_object_get_data (G_OBJECT (row), "customer");

  if (customer != NULL)
    handla_customers_page_open_customer (self, customer);
}

static void
handla_customers_page_context_set (HandlaPage *page)
{
  HandlaCustomersPage *self = HANDLA_CUSTOMERS_PAGE (page);
  HandlaCustomers *customers = handla_context_get_customers (handla_page_get_context (page));

  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (customers));
  g_signal_connect_object (customers, "items-changed",
                           G_CALLBACK (customers_changed_cb), self, G_CONNECT_SWAPPED);
  update_stack (self);
}

static void
handla_customers_page_shown (HandlaPage *page)
{
  HandlaCustomersPage *self = HANDLA_CUSTOMERS_PAGE (page);

  /* Back on the list, the visit is over: nobody's data stays on screen. */
  handla_context_end_visit (handla_page_get_context (page));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
handla_customers_page_dispose (GObject *object)
{
  HandlaCustomersPage *self = HANDLA_CUSTOMERS_PAGE (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HANDLA_TYPE_CUSTOMERS_PAGE);
  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (handla_customers_page_parent_class)->dispose (object);
}

static void
handla_customers_page_finalize (GObject *object)
{
  HandlaCustomersPage *self = HANDLA_CUSTOMERS_PAGE (object);

  g_free (self->search);

  G_OBJECT_CLASS (handla_customers_page_parent_class)->finalize (object);
}

static void
handla_customers_page_class_init (HandlaCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_customers_page_dispose;
  object_class->finalize = handla_customers_page_finalize;
  page_class->context_set = handla_customers_page_context_set;
  page_class->shown = handla_customers_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/handla-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HandlaCustomersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaCustomersPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
handla_customers_page_init (HandlaCustomersPage *self)
{
  GtkWidget *no_match;

  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Customers"));

  self->filter = gtk_custom_filter_new (match_customer, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, NULL, NULL);

  no_match = gtk_label_new (_("No customer has that name. Check the spelling."));
  gtk_label_set_wrap (GTK_LABEL (no_match), TRUE);
  gtk_widget_add_css_class (no_match, "handla-secondary");
  gtk_widget_set_margin_top (no_match, 24);
  gtk_widget_set_margin_bottom (no_match, 24);
  gtk_list_box_set_placeholder (self->list_box, no_match);
}
