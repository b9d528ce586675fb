/** Text made safe for HTML and SVG: in element content and in double-quoted attributes. */
export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A value as the content of `<script type="application/json">`: JSON with `<` escaped, so that
 * no string in it (a strategy's description, say) can close the script element.
 */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}
