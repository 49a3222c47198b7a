import { useRef, useState, type KeyboardEvent } from "react";
import { useT } from "~/i18n";
import type { PickerOption } from "~/consultative/picker.server";

/**
 * Checkboxes of recommendations with a filter box. Without JavaScript every checkbox is listed and
 * ticked by keyboard (Tab, Space); with it, typing a number, a meeting or words narrows the list,
 * Enter in the box never submits the form and the down arrow moves to the first match.
 */
export function RecommendationPicker({
  options,
  chosen,
  freeText,
}: {
  options: readonly PickerOption[];
  chosen: readonly number[];
  freeText?: string | null;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [ticked, setTicked] = useState(() => new Set(chosen));
  const list = useRef<HTMLUListElement>(null);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (o: PickerOption) =>
    ticked.has(o.id) || words.every((w) => `${o.label} ${o.text}`.toLowerCase().includes(w));
  const visible = options.filter(matches);
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") event.preventDefault();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      list.current?.querySelector<HTMLInputElement>("li:not([hidden]) input")?.focus();
    }
  };
  const toggle = (id: number, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <fieldset className="field recommendation-picker">
      <legend>{t("consult.picker.label")}</legend>
      <input type="hidden" name="recommendationPicker" value="1" />
      <p className="hint" id="recommendation-picker-hint">
        {t("consult.picker.hint")}
      </p>
      {freeText ? <p className="hint">{t("consult.picker.freeText", { text: freeText })}</p> : null}
      <label htmlFor="recommendation-filter">{t("consult.picker.filter")}</label>
      <input
        id="recommendation-filter"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKey}
        aria-describedby="recommendation-picker-hint"
        aria-controls="recommendation-options"
        autoComplete="off"
      />
      <p className="hint" aria-live="polite">
        {t("consult.picker.chosen", { count: ticked.size })}
      </p>
      <ul id="recommendation-options" className="plain" ref={list}>
        {options.map((o) => (
          <li key={o.id} hidden={!matches(o)}>
            <label>
              <input
                type="checkbox"
                name="recommendations"
                value={o.id}
                checked={ticked.has(o.id)}
                onChange={(e) => toggle(o.id, e.target.checked)}
              />{" "}
              {o.label}: {o.text}
            </label>
          </li>
        ))}
      </ul>
      {visible.length === 0 ? <p>{t("consult.picker.none")}</p> : null}
    </fieldset>
  );
}
