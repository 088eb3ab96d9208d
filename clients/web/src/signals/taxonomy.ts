// The category taxonomy of signal reports (signals/taxonomy.h): parses the
// `weerbaar-taxonomy/v1` JSON of GetTaxonomy's reply (TaxonomyJson.json) and of
// signals/taxonomy_default.json with the same checks as Taxonomy::FromJson, so a taxonomy
// the server accepts is exactly one the client accepts. No personal data.

export const TAXONOMY_FORMAT = 'weerbaar-taxonomy/v1';
export const MAX_CATEGORIES = 64;
export const MAX_KEYWORDS_PER_CATEGORY = 64;
const MAX_ID_BYTES = 40;
const MAX_LABEL_BYTES = 80;
const MAX_KEYWORD_BYTES = 40;
const MAX_JSON_BYTES = 256 * 1024;

export type Category = {
  id: string; // [a-z0-9-]{1,40}
  labelNl: string;
  labelEn: string;
  // House rule: shared only with police channels; its photo never goes into a group.
  describesPerson: boolean;
  keywords: string[]; // folded words of [a-z0-9], optional '*' at either end
};

export type Taxonomy = { categories: Category[] };
export type Language = 'nl' | 'en';

export class TaxonomyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaxonomyError';
  }
}

function refuse(message: string): never {
  throw new TaxonomyError(message);
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function validKeywordWord(word: string): boolean {
  const core = word.replace(/^\*/, '').replace(/\*$/, '');
  return /^[a-z0-9]+$/.test(core);
}

function validKeyword(k: string): boolean {
  return k.length > 0 && k.length <= MAX_KEYWORD_BYTES && k.split(' ').every(validKeywordWord);
}

function onlyKeys(o: object, allowed: string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') refuse('taxonomy json: missing or non-string ' + key);
  return v;
}

function parseCategory(v: unknown): Category {
  if (!isObject(v) || !onlyKeys(v, ['id', 'label_nl', 'label_en', 'describes_person', 'keywords'])) {
    refuse('taxonomy json: bad category object');
  }
  const c = { id: str(v, 'id'), labelNl: str(v, 'label_nl'), labelEn: str(v, 'label_en') };
  if (typeof v.describes_person !== 'boolean') refuse('taxonomy json: missing or non-boolean describes_person');
  if (!Array.isArray(v.keywords)) refuse('taxonomy json: bad keywords');
  const keywords = v.keywords.map((k) => (typeof k === 'string' ? k : refuse('taxonomy json: bad keyword')));
  return { ...c, describesPerson: v.describes_person, keywords };
}

function validateCategory(c: Category): void {
  if (!/^[a-z0-9-]+$/.test(c.id) || c.id.length > MAX_ID_BYTES) refuse('taxonomy: bad category id');
  for (const label of [c.labelNl, c.labelEn]) {
    if (label.length === 0 || utf8Length(label) > MAX_LABEL_BYTES) refuse('taxonomy: bad label for ' + c.id);
  }
  if (c.keywords.length > MAX_KEYWORDS_PER_CATEGORY) refuse('taxonomy: too many keywords for ' + c.id);
  if (!c.keywords.every(validKeyword)) refuse('taxonomy: bad keyword for ' + c.id);
}

// Taxonomy::Create: 1..64 valid categories with unique ids. Throws TaxonomyError.
export function createTaxonomy(categories: Category[]): Taxonomy {
  if (categories.length === 0 || categories.length > MAX_CATEGORIES) refuse('taxonomy: needs 1 to 64 categories');
  const ids = new Set<string>();
  for (const c of categories) {
    validateCategory(c);
    if (ids.has(c.id)) refuse('taxonomy: repeated id ' + c.id);
    ids.add(c.id);
  }
  return { categories };
}

// Taxonomy::FromJson. Throws TaxonomyError for malformed JSON, unknown keys, wrong types,
// or anything createTaxonomy refuses.
export function parseTaxonomy(json: string): Taxonomy {
  if (utf8Length(json) > MAX_JSON_BYTES) refuse('taxonomy json: too large');
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return refuse('taxonomy json: not a taxonomy object');
  }
  if (!isObject(root) || !onlyKeys(root, ['format', 'categories'])) refuse('taxonomy json: not a taxonomy object');
  if (str(root, 'format') !== TAXONOMY_FORMAT) refuse('taxonomy json: unknown format');
  const list = root.categories;
  if (!Array.isArray(list) || list.length > MAX_CATEGORIES) refuse('taxonomy json: bad categories');
  return createTaxonomy(list.map(parseCategory));
}

export function findCategory(taxonomy: Taxonomy, id: string): Category | undefined {
  return taxonomy.categories.find((c) => c.id === id);
}

// False for an unknown id (an unknown category is refused elsewhere, never shared).
export function describesPerson(taxonomy: Taxonomy, id: string): boolean {
  return findCategory(taxonomy, id)?.describesPerson ?? false;
}

// The category's label in `lang`; the id itself for an unknown category.
export function categoryLabel(taxonomy: Taxonomy, id: string, lang: Language): string {
  const c = findCategory(taxonomy, id);
  if (!c) return id;
  return lang === 'nl' ? c.labelNl : c.labelEn;
}
