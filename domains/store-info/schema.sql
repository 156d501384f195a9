-- Store info kiosk: locations and their hours, holiday exceptions, products with stock per
-- location, and the FAQ. Read-only for the kiosk. Times are 'HH:MM' (24 h, local), dates
-- 'YYYY-MM-DD', prices integer cents. Spoken names and aliases are lower-case words.

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  city TEXT NOT NULL,
  phone TEXT NOT NULL,
  -- A landmark or directions hint shown with the address.
  directions TEXT
) STRICT;

-- Other ways customers name a store ("downtown", "main street"). The grammar adds "the … store".
CREATE TABLE location_aliases (
  location_id INTEGER NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  alias TEXT NOT NULL UNIQUE
) STRICT;

-- The store this kiosk stands in: "you" / "this store" / "here" mean it.
CREATE TABLE kiosk (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  location_id INTEGER NOT NULL REFERENCES locations(id)
) STRICT;

-- Regular weekly hours. weekday: 0 = Sunday … 6 = Saturday. No row, or opens NULL: closed all day.
CREATE TABLE store_hours (
  location_id INTEGER NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  opens TEXT CHECK (opens IS NULL OR opens GLOB '[0-2][0-9]:[0-5][0-9]'),
  closes TEXT CHECK (closes IS NULL OR closes GLOB '[0-2][0-9]:[0-5][0-9]'),
  PRIMARY KEY (location_id, weekday),
  CHECK ((opens IS NULL) = (closes IS NULL))
) STRICT;

-- Days with other hours than usual (holidays). Hours come from holiday_hours.
CREATE TABLE holidays (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  date TEXT NOT NULL UNIQUE CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
) STRICT;

CREATE TABLE holiday_aliases (
  holiday_id INTEGER NOT NULL REFERENCES holidays(id) ON DELETE CASCADE,
  alias TEXT NOT NULL
) STRICT;

-- location_id NULL: every location; a row for one location overrides it there. opens NULL: closed.
CREATE TABLE holiday_hours (
  holiday_id INTEGER NOT NULL REFERENCES holidays(id) ON DELETE CASCADE,
  location_id INTEGER REFERENCES locations(id) ON DELETE CASCADE,
  opens TEXT CHECK (opens IS NULL OR opens GLOB '[0-2][0-9]:[0-5][0-9]'),
  closes TEXT CHECK (closes IS NULL OR closes GLOB '[0-2][0-9]:[0-5][0-9]'),
  CHECK ((opens IS NULL) = (closes IS NULL))
) STRICT;
CREATE UNIQUE INDEX holiday_hours_one ON holiday_hours (holiday_id, COALESCE(location_id, 0));

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  -- Speakable name (no digits): the grammar hears it.
  name TEXT NOT NULL UNIQUE,
  -- Pack size or variant for the screen ("8-pack", "25 ft").
  size TEXT,
  department TEXT NOT NULL,
  aisle TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
) STRICT;

-- Other names; one alias may name several products ("drill", "batteries"): the kiosk asks which.
CREATE TABLE product_aliases (
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  PRIMARY KEY (product_id, alias)
) STRICT;

CREATE TABLE product_stock (
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  location_id INTEGER NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (product_id, location_id)
) STRICT;

-- The FAQ (shared convention, see app/tools/faq/faq-index.ts). source: where the text comes from.
CREATE TABLE faq (
  id INTEGER PRIMARY KEY,
  topic TEXT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  source TEXT
);

-- More ways to ask an FAQ question, so the recognizer can hear them (lower-case words).
CREATE TABLE faq_phrasings (
  faq_id INTEGER NOT NULL REFERENCES faq(id) ON DELETE CASCADE,
  phrasing TEXT NOT NULL UNIQUE
) STRICT;
