/**
 * The sample sequences' explainer videos, frame by frame: what each frame
 * shows (SVG, 640×360, the bottom 70 px left clear for captions), how long,
 * and what its captions say. render-videos.ts turns them into .mp4 and .vtt.
 */
export interface Frame {
  readonly svg: string;
  readonly seconds: number;
  /** The narration, one caption cue per sentence. */
  readonly says: readonly string[];
}

export interface Video {
  readonly dir: 'fractions' | 'privacy';
  readonly name: string;
  readonly title: string;
  readonly frames: readonly Frame[];
}

const INK = '#1d2433';
const BLUE = '#2456c9';
const ORANGE = '#c2410c';
const GREEN = '#15803d';
const RED = '#b91c1c';
const PALE = '#e8eefc';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function text(x: number, y: number, s: string, o: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: number; fill?: string } = {}): string {
  return `<text x="${x}" y="${y}" font-size="${o.size ?? 20}" text-anchor="${o.anchor ?? 'middle'}" font-weight="${o.weight ?? 400}" fill="${o.fill ?? INK}">${esc(s)}</text>`;
}

function frame(title: string, inner: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360" font-family="DejaVu Sans, sans-serif">
<rect width="640" height="360" fill="#ffffff"/>
${text(320, 42, title, { size: 24, weight: 700 })}
${inner}
</svg>`;
}

/** A strip cut into `parts` equal pieces, the first `shaded` of them shaded. */
function strip(x: number, y: number, w: number, h: number, parts: number, shaded: number, fill = BLUE): string {
  let out = '';
  for (let i = 0; i < parts; i++) {
    const pw = w / parts;
    out += `<rect x="${(x + i * pw).toFixed(2)}" y="${y}" width="${pw.toFixed(2)}" height="${h}" fill="${i < shaded ? fill : '#ffffff'}" stroke="${INK}" stroke-width="2"/>`;
  }
  return out;
}

/** A pizza cut into `parts` slices from 12 o'clock, the first `highlight` of them coloured. */
function pizza(cx: number, cy: number, r: number, parts: number, highlight: number, fill = ORANGE): string {
  let out = `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#fde68a" stroke="${INK}" stroke-width="2"/>`;
  const point = (k: number) => {
    const a = (2 * Math.PI * k) / parts - Math.PI / 2;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as const;
  };
  for (let k = 0; k < highlight; k++) {
    const [x1, y1] = point(k);
    const [x2, y2] = point(k + 1);
    out += `<path d="M${cx} ${cy} L${x1.toFixed(2)} ${y1.toFixed(2)} A${r} ${r} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)} Z" fill="${fill}" stroke="${INK}" stroke-width="2"/>`;
  }
  if (parts > 1) {
    for (let k = 0; k < parts; k++) {
      const [x, y] = point(k);
      out += `<line x1="${cx}" y1="${cy}" x2="${x.toFixed(2)}" y2="${y.toFixed(2)}" stroke="${INK}" stroke-width="2"/>`;
    }
  }
  return out;
}

function box(x: number, y: number, w: number, h: number, lines: readonly string[], o: { fill?: string; stroke?: string; size?: number; color?: string } = {}): string {
  const size = o.size ?? 18;
  const lineH = size * 1.3;
  const top = y + h / 2 - ((lines.length - 1) * lineH) / 2 + size * 0.35;
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${o.fill ?? PALE}" stroke="${o.stroke ?? INK}" stroke-width="2"/>` +
    lines.map((l, i) => text(x + w / 2, top + i * lineH, l, { size, fill: o.color })).join('')
  );
}

