// Text helpers shared by both engines: query tokenizing, safe highlighting, the field's synonyms.

import synonyms from "./synonyms.json";

/** Start and end of a match inside engine output; control characters never occur in our texts. */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

const MAX_QUERY_WORDS = 12;

/** Lower-cased words (letters and digits in any script); punctuation and operators are dropped. */
export function tokenize(text: string, max = MAX_QUERY_WORDS): string[] {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
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
  // eslint-disable-next-line no-control-regex -- the highlight markers are control characters
  for (const part of marked.split(/([\u0002\u0003])/)) {
    if (part === MARK_START) {
      if (!open) html += "<mark>";
      open = true;
    } else if (part === MARK_END) {
      if (open) html += "</mark>";
      open = false;
    }
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    else html += escapeHtml(part.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""));
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
    for (const member of group)
      map[member] = [...new Set([...(map[member] ?? []), ...group.filter((m) => m !== member)])];
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
  for (let i = 0; i < words.length;) {
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

/**
 * Words that carry no meaning of their own, in English and Russian (PostgreSQL's stop words and
 * the function words it keeps: "along", "also", "within"…), and the product's own name. Never
 * given as a reason why two records are alike.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // English
    "a about above across after again against all along already also although always am among an and another any are",
    "around as at be because been before being below beside besides between beyond both but by can cannot could did do",
    "does doing done down during each either else etc even ever every few for from further had has have having he her",
    "here hers herself him himself his how however i if in including into is it its itself just like made make many",
    "may me might more most much must my myself near neither no nor not now of off often on once one only onto or",
    "other others our ours ourselves out over own per rather same shall she should since so some still such than that",
    "the their theirs them themselves then there these they this those though through throughout thus to together too",
    "toward towards under until up upon us used using very via was we well were what when where whether which while",
    "who whom whose why will with within without would yet you your yours yourself yourselves new also",
    // Russian
    "а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее её если",
    "есть еще ещё же за и из или им их к как когда кто ли либо между меня мне может мы на над надо наш не него нее неё",
    "нет ни них но ну о об однако он она они оно от по под после при про с со так также такой там те тем то того тоже",
    "только том ты у уже хотя чего чей чем что чтобы чья эта эти это этого этой этом этот я",
    // The product's own name: every record is in it.
    "adam адам",
  ]
    .join(" ")
    .split(/\s+/),
);
