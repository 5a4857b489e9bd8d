/* handla-reflow-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-reflow-layout.h"

/*
 * Lays out a widget's children in a row when they fit (the first ones at
 * their natural width, the last at least at its minimum), and in a column
 * otherwise. The first children keep their
 * natural width in a row; the last one takes the rest. So a product page
 * shows the picture beside the details on a landscape tablet and above
 * them in portrait or at the largest text size, without ever asking for
 * more width than the screen has (GTK 4.8 has no breakpoints).
 */

struct _HandlaReflowLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (HandlaReflowLayout, handla_reflow_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* The width a row needs: the first children at their natural width (which
 * is what they get in a row), the last one at its minimum. */
static int
row_minimum_width (HandlaReflowLayout *self,
                   GtkWidget          *widget)
{
  GtkWidget *last = gtk_widget_get_last_child (widget);
  int total = 0;
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0;
      int nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      total += child == last ? min : nat;
      n++;
    }

  return total + MAX (n - 1, 0) * self->spacing;
}

static void
handla_reflow_layout_measure (GtkLayoutManager *manager,
                              GtkWidget        *widget,
                              GtkOrientation    orientation,
                              int               for_size,
                              int              *minimum,
                              int              *natural,
                              int              *minimum_baseline,
                              int              *natural_baseline)
{
  HandlaReflowLayout *self = HANDLA_REFLOW_LAYOUT (manager);
  gboolean in_row = FALSE;
  int n = 0;

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    in_row = for_size >= 0 && for_size >= row_minimum_width (self, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* Minimum: stacked, so the widest child. Natural: in a row. */
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (n > 0 ? self->spacing : 0);
        }
      else if (in_row)
        {
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min + (n > 0 ? self->spacing : 0);
          *natural += child_nat + (n > 0 ? self->spacing : 0);
        }
      n++;
    }

  /* In a row the height depends on the widths the children get; measure
   * the last child at the width it will have. */
  if (orientation == GTK_ORIENTATION_VERTICAL && in_row)
    {
      GtkWidget *last = gtk_widget_get_last_child (widget);
      int others = 0;
      int last_min = 0;
      int last_nat = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL && child != last;
           child = gtk_widget_get_next_sibling (child))
        {
          int nat = 0;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
          others += nat + self->spacing;
        }

      if (last != NULL && gtk_widget_should_layout (last))
        {
          gtk_widget_measure (last, GTK_ORIENTATION_VERTICAL, MAX (for_size - others, 0),
                              &last_min, &last_nat, NULL, NULL);
          *minimum = MAX (*minimum, last_min);
          *natural = MAX (*natural, last_nat);
        }
    }

  *minimum_baseline = *natural_baseline = -1;
}

static void
handla_reflow_layout_allocate (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               int               width,
                               int               height,
                               int               baseline)
{
  HandlaReflowLayout *self = HANDLA_REFLOW_LAYOUT (manager);
  gboolean in_row = width >= row_minimum_width (self, widget);
  GtkWidget *last = gtk_widget_get_last_child (widget);
  int position = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      if (in_row)
        {
          int child_width;
          int child_height;
          int y = 0;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          child_width = child == last ? MAX (width - position, child_min) : child_nat;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &child_min, &child_nat, NULL, NULL);
          child_height = MIN (child_nat, height);
          /* A child that asks for it is centred on the row, or put at its
           * bottom (a label beside a taller button); others are at the top. */
          if (gtk_widget_get_valign (child) == GTK_ALIGN_CENTER)
            y = (height - child_height) / 2;
          else if (gtk_widget_get_valign (child) == GTK_ALIGN_END)
            y = height - child_height;
          gtk_widget_size_allocate (child,
                                    &(GtkAllocation) { position, y, child_width, child_height },
                                    -1);
          position += child_width + self->spacing;
        }
      else
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat, NULL, NULL);
          gtk_widget_size_allocate (child,
                                    &(GtkAllocation) { 0, position, width, child_min },
                                    -1);
          position += child_min + self->spacing;
        }
    }
}

static GtkSizeRequestMode
handla_reflow_layout_get_request_mode (GtkLayoutManager *manager,
                                       GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
handla_reflow_layout_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HandlaReflowLayout *self = HANDLA_REFLOW_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_reflow_layout_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HandlaReflowLayout *self = HANDLA_REFLOW_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      handla_reflow_layout_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_reflow_layout_class_init (HandlaReflowLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = handla_reflow_layout_get_property;
  object_class->set_property = handla_reflow_layout_set_property;

  layout_class->get_request_mode = handla_reflow_layout_get_request_mode;
  layout_class->measure = handla_reflow_layout_measure;
  layout_class->allocate = handla_reflow_layout_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_reflow_layout_init (HandlaReflowLayout *self)
{
}

int
handla_reflow_layout_get_spacing (HandlaReflowLayout *self)
{
  g_return_val_if_fail (HANDLA_IS_REFLOW_LAYOUT (self), 0);

  return self->spacing;
}

void
handla_reflow_layout_set_spacing (HandlaReflowLayout *self,
                                  int                 spacing)
{
  g_return_if_fail (HANDLA_IS_REFLOW_LAYOUT (self));

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

/*
 * HandlaReflowBox: a container that uses the reflow layout, so templates
 * can hold children in it. Its "spacing" is the layout's.
 */

struct _HandlaReflowBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (HandlaReflowBox, handla_reflow_box, GTK_TYPE_WIDGET)

enum {
  BOX_PROP_0,
  BOX_PROP_SPACING,
  N_BOX_PROPS,
};

static GParamSpec *box_properties[N_BOX_PROPS];

static HandlaReflowLayout *
box_layout (HandlaReflowBox *self)
{
  return HANDLA_REFLOW_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
}

static void
handla_reflow_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (handla_reflow_box_parent_class)->dispose (object);
}

static void
handla_reflow_box_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HandlaReflowBox *self = HANDLA_REFLOW_BOX (object);

  switch (prop_id)
    {
    case BOX_PROP_SPACING:
      g_value_set_int (value, handla_reflow_layout_get_spacing (box_layout (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_reflow_box_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HandlaReflowBox *self = HANDLA_REFLOW_BOX (object);

  switch (prop_id)
    {
    case BOX_PROP_SPACING:
      handla_reflow_layout_set_spacing (box_layout (self), g_value_get_int (value));
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_reflow_box_class_init (HandlaReflowBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_reflow_box_dispose;
  object_class->get_property = handla_reflow_box_get_property;
  object_class->set_property = handla_reflow_box_set_property;

  box_properties[BOX_PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_BOX_PROPS, box_properties);

  gtk_widget_class_set_layout_manager_type (widget_class, HANDLA_TYPE_REFLOW_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reflowbox");
}

static void
handla_reflow_box_init (HandlaReflowBox *self)
{
}
