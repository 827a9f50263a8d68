import { digestCss } from '../../digest/render-html-style';

/**
 * The portal's one stylesheet, served from /assets/portal.css so the Content-Security-Policy can
 * forbid inline styles and scripts altogether. The digest's own styles first, so a digest looks the
 * same in the portal as saved or printed; then the portal's: a skip link that appears on focus, a
 * visible focus ring on everything keyboard-reachable (GOV.UK's yellow, 3px), forms and buttons.
 */
export const portalCss = `${digestCss}
  .skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: #ffdd00; color: #0b0c0c; font-weight: bold; }
  .skip-link:focus { left: 0; }
  :focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
  a:focus-visible { background: #ffdd00; color: #0b0c0c; }
  header.portal { background: #0b0c0c; color: #ffffff; padding: 0.5rem 1.25rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
  header.portal a { color: #ffffff; font-weight: bold; }
  header.portal a:focus-visible { color: #0b0c0c; }
  header.portal form { margin: 0; }
  nav ul { list-style: none; display: flex; gap: 1.5rem; margin: 0; padding: 0; }
  label { display: block; font-weight: bold; margin: 1rem 0 0.25rem; }
  input[type="text"], input[type="password"] { font: inherit; padding: 0.4rem; border: 2px solid #0b0c0c; width: 100%; max-width: 20rem; box-sizing: border-box; }
  button { font: inherit; font-weight: bold; padding: 0.4rem 1rem; margin-top: 0.5rem; background: #00703c; color: #ffffff; border: 2px solid #002d18; cursor: pointer; }
  button.secondary { background: #f3f2f1; color: #0b0c0c; border-color: #0b0c0c; }
  .error-summary { border: 5px solid #d4351c; padding: 0.75rem 1rem; margin: 1rem 0; }
  .error-summary h2 { border: 0; margin: 0 0 0.5rem; padding: 0; font-size: 1.25rem; }
  .acknowledged { background: #cce2d8; padding: 0.25rem 0.5rem; font-weight: bold; }
  form.acknowledge { margin-top: 0.5rem; }
  .visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  td.text { text-align: left; }
  .notice { border-left: 5px solid #00703c; background: #f3f2f1; padding: 0.5rem 1rem; margin: 1rem 0; }
  .hint { color: #505a5f; margin: 0 0 0.25rem; }
  select, textarea, input[type="date"] { font: inherit; padding: 0.4rem; border: 2px solid #0b0c0c; max-width: 30rem; box-sizing: border-box; }
  textarea { width: 100%; }
  fieldset { border: 0; padding: 0; margin: 1rem 0 0; }
  legend { font-weight: bold; margin-bottom: 0.25rem; }
  label.inline { display: inline; font-weight: normal; margin-left: 0.5rem; }
  form.inline { display: inline; }
`;
