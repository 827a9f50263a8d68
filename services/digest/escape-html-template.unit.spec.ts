import { html } from './escape-html';

describe('the html template escapes every value unless it is markup the template made', () => {
  it('escapes text, quotes included, so a value is safe inside an attribute', () => {
    const value = `<script>alert("x")</script>' onload='`;
    expect(html`<td title="${value}">${value}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;</td>',
    );
  });

  it('keeps fragments it built, escapes each item of an array, and writes nothing for null or undefined', () => {
    const items = ['a & b', html`<em>${'<b>'}</em>`];
    expect(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>${null}${undefined}${3}`.value).toBe('<ul><li>a &amp; b</li><li><em>&lt;b&gt;</em></li></ul>3');
    expect(html`${['<i>', 4]}`.value).toBe('&lt;i&gt;4');
  });
});
