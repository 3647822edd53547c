/**
 * HTML rendered on the server by `renderMarkdown` (raw HTML disabled, links validated), so it
 * is safe to insert. Styles for the few elements Markdown produces.
 */
export function MarkdownBody({ html }: { html: string }) {
  return (
    <div
      className="space-y-3 [&_a]:break-all [&_h1]:text-std-20B-150 [&_h2]:text-std-18B-160 [&_h3]:text-std-16B-170 [&_li]:ml-6 [&_ol]:list-decimal [&_ul]:list-disc [&_code]:rounded-4 [&_code]:bg-solid-gray-50 [&_code]:px-1 [&_blockquote]:border-l-4 [&_blockquote]:border-solid-gray-200 [&_blockquote]:pl-3"
      // Sanitised by renderMarkdown (html: false, validated links).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
