/* supplier-customers.c — the reference supplier's demo customers
 *
 * Fictional people of two units: four of the unit the tablets enrol into
 * (SUPPLIER_UNIT_ID) and one of another unit, which no tablet may see.
 * Only what the protocol's Customer record has: first name and initial,
 * a short address line, the agreed delivery, preferences and the unit's
 * contact; never a phone number, e-mail address or door code of a
 * customer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-customers.h"

#include <json-glib/json-glib.h>

typedef struct {
  const char *id;
  const char *unit_id;
  const char *unit_name;
  const char *unit_phone;
  const char *display_name;
  const char *address_line;
  const char *weekday;        /* NULL: no agreed delivery */
  const char *window_start;
  const char *window_end;
  gboolean    needs_unpacking;
  gboolean    carer_present;
  const char *language;
  const char *text_size;
  const char *allergens[4];
  const char *diets[4];
  const char *avoid_note;
  gint64      weekly_budget_ore;  /* 0: no budget set */
} DemoCustomer;

/* Every agreed window is one of the supplier's slot windows
 * (supplier-slots.c). */
static const DemoCustomer demo_customers[] = {
  { "c-1001", SUPPLIER_UNIT_ID, SUPPLIER_UNIT_NAME, SUPPLIER_UNIT_PHONE,
    "Anna K.", "Storgatan 12", "thursday", "10:00", "14:00", TRUE, TRUE, "sv", "largest",
    { "peanuts", "nuts" }, { "lactose_free" }, "Inga starka kryddor.", 80000 },
  { "c-1002", SUPPLIER_UNIT_ID, SUPPLIER_UNIT_NAME, SUPPLIER_UNIT_PHONE,
    "Erik L.", "Kvarngatan 3 B", "tuesday", "13:00", "17:00", FALSE, FALSE, "fi", "normal",
    { NULL }, { "no_pork" }, NULL },
  { "c-1003", SUPPLIER_UNIT_ID, SUPPLIER_UNIT_NAME, SUPPLIER_UNIT_PHONE,
    "Fatima H.", "Björkvägen 7", "monday", "08:00", "11:00", TRUE, FALSE, "ar", "large",
    { "sesame" }, { NULL }, NULL },
  { "c-1004", SUPPLIER_UNIT_ID, SUPPLIER_UNIT_NAME, SUPPLIER_UNIT_PHONE,
    "Gunnel S.", "Ekbacken 4", "friday", "10:00", "14:00", FALSE, TRUE, "sv", "large",
    { NULL }, { NULL }, NULL },
  { "c-9001", "u-demo-2", "Hemtjänst Demo, grupp 2", "+46855567890",
    "Olle P.", "Sjövägen 21", "wednesday", "13:00", "17:00", FALSE, FALSE, "sv", "normal",
    { NULL }, { NULL }, NULL },
};

#define DEMO_UPDATED_AT "2026-01-05T09:00:00+01:00"

void
supplier_customer_free (SupplierCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->id);
  g_free (customer->unit_id);
  g_free (customer->display_name);
  g_free (customer->json);
  g_free (customer);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_strings (JsonBuilder       *builder,
             const char        *name,
             const char * const *values,
             guint              n_values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_values && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static char *
customer_json (const DemoCustomer *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "id", c->id);
  add_string (builder, "display_name", c->display_name);
  add_string (builder, "address_line", c->address_line);
  if (c->weekday != NULL)
    {
      json_builder_set_member_name (builder, "agreed_delivery");
      json_builder_begin_object (builder);
      add_string (builder, "weekday", c->weekday);
      add_string (builder, "window_start", c->window_start);
      add_string (builder, "window_end", c->window_end);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "needs_unpacking");
  json_builder_add_boolean_value (builder, c->needs_unpacking);
  json_builder_set_member_name (builder, "carer_present");
  json_builder_add_boolean_value (builder, c->carer_present);
  add_string (builder, "language", c->language);
  add_string (builder, "text_size", c->text_size);
  json_builder_set_member_name (builder, "avoid");
  json_builder_begin_object (builder);
  add_strings (builder, "allergens", c->allergens, G_N_ELEMENTS (c->allergens));
  add_strings (builder, "diets", c->diets, G_N_ELEMENTS (c->diets));
  if (c->avoid_note != NULL)
    add_string (builder, "note", c->avoid_note);
  json_builder_end_object (builder);
  if (c->weekly_budget_ore > 0)
    {
      json_builder_set_member_name (builder, "weekly_budget_ore");
      json_builder_add_int_value (builder, c->weekly_budget_ore);
    }
  json_builder_set_member_name (builder, "unit_contact");
  json_builder_begin_object (builder);
  add_string (builder, "unit_id", c->unit_id);
  add_string (builder, "name", c->unit_name);
  add_string (builder, "phone", c->unit_phone);
  json_builder_end_object (builder);
  /* Orders do not exist yet in this supplier. */
  json_builder_set_member_name (builder, "open_order_ids");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  add_string (builder, "updated_at", DEMO_UPDATED_AT);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The demo customers, of SupplierCustomer. */
GPtrArray *
supplier_customers_demo (void)
{
  GPtrArray *customers = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_customer_free);

  for (guint i = 0; i < G_N_ELEMENTS (demo_customers); i++)
    {
      SupplierCustomer *customer = g_new0 (SupplierCustomer, 1);

      customer->id = g_strdup (demo_customers[i].id);
      customer->unit_id = g_strdup (demo_customers[i].unit_id);
      customer->display_name = g_strdup (demo_customers[i].display_name);
      customer->json = customer_json (&demo_customers[i]);
      g_ptr_array_add (customers, customer);
    }
  return customers;
}
