/**
 * The studio page's policy: Monaco needs inline style attributes and its own
 * <style> elements. Only a page that opts in (allowEditorStyles) gets them,
 * and its <style> elements need the per-response nonce.
 */
import { expect } from 'chai';
import type { Response } from 'express';
import { allowEditorStyles, policy } from '../../server/http/csp.js';

function directives(header: string): Map<string, string> {
  return new Map(header.split('; ').map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)] as const));
}

describe('studio: content security policy for the editor', () => {
  it('pages that do not opt in keep style-src self and nothing inline', () => {
    const d = directives(policy([], []));
    expect(d.get('style-src')).to.equal("'self'");
    expect(d.has('style-src-elem')).to.equal(false);
    expect(d.has('style-src-attr')).to.equal(false);
    expect(d.get('script-src')).to.equal("'self'");
  });

  it('the editor page admits nonce-tagged <style> elements and style attributes, scripts unchanged', () => {
    const d = directives(policy([], [], { styleNonce: 'abc123==' }));
    expect(d.get('style-src-elem')).to.equal("'self' 'nonce-abc123=='");
    expect(d.get('style-src-attr')).to.equal("'unsafe-inline'");
    expect(d.get('script-src')).to.equal("'self'");
    // Workers load from 'self', which script-src already allows (worker-src falls back to it).
    expect(d.has('worker-src')).to.equal(false);
  });

  it('allowEditorStyles makes one unguessable nonce per response', () => {
    const res = { locals: {} } as unknown as Response;
    const nonce = allowEditorStyles(res);
    expect(nonce).to.match(/^[A-Za-z0-9+/]{22}==$/);
    expect(allowEditorStyles(res)).to.equal(nonce);
    expect(allowEditorStyles({ locals: {} } as unknown as Response)).to.not.equal(nonce);
  });
});
