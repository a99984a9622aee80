/**
 * Common English words, each a single GPT-2 token with its leading space (" time", " people").
 * Random-token induction prompts are built from these: ordinary words keep the prompt in the
 * model's familiar vocabulary, and single tokens make "the token after the earlier occurrence"
 * the same thing at the word level and at the token level. Checked against the real GPT-2
 * tokenizer in test/unit/tasks/vocab.test.ts.
 */
export const COMMON_WORDS: readonly string[] = [
  'time', 'people', 'year', 'way', 'day', 'man', 'thing', 'woman', 'life', 'child', 'world', 'school', 'state',
  'family', 'student', 'group', 'country', 'problem', 'hand', 'part', 'place', 'case', 'week', 'company',
  'system', 'program', 'question', 'work', 'government', 'number', 'night', 'point', 'home', 'water', 'room',
  'mother', 'area', 'money', 'story', 'fact', 'month', 'lot', 'right', 'study', 'book', 'eye', 'job', 'word',
  'business', 'issue', 'side', 'kind', 'head', 'house', 'service', 'friend', 'father', 'power', 'hour', 'game',
  'line', 'end', 'member', 'law', 'car', 'city', 'community', 'name', 'president', 'team', 'minute', 'idea',
  'kid', 'body', 'information', 'back', 'parent', 'face', 'others', 'level', 'office', 'door', 'health',
  'person', 'art', 'war', 'history', 'party', 'result', 'change', 'morning', 'reason', 'research', 'girl',
  'guy', 'moment', 'air', 'teacher', 'force', 'education', 'food', 'good', 'new', 'first', 'last', 'long',
  'great', 'little', 'own', 'other', 'old', 'big', 'high', 'different', 'small', 'large', 'next', 'early',
  'young', 'important', 'few', 'public', 'bad', 'same', 'able', 'say', 'make', 'go', 'know', 'take', 'see',
  'come', 'think', 'look', 'want', 'give', 'use', 'find', 'tell', 'ask', 'seem', 'feel', 'try', 'leave',
  'call', 'keep', 'let', 'begin', 'help', 'talk', 'turn', 'start', 'show', 'hear', 'play', 'run', 'move',
  'like', 'live', 'believe', 'hold', 'bring', 'happen', 'write', 'provide', 'sit', 'stand', 'lose', 'pay',
  'meet', 'include', 'continue', 'set', 'learn', 'lead', 'understand', 'watch', 'follow', 'stop', 'create',
  'speak', 'read', 'allow', 'add', 'spend', 'grow', 'open', 'walk', 'win', 'offer', 'remember', 'love',
  'consider', 'appear', 'buy', 'wait', 'serve', 'die', 'send', 'expect', 'build', 'stay', 'fall', 'cut',
  'reach', 'kill', 'remain', 'suggest', 'raise', 'pass', 'sell', 'require', 'report', 'decide', 'pull',
  'never', 'always', 'often', 'really', 'almost', 'already', 'still', 'together', 'again', 'once', 'later',
  'soon', 'today', 'however', 'perhaps', 'maybe', 'black', 'white', 'red', 'green', 'blue', 'light', 'dark',
  'road', 'street', 'river', 'table', 'chair', 'window', 'paper', 'music', 'film', 'picture', 'letter', 'plan',
  'field', 'price', 'value', 'market', 'project', 'action', 'land', 'space', 'sea', 'sun', 'fire', 'tree',
  'dog', 'horse', 'bird', 'fish', 'cat',
];
