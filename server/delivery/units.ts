/**
 * The spellings of a question's unit a learner may type after the number.
 *
 * A unit an author declares in any of the spellings of a family below
 * ("hours", "h", "hrs") accepts every spelling of that family and nothing
 * else: abbreviations are what learners type ("42h"), and a closed list is
 * what keeps "42 m" from passing as 42 hours (or as 42 minutes, since "m" is
 * metres here and never minutes). An abbreviation belongs to one family only,
 * so no spelling means two things. A unit in no family ("cups", "apples")
 * accepts what it always did: itself, its plural and its singular.
 *
 * Spellings are written as numbers.ts normalises text (lower case, NFKC,
 * "m^2" for "m²", no space around "/").
 */
const FAMILIES: readonly (readonly string[])[] = [
  // Time. "m" is left to metres, and "min" is never a metre.
  ['hours', 'hour', 'hrs', 'hr', 'h'],
  ['minutes', 'minute', 'mins', 'min'],
  ['seconds', 'second', 'secs', 'sec', 's'],
  ['milliseconds', 'millisecond', 'ms'],
  ['days', 'day', 'd'],
  ['weeks', 'week', 'wks', 'wk'],
  ['years', 'year', 'yrs', 'yr'],
  // Length, area, speed.
  ['kilometres', 'kilometre', 'kilometers', 'kilometer', 'kms', 'km'],
  ['metres', 'metre', 'meters', 'meter', 'm'],
  ['centimetres', 'centimetre', 'centimeters', 'centimeter', 'cm'],
  ['millimetres', 'millimetre', 'millimeters', 'millimeter', 'mm'],
  ['miles', 'mile', 'mi'],
  ['feet', 'foot', 'ft'],
  ['inches', 'inch', 'in'],
  ['square metres', 'square metre', 'square meters', 'square meter', 'sq m', 'm^2', 'm2'],
  ['square centimetres', 'square centimetre', 'square centimeters', 'square centimeter', 'sq cm', 'cm^2', 'cm2'],
  ['square kilometres', 'square kilometre', 'square kilometers', 'square kilometer', 'sq km', 'km^2', 'km2'],
  ['kilometres per hour', 'kilometers per hour', 'km per hour', 'km/h', 'kmh', 'kph'],
  ['miles per hour', 'mph'],
  ['metres per second', 'meters per second', 'm/s'],
  // Mass and volume. Not pounds: "pounds" may be money, and "lb" is never money.
  ['kilograms', 'kilogram', 'kilos', 'kilo', 'kgs', 'kg'],
  ['grams', 'gram', 'grammes', 'gramme', 'g'],
  ['milligrams', 'milligram', 'mg'],
  ['tonnes', 'tonne', 't'],
  ['ounces', 'ounce', 'oz'],
  ['litres', 'litre', 'liters', 'liter', 'l'],
  ['millilitres', 'millilitre', 'milliliters', 'milliliter', 'ml'],
  // Ratios and angles. "degrees" alone stays an angle's: a temperature's unit names its scale.
  ['percent', 'per cent', 'pct', '%'],
  ['degrees', 'degree', 'deg', '°'],
  ['degrees celsius', 'degrees c', 'deg c', 'celsius', '°c'],
  ['degrees fahrenheit', 'degrees f', 'deg f', 'fahrenheit', '°f'],
];

const familyOf = new Map<string, readonly string[]>();
for (const family of FAMILIES) {
  for (const spelling of family) {
    if (familyOf.has(spelling)) throw new Error(`unit spelling '${spelling}' is in two families`);
    familyOf.set(spelling, family);
  }
}

/** Every spelling of every family, for tests that read each one. */
export const UNIT_FAMILIES = FAMILIES;

/**
 * The spellings a learner may type for `unit` (already normalised and lower
 * case), longest first so "5 km" is not read as "5 k" and metres.
 */
export function unitSpellings(unit: string): string[] {
  if (unit === '') return [];
  const family = familyOf.get(unit);
  const forms = new Set(family ?? [unit]);
  if (family === undefined && /\p{L}$/u.test(unit)) {
    forms.add(`${unit}s`);
    forms.add(`${unit}es`);
    if (unit.endsWith('es')) forms.add(unit.slice(0, -2));
    if (unit.endsWith('s')) forms.add(unit.slice(0, -1));
  }
  return [...forms].filter((f) => /\D/.test(f)).sort((a, b) => b.length - a.length);
}

/** Every spelling of every family, longest first, so "5 km" is read as kilometres and not as "5 k" in metres. */
const ALL_SPELLINGS = [...familyOf.keys()].filter((f) => /\D/.test(f)).sort((a, b) => b.length - a.length);

/**
 * The unit of another family `text` (normalised, lower case) ends with, and
 * the number before it: "3 days" in a question in hours is a conversion the
 * learner still has to make, not words to delete. Null when the text ends
 * with no known unit, or with one of `unit`'s own spellings.
 */
export function otherUnit(text: string, unit: string): { readonly head: string; readonly name: string } | null {
  const own = familyOf.get(unit);
  for (const form of ALL_SPELLINGS) {
    const head = text.slice(0, text.length - form.length);
    // As for the question's own unit: "5 km" must not end in metres.
    if (!text.endsWith(form) || !/[\d ]$/.test(head) || head.trim() === '') continue;
    const family = familyOf.get(form)!;
    return family === own ? null : { head: head.trim(), name: unitName(family) };
  }
  return null;
}

/** A family as the player names it: its first spelling, the scales' names capitalised ("degrees Celsius"). */
function unitName(family: readonly string[]): string {
  return family[0]!.replace(/\b(celsius|fahrenheit)\b/, (w) => w[0]!.toUpperCase() + w.slice(1));
}

/** "72 hours": a number and the unit as the author declared it, the way the player shows and suggests one. */
export function withUnits(number: string, units: string | undefined): string {
  const unit = units?.trim();
  return unit ? `${number} ${unit}` : number;
}
