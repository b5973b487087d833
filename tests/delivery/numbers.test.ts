/**
 * What learners type for a number. Rows marked QA are the defects QA found:
 * spaces were stripped before parsing ("2 1/4" read as 21/4, "1 2" as 12),
 * "1,000" was one in English, and units, vulgar fractions and full-width digits
 * were refused; then that "42h" was refused where "42 hours" was accepted.
 */
import { expect } from 'chai';
import { readNumber, type NumberContext, type NumberProblem } from '../../server/delivery/numbers.js';
import { UNIT_FAMILIES } from '../../server/delivery/units.js';
import { DEFAULTS } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';

const en: NumberContext = { locale: 'en-US' };
const de: NumberContext = { locale: 'de' };
const fr: NumberContext = { locale: 'fr' };
const hours: NumberContext = { locale: 'en', units: 'hours' };
const cups: NumberContext = { locale: 'en', units: 'cups' };
const inUnits = (units: string, locale = 'en'): NumberContext => ({ locale, units });

type Row = readonly [input: string, context: NumberContext, expected: number | NumberProblem];

const rows: readonly Row[] = [
  // What was accepted before and still is.
  ['0.75', en, 0.75],
  [' 0,75 ', en, 0.75],
  ['3/4', en, 0.75],
  ['-2', en, -2],
  ['.5', en, 0.5],
  ['5.', en, 5],
  ['+3', en, 3],
  ['- 2', en, -2],
  ['3 / 4', en, 0.75],
  ['-3/4', en, -0.75],
  ['1,5', en, 1.5], // a comma that cannot group thousands is a decimal comma
  ['0,750', en, 0.75],
  ['1.000', en, 1], // the point is English's decimal mark
  ['1 000', en, 1000], // SI spacing, as many schools teach it
  ['12 345 678', en, 12345678],
  // QA 1: mixed numbers, and digits joined by a space.
  ['2 1/4', en, 2.25],
  ['1 1/2', en, 1.5],
  ['-1 1/2', en, -1.5],
  ['+2 3/4', en, 2.75],
  ['2  1/4', en, 2.25],
  ['1 2', en, 'spaced-digits'],
  ['1 2 3', en, 'spaced-digits'],
  ['10 00', en, 'spaced-digits'],
  ['2 5/4', en, 'mixed-improper'],
  ['2 1/0', en, 'zero-denominator'],
  ['1.5 1/2', en, 'fraction-form'],
  ['1 2/3 4', en, 'fraction-form'],
  // QA 2: thousands separators, by the sequence's locale.
  ['1,000', en, 1000],
  ['1,000,000', en, 1000000],
  ['1,234.5', en, 1234.5],
  ['-1,000', en, -1000],
  ['1,00,000', en, 'misplaced-separator'],
  ['1.000.000', en, 'misplaced-separator'],
  ['1.234,5', en, 'misplaced-separator'],
  ['1 000,000', en, 'ambiguous-separator'],
  ['1,5', de, 1.5],
  ['0,75', de, 0.75],
  ['1.000', de, 1000],
  ['1,000', de, 1],
  ['1.000.000,5', de, 1000000.5],
  ['1.5', de, 1.5],
  ['1,234.5', de, 'misplaced-separator'],
  ['1,5', fr, 1.5],
  ['1 000', fr, 1000],
  ['1\u202f000,25', fr, 1000.25],
  ['1.234,5', fr, 1234.5],
  ['1.000', fr, 'ambiguous-separator'],
  ["1'000", { locale: 'de-CH' }, 1000],
  ['1,000', { locale: 'de-CH' }, 'ambiguous-separator'],
  // QA 3: units, vulgar fractions, full-width and typeset characters.
  ['42 hours', hours, 42],
  ['1 hour', hours, 1],
  ['42 Hours', hours, 42],
  ['42hours', hours, 42],
  ['2 1/4 cups', cups, 2.25],
  ['1 cup', cups, 1],
  ['42 minutes', hours, 'other-unit'],
  ['42 hours', en, 'extra-words'],
  ['hours', hours, 'not-a-number'],
  // QA 4: the unit's common abbreviations, of the declared unit only.
  ['42h', hours, 42],
  ['42 h', hours, 42],
  ['42 H', hours, 42],
  ['42 hr', hours, 42],
  ['42 hrs', hours, 42],
  ['42 hrs.', hours, 42],
  ['1 hr', hours, 1],
  ['2 1/4 h', hours, 2.25],
  ['42 hours.', hours, 42],
  ['42', inUnits('h'), 42],
  ['42 hours', inUnits('h'), 42],
  ['42 hrs', inUnits('Hours'), 42],
  ['5 min', inUnits('minutes'), 5],
  ['5 mins', inUnits('minutes'), 5],
  ['5 min.', inUnits('minutes'), 5],
  ['30 s', inUnits('seconds'), 30],
  ['30 sec', inUnits('seconds'), 30],
  ['30secs', inUnits('seconds'), 30],
  ['3 d', inUnits('days'), 3],
  ['5 km', inUnits('kilometres'), 5],
  ['5 kilometers', inUnits('km'), 5],
  ['5 kms', inUnits('km'), 5],
  ['2.5 m', inUnits('metres'), 2.5],
  ['2.5 meters', inUnits('m'), 2.5],
  ['12 cm', inUnits('centimetres'), 12],
  ['12 mm', inUnits('mm'), 12],
  ['2,5 kg', inUnits('kilograms', 'de'), 2.5],
  ['2.5kg', inUnits('kg'), 2.5],
  ['250 g', inUnits('grams'), 250],
  ['1,5 l', inUnits('Liter', 'de'), 1.5],
  ['250 ml', inUnits('millilitres'), 250],
  ['50%', inUnits('%'), 50],
  ['50 %', inUnits('percent'), 50],
  ['50 per cent', inUnits('%'), 50],
  ['50 percent', inUnits('per cent'), 50],
  ['90°', inUnits('degrees'), 90],
  ['20 °C', inUnits('°C'), 20],
  ['20 ℃', inUnits('degrees Celsius'), 20], // U+2103, which NFKC spells °C
  ['12 m²', inUnits('m²'), 12],
  ['12 m2', inUnits('square metres'), 12],
  ['12 sq m', inUnits('m^2'), 12],
  ['50 km/h', inUnits('kilometres per hour'), 50],
  ['50 km / h', inUnits('km/h'), 50],
  ['50 kph', inUnits('km/h'), 50],
  // Not every abbreviation: only the declared unit's, so none is read as another unit.
  ['42 m', hours, 'other-unit'], // metres ("m" is never minutes)
  ['42 min', hours, 'other-unit'],
  ['42 hs', hours, 'extra-words'], // a family's spellings only, not a guessed plural
  ['42 hh', hours, 'extra-words'],
  ['42 h h', hours, 'extra-words'],
  ['42h', en, 'extra-words'],
  ['h42', hours, 'not-a-number'],
  ['5 m', inUnits('minutes'), 'other-unit'],
  ['5 min', inUnits('metres'), 'other-unit'],
  ['5 km', inUnits('metres'), 'other-unit'],
  ['5 cm', inUnits('m'), 'other-unit'],
  ['5 s', inUnits('minutes'), 'other-unit'],
  ['50 c', inUnits('°C'), 'extra-words'], // not a unit's spelling
  ['12 m', inUnits('m²'), 'other-unit'],
  ['3 lb', inUnits('pounds'), 'extra-words'],
  ['3 litres', cups, 'other-unit'], // the question's unit in no family, the learner's in one
  ['42 hh', inUnits('minutes'), 'extra-words'],
  ['1 2 days', hours, 'spaced-digits'], // the number's problem first
  ['¾', en, 0.75],
  ['½', en, 0.5],
  ['-½', en, -0.5],
  ['⅓', en, 1 / 3],
  ['⅛', en, 0.125],
  ['2½', en, 2.5], // NFKC alone would make this "21⁄2"
  ['2 ¾', en, 2.75],
  ['3⁄4', en, 0.75], // U+2044 FRACTION SLASH
  ['2¹⁄₄', en, 2.25],
  ['３/４', en, 0.75],
  ['３／４', en, 0.75],
  ['１２', en, 12],
  ['－３，５', de, -3.5],
  ['−2', en, -2], // U+2212 MINUS SIGN
  ['5²', en, 'not-a-number'], // an exponent, not 52
  // QA 5: a full stop ending the answer as a sentence is not part of the number, after any complete answer.
  ['0.25.', en, 0.25],
  ['12.', en, 12],
  ['3/4.', en, 0.75],
  ['2 1/4.', en, 2.25],
  ['¾.', en, 0.75],
  ['-3.', en, -3],
  ['1,000.', en, 1000],
  ['0,25.', de, 0.25],
  ['1.000.', de, 1000],
  ['１２．', en, 12], // a full-width full stop
  ['72 hours.', hours, 72],
  ['72h.', hours, 72],
  ['50 %.', inUnits('%'), 50],
  ['2 1/4 cups.', cups, 2.25],
  // Only one, after a complete number: real ambiguity is still refused.
  ['1.2.3', en, 'misplaced-separator'],
  ['1,2.3', en, 'misplaced-separator'],
  ['1.2.3.', en, 'misplaced-separator'],
  ['0.25..', en, 'misplaced-separator'],
  ['12..', en, 'misplaced-separator'],
  ['1.000.', fr, 'ambiguous-separator'],
  ['3/.', en, 'fraction-form'],
  ['.', en, 'not-a-number'],
  ['-.', en, 'not-a-number'],
  ['72 apples.', hours, 'extra-words'],
  ['3 days.', hours, 'other-unit'],
  // Never numbers.
  ['', en, 'not-a-number'],
  ['abc', en, 'not-a-number'],
  ['1e5', en, 'not-a-number'],
  ['0x10', en, 'not-a-number'],
  ['Infinity', en, 'not-a-number'],
  ['--1', en, 'not-a-number'],
  ['3/0', en, 'zero-denominator'],
  ['1/2/3', en, 'fraction-form'],
  ['9'.repeat(400), en, 'not-a-number'],
];

