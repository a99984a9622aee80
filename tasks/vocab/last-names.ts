/** Common surnames that are one GPT-2 token with a leading space (" Smith"). Checked in test/unit/tasks/vocab.test.ts. */
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Moore',
  'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips',
  'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook', 'Morgan',
  'Bell', 'Murphy', 'Bailey', 'Cooper', 'Richardson', 'Cox', 'Howard', 'Ward', 'Peterson', 'Gray', 'Watson',
  'Brooks', 'Sanders', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman', 'Jenkins', 'Perry',
  'Powell', 'Long', 'Patterson', 'Hughes', 'Washington', 'Butler', 'Simmons', 'Foster', 'Bryant', 'Russell',
  'Griffin', 'Hayes', 'Myers', 'Ford', 'Hamilton', 'Graham', 'Sullivan', 'Wallace', 'West', 'Cole', 'Hunt',
  'Black', 'Stone', 'Fisher', 'Marshall', 'Owens', 'Harrison', 'Gibson', 'Wells', 'Webb', 'Mason', 'Dixon',
  'Hunter', 'Palmer', 'Holmes', 'Warren', 'Porter', 'Kennedy', 'Spencer', 'Burns', 'Gordon', 'Shaw', 'Rice',
  'Wagner', 'Lane', 'Fox', 'Chapman', 'Hart', 'Hudson', 'Duncan', 'Harper', 'Bishop', 'Lawrence', 'Knight',
];
