import { escapeHtml } from '../digest/escape-html';

/**
 * HTML escaped by default, not by remembering to call a function:
 *
 *   html`<td>${household}</td>`          the value is escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   fragments built this way are kept as they are
 *
 * Only a `SafeHtml` (what this template returns) is inserted unescaped; every other value, agency
 * text, a name, a number, is escaped, quotes included, so it is safe inside attribute values too.
 * Arrays are joined with nothing between their items, each item following the same rule.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const insert = (value: unknown): string => {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(insert).join('');
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
};

export function html(literals: TemplateStringsArray, ...values: readonly unknown[]): SafeHtml {
  return new SafeHtml(values.reduce<string>((markup, value, index) => markup + insert(value) + literals[index + 1], literals[0]));
}
