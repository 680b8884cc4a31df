import MarkdownIt from 'markdown-it';
import { SafeHtml } from './html';

/**
 * Raw HTML in markdown is escaped (`html: false`), and markdown-it's own link
 * validation drops `javascript:` and similar URLs, so a README cannot inject
 * markup or script into the page.
 */
const markdown = new MarkdownIt({ html: false, linkify: true });

const ABSOLUTE = /^([a-z][a-z0-9+.-]*:|\/|#)/i;

/**
 * Renders a markdown file the way GitHub shows it, with relative links and
 * images resolved against the file's folder: links to the blob page of the
 * same ref, images to the raw file.
 *
 * @param base - `/owner/repo`
 * @param ref - the branch, tag or sha being viewed
 * @param folder - the folder holding the file, without leading or trailing slash
 */
export function renderMarkdown(
  source: string,
  location: { base: string; ref: string; folder: string },
): SafeHtml {
  const resolve = (target: string, view: 'blob' | 'raw') => {
    if (ABSOLUTE.test(target)) {
      return target;
    }
    const resolved = new URL(
      target,
      `http://repository/${location.folder ? `${location.folder}/` : ''}`,
    );
    const prefix =
      view === 'raw'
        ? `/raw${location.base}/${location.ref}`
        : `${location.base}/blob/${location.ref}`;
    return `${prefix}${resolved.pathname}${resolved.search}${resolved.hash}`;
  };
  const env = {};
  const tokens = markdown.parse(source, env);
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') {
        const href = child.attrGet('href');
        if (href) child.attrSet('href', resolve(href, 'blob'));
      } else if (child.type === 'image') {
        const src = child.attrGet('src');
        if (src) child.attrSet('src', resolve(src, 'raw'));
      }
    }
  }
  return new SafeHtml(markdown.renderer.render(tokens, markdown.options, env));
}
