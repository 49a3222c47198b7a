import { Meilisearch } from "meilisearch";
import type { EngineHealth, SearchEngine } from "./engine";

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  /** Milliseconds before a request is abandoned; the client has no default. */
  timeoutMs?: number;
}

/** Search on a Meilisearch server through the official client. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  readonly client: Meilisearch;

  constructor(options: MeilisearchOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: options.timeoutMs ?? 5_000 });
  }

  async health(): Promise<EngineHealth> {
    const ok = await this.client.isHealthy();
    return { engine: this.name, ok, detail: ok ? undefined : "Meilisearch did not answer its health check" };
  }

  async close(): Promise<void> {}
}
