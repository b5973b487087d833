/**
 * The sample sequences' media are real and all there: every /static/media URL
 * a sample names is a file the tool serves, every file under
 * server/public/media is used by a sample, and each video comes with captions
 * that say what its transcript says.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { localFile, PUBLIC_DIR } from '../../server/delivery/media.js';
import { loadSample, SAMPLE_NAMES } from '../engine/support/samples.js';

const MEDIA_DIR = path.join(PUBLIC_DIR, 'media');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every /static/media URL in a sample, wherever it appears (video fields, Markdown images and links). */
function mediaUrls(name: (typeof SAMPLE_NAMES)[number]): string[] {
  const text = JSON.stringify(loadSample(name));
  return [...new Set([...text.matchAll(/\/static\/media\/[^\s)"'\\]+/g)].map((m) => m[0]))];
}

/** The spoken text of a WebVTT file: its cue payloads, in order. */
function cueText(vtt: string): string {
  const blocks = vtt.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return blocks
    .filter((b) => b.includes('-->'))
    .map((b) => b.split('\n').filter((l) => !l.includes('-->')).join(' '))
    .join(' ')
    .trim();
}

describe('sample media', () => {
  const referenced = new Set<string>();

  for (const name of SAMPLE_NAMES) {
    it(`${name}: every /static/media URL it names is a file on disk`, () => {
      const urls = mediaUrls(name);
      expect(urls.length).to.be.greaterThan(0);
      for (const url of urls) {
        const file = localFile(url);
        expect(file, url).to.be.a('string');
        expect(fs.existsSync(file ?? '') && fs.statSync(file ?? '').isFile(), `${url} → ${file}`).to.equal(true);
        referenced.add(path.resolve(file ?? ''));
      }
    });

    it(`${name}: each video is a small H.264 MP4 with WebVTT captions that say what the transcript says`, () => {
      const videos = loadSample(name).activities.flatMap((a) => (a.kind === 'video' ? [a] : []));
      expect(videos.length).to.be.greaterThan(0);
      for (const v of videos) {
        expect(v.embedUrl, `${v.id} plays a file, not an embed`).to.equal(undefined);
        const mp4 = fs.readFileSync(localFile(v.url ?? '') ?? '');
        expect(mp4.subarray(4, 8).toString('latin1'), `${v.id}: an MP4 (ftyp box)`).to.equal('ftyp');
        expect(mp4.includes(Buffer.from('avc1')), `${v.id}: H.264`).to.equal(true);
        expect(mp4.length, `${v.id}: small enough for a school network`).to.be.below(300 * 1024);
        expect(v.captionsUrl, `${v.id} has captions`).to.be.a('string');
        const vtt = fs.readFileSync(localFile(v.captionsUrl ?? '') ?? '', 'utf8');
        expect(vtt.startsWith('WEBVTT'), `${v.id}: WebVTT header`).to.equal(true);
        const times = [...vtt.matchAll(/^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$/gm)].map((m) => {
          const s = (i: number) => Number(m[i]) * 3600 + Number(m[i + 1]) * 60 + Number(m[i + 2]) + Number(m[i + 3]) / 1000;
          return [s(1), s(5)] as const;
        });
        expect(times.length, `${v.id}: cues`).to.be.greaterThan(1);
        let last = 0;
        for (const [start, end] of times) {
          expect(start, `${v.id}: cues in order`).to.be.at.least(last - 0.001);
          expect(end, `${v.id}: a cue ends after it starts`).to.be.above(start);
          last = end;
        }
        if (v.durationSeconds !== undefined) expect(Math.abs(last - v.durationSeconds), `${v.id}: captions run to the stated length`).to.be.below(1);
        expect(cueText(vtt), `${v.id}: captions = transcript`).to.equal(v.transcript);
      }
    });
  }

  it('every diagram is accessible: a title and a description, the text drawn as text', () => {
    for (const file of filesUnder(MEDIA_DIR).filter((f) => f.endsWith('.svg') && f.includes(`${path.sep}privacy${path.sep}`))) {
      const svg = fs.readFileSync(file, 'utf8');
      expect(svg, file).to.match(/<svg[^>]*role="img"[^>]*aria-labelledby="title desc"/);
      expect(svg, file).to.match(/<title id="title">[^<]+<\/title>/);
      expect(svg, file).to.match(/<desc id="desc">[^<]{40,}<\/desc>/);
      expect(svg, file).to.match(/viewBox="0 0 \d+ \d+"/);
      expect(svg, file).to.not.match(/<script|<image|href=/);
    }
  });

  it('every file under server/public/media is used by a sample', () => {
    for (const name of SAMPLE_NAMES) for (const url of mediaUrls(name)) referenced.add(path.resolve(localFile(url) ?? ''));
    const unused = filesUnder(MEDIA_DIR).filter((f) => !referenced.has(path.resolve(f)));
    expect(unused.map((f) => path.relative(PUBLIC_DIR, f))).to.deep.equal([]);
  });
});
