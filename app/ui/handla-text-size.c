/* handla-text-size.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-text-size.h"

/*
 * Handla has three text sizes (UI.md: normal, large ×1.25, largest ×1.6).
 * Colours and shapes live in ui/style.css; every size that depends on the
 * text size (type, touch targets, tile widths) is generated here from one
 * table, so the three sizes cannot drift apart. The generated sheet sits
 * one step above the application's style.css.
 */

typedef struct {
  const char *selector;
  const char *property;
  int         px;
} SizedRule;

static const SizedRule sized_rules[] = {
  /* Type: body 20 px, never below 18 px anywhere. */
  { "window.handla", "font-size", 20 },
  { ".handla-page-title", "font-size", 32 },
  { ".handla-heading", "font-size", 26 },
  { ".handla-tile-title", "font-size", 24 },
  { ".handla-price", "font-size", 28 },
  { ".handla-secondary", "font-size", 18 },
  { ".handla-badge", "font-size", 18 },
  { ".handla-stepper-count", "font-size", 28 },
  { ".handla-home-tile-title", "font-size", 30 },
  { ".handla-visit-summary", "font-size", 28 },
  /* libadwaita's status pages (empty basket, no delivery times, the
   * order sent): their description is body text, not smaller. */
  { "window.handla statuspage .title", "font-size", 30 },
  { "window.handla statuspage .description", "font-size", 20 },
  { ".handla-choice-row .subtitle", "font-size", 18 },
  { ".handla-search-entry", "font-size", 24 },
  { ".handla-key-character", "font-size", 28 },

  /* Touch: 64 px is the house size for every target (44 px is the floor). */
  { "window.handla button", "min-height", 64 },
  { "window.handla button", "min-width", 64 },
  { "window.handla headerbar", "min-height", 72 },
  { ".handla-stepper button", "min-width", 64 },
  { ".handla-stepper-count", "min-width", 40 },
  { ".handla-bottom-bar", "min-height", 88 },
  /* Radio buttons and check boxes: the whole row is the target, with a
   * mark that can be seen and a gap before its label. */
  { "window.handla checkbutton", "min-height", 64 },
  { "window.handla checkbutton", "border-spacing", 12 },
  { "window.handla checkbutton > check", "min-width", 28 },
  { "window.handla checkbutton > check", "min-height", 28 },
  { "window.handla checkbutton > radio", "min-width", 28 },
  { "window.handla checkbutton > radio", "min-height", 28 },
  { "window.handla entry", "min-height", 64 },
  { "row.handla-choice-row", "min-height", 64 },
  { "window.handla popover.menu modelbutton", "min-height", 64 },
  { "window.handla entry.handla-search-entry", "min-height", 64 },

  /* Pictures and tiles grow with the text so nothing is squeezed. */
  { "window.handla button.handla-category-tile", "min-width", 260 },
  { "window.handla button.handla-category-tile", "min-height", 150 },
  { "window.handla button.handla-home-tile", "min-height", 200 },
  { ".handla-offer-price", "font-size", 44 },
  { ".handla-detail-picture", "min-height", 280 },
  { ".handla-detail-picture", "min-width", 280 },
};

static const SizedRule icon_rules[] = {
  { "window.handla button.handla-category-tile image", "-gtk-icon-size", 56 },
  { "window.handla button.handla-home-tile image", "-gtk-icon-size", 64 },
  { ".handla-detail-picture image", "-gtk-icon-size", 128 },
  { "window.handla button image", "-gtk-icon-size", 24 },
  { "window.handla checkbutton > check", "-gtk-icon-size", 20 },
  { "window.handla checkbutton > radio", "-gtk-icon-size", 20 },
  /* The customer's own "I agree" on the review page: larger still. */
  { "window.handla checkbutton.handla-confirm-check > check", "min-width", 40 },
  { "window.handla checkbutton.handla-confirm-check > check", "min-height", 40 },
  { "window.handla checkbutton.handla-confirm-check > check", "-gtk-icon-size", 28 },
  { "window.handla entry.handla-search-entry image", "-gtk-icon-size", 24 },
};

HandlaTextSize
handla_text_size_from_nick (const char *nick)
{
  if (g_strcmp0 (nick, "largest") == 0)
    return HANDLA_TEXT_SIZE_LARGEST;
  if (g_strcmp0 (nick, "large") == 0)
    return HANDLA_TEXT_SIZE_LARGE;
  return HANDLA_TEXT_SIZE_NORMAL;
}