function arrow(x1: number, y1: number, x2: number, y2: number, color = INK): string {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const head = (d: number) => `${(x2 - 12 * Math.cos(a + d)).toFixed(2)},${(y2 - 12 * Math.sin(a + d)).toFixed(2)}`;
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="3"/><polygon points="${x2},${y2} ${head(0.45)} ${head(-0.45)}" fill="${color}"/>`;
}

/** A small table: header row bold, cells left-aligned. */
function table(x: number, y: number, widths: readonly number[], rows: readonly (readonly string[])[], o: { head?: string; size?: number } = {}): string {
  const rowH = 30;
  const size = o.size ?? 16;
  let out = '';
  rows.forEach((row, r) => {
    let cx = x;
    row.forEach((cell, c) => {
      const w = widths[c] ?? 100;
      out += `<rect x="${cx}" y="${y + r * rowH}" width="${w}" height="${rowH}" fill="${r === 0 ? (o.head ?? PALE) : '#ffffff'}" stroke="${INK}" stroke-width="1.5"/>`;
      out += text(cx + 8, y + r * rowH + 21, cell, { size, anchor: 'start', weight: r === 0 ? 700 : 400 });
      cx += w;
    });
  });
  return out;
}

const cross = (x: number, y: number, s = 16) =>
  `<path d="M${x - s} ${y - s} L${x + s} ${y + s} M${x + s} ${y - s} L${x - s} ${y + s}" stroke="${RED}" stroke-width="5" stroke-linecap="round"/>`;
const tick = (x: number, y: number) => `<path d="M${x - 14} ${y} L${x - 4} ${y + 12} L${x + 16} ${y - 14}" fill="none" stroke="${GREEN}" stroke-width="5" stroke-linecap="round"/>`;

const equivalent: Video = {
  dir: 'fractions',
  name: 'equivalent-fractions',
  title: 'Equivalent fractions: fold a strip',
  frames: [
    {
      seconds: 6,
      says: ['We fold a paper strip in half and shade one half.'],
      svg: frame('Fold a strip in half', strip(100, 110, 440, 70, 2, 1) + text(320, 230, 'one half shaded: 1/2', { size: 26, weight: 700, fill: BLUE })),
    },
    {
      seconds: 7,
      says: ['Folding it again makes four parts, two of them shaded: one half is two fourths.'],
      svg: frame('Fold it again: fourths', strip(100, 110, 440, 70, 4, 2) + text(320, 230, '2 of 4 parts shaded: 2/4 = 1/2', { size: 26, weight: 700, fill: BLUE })),
    },
    {
      seconds: 6,
      says: ['Fold once more: four eighths are shaded.'],
      svg: frame('Fold once more: eighths', strip(100, 110, 440, 70, 8, 4) + text(320, 230, '4 of 8 parts shaded: 4/8 = 1/2', { size: 26, weight: 700, fill: BLUE })),
    },
    {
      seconds: 7,
      says: ['The shaded amount never changed; only the number of pieces did.'],
      svg: frame(
        'Same amount, more pieces',
        text(88, 102, '1/2', { size: 20, anchor: 'end' }) + strip(100, 78, 440, 36, 2, 1) +
          text(88, 150, '2/4', { size: 20, anchor: 'end' }) + strip(100, 126, 440, 36, 4, 2) +
          text(88, 198, '4/8', { size: 20, anchor: 'end' }) + strip(100, 174, 440, 36, 8, 4) +
          `<line x1="320" y1="66" x2="320" y2="222" stroke="${ORANGE}" stroke-width="4" stroke-dasharray="8 6"/>` +
          text(320, 262, '1/2 = 2/4 = 4/8', { size: 28, weight: 700, fill: BLUE }),
      ),
    },
    {
      seconds: 8,
      says: ['That is why we multiply the top and the bottom by the same number.'],
      svg: frame(
        'Top and bottom × the same number',
        text(320, 120, '1/2 = (1×2)/(2×2) = 2/4', { size: 30, weight: 700 }) +
          text(320, 180, '2/4 = (2×2)/(4×2) = 4/8', { size: 30, weight: 700 }) +
          text(320, 240, 'Same value, smaller pieces, more of them.', { size: 20, fill: BLUE }),
      ),
    },
  ],
};

const compare: Video = {
  dir: 'fractions',
  name: 'compare-fractions',
  title: 'Bigger denominator, smaller pieces',
  frames: [
    {
      seconds: 6,
      says: ['Share a pizza among 4 people: each gets one quarter, 1/4.'],
      svg: frame('One pizza, 4 people', pizza(320, 165, 100, 4, 1) + text(470, 175, 'each: 1/4', { size: 24, anchor: 'start', weight: 700, fill: ORANGE })),
    },
    {
      seconds: 6,
      says: ['Share the same pizza among 8 people: each gets one eighth, 1/8.'],
      svg: frame('The same pizza, 8 people', pizza(320, 165, 100, 8, 1) + text(470, 175, 'each: 1/8', { size: 24, anchor: 'start', weight: 700, fill: ORANGE })),
    },
    {
      seconds: 7,
      says: ['Sharing among 8 gives smaller slices than sharing among 4.'],
      svg: frame(
        'More people, smaller slices',
        pizza(190, 165, 95, 4, 1) + text(190, 290, '1/4', { size: 26, weight: 700 }) + pizza(450, 165, 95, 8, 1) + text(450, 290, '1/8', { size: 26, weight: 700 }),
      ),
    },
    {
      seconds: 8,
      says: ['So 1/8 is smaller than 1/4, even though 8 is bigger than 4.'],
      svg: frame(
        '8 > 4, but 1/8 < 1/4',
        text(60, 118, '1/4', { size: 20, anchor: 'end' }) + strip(80, 94, 480, 36, 4, 1, ORANGE) +
          text(60, 178, '1/8', { size: 20, anchor: 'end' }) + strip(80, 154, 480, 36, 8, 1, ORANGE) +
          text(320, 250, '1/8 < 1/4', { size: 34, weight: 700, fill: BLUE }),
      ),
    },
  ],
};

const adding: Video = {
  dir: 'fractions',
  name: 'adding-fractions',
  title: "Why we don't add denominators",
  frames: [
    {
      seconds: 6,
      says: ['Half a pizza plus half a pizza is one whole pizza.'],
      svg: frame(
        '1/2 + 1/2 = 1',
        pizza(120, 160, 70, 2, 1) + text(215, 170, '+', { size: 34 }) + `<g transform="rotate(180 310 160)">${pizza(310, 160, 70, 2, 1)}</g>` +
          text(405, 170, '=', { size: 34 }) + pizza(520, 160, 70, 2, 2) + text(320, 275, 'one whole pizza', { size: 24, weight: 700, fill: BLUE }),
      ),
    },
    {
      seconds: 8,
      says: ['Adding the denominators would give 2/4, which is only half a pizza.', 'That makes no sense.'],
      svg: frame(
        'Adding denominators? 1/2 + 1/2 ≠ 2/4',
        text(200, 120, '1/2 + 1/2 = (1+1)/(2+2) = 2/4', { size: 24 }) + cross(440, 112) +
          pizza(220, 210, 55, 4, 2) + text(220, 295, '2/4 is only half', { size: 18 }) +
          pizza(430, 210, 55, 2, 2) + text(430, 295, 'but we had a whole', { size: 18 }),
      ),
    },
    {
      seconds: 8,
      says: ['Make the pieces the same size first, then count them.', '1/4 + 1/3 is 3/12 + 4/12, which is 7/12.'],
      svg: frame(
        'Same-size pieces first, then count',
        text(70, 104, '1/4', { size: 18, anchor: 'end' }) + strip(84, 84, 480, 30, 12, 3, BLUE) +
          text(70, 150, '1/3', { size: 18, anchor: 'end' }) + strip(84, 130, 480, 30, 12, 4, ORANGE) +
          text(320, 215, '1/4 + 1/3 = 3/12 + 4/12 = 7/12', { size: 26, weight: 700 }) +
          text(320, 255, 'The denominator names the size of the pieces.', { size: 18, fill: BLUE }),
      ),
    },
  ],
};

const pseudonymous: Video = {
  dir: 'privacy',
  name: 'pseudonymous-vs-anonymous',
  title: 'Pseudonymous is not anonymous',
  frames: [
    {
      seconds: 6,
      says: ['A customer table keyed by an ID instead of a name looks harmless.'],
      svg: frame('Purchases by customer ID', table(170, 80, [110, 190], [['ID', 'Purchase'], ['C-1042', 'Running shoes'], ['C-2177', 'Baby monitor'], ['C-3310', 'Blood-pressure cuff']]) + text(320, 250, 'No names here…', { size: 22, fill: BLUE })),
    },
    {
      seconds: 9,
      says: ['But the same company holds the table that maps IDs to names.', 'Anyone with access can re-identify every row.'],
      svg: frame(
        '…but the CRM holds the key',
        table(30, 80, [90, 170], [['ID', 'Purchase'], ['C-1042', 'Running shoes'], ['C-2177', 'Baby monitor'], ['C-3310', 'Blood-pressure cuff']], { size: 14 }) +
          table(380, 80, [90, 140], [['ID', 'Name'], ['C-1042', 'Ana Silva'], ['C-2177', 'Ben Okafor'], ['C-3310', 'Chen Li']], { head: '#fde2e2', size: 14 }) +
          arrow(300, 125, 372, 125, RED) + arrow(300, 155, 372, 155, RED) + arrow(300, 185, 372, 185, RED) +
          text(320, 250, 'Every row can be linked back to a person.', { size: 20, weight: 700, fill: RED }),
      ),
    },
    {
      seconds: 6,
      says: ['That is pseudonymisation, and the data stays personal.'],
      svg: frame('Pseudonymisation', box(120, 90, 400, 110, ['Codes instead of names,', 'key kept elsewhere', '= still personal data'], { size: 22 })),
    },
    {
      seconds: 9,
      says: ['Anonymisation means the link is gone for good.', 'For example, publish only counts over large groups.'],
      svg: frame(
        'Anonymisation: the link is gone for good',
        table(160, 80, [160, 160], [['Region', 'Customers'], ['North', '12,480'], ['South', '9,915'], ['West', '14,102']]) + tick(120, 240) +
          text(150, 248, 'Counts over large groups: anonymous', { size: 20, anchor: 'start', weight: 700, fill: GREEN }),
      ),
    },
  ],
};

const consent: Video = {
  dir: 'privacy',
  name: 'consent-not-default',
  title: 'Consent is not the default',
  frames: [
    {
      seconds: 6,
      says: ['Many teams ask for consent for everything.'],
      svg: frame(
        'Consent for everything?',
        ['I agree to payroll processing', 'I agree to fraud checks', 'I agree to the newsletter']
          .map((l, i) => `<rect x="150" y="${88 + i * 52}" width="26" height="26" fill="#fff" stroke="${INK}" stroke-width="2"/>` + text(192, 108 + i * 52, l, { size: 20, anchor: 'start' }))
          .join(''),
      ),
    },
    {
      seconds: 8,
      says: ['But consent must be freely given and can be withdrawn at any moment.'],
      svg: frame('Valid consent is…', box(70, 90, 230, 100, ['freely given'], { size: 24 }) + box(340, 90, 230, 100, ['withdrawable', 'at any moment'], { size: 24 })),
    },
    {
      seconds: 8,
      says: ['If you would process the data anyway, consent is the wrong basis.'],
      svg: frame(
        'Would you process it anyway?',
        box(200, 70, 240, 60, ['Process it anyway?'], { size: 20 }) + arrow(320, 130, 320, 172) + text(335, 158, 'yes', { size: 18, anchor: 'start' }) +
          box(150, 175, 340, 60, ['Consent is the wrong basis'], { size: 20, fill: '#fde2e2', color: RED }),
      ),
    },
    {
      seconds: 9,
      says: ['Payroll runs on contract and legal obligation.', 'Fraud checks run on legitimate interests.'],
      svg: frame(
        'Other bases do the work',
        box(40, 90, 270, 120, ['Payroll', '→ contract', '+ legal obligation'], { size: 20 }) + box(330, 90, 270, 120, ['Fraud checks', '→ legitimate', 'interests'], { size: 20 }),
      ),
    },
  ],
};

const hours: Video = {
  dir: 'privacy',
  name: 'first-72-hours',
  title: 'The first 72 hours',
  frames: [
    {
      seconds: 7,
      says: ['Hour zero is when you are reasonably certain a breach happened.'],
      svg: frame(
        'Hour 0: awareness',
        `<line x1="60" y1="150" x2="580" y2="150" stroke="${INK}" stroke-width="4"/>` +
          `<circle cx="60" cy="150" r="10" fill="${RED}"/>` + text(60, 190, 'Hour 0', { size: 18, weight: 700 }) + text(60, 214, 'aware', { size: 16 }) +
          `<circle cx="580" cy="150" r="10" fill="${INK}"/>` + text(580, 190, 'Hour 72', { size: 18, weight: 700 }) +
          text(320, 255, 'Reasonably certain a breach happened', { size: 20, fill: RED }),
      ),
    },
    {
      seconds: 6,
      says: ['Contain first, then assess.'],
      svg: frame('Contain first, then assess', box(70, 100, 220, 90, ['1. Contain', 'lock, recall, wipe'], { size: 20 }) + arrow(300, 145, 340, 145) + box(350, 100, 220, 90, ['2. Assess', 'risk to people'], { size: 20 })),
    },
    {
      seconds: 9,
      says: ['By hour 72 the authority should have what you know.', 'More can follow.'],
      svg: frame(
        'By hour 72: notify the authority',
        `<line x1="60" y1="130" x2="580" y2="130" stroke="${INK}" stroke-width="4"/>` +
          `<circle cx="60" cy="130" r="8" fill="${RED}"/>` + text(60, 165, '0 h', { size: 16 }) +
          `<circle cx="580" cy="130" r="10" fill="${BLUE}"/>` + text(580, 165, '72 h', { size: 16, weight: 700 }) +
          box(150, 185, 340, 70, ['Send what you know now;', 'more details can follow'], { size: 18 }),
      ),
    },
    {
      seconds: 6,
      says: ['Keep a log from minute one.'],
      svg: frame('Keep a log from minute one', table(150, 80, [100, 240], [['Time', 'What we did'], ['09:00', 'Breach confirmed'], ['09:20', 'Accounts locked'], ['11:00', 'Risk assessed']])),
    },
  ],
};

export const VIDEOS: readonly Video[] = [equivalent, compare, adding, pseudonymous, consent, hours];

/** The transcript a sample should carry for a video: its captions' text, in order. */
export function transcriptOf(video: Video): string {
  return video.frames.flatMap((f) => f.says).join(' ');
}
