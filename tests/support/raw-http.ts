// Requests that fetch() refuses to make (TRACE, CONNECT) or cannot shape (a body streamed slowly,
// chunked, larger than memory should hold), with node:http on loopback.
import http from "node:http";

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from the start of the request to the answer's head. */
  elapsedMs: number;
  /** Body bytes the client had handed to the socket when the answer came. */
  sentBytes: number;
}

export function rawRequest(
  base: string,
  options: {
    method: string;
    path: string;
    headers?: http.OutgoingHttpHeaders;
    body?: { totalBytes: number; chunkBytes?: number };
  },
): Promise<RawAnswer> {
  const url = new URL(options.path, base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: options.method,
      headers: options.headers,
      agent: false,
    });
    request.on("response", (response) => {
      answered = true;
      const elapsedMs = Date.now() - started;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          elapsedMs,
          sentBytes,
        }),
      );
      response.on("error", reject);
    });
    // The server may close the connection while we still send: that is the point of a 413.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (!options.body) {
      request.end();
      return;
    }
    // One reused buffer: the client holds a chunk, not the body, so memory measures the server.
    const chunk = Buffer.alloc(options.body.chunkBytes ?? 64 * 1024, "a");
    const total = options.body.totalBytes;
    const pump = () => {
      while (!answered && !request.destroyed && sentBytes < total) {
        const size = Math.min(chunk.length, total - sentBytes);
        sentBytes += size;
        if (!request.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          request.once("drain", pump);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    pump();
  });
}
