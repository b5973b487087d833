/**
 * The studio page's CSP admits <style> elements only with the nonce the server
 * put in `<meta name="csp-nonce">` (Monaco creates such elements for its theme
 * and widgets; the build tags each one through here, see studio/build.ts).
 * Lit's own styles need nothing: they are constructed stylesheets, which CSP
 * does not govern.
 */
let nonce: string | undefined;

export function cspNonce(): string {
  nonce ??= document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
  return nonce;
}

export function tagStyleElement(style: HTMLStyleElement): void {
  const value = cspNonce();
  if (value) style.nonce = value;
}
