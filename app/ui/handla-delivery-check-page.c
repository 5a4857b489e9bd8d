/* handla-delivery-check-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-delivery-check-page.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * The delivery check (PRODUCT.md screen 10b), opened from the order page
 * once the order is delivered. One large row per line: "Arrived" (ticked
 * at first), "Missing" or "Damaged", and for the last two a short note.
 * Lines the supplier already said were missing at packing, or that an
 * earlier complaint reported, say so and have nothing to choose. Below,
 * the carer's note on the delivery.
 *
 * One main action: "Send to the supplier" when something is missing or
 * damaged (after a confirmation that lists what goes), otherwise "Save"
 * (the note only). handla_orders_check_delivery_async() stores both; the
 * outbox sends the complaint, once. Then the page goes back to the order,
 * which shows the complaint and, later, the supplier's answer.
 *
 * Nothing typed is lost: what the carer marks is kept, per order, in a
 * HandlaDeliveryCheck draft of this page, written as it is typed, until
 * it is stored or the visit ends (HandlaContext:customer changes). An
 * error leaves the draft on screen.
 */

struct _HandlaDeliveryCheckPage
{
  HandlaPage    parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkLabel     *heading_label;
  GtkListBox   *lines_box;
  GtkEntry     *note_entry;
  GtkLabel     *error_label;
  GtkLabel     *summary_label;
  GtkButton    *send_button;

  /* Owned references */
  GCancellable *cancellable;
  HandlaOrder  *order;
  GHashTable   *drafts;          /* order local id (gint64 *) → HandlaDeliveryCheck */
  gboolean      busy;
  guint         sending_problems;
};

G_DEFINE_FINAL_TYPE (HandlaDeliveryCheckPage, handla_delivery_check_page, HANDLA_TYPE_PAGE)

static void update_summary (HandlaDeliveryCheckPage *self);

static HandlaContext *
get_context (HandlaDeliveryCheckPage *self)
{
  return handla_page_get_context (HANDLA_PAGE (self));
}

static const char *
problem_words (HandlaDeliveryProblem problem)
{
  switch (problem)
    {
    case HANDLA_DELIVERY_MISSING:
      return _("missing");
    case HANDLA_DELIVERY_DAMAGED:
      return _("damaged");
    case HANDLA_DELIVERY_ARRIVED:
    default:
      return _("arrived");
    }
}

/* What the toggles of a row say now. */
static HandlaDeliveryProblem
row_problem (GtkWidget *row)
{
  if (gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "missing")))
    return HANDLA_DELIVERY_MISSING;
  if (gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "damaged")))
    return HANDLA_DELIVERY_DAMAGED;
  return HANDLA_DELIVERY_ARRIVED;
}

/* The row's choice and note into the draft; the note field shows only
 * for a missing or damaged line. */
static void
row_changed (HandlaDeliveryCheckPage *self,
             GtkWidget               *row)
{
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);
  GtkEditable *note = g_object_get_data (G_OBJECT (row), "note");
  HandlaDeliveryProblem problem = row_problem (row);

  if (draft == NULL)
    return;

  handla_delivery_check_set_line (draft, g_object_get_data (G_OBJECT (row), "product-id"),
                                  problem, gtk_editable_get_text (note));
  gtk_widget_set_visible (GTK_WIDGET (note), problem != HANDLA_DELIVERY_ARRIVED);
  update_summary (self);
}

static void
choice_toggled_cb (GtkToggleButton         *button,
                   HandlaDeliveryCheckPage *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  row_changed (self, g_object_get_data (G_OBJECT (button), "row"));
}

static void
line_note_changed_cb (GtkEditable             *editable,
                      HandlaDeliveryCheckPage *self)
{
  row_changed (self, g_object_get_data (G_OBJECT (editable), "row"));
}

static void
note_changed_cb (HandlaDeliveryCheckPage *self)
{
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);

  if (draft != NULL)
    handla_delivery_check_set_note (draft, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
}

