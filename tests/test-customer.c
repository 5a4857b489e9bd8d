/* test-customer.c — a customer from the protocol's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-customer-private.h"

#define REQUIRED "\"id\": \"c-1\", \"display_name\": \"Anna K.\"," \
                 " \"address_line\": \"Storgatan 12\", \"needs_unpacking\": true," \
                 " \"carer_present\": false"

static HandlaCustomer *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);

  return _handla_customer_new_from_json (node);
}

/* The optional weekly budget: a whole number of öre above zero, kept;
 * absent or anything else, no budget — and the customer is still read. */
static void
test_weekly_budget (void)
{
  static const struct { const char *member; gint64 budget; } cases[] = {
    { "", -1 },
    { ", \"weekly_budget_ore\": 80000", 80000 },
    { ", \"weekly_budget_ore\": 1", 1 },
    { ", \"weekly_budget_ore\": 0", -1 },
    { ", \"weekly_budget_ore\": -500", -1 },
    { ", \"weekly_budget_ore\": 800.5", -1 },
    { ", \"weekly_budget_ore\": \"80000\"", -1 },
    { ", \"weekly_budget_ore\": null", -1 },
    { ", \"weekly_budget_ore\": true", -1 },
    { ", \"weekly_budget_ore\": {}", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{" REQUIRED "%s}", cases[i].member);
      g_autoptr(HandlaCustomer) customer = parse (json);

      g_test_message ("%s", json);
      g_assert_nonnull (customer);
      g_assert_cmpstr (handla_customer_get_display_name (customer), ==, "Anna K.");
      g_assert_cmpint (handla_customer_get_weekly_budget (customer), ==, cases[i].budget);
    }
}

/* The store keeps the supplier's record and reads customers back from
 * it, so the budget survives a restart without a column of its own. */
static void
test_weekly_budget_in_record (void)
{
  g_autoptr(HandlaCustomer) customer = parse ("{" REQUIRED ", \"weekly_budget_ore\": 45000}");
  g_autoptr(JsonNode) node = json_from_string (_handla_customer_get_record (customer), NULL);
  g_autoptr(HandlaCustomer) again = _handla_customer_new_from_json (node);

  g_assert_nonnull (again);
  g_assert_cmpint (handla_customer_get_weekly_budget (again), ==, 45000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handla/customer/weekly-budget", test_weekly_budget);
  g_test_add_func ("/handla/customer/weekly-budget-in-record", test_weekly_budget_in_record);

  return g_test_run ();
}
