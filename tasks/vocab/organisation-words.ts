/**
 * Capitalised words of organisation names, each one GPT-2 token with a leading space
 * (" Government"), grouped by where they sit in a name: "Big Government Agency" is
 * modifier + field + kind. Acronym prompts are built from them.
 */
export const ORG_MODIFIERS: readonly string[] = [
  'Big', 'National', 'International', 'Federal', 'American', 'European', 'World', 'Public', 'Private', 'Global',
  'Local', 'Regional', 'Royal', 'Central', 'Northern', 'Southern', 'Eastern', 'Western', 'New', 'Great', 'United',
  'Free', 'Open', 'Digital', 'Nuclear', 'Human', 'Environmental', 'Social', 'Cultural', 'Historical', 'Economic',
];

export const ORG_FIELDS: readonly string[] = [
  'Government', 'Research', 'Trade', 'Health', 'Medical', 'Space', 'Energy', 'Security', 'Defense', 'Education',
  'Science', 'Technology', 'Water', 'Power', 'Oil', 'Food', 'Land', 'Sea', 'Air', 'Road', 'Rail', 'Transport',
  'Rights', 'Justice', 'Peace', 'Climate', 'Ocean', 'Forest', 'Wildlife', 'Animal', 'Children', 'Youth', 'Women',
  'Family', 'Community', 'Heritage', 'Safety', 'Emergency', 'Disaster', 'Development', 'Information', 'Data',
  'Internet', 'Software', 'Media', 'Film', 'Music', 'Sports', 'Football', 'Cricket', 'Television', 'Radio',
];

export const ORG_KINDS: readonly string[] = [
  'Agency', 'Council', 'Organization', 'Service', 'Association', 'Bank', 'Forum', 'Institute', 'Foundation',
  'Center', 'Society', 'Union', 'League', 'Board', 'Committee', 'Office', 'Bureau', 'Authority', 'Commission',
  'Network', 'Alliance', 'Group', 'Program', 'Project', 'Fund', 'Party', 'Front', 'Movement', 'Court', 'Museum',
  'Library', 'University', 'College', 'Academy', 'Hospital', 'Clinic', 'Company', 'Exchange', 'Press',
];
