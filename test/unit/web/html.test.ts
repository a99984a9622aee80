import { describe, expect, test } from 'vitest';
import { html, jsonScript } from '../../../web/html.ts';
import { surpriseColour } from '../../../web/pages/surprise-page.ts';

describe('html templates', () => {
  test('GIVEN user text with markup THEN it is escaped, and nested templates are not escaped twice', () => {
    const prompt = '<script>alert("x")</script> & \'y\'';
    expect(html`<p>${prompt}</p>${html`<b>${'<i>'}</b>`}`.text).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p><b>&lt;i&gt;</b>');
  });

  test('GIVEN arrays, numbers and empty values THEN arrays are joined and null, undefined and false print nothing', () => {
    expect(html`${[1, 2, html`<br>`]}|${null}|${undefined}|${false}|${0}`.text).toBe('12<br>||||0');
  });

  test('GIVEN a prompt holding </script> in chart data THEN the JSON block cannot be closed by it', () => {
    const block = jsonScript('c1', { label: '</script><script>alert(1)</script>' }).text;
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(block.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toStrictEqual({ label: '</script><script>alert(1)</script>' });
  });

  test('GIVEN log-probs THEN the surprise colour goes from clear (expected) to full red at −10 nats', () => {
    expect([surpriseColour(0), surpriseColour(-5), surpriseColour(-10), surpriseColour(-30), surpriseColour(null)]).toStrictEqual([
      'rgba(214, 39, 40, 0.00)',
      'rgba(214, 39, 40, 0.50)',
      'rgba(214, 39, 40, 1.00)',
      'rgba(214, 39, 40, 1.00)',
      'transparent',
    ]);
  });
});
