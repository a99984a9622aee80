/**
 * Count nouns as [singular, plural], both one GPT-2 token with a leading space (" key", " keys").
 * Subject–verb agreement prompts take a subject and an "attractor" of the other number from here.
 */
export const NOUN_PAIRS: readonly (readonly [string, string])[] = [
  ['key', 'keys'], ['dog', 'dogs'], ['cat', 'cats'], ['book', 'books'], ['car', 'cars'], ['house', 'houses'],
  ['girl', 'girls'], ['boy', 'boys'], ['man', 'men'], ['woman', 'women'], ['child', 'children'],
  ['teacher', 'teachers'], ['student', 'students'], ['door', 'doors'], ['window', 'windows'], ['table', 'tables'],
  ['picture', 'pictures'], ['friend', 'friends'], ['letter', 'letters'], ['tree', 'trees'], ['bird', 'birds'],
  ['doctor', 'doctors'], ['player', 'players'], ['officer', 'officers'], ['farmer', 'farmers'],
  ['author', 'authors'], ['pilot', 'pilots'], ['worker', 'workers'], ['painting', 'paintings'],
  ['report', 'reports'], ['bottle', 'bottles'], ['box', 'boxes'], ['glass', 'glasses'], ['bus', 'buses'],
  ['lawyer', 'lawyers'], ['singer', 'singers'], ['dancer', 'dancers'], ['nurse', 'nurses'],
  ['soldier', 'soldiers'], ['driver', 'drivers'], ['manager', 'managers'], ['parent', 'parents'],
  ['neighbor', 'neighbors'], ['actor', 'actors'], ['writer', 'writers'], ['cabinet', 'cabinets'],
  ['garden', 'gardens'], ['room', 'rooms'], ['building', 'buildings'], ['castle', 'castles'],
  ['island', 'islands'], ['hill', 'hills'], ['village', 'villages'], ['bridge', 'bridges'], ['tower', 'towers'],
  ['road', 'roads'], ['machine', 'machines'], ['computer', 'computers'], ['phone', 'phones'], ['song', 'songs'],
  ['movie', 'movies'], ['game', 'games'], ['rule', 'rules'], ['law', 'laws'], ['idea', 'ideas'], ['plan', 'plans'],
  ['program', 'programs'], ['store', 'stores'], ['shop', 'shops'], ['bank', 'banks'], ['school', 'schools'],
  ['company', 'companies'], ['city', 'cities'], ['country', 'countries'], ['baby', 'babies'], ['lady', 'ladies'],
  ['family', 'families'], ['story', 'stories'], ['party', 'parties'], ['person', 'people'],
];