describe('delivery: reading numbers', () => {
  for (const [input, context, expected] of rows) {
    const where = `${JSON.stringify(input)} (${context.locale ?? 'en'}${context.units ? `, in ${context.units}` : ''})`;
    it(`${where} → ${typeof expected === 'number' ? expected : `refused: ${expected}`}`, () => {
      const reading = readNumber(input, context);
      if (typeof expected === 'number') {
        expect(reading, where).to.include({ ok: true });
        expect(reading.ok && reading.value).to.be.closeTo(expected, 1e-12);
      } else {
        expect(reading, where).to.include({ ok: false, problem: expected });
      }
    });
  }

  it('accepts every spelling of a unit’s family, whichever of them the author declared', () => {
    for (const family of UNIT_FAMILIES) {
      for (const declared of family) {
        for (const typed of family) expect(readNumber(`7 ${typed}`, inUnits(declared)), `“7 ${typed}” in ${declared}`).to.deep.equal({ ok: true, value: 7 });
      }
    }
  });

  it('never reads one unit’s spelling as another’s', () => {
    for (const family of UNIT_FAMILIES) {
      for (const other of UNIT_FAMILIES) {
        if (other === family) continue;
        for (const typed of other) expect(readNumber(`7 ${typed}`, inUnits(family[0]!)), `“7 ${typed}” in ${family[0]}`).to.include({ ok: false });
      }
    }
  });

  it('says what to type instead, with the locale’s own marks', () => {
    const message = (input: string, context: NumberContext) => {
      const reading = readNumber(input, context);
      if (reading.ok) throw new Error(`${input} was accepted`);
      return reading.message;
    };
    expect(message('1 2', en)).to.equal('“1 2” has a space between digits. Type one number with no space, like 12, or a mixed number with one space, like 2 1/4.');
    expect(message('2 5/4', en)).to.contain('like the 1/4 in 2 1/4');
    expect(message('3/0', en)).to.contain("can't have 0 on the bottom");
    expect(message('1.000', fr)).to.equal('“1.000” could mean two different numbers. Type whole numbers with no separator, like 1000, and use a comma for decimals, like 0,75.');
    expect(message('1,00,000', en)).to.contain('with a comma every three digits, like 1,000,000. Use a point for decimals, like 0.75.');
    expect(message('1,234.5', de)).to.contain('with a point every three digits, like 1.000.000. Use a comma for decimals, like 0,75.');
    expect(message('42 hs', hours)).to.equal('This answer is in hours. Type just the number, like 42, or the number and the unit, like 42 hours.');
    expect(message('42 apples', en)).to.equal('Type just the number, like 42, with no words after it.');
    expect(message('abc', de)).to.equal('“abc” is not a number. Type digits, like 0,75 or 3/4.');
  });

  it('talks of separators only where they are misplaced, not of a full stop ending the answer', () => {
    const gap: NumberContext = { locale: 'en-US', answer: { value: 0.25, tolerance: 0.001 } };
    expect(readNumber('0.25.', gap)).to.deep.equal({ ok: true, value: 0.25 });
    const misplaced = readNumber('1.2.3', gap);
    expect(misplaced).to.deep.equal({
      ok: false,
      problem: 'misplaced-separator',
      message: 'The dots or commas in “1.2.3” are in the wrong places. Type big numbers with no separator, like 1000000, or with a comma every three digits, like 1,000,000. Use a point for decimals, like 0.75.',
    });
    // The learner's input is quoted as typed, full stop and all.
    const ending = readNumber('1,2.3.', gap);
    expect(ending).to.include({ ok: false, problem: 'misplaced-separator' });
    expect(!ending.ok && ending.message).to.match(/^The dots or commas in “1,2\.3\.” are in the wrong places\./);
    expect(readNumber('42 apples.', en)).to.include({ message: 'Type just the number, like 42, with no words after it.' });
  });
});

