import MarkdownIt from 'markdown-it';

/** Markup that is already safe to send; anything else interpolated into {@link html} is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation =
  | SafeHtml
  | string
  | number
  | undefined
  | null
  | false
  | Interpolation[];

const escapeHtml = new MarkdownIt().utils.escapeHtml;

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(render).join('');
  }
  if (value instanceof SafeHtml) {
    return value.value;
  }
  return escapeHtml(String(value));
}

/**
 * Every page is built with this tag, so every value that comes from a
 * repository (names, paths, messages, file contents, titles) is escaped
 * unless it is itself the result of `html` or of the markdown renderer.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: Interpolation[]
): SafeHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}

const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; }
header { background: #24292f; color: #fff; padding: 12px 24px; }
header a { color: #fff; text-decoration: none; font-weight: 600; }
main { max-width: 1012px; margin: 24px auto; padding: 0 16px; }
a { color: #0969da; }
table.files { width: 100%; border: 1px solid #d0d7de; border-radius: 6px; border-collapse: collapse; }
table.files td { padding: 6px 12px; border-top: 1px solid #d0d7de; }
.box { border: 1px solid #d0d7de; border-radius: 6px; margin: 16px 0; }
.box > h2, .box > h3 { margin: 0; padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; font-size: 14px; }
.box > .body { padding: 16px; overflow-x: auto; }
pre { margin: 0; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; }
.state { display: inline-block; padding: 2px 10px; border-radius: 2em; color: #fff; font-weight: 600; }
.state.open { background: #1f883d; } .state.closed { background: #cf222e; }
.state.merged { background: #8250df; } .state.draft { background: #6e7781; }
.muted { color: #656d76; }
.add { color: #1a7f37; } .del { color: #cf222e; }
nav.crumbs { font-size: 18px; margin-bottom: 12px; }
`;

/** The page frame; `title` is escaped, `body` must already be {@link SafeHtml}. */
export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <a href="/">GitHub sandbox</a> <span class="muted">read-only</span>
        </header>
        <main>${body}</main>
      </body>
    </html> `.value;
}
