/** Things that are one GPT-2 token with a leading space (" ring"): IOI's [OBJECT] slot and more. */
export const OBJECTS: readonly string[] = [
  'ring', 'kiss', 'bone', 'basketball', 'computer', 'necklace', 'drink', 'snack', 'book', 'pen', 'letter', 'gift',
  'flower', 'cake', 'phone', 'ticket', 'key', 'hat', 'bag', 'ball', 'card', 'cup', 'apple', 'watch', 'coin',
  'map', 'toy', 'box', 'camera', 'bottle', 'guitar', 'shirt', 'jacket', 'sandwich', 'pencil', 'lamp', 'chair',
];
