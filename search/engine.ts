/** The state of a search engine as /healthz reports it. */
export interface EngineHealth {
  engine: "embedded" | "meilisearch";
  ok: boolean;
  detail?: string;
}

/** The search engine interface used by the app; engines live beside this file. */
export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  health(): Promise<EngineHealth>;
  close(): Promise<void>;
}
