-- Maple Street Clinic demo data. The seeded appointments fall in the week of Monday 2026-11-30
-- (tests pin the clock to Tuesday 2026-12-01 09:00).
INSERT INTO staff (id, slug, name, role, active, sort_order) VALUES
  (1, 'maria_lopez', 'Maria Lopez', 'physiotherapist', 1, 10),
  (2, 'sam_patel',   'Sam Patel',   'physiotherapist', 1, 20),
  (3, 'chris_nolan', 'Chris Nolan', 'massage therapist', 1, 30),
  (4, 'chris_park',  'Chris Park',  'sports therapist', 1, 40);

INSERT INTO services (id, slug, name, duration_min, price_cents, article, description, active, sort_order) VALUES
  (1, 'physio_session',     'Physio Session',     45,  8500, NULL, 'a physiotherapy treatment session', 1, 10),
  (2, 'initial_assessment', 'Initial Assessment', 60, 11000, NULL, 'a first visit with a full assessment', 1, 20),
  (3, 'checkup',            'Checkup',            30,  4500, NULL, 'a short follow-up visit', 1, 30),
  (4, 'sports_massage',     'Sports Massage',     60,  9500, NULL, 'a deep sports massage', 1, 40),
  (5, 'relaxation_massage', 'Relaxation Massage', 60,  8000, NULL, 'a gentle full-body massage', 1, 50),
  (6, 'acupuncture',        'Acupuncture',        30,  7000, '', 'an acupuncture treatment', 1, 60);

INSERT INTO service_aliases (service_id, alias) VALUES
  (1, 'physio'),
  (1, 'physio appointment'),
  (1, 'physical therapy'),
  (1, 'physical therapy session'),
  (2, 'assessment'),
  (2, 'first visit'),
  (3, 'check up'),
  (3, 'follow up'),
  (3, 'follow up visit');

INSERT INTO staff_services (staff_id, service_id) VALUES
  (1, 1), (1, 2), (1, 3),
  (2, 1), (2, 2), (2, 4),
  (3, 4), (3, 5), (3, 6),
  (4, 1), (4, 3), (4, 6);

-- weekday: 0 Sunday … 6 Saturday.
INSERT INTO staff_hours (staff_id, weekday, start, "end") VALUES
  (1, 1, '09:00', '17:00'), (1, 2, '09:00', '17:00'), (1, 3, '09:00', '17:00'), (1, 4, '09:00', '17:00'), (1, 5, '09:00', '17:00'),
  (2, 2, '10:00', '18:00'), (2, 3, '10:00', '18:00'), (2, 4, '10:00', '18:00'), (2, 5, '10:00', '18:00'), (2, 6, '10:00', '14:00'),
  (3, 1, '09:00', '15:00'), (3, 2, '09:00', '13:00'), (3, 3, '09:00', '15:00'), (3, 5, '09:00', '15:00'),
  (4, 1, '12:00', '18:00'), (4, 2, '12:00', '18:00'), (4, 3, '12:00', '18:00'), (4, 4, '12:00', '18:00');

INSERT INTO customers (id, name, phone) VALUES
  (1, 'John Smith',    '4155550142'),
  (2, 'Emma Garcia',   '4155550177'),
  (3, 'Noah Kim',      '4155550199'),
  (4, 'Olivia Reyes',  '4155550123'),
  (5, 'Daniel Brooks', '4155550188'),
  (6, 'Lena Walsh',    '4155550111');

INSERT INTO appointments (id, customer_name, phone, service_id, staff_id, starts_at, ends_at, status, session_id) VALUES
  (1, 'John Smith',    '4155550142', 1, 1, '2026-12-01T15:30', '2026-12-01T16:15', 'booked', NULL),
  (2, 'Emma Garcia',   '4155550177', 4, 2, '2026-12-01T10:00', '2026-12-01T11:00', 'booked', NULL),
  (3, 'Noah Kim',      '4155550199', 3, 4, '2026-12-01T14:00', '2026-12-01T14:30', 'booked', NULL),
  (4, 'Olivia Reyes',  '4155550123', 5, 3, '2026-12-02T11:00', '2026-12-02T12:00', 'booked', NULL),
  (5, 'Daniel Brooks', '4155550188', 1, 1, '2026-12-03T10:00', '2026-12-03T10:45', 'booked', NULL),
  (6, 'Lena Walsh',    '4155550111', 1, 1, '2026-12-02T15:00', '2026-12-02T15:45', 'booked', NULL),
  (7, 'Emma Garcia',   '4155550177', 3, 1, '2026-11-30T11:00', '2026-11-30T11:30', 'checked_in', NULL);

INSERT INTO faq (id, topic, question, answer, source) VALUES
  (1, 'parking', 'Where can I park?', 'There is free parking behind the clinic; the lot entrance is on Elm Street.', 'front desk guide'),
  (2, 'cancellation', 'What is your cancellation policy?', 'Please cancel at least 24 hours ahead. Late cancellations and missed visits may be charged half the price.', 'clinic policies'),
  (3, 'insurance', 'Do you take insurance?', 'We bill most extended health plans directly. Please bring your insurance card.', 'billing'),
  (4, 'clothing', 'What should I wear?', 'Comfortable, loose clothing, so we can reach the area being treated. Shorts are handy for knee and hip visits.', 'front desk guide'),
  (5, 'arrival', 'How early should I arrive?', 'Please arrive ten minutes early for your first visit to fill in a short health form.', 'front desk guide'),
  (6, 'payment', 'How can I pay?', 'We take debit, credit cards and cash. You pay at the front desk after your visit.', 'billing'),
  (7, 'referral', 'Do I need a doctor''s referral?', 'No referral is needed for physio, massage or acupuncture. Some insurance plans ask for one, so check your plan.', 'clinic policies'),
  (8, 'accessibility', 'Is the clinic wheelchair accessible?', 'Yes. There is a ramp at the front door, an accessible washroom, and all treatment rooms are on the ground floor.', 'front desk guide'),
  (9, 'late', 'What happens if I am late?', 'If you are late we will still see you, but the visit ends at the booked time so the next person is not kept waiting.', 'clinic policies'),
  (10, 'receipts', 'Can I get a receipt for my insurance?', 'Yes. We email a receipt after every visit, and the front desk can print one.', 'billing'),
  (11, 'gift cards', 'Do you sell gift cards?', 'Yes, gift cards for any amount are sold at the front desk and can be used for any service.', 'front desk guide'),
  (12, 'first visit', 'What happens at the first visit?', 'Your first visit starts with an initial assessment: we ask about your history, check how you move, and plan your treatment.', 'clinic policies'),
  (13, 'washroom', 'Where is the washroom?', 'The washroom is down the hall to the left of the front desk.', 'front desk guide'),
  (14, 'wifi', 'Do you have wifi?', 'Yes, the guest network is MapleGuest, and the password is on the card at the front desk.', 'front desk guide');