/* A large toggle with a word, and a check mark when chosen (colour is
 * never the only sign). */
static GtkWidget *
create_choice (GtkWidget  *row,
               GtkWidget  *group,
               const char *label,
               const char *line_name)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *text = gtk_label_new (label);
  /* Translators: a choice's accessible name: the choice and the line,
   * e.g. "Missing: Mellanmjölk 1,5 %" */
  g_autofree char *name = g_strdup_printf (_("%s: %s"), label, line_name);

  gtk_box_append (GTK_BOX (box), mark);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "handla-check-choice");
  g_object_bind_property (button, "active", mark, "visible", G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
  g_object_set_data (G_OBJECT (button), "row", row);
  g_object_set_data (G_OBJECT (button), "label", (gpointer) label);

  return button;
}

/* Why a line has nothing to check, or NULL if it has. */
static const char *
fixed_reason (HandlaDeliveryCheckPage *self,
              HandlaOrderLine         *line)
{
  HandlaComplaintState state = handla_order_get_complaint_state (self->order);

  if (handla_order_line_get_picking (line) == HANDLA_PICKING_MISSING)
    return _("Not delivered: the supplier said so when packing. Nothing to check.");

  if (state != HANDLA_COMPLAINT_NONE && state != HANDLA_COMPLAINT_NEEDS_ATTENTION)
    switch (handla_order_line_get_complaint (line))
      {
      case HANDLA_DELIVERY_MISSING:
        return _("Already reported to the supplier as missing.");
      case HANDLA_DELIVERY_DAMAGED:
        return _("Already reported to the supplier as damaged.");
      case HANDLA_DELIVERY_ARRIVED:
      default:
        break;
      }

  return NULL;
}

static GtkWidget *
create_line_row (HandlaDeliveryCheckPage *self,
                 HandlaOrderLine         *line,
                 HandlaDeliveryCheck     *draft)
{
  const char *product_id = handla_order_line_get_product_id (line);
  const char *line_name = handla_order_line_get_name (line);
  g_autofree char *quantity = NULL;
  g_autofree char *title = NULL;
  const char *reason = fixed_reason (self, line);
  const char *note_text = NULL;
  HandlaDeliveryProblem problem;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *name;
  GtkWidget *choices, *arrived, *missing, *damaged, *note;

  if (handla_order_line_get_picking (line) == HANDLA_PICKING_FOUND &&
      handla_order_line_get_picked_quantity (line) > 0)
    quantity = handla_format_weight_or_count (handla_order_line_get_by_weight (line),
                                              handla_order_line_get_picked_quantity (line));
  else
    quantity = handla_format_weight_or_count (handla_order_line_get_by_weight (line),
                                              handla_order_line_get_quantity (line));
  if (handla_order_line_get_picking (line) == HANDLA_PICKING_SUBSTITUTED &&
      handla_order_line_get_substitute_name (line) != NULL)
    /* Translators: a delivered substitute: count, what came instead, and
     * what was ordered, e.g. "2 st Ägg 10-pack (instead of Ägg 6-pack)" */
    title = g_strdup_printf (_("%s %s (instead of %s)"), quantity,
                             handla_order_line_get_substitute_name (line), line_name);
  else
    /* Translators: count and name, e.g. "2 st Mellanmjölk 1,5 %" */
    title = g_strdup_printf (C_("line", "%s %s"), quantity, line_name);

  gtk_widget_add_css_class (row, "handla-row");
  g_object_set_data_full (G_OBJECT (row), "product-id", g_strdup (product_id), g_free);
  name = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "handla-tile-title");
  gtk_box_append (GTK_BOX (row), name);

  if (reason != NULL)
    {
      GtkWidget *why = gtk_label_new (reason);

      gtk_label_set_xalign (GTK_LABEL (why), 0);
      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_widget_add_css_class (why, "handla-secondary");
      gtk_box_append (GTK_BOX (row), why);
      return row;
    }

  problem = handla_delivery_check_get_line (draft, product_id, &note_text);

  choices = g_object_new (HANDLA_TYPE_REFLOW_BOX, "spacing", 12, NULL);
  arrived = create_choice (row, NULL, _("Arrived"), line_name);
  missing = create_choice (row, arrived, _("Missing"), line_name);
  damaged = create_choice (row, arrived, _("Damaged"), line_name);
  gtk_widget_set_parent (arrived, choices);
  gtk_widget_set_parent (missing, choices);
  gtk_widget_set_parent (damaged, choices);
  g_object_set_data (G_OBJECT (row), "arrived", arrived);
  g_object_set_data (G_OBJECT (row), "missing", missing);
  g_object_set_data (G_OBJECT (row), "damaged", damaged);
  gtk_box_append (GTK_BOX (row), choices);

  note = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (note), 500);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What is wrong? (a short note)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note for the supplier"), -1);
  gtk_editable_set_text (GTK_EDITABLE (note), note_text != NULL ? note_text : "");
  g_object_set_data (G_OBJECT (note), "row", row);
  g_object_set_data (G_OBJECT (row), "note", note);
  gtk_widget_set_visible (note, problem != HANDLA_DELIVERY_ARRIVED);
  gtk_box_append (GTK_BOX (row), note);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (problem == HANDLA_DELIVERY_MISSING ? missing
                                                   : problem == HANDLA_DELIVERY_DAMAGED ? damaged
                                                   : arrived),
                                TRUE);
  g_signal_connect_object (arrived, "toggled", G_CALLBACK (choice_toggled_cb), self, 0);
  g_signal_connect_object (missing, "toggled", G_CALLBACK (choice_toggled_cb), self, 0);
  g_signal_connect_object (damaged, "toggled", G_CALLBACK (choice_toggled_cb), self, 0);
  g_signal_connect_object (note, "changed", G_CALLBACK (line_note_changed_cb), self, 0);

  return row;
}

