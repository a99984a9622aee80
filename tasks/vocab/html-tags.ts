/** HTML element names that take a closing tag; closing-tag prompts nest them. */
export const HTML_TAGS: readonly string[] = [
  'div', 'span', 'p', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'b', 'i', 'em', 'strong', 'a', 'section', 'article',
  'header', 'footer', 'nav', 'h1', 'h2', 'h3', 'blockquote', 'code', 'pre', 'label', 'button', 'form', 'small',
];
