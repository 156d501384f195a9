-- Heed Burgers demo menu.
INSERT INTO menu_items (id, slug, name, category, base_price_cents, available, unavailable_reason, sort_order) VALUES
  (1,  'cheeseburger',           'Cheeseburger',           'burger',  349, 1, NULL, 10),
  (2,  'hamburger',              'Hamburger',              'burger',  299, 1, NULL, 20),
  (3,  'chicken_sandwich',       'Chicken Sandwich',       'chicken', 449, 1, NULL, 30),
  (4,  'spicy_chicken_sandwich', 'Spicy Chicken Sandwich', 'chicken', 479, 1, NULL, 40),
  (5,  'chicken_nuggets',        'Chicken Nuggets',        'chicken', 399, 1, NULL, 50),
  (6,  'fries',                  'Fries',                  'side',    NULL, 1, NULL, 60),
  (7,  'onion_rings',            'Onion Rings',            'side',    299, 1, NULL, 70),
  (8,  'cola',                   'Cola',                   'drink',   NULL, 1, NULL, 80),
  (9,  'diet_cola',              'Diet Cola',              'drink',   NULL, 1, NULL, 90),
  (10, 'lemonade',               'Lemonade',               'drink',   NULL, 1, NULL, 100),
  (11, 'chocolate_shake',        'Chocolate Shake',        'drink',   NULL, 0, 'the shake machine is being cleaned', 110),
  (12, 'coffee',                 'Coffee',                 'drink',   NULL, 1, NULL, 120),
  (13, 'apple_pie',              'Apple Pie',              'dessert', 149, 1, NULL, 130),
  (21, 'number_one',             'Number One Combo',       'combo',   749, 1, NULL, 210),
  (22, 'number_two',             'Number Two Combo',       'combo',   849, 1, NULL, 220),
  (23, 'number_three',           'Number Three Combo',     'combo',   699, 1, NULL, 230);

INSERT INTO menu_item_aliases (item_id, alias) VALUES
  (1, 'cheese burger'),
  (5, 'nuggets'),
  (5, 'chicken nugget'),
  (6, 'french fries'),
  (6, 'fry'),
  (8, 'coke'),
  (8, 'soda'),
  (9, 'diet coke'),
  (11, 'chocolate milkshake'),
  (11, 'shake'),
  (21, 'number one'),
  (21, 'number one meal'),
  (22, 'number two'),
  (22, 'number two meal'),
  (23, 'number three'),
  (23, 'number three meal');

INSERT INTO menu_item_sizes (item_id, size, price_cents) VALUES
  (6, 'small', 189), (6, 'medium', 249), (6, 'large', 289),
  (8, 'small', 149), (8, 'medium', 179), (8, 'large', 209),
  (9, 'small', 149), (9, 'medium', 179), (9, 'large', 209),
  (10, 'small', 199), (10, 'medium', 229), (10, 'large', 259),
  (11, 'small', 299), (11, 'medium', 349), (11, 'large', 399),
  (12, 'small', 129), (12, 'medium', 159), (12, 'large', 189);

INSERT INTO menu_modifiers (id, slug, name, kind, target, price_cents) VALUES
  (1, 'no_onions',    'no onions',    'remove', 'onions',  0),
  (2, 'no_pickles',   'no pickles',   'remove', 'pickles', 0),
  (3, 'no_cheese',    'no cheese',    'remove', 'cheese',  0),
  (4, 'extra_cheese', 'extra cheese', 'extra',  'cheese',  50),
  (5, 'add_bacon',    'add bacon',    'add',    'bacon',   100),
  (6, 'no_ice',       'no ice',       'remove', 'ice',     0),
  (7, 'extra_pickles','extra pickles','extra',  'pickles', 0);

INSERT INTO menu_modifier_categories (modifier_id, category) VALUES
  (1, 'burger'), (1, 'combo'),
  (2, 'burger'), (2, 'chicken'), (2, 'combo'),
  (3, 'burger'), (3, 'combo'),
  (4, 'burger'), (4, 'combo'),
  (5, 'burger'), (5, 'chicken'), (5, 'combo'),
  (6, 'drink'),
  (7, 'burger'), (7, 'chicken'), (7, 'combo');

INSERT INTO combos (item_id, number) VALUES (21, 1), (22, 2), (23, 3);
INSERT INTO combo_items (combo_item_id, component_item_id, size) VALUES
  (21, 1, NULL), (21, 6, 'medium'), (21, 8, 'medium'),
  (22, 4, NULL), (22, 6, 'medium'), (22, 8, 'medium'),
  (23, 5, NULL), (23, 6, 'medium'), (23, 8, 'medium');
