/**
 * Translate a JavaScript regex (source + flags) into RE2 syntax with the same meaning,
 * so task regexes written for JS can run on re2js, whose matching time is linear in the
 * text (no ReDoS). Lookbehinds are kept: re2js runs them in linear time when they hold no
 * capturing group (its LOOKBEHINDS flag; with a group its compiler refuses them). What RE2
 * cannot do at all — backreferences, lookahead, the `v` flag — is reported as
 * untranslatable and the caller falls back to the JS engine under a time budget.
 *
 * Differences made equal here: JS `\s` (Unicode spaces) vs RE2's ASCII `\s`; JS `.` (not
 * \n \r \u2028 \u2029) vs RE2's (not \n); `\uXXXX`/`\u{…}`/`\cX`; `[^]` and `[]`; a `[`
 * inside a class; `\S` inside a class (`[\s\S]`); identity escapes such as `\a` that are
 * letters in JS and bells in RE2; `\p{Script=Greek}` → `\p{Greek}`.
 * With the `m` flag, `^` becomes a lookbehind on JS's line ends (\r, \u2028, \u2029 as well as
 * \n); `$` cannot be said without a lookahead, so it is untranslatable and the JS engine runs.
 * Differences left: without the `u` flag JS works on UTF-16
 * code units, RE2 on code points (an astral character is one `.` in RE2, two in JS);
 * case-insensitive matching uses Unicode simple case folding in RE2.
 */

export type Re2Translation =
  | { ok: true; source: string; flags: { caseInsensitive: boolean; multiline: boolean; dotAll: boolean; lookbehinds: boolean }; notes: string[] }
  | { ok: false; reason: string };