// QA: "3 days" in a question in hours was told "like 3, or … 3 hours", inviting the learner to drop the conversion.
describe('delivery: a unit of another kind asks for the question’s unit, and echoes no number', () => {
  const asked = (units: string, value = 72): NumberContext => ({ locale: 'en', units, answer: { value, tolerance: 0 } });
  const rows: ReadonlyArray<readonly [input: string, units: string, message: string]> = [
    ['3 days', 'hours', 'Give your answer in hours: “3 days” is in days.'],
    ['72 minutes', 'hours', 'Give your answer in hours: “72 minutes” is in minutes.'],
    ['72 mins.', 'hours', 'Give your answer in hours: “72 mins.” is in minutes.'],
    ['3 Days', 'h', 'Give your answer in h: “3 Days” is in days.'],
    ['2 1/2 d', 'hours', 'Give your answer in hours: “2 1/2 d” is in days.'],
    ['72 m', 'hours', 'Give your answer in hours: “72 m” is in metres.'],
    ['1.5 km', 'metres', 'Give your answer in metres: “1.5 km” is in kilometres.'],
    ['5km', 'm', 'Give your answer in m: “5km” is in kilometres.'],
    ['12 m²', 'metres', 'Give your answer in metres: “12 m²” is in square metres.'],
    ['500 g', 'kg', 'Give your answer in kg: “500 g” is in grams.'],
    ['20 °F', '°C', 'Give your answer in °C: “20 °F” is in degrees Fahrenheit.'],
    ['20 °C', 'degrees', 'Give your answer in degrees: “20 °C” is in degrees Celsius.'],
    ['50%', 'degrees', 'Give your answer in degrees: “50%” is in percent.'],
    ['3 litres', 'cups', 'Give your answer in cups: “3 litres” is in litres.'],
    // Not a known unit: the number is all that is wrong to keep, so it is echoed as before.
    ['72 hs', 'hours', 'This answer is in hours. Type just the number, like 72, or the number and the unit, like 72 hours.'],
    ['3 apples', 'cups', 'This answer is in cups. Type just the number, like 3, or the number and the unit, like 3 cups.'],
  ];
  for (const [input, units, expected] of rows) {
    it(`“${input}” in ${units}`, () => {
      const reading = readNumber(input, asked(units));
      expect(reading).to.deep.equal({ ok: false, problem: expected.startsWith('Give') ? 'other-unit' : 'extra-words', message: expected });
    });
  }

  it('names no number in any family’s refusal in any other family’s question', () => {
    for (const family of UNIT_FAMILIES) {
      for (const other of UNIT_FAMILIES) {
        if (other === family) continue;
        for (const typed of other) {
          const reading = readNumber(`37 ${typed}`, asked(family[0]!, 72));
          const where = `“37 ${typed}” in ${family[0]}`;
          expect(reading, where).to.include({ ok: false, problem: 'other-unit' });
          expect(!reading.ok && reading.message.startsWith(`Give your answer in ${family[0]}: “37 ${typed}” is in `), where).to.equal(true);
          expect(!reading.ok && reading.message.replace(`“37 ${typed}”`, ''), where).not.to.match(/\d/);
        }
      }
    }
  });
});

