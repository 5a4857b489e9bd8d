/* handla-keyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "handla-keyboard.h"

/*
 * A Swedish keyboard for a locked tablet, in two layers of four rows:
 *
 *   q w e r t y u i o p å        1 2 3 4 5 6 7 8 9 0 %
 *   a s d f g h j k l ö ä              , . - & /
 *     z x c v b n m [Delete]                       [Delete]
 *   [123] [  Space  ] [Clear]    [ABC] [  Space  ] [Clear]
 *
 * Every key is a button that activates one of the keyboard's actions
 * (keyboard.type with the text, keyboard.backspace, keyboard.clear,
 * keyboard.layer), which edit the target GtkEditable at its cursor, as a
 * hardware keyboard would. The keys never take the focus from the target
 * when tapped, so the cursor stays where it was and a hardware keyboard
 * keeps working; they can still be reached with Tab. The keys are as tall
 * as every other button (64 px, growing with the text size, see
 * handla-text-size.c) and share the width equally, eleven to a row.
 */

#define N_COLUMNS 11

struct _HandlaKeyboard
{
  GtkWidget    parent_instance;

  GtkStack    *layers;
  GtkEditable *target;
};

G_DEFINE_FINAL_TYPE (HandlaKeyboard, handla_keyboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Signs, with the words a screen reader says for them. */
typedef struct
{
  const char *text;
  const char *name;
} Sign;

static const Sign signs[] = {
  /* Translators: what a screen reader says for the on-screen keys , . - & / */
  { ",", NC_("keyboard key", "comma") },
  { ".", NC_("keyboard key", "full stop") },
  { "-", NC_("keyboard key", "hyphen") },
  { "&", NC_("keyboard key", "ampersand") },
  { "/", NC_("keyboard key", "slash") },
};

/* ---- building the keys -------------------------------------------------- */

/* @child is the key's face: a label, or a label with an icon. */
static GtkWidget *
add_key (GtkGrid    *grid,
         int         column,
         int         row,
         int         width,
         const char *action_name,
         GVariant   *target,
         GtkWidget  *child,
         const char *accessible_name)
{
  GtkWidget *key = gtk_button_new ();

  gtk_button_set_child (GTK_BUTTON (key), child);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (key), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (key), target);
  /* A tap types; the focus (and the cursor) stay in the target. */
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_add_css_class (key, "handla-key");
  gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  gtk_grid_attach (grid, key, column, row, width, 1);

  return key;
}

static void
add_character_key (GtkGrid    *grid,
                   int         column,
                   int         row,
                   const char *text,
                   const char *accessible_name)
{
  GtkWidget *key = add_key (grid, column, row, 1, "keyboard.type",
                            g_variant_new_string (text), gtk_label_new (text),
                            accessible_name != NULL ? accessible_name : text);

  gtk_widget_add_css_class (key, "handla-key-character");
}

/* One row of single characters, from @column on. */
static void
add_character_row (GtkGrid    *grid,
                   int         column,
                   int         row,
                   const char *characters)
{
  for (const char *p = characters; *p; p = g_utf8_next_char (p), column++)
    {
      char text[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), text);
      add_character_key (grid, column, row, text, NULL);
    }
}

static void
add_labelled_key (GtkGrid    *grid,
                  int         column,
                  int         row,
                  int         width,
                  const char *action_name,
                  GVariant   *target,
                  const char *icon_name,
                  const char *label,
                  const char *description)
{
  GtkWidget *child;
  GtkWidget *key;

  if (icon_name != NULL)
    {
      child = adw_button_content_new ();
      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (child), icon_name);
      adw_button_content_set_label (ADW_BUTTON_CONTENT (child), label);
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
    }
  else
    child = gtk_label_new (label);

  key = add_key (grid, column, row, width, action_name, target, child, label);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
}

/* Delete on the third row, then the fourth row: the layer key, Space
 * and Clear, in the same places on both layers. */
static void
add_common_keys (GtkGrid    *grid,
                 const char *layer_label,
                 const char *layer_target,
                 const char *layer_description)
{
  add_labelled_key (grid, 8, 2, 3, "keyboard.backspace", NULL, "edit-clear-symbolic",
                    /* Translators: the on-screen keyboard's backspace key,
                     * which deletes the letter before the cursor ("Radera") */
                    C_("keyboard key", "Delete"),
                    _("Deletes the letter before the cursor"));
  add_labelled_key (grid, 0, 3, 2, "keyboard.layer", g_variant_new_string (layer_target),
                    NULL, layer_label, layer_description);
  add_labelled_key (grid, 2, 3, 7, "keyboard.type", g_variant_new_string (" "), NULL,
                    /* Translators: the on-screen keyboard's space bar ("Mellanslag") */
                    C_("keyboard key", "Space"), NULL);
  add_labelled_key (grid, 9, 3, 2, "keyboard.clear", NULL, NULL,
                    /* Translators: the on-screen keyboard's key that empties
                     * the search field ("Rensa") */
                    C_("keyboard key", "Clear"), _("Removes everything typed"));
}

static GtkWidget *
new_layer (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  /* UI.md: at least 12 px between adjacent targets. */
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);

  return grid;
}

static GtkWidget *
build_letters (void)
{
  GtkWidget *grid = new_layer ();

  add_character_row (GTK_GRID (grid), 0, 0, "qwertyuiopå");
  add_character_row (GTK_GRID (grid), 0, 1, "asdfghjklöä");
  add_character_row (GTK_GRID (grid), 1, 2, "zxcvbnm");
  /* "123" is what the key shows on every phone; the description says it. */
  add_common_keys (GTK_GRID (grid), "123", "digits", _("Shows the numbers and signs"));

  return grid;
}

