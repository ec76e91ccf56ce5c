/** `%text%` for ILIKE, with the pattern characters in `text` taken literally (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
