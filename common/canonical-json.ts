/**
 * JSON with object keys sorted at every depth, so equal content has one text whatever
 * order its keys were built in. Arrays keep their order (it means something); an undefined
 * field is left out, an undefined array entry is written `null`, as JSON.stringify does.
 *
 * Written with its own stack, not by recursion: a payload's nesting must not decide whether
 * hashing it overflows the call stack (a definition thousands of levels deep did). A cycle
 * throws a TypeError, as JSON.stringify does.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  /** what is left to write, the next item last: a value, or text (closing a container when `closes` is set) */
  const work: ({ value: unknown } | { text: string; closes?: object })[] = [{ value }];
  /** the arrays and objects being written: meeting one again inside itself is a cycle */
  const open = new Set<object>();
  while (work.length > 0) {
    const item = work.pop()!;
    if ('text' in item) {
      out.push(item.text);
      if (item.closes) open.delete(item.closes);
      continue;
    }
    const current = item.value;
    if (current === null || typeof current !== 'object') {
      out.push(JSON.stringify(current) ?? 'null');
      continue;
    }
    if (open.has(current)) throw new TypeError('canonicalJson: the value holds a cycle');
    open.add(current);
    if (Array.isArray(current)) {
      work.push({ text: ']', closes: current });
      for (let i = current.length - 1; i >= 0; i--) {
        work.push({ value: current[i] === undefined ? null : current[i] });
        if (i > 0) work.push({ text: ',' });
      }
      out.push('[');
    } else {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      work.push({ text: '}', closes: current });
      for (let i = entries.length - 1; i >= 0; i--) {
        work.push({ value: entries[i][1] });
        work.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(entries[i][0])}:` });
      }
      out.push('{');
    }
  }
  return out.join('');
}
