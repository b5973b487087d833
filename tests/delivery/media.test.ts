/** Media an authored sequence names: played when it can be, replaced by a clear note when it cannot. */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localFile, mediaChecker, PUBLIC_DIR, withMissingImages } from '../../server/delivery/media.js';
import { markdownBlock } from '../../server/delivery/markdown.js';

describe('delivery: media', () => {
  it('maps /static/ URLs into the public directory and nothing outside it', () => {
    expect(localFile('/static/media/fractions/fraction-bars.svg')).to.equal(`${PUBLIC_DIR}/media/fractions/fraction-bars.svg`);
    for (const url of ['/static/../server.ts', '/static/%2e%2e/%2e%2e/package.json', '/static/media/../../x', '/elsewhere/x.mp4', 'https://cdn.example/x.mp4', '/static/%E0%A4%A']) {
      const file = localFile(url);
      expect(file === null || file.startsWith(`${PUBLIC_DIR}/`), url).to.equal(true);
    }
    expect(localFile('/static/../server.ts')).to.equal(null);
  });

  it('plays installed local files and https, never other schemes or missing files', () => {
    const media = mediaChecker();
    expect(media('/static/media/fractions/fraction-bars.svg')).to.equal(true);
    expect(media('/static/media/fractions/no-such-clip.mp4')).to.equal(false);
    expect(media('/static/media')).to.equal(false);
    expect(media('https://media.example.edu/clip.mp4')).to.equal(true);
    for (const url of ['http://media.example.edu/clip.mp4', 'javascript:alert(1)', 'data:video/mp4;base64,AAAA', '//evil.example/x.mp4']) expect(media(url), url).to.equal(false);
  });

  it('re-reads the disk only after its time-to-live, so a file installed while running is picked up', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-'));
    let now = 0;
    const media = mediaChecker(dir, 1000, () => now);
    expect(media('/static/clip.mp4')).to.equal(false);
    fs.writeFileSync(path.join(dir, 'clip.mp4'), 'x');
    now = 999;
    expect(media('/static/clip.mp4'), 'cached').to.equal(false);
    now = 1000;
    expect(media('/static/clip.mp4'), 'after the time-to-live').to.equal(true);
  });

  it('replaces a local picture that is not installed with a note carrying its alt text', () => {
    const html = markdownBlock('![Bars for halves](/static/media/fractions/missing.svg) and ![Bars](/static/media/fractions/fraction-bars.svg) and ![remote](https://cdn.example/x.png)');
    const shown = withMissingImages(html, mediaChecker());
    expect(shown).to.contain('<span class="missing-media">Picture not available: Bars for halves</span>');
    expect(shown).to.contain('<img src="/static/media/fractions/fraction-bars.svg" alt="Bars" />');
    expect(shown).to.contain('<img src="https://cdn.example/x.png" alt="remote" />');
  });
});
