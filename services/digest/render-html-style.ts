/**
 * The digest page's only styling, inline so the page works as a single file (saved, printed or
 * opened offline) and needs no JavaScript. Level badges pair colour with the level's name, and
 * every colour pair meets WCAG AA contrast (most reach AAA): GOV.UK palette values.
 */
export const digestCss = `
  body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #0b0c0c; background: #ffffff; margin: 0; }
  main { max-width: 48rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
  h1 { font-size: 1.75rem; margin: 0.5rem 0 1rem; }
  h2 { font-size: 1.375rem; margin: 2.5rem 0 0.5rem; padding-top: 0.75rem; border-top: 2px solid #0b0c0c; }
  h3 { font-size: 1.125rem; margin: 0 0 0.5rem; }
  a { color: #1d70b8; }
  a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
  table { border-collapse: collapse; margin: 1rem 0; }
  caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
  th, td { border: 1px solid #505a5f; padding: 0.25rem 0.75rem; text-align: left; }
  td { text-align: right; }
  .level { display: inline-block; font-weight: bold; padding: 0 0.4rem; border: 2px solid #0b0c0c; }
  .level-high { background: #a4000f; color: #ffffff; }
  .level-medium { background: #ffdd00; color: #0b0c0c; }
  .level-low { background: #00703c; color: #ffffff; }
  .level-information { background: #1d70b8; color: #ffffff; }
  ol.items { list-style: none; padding: 0; margin: 0; }
  article { border-left: 5px solid #505a5f; padding: 0.5rem 0 0.5rem 1rem; margin: 1rem 0; }
  .findings { background: #f3f2f1; padding: 0.5rem 1rem; }
  .timing { font-weight: bold; margin: 0 0 0.5rem; }
  .without-consent { border: 3px solid #d4351c; padding: 0.25rem 0.5rem; margin: 0 0 0.5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  .nothing-new { font-size: 1.25rem; padding: 1rem; background: #f3f2f1; }
  footer { margin-top: 3rem; font-size: 0.875rem; color: #505a5f; }
  @media print { a { color: #0b0c0c; } h2 { break-before: auto; } article { break-inside: avoid; } }
`;
