import { expect } from "vitest";

// The one refusal helper: a test file binds it to the error class its domain refuses with, e.g.
//   const refusal = refusalOf(FundingError);
//   expect((await refusal(createPledge(db, donor, input))).code).toBe("forbidden");

/** Any error class, whatever its constructor takes. */
type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * A function that runs `work` (a promise, or a function returning one) and returns the error it was
 * refused with, seen through `view` (default: the error itself). The test fails if the work succeeds;
 * another error is thrown on.
 */
export function refusalOf<E extends Error, V = E>(kind: ErrorClass<E>, view: (error: E) => V = (e) => e as never) {
  return async (work: Promise<unknown> | (() => Promise<unknown>)): Promise<V> => {
    let error: unknown;
    try {
      await (typeof work === "function" ? work() : work);
    } catch (caught) {
      error = caught;
    }
    expect(error, "expected a refusal").toBeDefined();
    if (!(error instanceof kind)) throw error;
    return view(error);
  };
}
