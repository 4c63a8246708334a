/** Text from a scenario (names, descriptions) as HTML text: `<script>` shows as `<script>`, never runs. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON to embed in a `<script type="application/json">` element: `<` is
 * written `\u003c`, so no string in it can close the element (`</script>`)
 * or open a comment, whatever the scenario's names hold.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
