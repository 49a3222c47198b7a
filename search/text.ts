// Text helpers shared by both engines: query tokenizing, safe highlighting, the field's synonyms.

import synonyms from "./synonyms.json";

/** Start and end of a match inside engine output; control characters never occur in our texts. */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

const MAX_QUERY_WORDS = 12;

/** Lower-cased words (letters and digits in any script); punctuation and operators are dropped. */
export function tokenize(text: string, max = MAX_QUERY_WORDS): string[] {
  const words = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, max);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Engine output with MARK_START/MARK_END around matches, turned into HTML-safe text with <mark>:
 * the record's own text is escaped, so a title like "<script>" can never become markup.
 */
export function markedToHtml(marked: string): string {
  let html = "";
  let open = false;
  for (const part of marked.split(/([\u0002\u0003])/)) {
    if (part === MARK_START) {
      if (!open) html += "<mark>";
      open = true;
    } else if (part === MARK_END) {
      if (open) html += "</mark>";
      open = false;
    } else html += escapeHtml(part.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""));
  }
  return open ? html + "</mark>" : html;
}

/**
 * Synonym groups of the field in English and Russian (search/synonyms.json, which coordinators
 * may extend): any member finds the others. Meilisearch gets them as settings; the embedded
 * engine expands queries with them.
 */
export const SYNONYM_GROUPS: string[][] = synonyms.groups.map((group) => group.map(synonymText));

/** A synonym as the engines use it: lower case, as written otherwise ('aml/cft' is one word to PostgreSQL). */
export function synonymText(member: string): string {
  return member.normalize("NFKC").toLowerCase().trim();
}

/** Meilisearch's format: each member maps to every other member of its group. */
export function meilisearchSynonyms(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const member of group) map[member] = [...new Set([...(map[member] ?? []), ...group.filter((m) => m !== member)])];
  }
  return map;
}

/** A query split into groups: each group matches if any of its alternatives (word or phrase) does. */
export interface QueryGroup {
  /** The query's own word(s) for this group, joined by spaces. */
  words: string[];
  /** Synonym phrases that may stand in for the words. */
  synonyms: string[];
}

const synonymIndex: Array<{ tokens: string[]; member: string; group: string[] }> = SYNONYM_GROUPS.flatMap((group) =>
  group.map((member) => ({ tokens: tokenize(member, 20), member, group })),
).sort((a, b) => b.tokens.length - a.tokens.length);

/** Finds synonym phrases in the query (longest first), leaving other words as single groups. */
export function groupQuery(words: string[]): QueryGroup[] {
  const groups: QueryGroup[] = [];
  for (let i = 0; i < words.length; ) {
    const hit = synonymIndex.find((s) => s.tokens.length > 0 && s.tokens.every((t, k) => words[i + k] === t));
    if (hit) {
      const phrase = hit.tokens.join(" ");
      // Every member as written, and the words as typed when they differ from it ('aml cft' for 'aml/cft').
      const alternatives = new Set(hit.group);
      alternatives.delete(phrase);
      groups.push({ words: hit.tokens, synonyms: [...alternatives] });
      i += hit.tokens.length;
    } else {
      groups.push({ words: [words[i]], synonyms: [] });
      i += 1;
    }
  }
  return groups;
}