/** ECMAScript WhiteSpace and LineTerminator: what JS `\s` matches. */
const JS_SPACE = '\\t\\n\\x{b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
/** What JS `.` matches without the `s` flag: anything but a line terminator. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const HEX = /^[0-9A-Fa-f]+$/;

class Untranslatable extends Error {}

const hex = (codePoint: number): string => `\\x{${codePoint.toString(16)}}`;

function unicodeProperty(body: string): string {
  const eq = body.indexOf('=');
  if (eq === -1) return body;
  const key = body.slice(0, eq);
  const value = body.slice(eq + 1);
  if (key === 'General_Category' || key === 'gc' || key === 'Script' || key === 'sc') return value;
  throw new Untranslatable(`\\p{${body}} has no RE2 equivalent`);
}

export function translateToRe2(source: string, flags = ''): Re2Translation {
  const unicode = flags.includes('u');
  if (flags.includes('v')) return { ok: false, reason: 'the v flag (set notation) is not supported by RE2' };
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');
  const namedGroups = /\(\?<[A-Za-z_$]/.test(source);
  const notes: string[] = [];
  let out = '';
  let inClass = false;
  /** the class being read: its items, whether negated, whether it holds \S */
  let cls = { items: '', negated: false, nonSpace: false };
  let lookbehinds = false;
  let i = 0;

  const escape = (): string => {
    const d = source[i + 1];
    i += 2;
    switch (d) {
      case 'd': case 'D': case 'w': case 'W':
      case 'n': case 'r': case 't': case 'f': case 'v':
        return `\\${d}`;
      case 's':
        return inClass ? JS_SPACE : `[${JS_SPACE}]`;
      case 'S':
        if (!inClass) return `[^${JS_SPACE}]`;
        // A class can hold JS's \S only as a union: [a\S] is (?:[a]|[^spaces]).
        if (cls.negated) throw new Untranslatable('\\S inside a negated character class');
        cls.nonSpace = true;
        return '';
      case 'b':
        return inClass ? hex(8) : '\\b';
      case 'B':
        return inClass ? 'B' : '\\B';
      case '0':
        if (/[0-9]/.test(source[i] ?? '')) throw new Untranslatable('a legacy octal escape');
        return hex(0);
      case 'x': {
        const digits = source.slice(i, i + 2);
        if (digits.length === 2 && HEX.test(digits)) {
          i += 2;
          return hex(parseInt(digits, 16));
        }
        return 'x';
      }
      case 'u': {
        if (unicode && source[i] === '{') {
          const close = source.indexOf('}', i);
          const digits = source.slice(i + 1, close);
          i = close + 1;
          return hex(parseInt(digits, 16));
        }
        const digits = source.slice(i, i + 4);
        if (digits.length !== 4 || !HEX.test(digits)) return 'u';
        i += 4;
        const unit = parseInt(digits, 16);
        if (unit >= 0xd800 && unit <= 0xdbff && source.startsWith('\\u', i) && HEX.test(source.slice(i + 2, i + 6))) {
          const low = parseInt(source.slice(i + 2, i + 6), 16);
          if (low >= 0xdc00 && low <= 0xdfff) {
            i += 6;
            return hex(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
          }
        }
        if (unit >= 0xd800 && unit <= 0xdfff) throw new Untranslatable('a lone surrogate \\u escape');
        return hex(unit);
      }
      case 'c': {
        const letter = source[i] ?? '';
        if (/[A-Za-z]/.test(letter)) {
          i++;
          return hex(letter.charCodeAt(0) % 32);
        }
        throw new Untranslatable('a \\c escape without a control letter');
      }
      case 'k':
        if (unicode || namedGroups) throw new Untranslatable('a named backreference (\\k<…>)');
        return 'k';
      case 'p': case 'P': {
        if (!unicode) return d;
        const close = source.indexOf('}', i);
        const body = source.slice(i + 1, close);
        i = close + 1;
        return `\\${d}{${unicodeProperty(body)}}`;
      }
      default:
        if (/[1-9]/.test(d)) throw new Untranslatable(inClass ? 'a legacy octal escape' : 'a backreference (\\1…)');
        // Identity escapes: a letter stands for itself in JS (RE2 would read \a as a bell, \z as an anchor).
        if (/[A-Za-z]/.test(d)) return d;
        // Punctuation stays escaped (RE2 accepts any escaped punctuation); other characters are themselves.
        return d.charCodeAt(0) < 128 ? `\\${d}` : d;
    }
  };

  try {
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        if (inClass) cls.items += escape();
        else out += escape();
        continue;
      }
      if (inClass) {
        if (c === ']') {
          inClass = false;
          const nonSpace = `[^${JS_SPACE}]`;
          if (!cls.nonSpace) out += `[${cls.negated ? '^' : ''}${cls.items}]`;
          else out += cls.items ? `(?:[${cls.items}]|${nonSpace})` : nonSpace;
        } else {
          cls.items += c === '[' ? '\\[' : c;
        }
        i++;
        continue;
      }
      if (c === '[') {
        if (source.startsWith('[^]', i)) {
          out += '[\\x{0}-\\x{10ffff}]';
          i += 3;
        } else if (source.startsWith('[]', i)) {
          out += '[^\\x{0}-\\x{10ffff}]';
          i += 2;
        } else {
          // A `]` right after `[` or `[^` closes an empty class in JS: `[]` and `[^]` are handled above.
          inClass = true;
          cls = { items: '', negated: source[i + 1] === '^', nonSpace: false };
          i += cls.negated ? 2 : 1;
        }
        continue;
      }
      if (c === '(' && source[i + 1] === '?') {
        const rest = source.slice(i + 2);
        if (rest.startsWith('=') || rest.startsWith('!')) throw new Untranslatable('a lookahead');
        if (rest.startsWith('<=') || rest.startsWith('<!')) lookbehinds = true;
        if (!rest.startsWith(':') && !rest.startsWith('<')) throw new Untranslatable(`the group syntax (?${rest[0]}`);
        out += '(?';
        i += 2;
        continue;
      }
      if (c === '.') {
        out += dotAll ? '.' : JS_DOT;
        i++;
        continue;
      }
      if (multiline && c === '^') {
        // JS starts a line after \r, \u2028 and \u2029 too (so also between \r and \n)
        out += '(?:^|(?<=[\\r\\x{2028}\\x{2029}]))';
        lookbehinds = true;
        i++;
        continue;
      }
      if (multiline && c === '$') throw new Untranslatable('$ with the m flag (JS ends a line before \\r, \\u2028 and \\u2029 too; RE2 only before \\n, and has no lookahead to say so)');
      out += c;
      i++;
    }
  } catch (err) {
    if (err instanceof Untranslatable) return { ok: false, reason: err.message };
    throw err;
  }

  return { ok: true, source: out, flags: { caseInsensitive: flags.includes('i'), multiline, dotAll, lookbehinds }, notes };
}
