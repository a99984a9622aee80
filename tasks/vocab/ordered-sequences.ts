/** Ordered, cyclic sequences that text often lists in order: the successor task continues them. */
export const ORDERED_SEQUENCES: Readonly<Record<string, readonly string[]>> = {
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  months: [
    'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
    'December',
  ],
  numbers: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
};
