/**
 * Every value that reaches an HTML page or email passes through here: summaries and organisation
 * names come from agencies' systems, so a stray `<` or a deliberate `<script>` must arrive as text.
 * Quotes are escaped too, so the same function is safe inside attribute values.
 */
const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

/** HTML built by the `html` template: already escaped, so it is inserted as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const interpolate = (value: HtmlValue): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(value as string | number);
};

/**
 * A template that escapes every value unless it is itself `html`: a page built with it cannot forget
 * to escape agency text. Arrays are joined; null, undefined and false leave nothing.
 *
 *   html`<td>${organisation}</td>`   // <td>A &amp; B Housing</td>
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? interpolate(values[i]) : ''), ''));
}
