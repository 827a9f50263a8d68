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