describe('delivery: the example in "not a number" suits the question, never its answer', () => {
  const asked = (value: number, tolerance = 0, units?: string, locale = 'en'): NumberContext => ({ locale, units, answer: { value, tolerance } });
  const message = (input: string, context: NumberContext) => {
    const reading = readNumber(input, context);
    if (reading.ok) throw new Error(`${input} was accepted`);
    return reading.message;
  };

  it('a whole answer: a whole number, with the unit as the author spelled it', () => {
    expect(message('name', asked(72, 0, 'hours'))).to.equal('“name” is not a number. Type digits, like 12 or 12 hours.');
    expect(message('name', asked(72, 0, 'h'))).to.equal('“name” is not a number. Type digits, like 12 or 12 h.');
    expect(message('name', asked(6))).to.equal('“name” is not a number. Type digits, like 12.');
  });

  it('any other answer: a decimal in the locale’s marks and a fraction, with the unit', () => {
    expect(message('name', asked(0.58, 0.01, 'cups'))).to.equal('“name” is not a number. Type digits, like 0.75, 3/4 or 3/4 cups.');
    expect(message('name', asked(2.5))).to.equal('“name” is not a number. Type digits, like 0.75 or 3/4.');
    expect(message('abc', asked(0.3, 0, 'Liter', 'de'))).to.equal('“abc” is not a number. Type digits, like 0,75, 3/4 or 3/4 Liter.');
  });

  it('an example that would be right, within the tolerance, gives way to the next', () => {
    expect(message('name', asked(12))).to.equal('“name” is not a number. Type digits, like 30.');
    expect(message('name', asked(10, 5))).to.equal('“name” is not a number. Type digits, like 30.');
    expect(message('name', asked(0.75, 0.001))).to.equal('“name” is not a number. Type digits, like 0.25 or 1/4.');
    expect(message('name', asked(0.7, 0.1))).to.equal('“name” is not a number. Type digits, like 0.25 or 1/4.');
    // The decimal in the messages about marks too.
    expect(message('1.000', asked(0.75, 0, undefined, 'fr'))).to.contain('use a comma for decimals, like 0,25.');
    expect(message('name', asked(100, 1000)), 'none is far enough: no example').to.equal('“name” is not a number. Type it in digits.');
  });

  it('every example suggested is read as a number, and marked wrong', () => {
    for (const value of [-3, 0, 0.25, 0.6, 0.75, 1, 5, 12, 12.5, 30, 72, 250]) {
      for (const tolerance of [0, 0.001, 0.5, 5, 20]) {
        for (const units of [undefined, 'hours', 'cups']) {
          const context = asked(value, tolerance, units);
          const said = message('name', context);
          const forms = /like (.+)\.$/.exec(said)?.[1]?.split(/, | or /) ?? [];
          for (const form of forms) {
            const reading = readNumber(form, context);
            const where = `“${form}” for ${value} ± ${tolerance}${units ? ` ${units}` : ''}`;
            expect(reading, where).to.include({ ok: true });
            expect(reading.ok && Math.abs(reading.value - value), where).to.be.above(tolerance);
          }
        }
      }
    }
  });
});

