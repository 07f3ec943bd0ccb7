/**
 * Text from files (column names, labels, file names in a manifest) is untrusted: an ESC byte in a
 * Parquet column name must not reach the terminal raw, where it could recolour, move the cursor or
 * forge a line. Every printer of human text (errors, progress, the run summary) passes its lines
 * through `printable`, so no message can forget it.
 */

// C0 and C1 controls, DEL, and the Unicode line separators and bidirectional overrides that can
// make a line display differently from its bytes.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character written as an escape (`\x1b`, `\n`, `\u202e`).
 * @example printable('a\u001b[31mb') // 'a\\x1b[31mb'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A name in quotes, escaped, for messages: `quoted(column)` reads `'x\\x1by'`.
 * @example new GanAugmentError('schema', `column ${quoted(name)} is empty.`)
 */
export function quoted(text: string): string {
  return `'${printable(text)}'`;
}

/** Multi-line human text (a summary): each line made printable, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
