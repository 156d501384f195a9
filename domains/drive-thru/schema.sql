-- Drive-thru menu. Prices are integer cents. An item with rows in menu_item_sizes must be ordered
-- with one of those sizes (its price is the size's price); otherwise base_price_cents applies.
CREATE TABLE menu_items (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('burger', 'chicken', 'side', 'drink', 'dessert', 'combo')),
  base_price_cents INTEGER CHECK (base_price_cents >= 0),
  available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  unavailable_reason TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Other ways customers say an item ("coke" for cola). Lower-case words.
CREATE TABLE menu_item_aliases (
  item_id INTEGER NOT NULL REFERENCES menu_items(id) ON DELETE CASCADE,
  alias TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE menu_item_sizes (
  item_id INTEGER NOT NULL REFERENCES menu_items(id) ON DELETE CASCADE,
  size TEXT NOT NULL CHECK (size IN ('small', 'medium', 'large')),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  PRIMARY KEY (item_id, size)
) STRICT;

-- kind: 'remove' ("no onions", "without onions"), 'add' ("with bacon", "add bacon"), 'extra' ("extra cheese").
-- target: the spoken word(s) after the verb.
CREATE TABLE menu_modifiers (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('remove', 'add', 'extra')),
  target TEXT NOT NULL,
  price_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  UNIQUE (kind, target)
) STRICT;

CREATE TABLE menu_modifier_categories (
  modifier_id INTEGER NOT NULL REFERENCES menu_modifiers(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  PRIMARY KEY (modifier_id, category)
) STRICT;

-- A numbered meal is itself a menu item (category 'combo', fixed price); these are its parts.
CREATE TABLE combos (
  item_id INTEGER PRIMARY KEY REFERENCES menu_items(id) ON DELETE CASCADE,
  number INTEGER NOT NULL UNIQUE CHECK (number > 0)
) STRICT;

CREATE TABLE combo_items (
  combo_item_id INTEGER NOT NULL REFERENCES combos(item_id) ON DELETE CASCADE,
  component_item_id INTEGER NOT NULL REFERENCES menu_items(id),
  size TEXT,
  PRIMARY KEY (combo_item_id, component_item_id)
) STRICT;
