/* ui-supplier-fixture.h — the UI tests that drive the real window against
 * the real supplier: their fixture, and finding and pressing what the
 * carer sees; include it once per test program
 *
 * The fixture starts the reference supplier (HANDLA_SUPPLIER --demo
 * --control) on loopback TLS with its clock stopped at SUPPLIER_UI_NOW,
 * and the real window on a real store in a temporary directory whose fake
 * HandlaClock stands at the same time, with the demo catalogue
 * (HANDLA_DEMO_CATALOGUE) imported and a HandlaSupplierClient enrolled as
 * the application enrols, with a TestMonitor the test switches. How the
 * visit begins is each test program's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-customers-page.h"
#include "handla-delivery-page.h"
#include "handla-product-page.h"
#include "handla-quantity-control.h"
#include "handla-review-page.h"
#include "handla-wait.h"
#include "handla-window.h"
#include "outbox-supplier.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "ui-test-util.h"

G_BEGIN_DECLS

/* Monday 12 January 2026, 09:00, on both clocks. */
#define SUPPLIER_UI_NOW "2026-01-12T09:00:00+01:00"

/* How long a step may take before the test fails (a deadline, never a
 * delay: the tests go on as soon as the page shows the result). */
#define STEP_SECONDS 60

/* What the review page says once the supplier has the order. */
#define SUPPLIER_UI_SAYS_SENT "The supplier has the order"

/* A test program's Fixture has this as its first member, or is it. */
typedef struct
{
  char                 *dir;
  SupplierProcess      *process;
  SupplierReady         ready;
  SupplierControl      *control;
  HandlaClock          *clock;
  HandlaContext        *context;
  HandlaSecrets        *secrets;
  GNetworkMonitor      *monitor;
  HandlaSupplierClient *client;
  HandlaWindow         *window;
} SupplierUiFixture;

void supplier_ui_fixture_set_up    (SupplierUiFixture *fixture,
                                    const char        *name);
void supplier_ui_fixture_show      (SupplierUiFixture *fixture);
void supplier_ui_fixture_tear_down (SupplierUiFixture *fixture,
                                    gconstpointer      data);

/* ---- finding and pressing -------------------------------------------------- */

/* The window's page @name. */
static inline GtkWidget *
page (SupplierUiFixture *fixture,
      const char        *name)
{
  return handla_window_get_page (fixture->window, name);
}

/* @widget's template child @name of @type, which must be there. */
static inline gpointer
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (found);
  return found;
}

/* A WidgetMatch for find_widget(): a button labelled @label. */
static inline gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The first message dialog among the toplevels, if any; with
 * @only_shown, the first one that is visible. */
static inline AdwMessageDialog *
find_message_dialog_full (gboolean only_shown)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && (!only_shown || gtk_widget_get_visible (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The first message dialog among the toplevels, shown or not, if any. */
static inline AdwMessageDialog *
find_message_dialog (void)
{
  return find_message_dialog_full (FALSE);
}

/* The first message dialog on screen, if any. */
static inline AdwMessageDialog *
find_shown_message_dialog (void)
{
  return find_message_dialog_full (TRUE);
}

/* The store's writes done and a frame drawn. */
static inline void
settle (SupplierUiFixture *fixture)
{
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

/* Presses @button as a finger would: only if it is on screen and can be
 * used. Nothing is waited for. */
static inline void
press_button (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* press_button(), then settle(). */
static inline void
press (SupplierUiFixture *fixture,
       GtkWidget         *button)
{
  press_button (button);
  settle (fixture);
}

/* Activates the window's @action with the string @target, and waits for
 * the store and two frames. */
static inline void
go (SupplierUiFixture *fixture,
    const char        *action,
    const char        *target)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, "s", target));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

/* The visible child of @widget's "stack" (@widget is a page of @type). */
static inline const char *
stack_page (GtkWidget *widget,
            GType      type)
{
  return gtk_stack_get_visible_child_name (child (widget, type, "stack"));
}

/* ---- the visit ---------------------------------------------------------------- */

void supplier_ui_begin_visit (SupplierUiFixture *fixture,
                              const char        *mode);

/* ---- the delivery and review pages ------------------------------------------ */

gboolean    delivery_loaded     (gpointer           data);
gboolean    slot_held           (gpointer           data);
const char *sent_title          (SupplierUiFixture *fixture);
const char *sent_description    (SupplierUiFixture *fixture);
gboolean    order_saved         (gpointer           data);
gboolean    order_sent          (gpointer           data);
void        add_on_product_page (SupplierUiFixture *fixture,
                                 const char        *id,
                                 guint              n);
GtkWidget  *open_delivery_page  (SupplierUiFixture *fixture);
void        assert_hold_shown   (SupplierUiFixture *fixture,
                                 GtkListBoxRow     *row);
void        assert_review_page  (SupplierUiFixture *fixture,
                                 const char        *customer,
                                 const char        *totals,
                                 guint              n_lines);

/* ---- the catalogue ---------------------------------------------------------- */

HandlaProduct *get_product (HandlaCatalogue *catalogue,
                            const char      *id);

/* ---- the test program ------------------------------------------------------ */

char *supplier_ui_test_init (int    *argc,
                             char ***argv);
int   supplier_ui_test_run  (const char *keyring);

G_END_DECLS
