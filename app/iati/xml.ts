// A small element tree for one IATI activity at a time: the reader builds one per activity and forgets
// it once mapped, so a file of any size is read with the memory of its largest activity.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), trimmed at the ends. */
  text: string;
  /** The line of the element's start tag (1-based). */
  line: number;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function attr(element: XmlElement | undefined, name: string): string | undefined {
  const value = element?.attrs[name]?.trim();
  return value ? value : undefined;
}

export interface Narrative {
  lang: string | null;
  text: string;
}

/**
 * The narratives of an element, with their language (`xml:lang`, else the activity's default). An
 * element written the 1.x way (text directly inside) counts as one narrative, since 2.x files from
 * real publishers still do it.
 */
export function narratives(element: XmlElement | undefined, defaultLang: string | null): Narrative[] {
  if (!element) return [];
  const list = childrenNamed(element, "narrative")
    .map((n) => ({ lang: normalizeLang(n.attrs["xml:lang"]) ?? defaultLang, text: n.text.replace(/\s+/g, " ").trim() }))
    .filter((n) => n.text.length > 0);
  if (list.length === 0 && element.text.trim())
    list.push({
      lang: normalizeLang(element.attrs["xml:lang"]) ?? defaultLang,
      text: element.text.replace(/\s+/g, " ").trim(),
    });
  return list;
}

export function normalizeLang(value: string | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v ? v.split(/[-_]/)[0] : null;
}