// QA: on the warm-up "1/2 + 1/4 as a decimal" (0.75), "12/" was told "like 3/4": the answer, as a fraction.
describe('delivery: no refusal’s example answers the question, whatever the refusal', () => {
  const fractions = loadSample('fractions');
  const numeric = (id: string) => {
    const q = fractions.activities.find((a) => a.id === id);
    if (q?.kind !== 'numeric') throw new Error(`${id} is not a numeric question of the sample`);
    return q;
  };
  /** The question's context, as the player passes it (input.ts). */
  const contextOf = (id: string): NumberContext => {
    const q = numeric(id);
    return { locale: fractions.locale, units: q.units, answer: { value: q.answer, tolerance: q.tolerance ?? DEFAULTS.numericTolerance } };
  };
  const refused = (input: string, context: NumberContext) => {
    const reading = readNumber(input, context);
    if (reading.ok) throw new Error(`${input} was accepted`);
    return reading;
  };

  it('the fractions warm-up’s 0.75: a fraction refused is shown another fraction, not 3/4', () => {
    const reading = refused('12/', contextOf('diag-add'));
    expect(reading.problem).to.equal('fraction-form');
    expect(reading.message).to.equal('“12/” is not a fraction we can read. Write a whole number on each side of the slash, like 1/4, or a mixed number with a space, like 2 1/4.');
  });

  it('the sample’s "How much more" (0.25): not the 1/4 of 2 1/4 either', () => {
    expect(refused('2 5/4', contextOf('cmp-gap')).message).to.equal('In a mixed number the fraction must be less than 1, like the 1/2 in 1 1/2. Check “2 5/4”.');
    expect(refused('12/', contextOf('cmp-gap')).message).to.equal('“12/” is not a fraction we can read. Write a whole number on each side of the slash, like 3/4, or a mixed number with a space, like 1 1/2.');
  });

  it('the sample’s "Missing numerator" (12): "1 2" is not told "like 12"', () => {
    expect(refused('1 2', contextOf('eq-missing')).message).to.equal('“1 2” has a space between digits. Type one number with no space, like 30, or a mixed number with one space, like 2 1/4.');
    // Another question: the learner's digits, joined, are still the example.
    expect(refused('1 2', contextOf('cmp-gap')).message).to.equal('“1 2” has a space between digits. Type one number with no space, like 12, or a mixed number with one space, like 1 1/2.');
  });

  // One input per refusal kind, and answers equal to every example a refusal may show, each as a value
  // (3/4 is 0.75): no number in the message, apart from the learner's own input, is within the tolerance.
  const inputs: ReadonlyArray<readonly [NumberProblem, string, string?]> = [
    ['not-a-number', 'abc'],
    ['spaced-digits', '1 2'],
    ['spaced-digits', '1 2 3 4 5 6 7 8 9 1 2 3 4'],
    ['fraction-form', '12/'],
    ['zero-denominator', '3/0'],
    ['mixed-improper', '2 5/4'],
    ['ambiguous-separator', '1 000,000'],
    ['misplaced-separator', '1.2.3'],
    ['extra-words', '7 apples'],
    ['other-unit', '3 days', 'hours'],
  ];
  const answers = [0.75, 6 / 8, 0.25, 0.6, 0.5, 0.4, 12.5, 2.25, 1.5, 3.4, 12, 30, 5, 250, 1000, 2500, 40000, 1000000, 2500000, 1, 0];
  /** The message without the learner's input and without the rules' own numbers ("less than 1", "0 on the bottom"). */
  const examplesIn = (message: string) =>
    (message.replace(/“[^”]*”/g, '').replace(/less than 1\b|have 0 on/g, '').match(/\d+(?:[.,' ]\d+)*(?:\/\d+)?/g) ?? []);

  for (const [problem, input, units] of inputs) {
    it(`${problem} (“${input}”): every example is read as a number, and marked wrong`, () => {
      for (const value of answers) {
        for (const tolerance of [0, 0.001, 0.5]) {
          const context: NumberContext = { locale: 'en', units, answer: { value, tolerance } };
          const reading = refused(input, context);
          expect(reading.problem).to.equal(problem);
          for (const example of examplesIn(reading.message)) {
            const read = readNumber(example, context);
            const where = `“${example}” in “${reading.message}” for ${value} ± ${tolerance}`;
            expect(read, where).to.include({ ok: true });
            expect(read.ok && Math.abs(read.value - value), where).to.be.above(tolerance);
          }
        }
      }
    });
  }

  it('an example that every tolerance would take is left out, never replaced by the answer', () => {
    const wide: NumberContext = { locale: 'en', answer: { value: 100, tolerance: 1e9 } };
    expect(refused('12/', wide).message).to.equal('“12/” is not a fraction we can read. Write a whole number on each side of the slash, or a mixed number with a space.');
    expect(refused('2 5/4', wide).message).to.equal('In a mixed number the fraction must be less than 1. Check “2 5/4”.');
    expect(refused('1 2', wide).message).to.equal('“1 2” has a space between digits. Type one number with no space, or a mixed number with one space.');
    expect(refused('1.2.3', wide).message).to.equal('The dots or commas in “1.2.3” are in the wrong places. Type big numbers with no separator, or with a comma every three digits. Use a point for decimals.');
    expect(refused('1 000,000', wide).message).to.equal('“1 000,000” could mean two different numbers. Type whole numbers with no separator, and use a point for decimals.');
  });
});