/* An offer's width and height at the normal size, its gap and (for the
 * height) a share of the page's buttons included. */
#define OFFER_WIDTH 384
#define OFFER_HEIGHT 560

static double
get_scale (HandlaTextSize size)
{
  switch (size)
    {
    case HANDLA_TEXT_SIZE_LARGE:
      return 1.25;
    case HANDLA_TEXT_SIZE_LARGEST:
      return 1.6;
    case HANDLA_TEXT_SIZE_NORMAL:
    default:
      return 1.0;
    }
}

/**
 * handla_text_size_get_max_columns:
 * @size: a text size
 *
 * Returns: the most product columns to show at @size (UI.md: 4, 3, 2 on a
 *   1280 px wide screen; the tile's minimum width gives fewer in portrait)
 */
guint
handla_text_size_get_max_columns (HandlaTextSize size)
{
  switch (size)
    {
    case HANDLA_TEXT_SIZE_LARGE:
      return 3;
    case HANDLA_TEXT_SIZE_LARGEST:
      return 2;
    case HANDLA_TEXT_SIZE_NORMAL:
    default:
      return 4;
    }
}

/**
 * handla_text_size_get_offer_width:
 * @size: a text size
 *
 * Returns: the narrowest an offer of the flyer (the Offers page) may be
 *   at @size, in logical pixels, gap included: three offers side by side
 *   at the normal size on a 1280 px wide screen, two at the larger sizes,
 *   fewer in portrait
 */
int
handla_text_size_get_offer_width (HandlaTextSize size)
{
  return (int)(OFFER_WIDTH * get_scale (size));
}

/**
 * handla_text_size_get_offer_height:
 * @size: a text size
 *
 * Returns: the least height an offer of the flyer needs at @size, in
 *   logical pixels, with its share of the page's buttons: one row of
 *   offers on a landscape tablet, two in portrait at the normal size
 */
int
handla_text_size_get_offer_height (HandlaTextSize size)
{
  return (int)(OFFER_HEIGHT * get_scale (size));
}

char *
handla_text_size_build_css (HandlaTextSize size)
{
  GString *css = g_string_new ("/* Generated by handla-text-size.c */\n");
  double scale = get_scale (size);
  const struct { const SizedRule *rules; guint n; } tables[] = {
    { sized_rules, G_N_ELEMENTS (sized_rules) },
    { icon_rules, G_N_ELEMENTS (icon_rules) },
  };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < tables[t].n; i++)
      g_string_append_printf (css, "%s { %s: %dpx; }\n",
                              tables[t].rules[i].selector,
                              tables[t].rules[i].property,
                              (int)(tables[t].rules[i].px * scale + 0.5));

  /* Product tiles: UI.md's columns, 4/3/2 at 1280 px and 3/2/1 at 800 px
   * (the maximum comes from handla_text_size_get_max_columns()). The
   * widths are chosen per size, since no single scale gives both. */
  {
    static const int tile_width[] = { 200, 250, 350 };

    g_string_append_printf (css, ".handla-product-tile { min-width: %dpx; }\n", tile_width[size]);
  }

  /* The on-screen keyboard's keys: 64 px tall, then 80 px, then 94 px
   * (16 mm on a 10-inch 1280×800 tablet) rather than 102, so that four
   * rows and the results fit 800 px in landscape. They share the width:
   * eleven a row must fit 800 px in portrait. */
  {
    static const int key_height[] = { 64, 80, 94 };

    g_string_append_printf (css, "window.handla button.handla-key { min-width: 44px; min-height: %dpx; }\n",
                            key_height[size]);
  }

  /* The window's own controls (desktop use only) keep their usual size. */
  g_string_append (css, "window.handla windowcontrols > button { min-height: 24px; min-width: 24px; padding: 4px; }\n");

  return g_string_free (css, FALSE);
}

/**
 * handla_text_size_apply:
 * @display: the display to style
 * @size: the text size to use
 *
 * Installs (once per display) or updates the generated style sheet.
 */
void
handla_text_size_apply (GdkDisplay     *display,
                        HandlaTextSize  size)
{
  GtkCssProvider *provider;
  g_autofree char *css = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  provider = g_object_get_data (G_OBJECT (display), "handla-text-size-provider");
  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_object_set_data_full (G_OBJECT (display), "handla-text-size-provider",
                              provider, g_object_unref);
    }

  css = handla_text_size_build_css (size);
  gtk_css_provider_load_from_data (provider, css, -1);
}
