import { escapeHtml, renderMessage } from './message';

describe('renderMessage', () => {
  const hostile = `<script>alert("x")</script> & 'q'`;

  it('escapes every piece of text in the HTML part and keeps it as is in the text part', () => {
    const mail = renderMessage({
      language: 'en',
      subject: `Hello ${hostile}\r\nBcc: victim@example.com`,
      signature: hostile,
      blocks: [
        { kind: 'heading', text: hostile },
        { kind: 'paragraph', text: hostile },
        { kind: 'facts', rows: [[hostile, hostile]] },
        { kind: 'codes', title: hostile, codes: [hostile] },
        { kind: 'link', label: hostile, url: `https://shop.example/orders/1?a="b"&c=<d>` },
        { kind: 'link', label: 'bad', url: 'javascript:alert(1)' },
      ],
    });
    expect(mail.html).not.toContain('<script>');
    // The title (the subject), heading, paragraph, fact label and value, codes title and code, link label, signature.
    expect(mail.html.split(escapeHtml(hostile)).length - 1).toBe(9);
    expect(mail.html).toContain('<a href="https://shop.example/orders/1?a=&quot;b&quot;&amp;c=&lt;d&gt;">');
    expect(mail.html).not.toContain('href="javascript');
    expect(mail.text).toContain(hostile);
    expect(mail.subject).toBe(`Hello ${hostile} Bcc: victim@example.com`);
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
