import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import type { MatchStatus } from "../../../db/schema";
import { useT } from "~/i18n";
import type { Suggestion } from "~/matches/suggestions.server";

interface Props {
  /** What is suggested: projects for a need, or needs for a project. */
  kind: "project" | "need";
  /** The record whose page this is. */
  recordId: number;
  suggestions: Suggestion[];
  /** Whether the viewer may propose each suggestion (decided on the server). */
  canPropose: (suggestion: Suggestion) => boolean;
  returnTo: string;
}

/** Suggested matches with the reasons for each, and a button to propose one. */
export function SuggestionList({ kind, recordId, suggestions, canPropose, returnTo }: Props) {
  const t = useT();
  const title = kind === "project" ? t("suggest.projectsTitle") : t("suggest.needsTitle");
  return (
    <section aria-labelledby="suggestions">
      <h2 id="suggestions">{title}</h2>
      {suggestions.length === 0 ? (
        <p>{t("suggest.none")}</p>
      ) : (
        <ol>
          {suggestions.map((s) => {
            const r = s.reasons;
            const reasons = [
              r.regional ? t("suggest.regional") : r.sameCountry ? t("suggest.sameCountry") : null,
              r.samePillar ? t("suggest.samePillar") : null,
              r.sameCapacityArea ? t("suggest.sameArea") : null,
              r.periodFits ? t("suggest.periodFits") : t("suggest.periodMisfit"),
              r.textCloseness === "closest"
                ? t("suggest.textClosest")
                : r.textCloseness === "similar"
                  ? t("suggest.textSimilar")
                  : null,
              r.sharedTerms.length ? t("suggest.terms", { terms: r.sharedTerms.join(", ") }) : null,
            ].filter(Boolean);
            return (
              <li key={s.id} className="suggestion">
                <Link to={`/${kind === "project" ? "projects" : "needs"}/${s.id}`}>{s.title}</Link>{" "}
                <span className="hint">({s.organizationName})</span>
                <p className="hint">
                  {t("suggest.why")}: {reasons.join("; ")}
                </p>
                {canPropose(s) ? (
                  <Form method="post" action="/matches">
                    <CsrfInput />
                    <input type="hidden" name="needId" value={kind === "project" ? recordId : s.id} />
                    <input type="hidden" name="projectId" value={kind === "project" ? s.id : recordId} />
                    <input type="hidden" name="redirectTo" value={returnTo} />
                    <button
                      type="submit"
                      className="secondary"
                      aria-label={t("suggest.proposeFor", { title: s.title })}
                    >
                      {t("suggest.propose")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export interface MatchSummary {
  id: number;
  status: MatchStatus;
  otherTitle: string;
  otherHref: string;
}

/** The matches a need or a project already has. */
export function MatchSummaryList({ matches }: { matches: MatchSummary[] }) {
  const t = useT();
  if (!matches.length) return null;
  return (
    <section aria-labelledby="matches">
      <h2 id="matches">{t("suggest.matchesTitle")}</h2>
      <ul>
        {matches.map((m) => (
          <li key={m.id}>
            <Link to={m.otherHref}>{m.otherTitle}</Link> — {t(`match.status.${m.status}`)} (
            <Link to={`/matches/${m.id}`}>{t("match.open")}</Link>)
          </li>
        ))}
      </ul>
    </section>
  );
}
