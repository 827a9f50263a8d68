/**
 * The transparency page's only styling, inline so the page is one file the council can put on its
 * website as it is. Every colour pair meets WCAG AA contrast (GOV.UK palette): text #0b0c0c on white
 * and on #f3f2f1, links #1d70b8 on white.
 */
export const transparencyCss = `
  body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #0b0c0c; background: #ffffff; margin: 0; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
  h1 { font-size: 2rem; margin: 0.5rem 0 1rem; }
  h2 { font-size: 1.5rem; margin: 2.5rem 0 0.5rem; padding-top: 0.75rem; border-top: 2px solid #0b0c0c; }
  h3 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
  .facts { background: #f3f2f1; padding: 0.75rem 1rem; }
  .facts dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  .facts dt { font-weight: bold; }
  .facts dd { margin: 0; }
  table { border-collapse: collapse; margin: 1rem 0; }
  caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
  th, td { border: 1px solid #505a5f; padding: 0.25rem 0.75rem; text-align: left; vertical-align: top; }
  td.count { text-align: right; font-variant-numeric: tabular-nums; }
  tr.total th, tr.total td { font-weight: bold; background: #f3f2f1; }
  abbr { text-decoration: none; border-bottom: 1px dotted #0b0c0c; }
  footer { margin-top: 3rem; font-size: 0.875rem; color: #0b0c0c; }
`;