static GtkWidget *
build_digits (void)
{
  GtkWidget *grid = new_layer ();

  add_character_row (GTK_GRID (grid), 0, 0, "1234567890");
  /* Translators: the on-screen keyboard key for the per cent sign */
  add_character_key (GTK_GRID (grid), 10, 0, "%", C_("keyboard key", "per cent"));
  for (guint i = 0; i < G_N_ELEMENTS (signs); i++)
    add_character_key (GTK_GRID (grid), 3 + i, 1, signs[i].text,
                       g_dpgettext2 (NULL, "keyboard key", signs[i].name));
  /* Translators: the on-screen keyboard key that goes back from the
   * numbers to the letters */
  add_common_keys (GTK_GRID (grid), C_("keyboard key", "ABC"), "letters",
                   _("Shows the letters"));

  return grid;
}

/* ---- editing ------------------------------------------------------------ */

/* Deletes the selection, if there is one, as typing over it would. */
static gboolean
delete_selection (GtkEditable *editable)
{
  int start, end;

  if (!gtk_editable_get_selection_bounds (editable, &start, &end))
    return FALSE;

  gtk_editable_delete_text (editable, start, end);
  gtk_editable_set_position (editable, start);

  return TRUE;
}

static void
type_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (widget);
  int position;

  if (self->target == NULL)
    return;

  delete_selection (self->target);
  position = gtk_editable_get_position (self->target);
  gtk_editable_insert_text (self->target, g_variant_get_string (parameter, NULL), -1, &position);
  gtk_editable_set_position (self->target, position);
}

static void
backspace_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (widget);
  int position;

  if (self->target == NULL || delete_selection (self->target))
    return;

  position = gtk_editable_get_position (self->target);
  if (position > 0)
    gtk_editable_delete_text (self->target, position - 1, position);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (widget);

  if (self->target != NULL)
    gtk_editable_set_text (self->target, "");
}

static void
layer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (widget);

  gtk_stack_set_visible_child_name (self->layers, g_variant_get_string (parameter, NULL));
}

/* ---- GObject ------------------------------------------------------------ */

static void
handla_keyboard_dispose (GObject *object)
{
  HandlaKeyboard *self = (HandlaKeyboard *)object;

  g_clear_weak_pointer (&self->target);
  g_clear_pointer ((GtkWidget **)&self->layers, gtk_widget_unparent);

  G_OBJECT_CLASS (handla_keyboard_parent_class)->dispose (object);
}

static void
handla_keyboard_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_keyboard_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HandlaKeyboard *self = HANDLA_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      handla_keyboard_set_target (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_keyboard_class_init (HandlaKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_keyboard_dispose;
  object_class->get_property = handla_keyboard_get_property;
  object_class->set_property = handla_keyboard_set_property;

  /**
   * HandlaKeyboard:target:
   *
   * The editable the keys type into (not owned: usually a sibling).
   */
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL,
                         GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "keyboard.type", "s", type_action);
  gtk_widget_class_install_action (widget_class, "keyboard.backspace", NULL, backspace_action);
  gtk_widget_class_install_action (widget_class, "keyboard.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "keyboard.layer", "s", layer_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
handla_keyboard_init (HandlaKeyboard *self)
{
  self->layers = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->layers, build_letters (), "letters");
  gtk_stack_add_named (self->layers, build_digits (), "digits");
  gtk_widget_set_parent (GTK_WIDGET (self->layers), GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "handla-keyboard");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Keyboard"),
                                  -1);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
handla_keyboard_new (void)
{
  return g_object_new (HANDLA_TYPE_KEYBOARD, NULL);
}

/**
 * handla_keyboard_get_target:
 * @self: a #HandlaKeyboard
 *
 * Returns: (transfer none) (nullable): what the keys type into
 */
GtkEditable *
handla_keyboard_get_target (HandlaKeyboard *self)
{
  g_return_val_if_fail (HANDLA_IS_KEYBOARD (self), NULL);

  return self->target;
}

/**
 * handla_keyboard_set_target:
 * @self: a #HandlaKeyboard
 * @target: (nullable): the editable to type into
 */
void
handla_keyboard_set_target (HandlaKeyboard *self,
                            GtkEditable    *target)
{
  g_return_if_fail (HANDLA_IS_KEYBOARD (self));
  g_return_if_fail (!target || GTK_IS_EDITABLE (target));

  if (g_set_weak_pointer (&self->target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * handla_keyboard_find_key:
 * @self: a #HandlaKeyboard
 * @action_name: a key's action, such as "keyboard.type"
 * @text: (nullable): the text it types, for "keyboard.type"
 *
 * Returns: (transfer none) (nullable): the key's button, on either layer
 */
GtkWidget *
handla_keyboard_find_key (HandlaKeyboard *self,
                          const char     *action_name,
                          const char     *text)
{
  g_return_val_if_fail (HANDLA_IS_KEYBOARD (self), NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  for (GtkWidget *layer = gtk_widget_get_first_child (GTK_WIDGET (self->layers));
       layer != NULL;
       layer = gtk_widget_get_next_sibling (layer))
    for (GtkWidget *key = gtk_widget_get_first_child (layer);
         key != NULL;
         key = gtk_widget_get_next_sibling (key))
      {
        GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (key));

        if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (key)), action_name) != 0)
          continue;
        if (text == NULL ||
            (target != NULL && g_str_equal (g_variant_get_string (target, NULL), text)))
          return key;
      }

  return NULL;
}
