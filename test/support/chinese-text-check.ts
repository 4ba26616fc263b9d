// A reusable check for Chinese pages: the main content holds no Latin-letter words, no JSON and no internal ids
// (element ids, UUIDs, process keys, account ids). Case numbers (J03A-2026-000001), programme numbers (J03a) and a
// few product names are the only Latin text a Chinese page may show.
import type { Page } from 'playwright-core';

/** Product and format names a Chinese page may name as they are. */
const ALLOWED_WORDS = new Set([
  'BPMN',
  'XML',
  'Camunda',
  'Modeler',
  'PDF',
  'MB',
  'CSV',
  'Excel',
  'bpmn',
  'xml',
]);
/** Case and certificate numbers: upper-case segments joined by dashes, with digits. */
const CASE_NUMBER = /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]*\d[A-Z0-9]*)+\b/g;
/** A programme's catalogue number in its name (J03a 高层次人才购房补贴). */
const PROGRAMME_NUMBER = /\b[A-Z]\d{2}[a-z]?(?=\s|$)/g;
/** Talent categories as the policies name them (A 类, A–D 类, B/C/D 类). */
const CATEGORY = /\b[A-E](?:\s*[–/-]\s*[A-E])*(?=\s*类)/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const JSON_LIKE = /[{[]\s*"|"\s*:\s*["{[\d]/;

/** The problems in a text: each Latin word, JSON, a UUID, or one of the `ids` given (process keys, element ids…). */
export function chineseTextProblems(text: string, ids: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (JSON_LIKE.test(text)) problems.push(`JSON: ${JSON_LIKE.exec(text)?.[0]}`);
  if (UUID.test(text)) problems.push(`UUID: ${UUID.exec(text)?.[0]}`);
  for (const id of ids) if (text.includes(id)) problems.push(`internal id: ${id}`);
  const words =
    text
      .replace(CASE_NUMBER, ' ')
      .replace(PROGRAMME_NUMBER, ' ')
      .replace(CATEGORY, ' ')
      .match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? [];
  for (const w of new Set(words))
    if (!ALLOWED_WORDS.has(w.replace(/[.-]+$/, ''))) problems.push(`Latin: ${w}`);
  return problems;
}

/** The problems of the page's main content (`main` unless told), labelled with where they were found. */
export async function mainContentProblems(
  page: Page,
  label: string,
  ids: readonly string[] = [],
  selector = 'main',
): Promise<string[]> {
  const text = await page.locator(selector).innerText();
  return chineseTextProblems(text, ids).map((p) => `${label}: ${p}`);
}
