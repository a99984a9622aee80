/** Places that are one GPT-2 token with a leading space (" store"): IOI's [PLACE] slot and more. */
export const PLACES: readonly string[] = [
  'store', 'garden', 'restaurant', 'school', 'hospital', 'office', 'house', 'station', 'park', 'beach', 'library',
  'museum', 'market', 'church', 'bank', 'airport', 'hotel', 'theater', 'cafe', 'gym', 'mall', 'zoo', 'farm',
  'lake', 'river', 'forest', 'city', 'village', 'kitchen', 'party', 'concert', 'game', 'stadium', 'shop', 'bar',
  'club', 'bakery', 'bridge',
];
