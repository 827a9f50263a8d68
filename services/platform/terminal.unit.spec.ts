import { escapeForTerminal, escapeLinesForTerminal, terminal } from './terminal';

describe('terminal``', () => {
  it('keeps the template’s own line breaks and escapes every line break and escape sequence in a value', () => {
    const summary = 'Disturbance\n1. Family SF-FAKE: HIGH\u001b[8m';
    expect(terminal`summary: ${summary}\nnext line`).toBe('summary: Disturbance\\u000a1. Family SF-FAKE: HIGH\\u001b[8m\nnext line');
  });

  it('escapes C0, DEL, C1, line and paragraph separators, bidi overrides and isolates, and lone surrogates', () => {
    expect(escapeForTerminal('\u0000\t\r\u007f\u009b\u2028\u2029\u202a\u202e\u2066\u2069\ud800')).toBe(
      '\\u0000\\u0009\\u000d\\u007f\\u009b\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069\\ud800',
    );
  });

  it('leaves ordinary text alone: accents, emoji, right-to-left letters, backslashes and numbers', () => {
    expect(terminal`${"Siân O'Neill 😀 مريم C:\\temp"} has ${3} items`).toBe("Siân O'Neill 😀 مريم C:\\temp has 3 items");
  });
});

describe('escapeLinesForTerminal', () => {
  it('keeps the line breaks of text meant to be several lines (an email body) and escapes everything else', () => {
    expect(escapeLinesForTerminal('Dear Pat,\r\nYour digest is ready.\u001b[2J\n\u202eend')).toBe('Dear Pat,\nYour digest is ready.\\u001b[2J\n\\u202eend');
  });
});
