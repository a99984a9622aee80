import { html, type SafeHtml } from '../html.ts';
import { layout } from './layout.ts';

const TITLES: Record<number, string> = { 400: 'Bad request', 404: 'Not found', 405: 'Method not allowed', 414: 'Address too long', 429: 'Too many requests', 431: 'Request headers too large', 500: 'Something went wrong', 503: 'Unavailable' };

/** A 4xx/5xx page: what was wrong, in one sentence, and where to go from here. Never a stack trace. */
export function errorPage(status: number, message: string): SafeHtml {
  const title = TITLES[status] ?? 'Error';
  return layout({ title }, html`<h1 class="error-title">${status} · ${title}</h1><p class="error-message">${message}</p><p><a href="/">home</a> · <a href="/catalog">catalog</a></p>`);
}
