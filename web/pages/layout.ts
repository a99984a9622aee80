import { html, type HtmlValue, type SafeHtml } from '../html.ts';

export interface PageOptions {
  title: string;
  /** the chart library, for pages with a chart (heat maps get hover values from it) */
  charts?: boolean;
}

/**
 * Every page's frame. Everything it loads is served by `hunt serve` itself (no third-party
 * request); the scripts only add hover and sorting to a page that reads fine without them.
 */
export function layout(options: PageOptions, body: HtmlValue): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · hunt</title>
<link rel="stylesheet" href="/static/web.css">
${options.charts ? html`<script src="/static/echarts.min.js" defer></script>` : ''}
<script src="/static/web.js" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/">hunt</a><nav><a href="/catalog">catalog</a><a href="/tasks">tasks</a></nav></header>
<main>
${body}
</main>
<footer>behaviours of GPT-2 small · every page here renders a stored record</footer>
</body>
</html>
`;
}
