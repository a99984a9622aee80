import { pick, type Rng } from '../../common/random.ts';

/**
 * Documents like a web crawl's: English prose (with the occasional acronym, citation, date
 * range, family relation, e-mail), HTML pages (nested tags, images with and without alt
 * texts), source code (array indices, comparisons, HTML in strings) and changelogs
 * (`Name <email>`, versions, bullet lists) — dense in the characters task regexes start
 * on ("(", "[", "<", capitals), so no task's speed rests on a corpus that never triggers it.
 */

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we ' +
  'their said would when what about been who will more if out so up into than them can only other new some could time these two may then do first any ' +
  'my now such like our over man me even most made after also did many before must through back years where much your way well down should because each'
).split(' ');
const CAPITALS = 'National Aeronautics Space Administration World Health Organization Federal Bureau Investigation European Central Bank United Nations Open Source Initiative'.split(' ');
const FIRST = 'John Mary Peter Anna Pyotr Clara Martin Sofia David Elena'.split(' ');
const LAST = 'Smith Tchaikovsky Sprickerhof Johnson Okonkwo Nakamura Brown Abernathy Lindqvist Garcia'.split(' ');
const TAGS = 'div p span b i a li ul section article em strong td tr table'.split(' ');
const IDENTIFIERS = 'argv items buf data row col matrix result values keys'.split(' ');

function prose(rng: Rng): string {
  const out: string[] = [];
  const length = 150 + Math.floor(rng() * 900);
  let cite = 1;
  for (let i = 0; i < length; i++) {
    const r = rng();
    if (r < 0.002) {
      const n = 2 + Math.floor(rng() * 3);
      const span = Array.from({ length: n }, () => pick(rng, CAPITALS));
      out.push(...span, `(${span.map((w) => w[0]).join('')})`);
    } else if (r < 0.004) out.push(`[${cite++}]`);
    else if (r < 0.006) out.push(pick(rng, FIRST), pick(rng, LAST));
    else if (r < 0.007) out.push(`from ${1800 + Math.floor(rng() * 200)} to ${1800 + Math.floor(rng() * 200)}`);
    else if (r < 0.0075) out.push(`contact me at ${pick(rng, FIRST).toLowerCase()}@example.org`);
    else if (r < 0.01) out.push(`(${pick(rng, WORDS)}`);
    else out.push(pick(rng, WORDS));
    if (rng() < 0.06) out.push('.');
  }
  return out.join(' ').replace(/ \./g, '.');
}

function html(rng: Rng): string {
  const out: string[] = ['<html><body>'];
  const blocks = 20 + Math.floor(rng() * 80);
  for (let i = 0; i < blocks; i++) {
    const r = rng();
    if (r < 0.15) {
      const name = `${pick(rng, WORDS)}_${pick(rng, WORDS)}`;
      out.push(rng() < 0.5 ? `<img src="/img/${name}.jpg" alt="${name.replace('_', ' ')}">` : `<img alt="${name.replace('_', ' ')}" src="${name}.png">`);
    } else {
      const outer = pick(rng, TAGS);
      const inner = pick(rng, TAGS);
      out.push(`<${outer} class="c${i}"><${inner}>${pick(rng, WORDS)} ${pick(rng, WORDS)}</${inner}> ${pick(rng, WORDS)} <a href="/x/${i}">${pick(rng, WORDS)}</a></${outer}>`);
    }
  }
  out.push('</body></html>');
  return out.join('\n');
}

function code(rng: Rng): string {
  const out: string[] = [];
  const lines = 30 + Math.floor(rng() * 150);
  for (let i = 0; i < lines; i++) {
    const a = pick(rng, IDENTIFIERS);
    const b = pick(rng, IDENTIFIERS);
    const r = rng();
    if (r < 0.3) out.push(`  ${a}[${i % 7}] = ${b}[${(i * 3) % 11}] + ${a}[i][${i % 5}];`);
    else if (r < 0.5) out.push(`  if (${a}.length > ${i} && ${b} < ${a}[0]) { return ${a}; }`);
    else if (r < 0.6) out.push(`  html += '<${pick(rng, TAGS)}>' + ${a} + '</${pick(rng, TAGS)}>';`);
    else if (r < 0.7) out.push(`  // See Foo Bar (FB) and issue [${i}] for ${pick(rng, WORDS)} ${pick(rng, WORDS)}`);
    else out.push(`  const ${a}${i} = ${b}.map((x) => x * ${i}); // ${pick(rng, WORDS)} ${pick(rng, WORDS)}`);
  }
  return out.join('\n');
}

function changelog(rng: Rng): string {
  const out: string[] = [];
  const releases = 3 + Math.floor(rng() * 12);
  for (let i = 0; i < releases; i++) {
    const f = pick(rng, FIRST);
    const l = pick(rng, LAST);
    out.push(`## ${releases - i}.${Math.floor(rng() * 10)}.0 (20${10 + Math.floor(rng() * 15)}-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 10)})`);
    out.push(`Released by ${f} ${l} <${f.toLowerCase()}.${l.toLowerCase()}@example.com>`);
    const items = 2 + Math.floor(rng() * 8);
    for (let k = 0; k < items; k++) out.push(`- ${pick(rng, WORDS)} ${pick(rng, WORDS)} ${pick(rng, WORDS)} (#${100 + Math.floor(rng() * 900)}, ${f} ${l.slice(0, 1)}${l.slice(1)})`);
  }
  return out.join('\n');
}

/** One document: prose 50%, HTML 20%, code 20%, changelog 10%. */
export function mixedDocument(rng: Rng): string {
  const r = rng();
  return r < 0.5 ? prose(rng) : r < 0.7 ? html(rng) : r < 0.9 ? code(rng) : changelog(rng);
}
