/**
 * Splits a robot.yaml `shell:` string into argv the way rcc does (POSIX shell words, no expansion).
 * Hand-written: the rules needed are ~30 lines, smaller than any dependency that does them.
 */

/** Splits a command line into words: whitespace separates, '…' is literal, "…" and \ escape. */
export function splitShellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: "'" | '"' | null = null
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i)
    if (quote === "'") {
      if (ch === "'") quote = null
      else word += ch
    } else if (quote === '"') {
      if (ch === '"') quote = null
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line.charAt(i + 1)))
        word += line.charAt(++i)
      else word += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      inWord = true
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line.charAt(++i)
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += ch
      inWord = true
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in command: ${line}`)
  if (inWord) words.push(word)
  return words
}