static void
update_summary (HandlaDeliveryCheckPage *self)
{
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);
  guint n = draft != NULL ? handla_delivery_check_get_n_problems (draft) : 0;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Everything arrived. Save keeps the note with the order; nothing is sent."));
  else
    text = g_strdup_printf (ngettext ("%u line is missing or damaged. It goes to the supplier "
                                      "as a complaint.",
                                      "%u lines are missing or damaged. They go to the supplier "
                                      "as a complaint.",
                                      n),
                            n);
  gtk_label_set_label (self->summary_label, text);
  gtk_button_set_label (self->send_button, n > 0 ? _("Send to the supplier") : _("Save"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery-check.send",
                                 self->order != NULL && !self->busy);
}

static void
rebuild (HandlaDeliveryCheckPage *self)
{
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);
  GListModel *lines;
  GtkWidget *child;
  g_autofree char *heading = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);

  if (self->order == NULL || draft == NULL)
    {
      /* Without a crossfade: the page is being left, and GTK 4.8 never
       * lets go of a page hidden while its stack is still fading. */
      gtk_stack_set_visible_child_full (self->stack, "none", GTK_STACK_TRANSITION_TYPE_NONE);
      return;
    }

  if (handla_order_get_number (self->order) != NULL)
    /* Translators: %s is the supplier's order number */
    heading = g_strdup_printf (_("What arrived of order %s?"), handla_order_get_number (self->order));
  else
    heading = g_strdup (_("What arrived?"));
  gtk_label_set_label (self->heading_label, heading);

  lines = handla_order_get_lines (self->order);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (lines, i);

      gtk_list_box_append (self->lines_box, create_line_row (self, line, draft));
    }

  g_signal_handlers_block_by_func (self->note_entry, note_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                         handla_delivery_check_get_note (draft) != NULL
                         ? handla_delivery_check_get_note (draft) : "");
  g_signal_handlers_unblock_by_func (self->note_entry, note_changed_cb, self);

  update_summary (self);
  gtk_stack_set_visible_child_name (self->stack, "check");
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HandlaDeliveryCheckPage *self;
  gint64 local_id;

  if (!handla_orders_check_delivery_finish (HANDLA_ORDERS (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->busy = FALSE;
  if (error != NULL)
    {
      /* Translators: %s says what went wrong */
      g_autofree char *text = g_strdup_printf (_("%s What you marked is still here."),
                                               error->message);

      handla_set_optional_label (self->error_label, text);
      update_summary (self);
      return;
    }

  handla_set_optional_label (self->error_label, NULL);
  local_id = handla_order_get_local_id (self->order);
  handla_page_add_toast (HANDLA_PAGE (self),
                         handla_toast_new (self->sending_problems > 0
                                           ? _("The complaint is saved. Handla sends it to the "
                                               "supplier, once.")
                                           : _("The note is saved with the order.")));
  g_hash_table_remove (self->drafts, &local_id);
  handla_delivery_check_page_set_order (self, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
}

static void
store_check (HandlaDeliveryCheckPage *self)
{
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);

  if (draft == NULL || self->busy)
    return;

  self->busy = TRUE;
  self->sending_problems = handla_delivery_check_get_n_problems (draft);
  update_summary (self);
  handla_orders_check_delivery_async (handla_context_get_orders (get_context (self)), self->order,
                                      draft, self->cancellable, checked_cb, self);
}

static void
confirm_response_cb (HandlaDeliveryCheckPage *self,
                     const char              *response)
{
  if (g_strcmp0 (response, "send") == 0)
    store_check (self);
}

/* What will be sent, line by line, in words. */
static char *
describe_complaint (HandlaDeliveryCheckPage *self,
                    HandlaDeliveryCheck     *draft)
{
  GListModel *lines = handla_order_get_lines (self->order);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (lines, i);
      const char *note = NULL;
      HandlaDeliveryProblem problem;

      if (fixed_reason (self, line) != NULL)
        continue;
      problem = handla_delivery_check_get_line (draft, handla_order_line_get_product_id (line),
                                                &note);
      if (problem == HANDLA_DELIVERY_ARRIVED)
        continue;
      if (note != NULL)
        /* Translators: one line of the complaint, e.g. "• Mellanmjölk:
         * missing (“The whole bag”)" */
        g_string_append_printf (text, _("• %s: %s (“%s”)\n"), handla_order_line_get_name (line),
                                problem_words (problem), note);
      else
        /* Translators: one line of the complaint, e.g. "• Mellanmjölk: missing" */
        g_string_append_printf (text, _("• %s: %s\n"), handla_order_line_get_name (line),
                                problem_words (problem));
    }
  if (handla_delivery_check_get_note (draft) != NULL)
    /* Translators: %s is the carer's note on the delivery */
    g_string_append_printf (text, _("Note: “%s”\n"), handla_delivery_check_get_note (draft));
  g_string_append (text, _("\nThe supplier answers on the order (credit or a new delivery)."));

  return g_string_free (text, FALSE);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HandlaDeliveryCheckPage *self = HANDLA_DELIVERY_CHECK_PAGE (widget);
  HandlaDeliveryCheck *draft = handla_delivery_check_page_get_draft (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (draft == NULL || self->busy)
    return;

  if (handla_delivery_check_get_n_problems (draft) == 0)
    {
      store_check (self);
      return;
    }

  body = describe_complaint (self, draft);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Send the complaint to the supplier?"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("Keep checking"),
                                    "send", _("Send to the supplier"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "send");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A visit ended or another began: no draft outlives it. */
static void
customer_changed_cb (HandlaDeliveryCheckPage *self)
{
  g_hash_table_remove_all (self->drafts);
  handla_delivery_check_page_set_order (self, NULL);
}

/* The visit ended: the window clears every page. */
static void
handla_delivery_check_page_clear (HandlaPage *page)
{
  customer_changed_cb (HANDLA_DELIVERY_CHECK_PAGE (page));
}

static void
handla_delivery_check_page_context_set (HandlaPage *page)
{
  HandlaDeliveryCheckPage *self = HANDLA_DELIVERY_CHECK_PAGE (page);

  g_signal_connect_object (get_context (self), "notify::customer",
                           G_CALLBACK (customer_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
handla_delivery_check_page_dispose (GObject *object)
{
  HandlaDeliveryCheckPage *self = (HandlaDeliveryCheckPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_clear_object (&self->order);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_DELIVERY_CHECK_PAGE);

  G_OBJECT_CLASS (handla_delivery_check_page_parent_class)->dispose (object);
}

static void
handla_delivery_check_page_class_init (HandlaDeliveryCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_delivery_check_page_dispose;
  page_class->context_set = handla_delivery_check_page_context_set;
  page_class->clear = handla_delivery_check_page_clear;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/handla-delivery-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, lines_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaDeliveryCheckPage, send_button);

  gtk_widget_class_install_action (widget_class, "delivery-check.send", NULL, send_action);
}

static void
handla_delivery_check_page_init (HandlaDeliveryCheckPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->drafts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify)handla_delivery_check_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Check delivery"));
  g_signal_connect_object (self->note_entry, "changed", G_CALLBACK (note_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery-check.send", FALSE);
}

/**
 * handla_delivery_check_page_set_order:
 * @self: a #HandlaDeliveryCheckPage
 * @order: (nullable): the delivered order to check
 *
 * Shows @order to check, with what was already marked for it during this
 * visit.
 */
void
handla_delivery_check_page_set_order (HandlaDeliveryCheckPage *self,
                                      HandlaOrder             *order)
{
  g_return_if_fail (HANDLA_IS_DELIVERY_CHECK_PAGE (self));
  g_return_if_fail (order == NULL || HANDLA_IS_ORDER (order));

  if (self->order != order)
    {
      if (self->order != NULL)
        g_signal_handlers_disconnect_by_data (self->order, self);
      g_set_object (&self->order, order);
      handla_set_optional_label (self->error_label, NULL);
    }

  if (order != NULL)
    {
      gint64 local_id = handla_order_get_local_id (order);

      if (!g_hash_table_contains (self->drafts, &local_id))
        {
          HandlaDeliveryCheck *draft = handla_delivery_check_new (handla_context_get_carer_id (get_context (self)));

          handla_delivery_check_set_note (draft, handla_order_get_delivery_note (order));
          g_hash_table_insert (self->drafts, g_memdup2 (&local_id, sizeof local_id), draft);
        }
      g_signal_handlers_disconnect_by_data (order, self);
      g_signal_connect_object (order, "notify::lines", G_CALLBACK (rebuild), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (order, "notify::complaint-state", G_CALLBACK (rebuild), self,
                               G_CONNECT_SWAPPED);
    }

  rebuild (self);
}

/**
 * handla_delivery_check_page_get_order:
 * @self: a #HandlaDeliveryCheckPage
 *
 * Returns: (transfer none) (nullable): the order being checked
 */
HandlaOrder *
handla_delivery_check_page_get_order (HandlaDeliveryCheckPage *self)
{
  g_return_val_if_fail (HANDLA_IS_DELIVERY_CHECK_PAGE (self), NULL);

  return self->order;
}

/**
 * handla_delivery_check_page_get_draft:
 * @self: a #HandlaDeliveryCheckPage
 *
 * Returns: (transfer none) (nullable): what is marked so far for the
 *   order being checked
 */
HandlaDeliveryCheck *
handla_delivery_check_page_get_draft (HandlaDeliveryCheckPage *self)
{
  gint64 local_id;

  g_return_val_if_fail (HANDLA_IS_DELIVERY_CHECK_PAGE (self), NULL);

  if (self->order == NULL || self->drafts == NULL)
    return NULL;

  local_id = handla_order_get_local_id (self->order);
  return g_hash_table_lookup (self->drafts, &local_id);
}
