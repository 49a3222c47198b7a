/** The coordination unit promises an answer to every access request within this many hours. */
export const ANSWER_PROMISE_HOURS = 48;
