-- Maple Street Clinic: staff, the services they give, their weekly hours, known customers and the
-- appointment book. Prices are integer cents, durations whole minutes, local wall-clock times as
-- 'HH:MM' and appointment times as 'YYYY-MM-DDTHH:MM' (the kiosk's local time, no zone).

CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z]*' AND slug NOT GLOB '*[^a-z0-9_]*'),
  -- Full name as shown on screen ("Maria Lopez"); the first name is also speakable ("with Maria").
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  -- What the staff member does, for "who is Maria" answers ("physiotherapist").
  role TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z]*' AND slug NOT GLOB '*[^a-z0-9_]*'),
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  -- How the name reads after "that's …": NULL picks "a" / "an"; '' for none ("acupuncture").
  article TEXT CHECK (article IN ('a', 'an', 'some', '')),
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Other ways customers say a service ("physio" for "Physio Session"). Lower-case words.
CREATE TABLE service_aliases (
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  alias TEXT NOT NULL UNIQUE CHECK (length(trim(alias)) > 0)
) STRICT;

-- Who gives which service.
CREATE TABLE staff_services (
  staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (staff_id, service_id)
) STRICT;

-- Weekly working hours: weekday 0 = Sunday … 6 = Saturday; one or more spans a day.
CREATE TABLE staff_hours (
  staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  start TEXT NOT NULL CHECK (start GLOB '[0-2][0-9]:[0-5][0-9]' AND start < '24:00'),
  "end" TEXT NOT NULL CHECK ("end" GLOB '[0-2][0-9]:[0-5][0-9]' AND "end" <= '24:00' AND "end" > start),
  PRIMARY KEY (staff_id, weekday, start)
) STRICT;

-- Customers the desk knows: their names become speakable ("my name is John Smith").
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  phone TEXT NOT NULL UNIQUE CHECK (length(phone) = 10 AND phone NOT GLOB '*[^0-9]*'),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  customer_name TEXT NOT NULL CHECK (length(trim(customer_name)) > 0),
  phone TEXT NOT NULL CHECK (length(phone) = 10 AND phone NOT GLOB '*[^0-9]*'),
  service_id INTEGER NOT NULL REFERENCES services(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  starts_at TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]'),
  ends_at TEXT NOT NULL CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]' AND ends_at > starts_at),
  status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled')),
  -- The kiosk session that booked it (NULL for bookings made elsewhere).
  session_id TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX appointments_by_staff_time ON appointments (staff_id, starts_at);
CREATE INDEX appointments_by_phone ON appointments (phone, starts_at);
CREATE INDEX appointments_by_day ON appointments (substr(starts_at, 1, 10), status);

-- No double booking, whoever writes: a live appointment may not overlap another of the same staff.
CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments
WHEN NEW.status <> 'cancelled' AND EXISTS (
  SELECT 1 FROM appointments a WHERE a.staff_id = NEW.staff_id AND a.status <> 'cancelled'
    AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at)
BEGIN
  SELECT RAISE(ABORT, 'appointment overlaps another appointment of the same staff member');
END;

CREATE TRIGGER appointments_no_overlap_update BEFORE UPDATE OF staff_id, starts_at, ends_at, status ON appointments
WHEN NEW.status <> 'cancelled' AND EXISTS (
  SELECT 1 FROM appointments a WHERE a.id <> NEW.id AND a.staff_id = NEW.staff_id AND a.status <> 'cancelled'
    AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at)
BEGIN
  SELECT RAISE(ABORT, 'appointment overlaps another appointment of the same staff member');
END;

-- Questions the desk can answer (searched by the FAQ tool).
CREATE TABLE faq (
  id INTEGER PRIMARY KEY,
  topic TEXT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  source TEXT
) STRICT;
