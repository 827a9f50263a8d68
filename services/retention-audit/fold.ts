/**
 * One normal form for everything searched and everything searched for: accents off ("Zoë" → "zoe"),
 * lower case, apostrophes dropped ("O'Brien" → "obrien"). The patterns in needles.ts are built from
 * folded values and run over folded text, so "ZOE O’BRIEN", "Zoë O'Brien" and "zoe obrien" all meet.
 */
const nonAscii = /[\u0080-\uffff]/;
const marks = /[\u0300-\u036f]/g;
const apostrophes = /['’‘`´]/g;
// Letters NFKD leaves whole, and how the same name is written without them.
const spelledOut: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

export function fold(text: string): string {
  const lower = text.toLowerCase();
  const plain = nonAscii.test(lower) ? lower.normalize('NFKD').replace(marks, '').replace(/[ßøæœłđðþı]/g, (letter) => spelledOut[letter] ?? letter) : lower;
  return plain.replace(apostrophes, '');
}

const namedEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text a reader of an HTML page sees: tags become spaces, entities their characters. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return namedEntities[name.toLowerCase()] ?? entity;
    });
}
