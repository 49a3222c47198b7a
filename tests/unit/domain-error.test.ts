import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiErrorOf } from "~/api/errors";
import { DomainError, refusalText } from "~/errors/domain-error";
import { orResponse, refusalMessages, refusalReply } from "~/errors/reply.server";
import { FundingError, because } from "~/funding/errors";
import { RecordError } from "~/marketplace/errors";
import { PasswordPolicyError } from "~/accounts/password-policy.server";

const schema = z.object({ amount: z.string(), password: z.string().optional() });
const submission = () => {
  const form = new FormData();
  form.set("amount", "12");
  form.set("password", "secret");
  return parseWithZod(form, { schema });
};

async function answer(response: ReturnType<typeof refusalReply>) {
  const { data, init } = response as unknown as {
    data: { result: { error?: Record<string, string[]> } };
    init: ResponseInit;
  };
  return { status: init.status, errors: data.result.error ?? {}, data, headers: new Headers(init.headers) };
}

describe("the domain's one refusal type and its route helper", () => {
  it("gives each code its status once: shared codes, a domain's own, and 409 for a state conflict", () => {
    expect(new DomainError("invalid").status).toBe(400);
    expect(new DomainError("forbidden").status).toBe(403);
    expect(new DomainError("not_found").status).toBe(404);
    expect(new DomainError("stale").status).toBe(409);
    expect(new DomainError("rate_limited").status).toBe(429);
    expect(new DomainError("not_draft").status).toBe(409);
    expect(new FundingError("overpayment", "too much", { details: { outstanding: "5.00" } }).status).toBe(400);
  });

  it("puts a message on the field at fault when the form has it, else above the form", async () => {
    const onField = await answer(refusalReply(new RecordError("invalid", "amount", "form.choose"), submission()));
    expect([onField.status, onField.errors]).toEqual([400, { amount: ["form.choose"] }]);
    const elsewhere = new FundingError("invalid", "bad", { fields: { pledgeId: because("form.choose", "No such") } });
    const above = await answer(refusalReply(elsewhere, submission(), { fields: ["amount"] }));
    expect(above.errors).toEqual({ "": ["form.choose"] });
  });

  it("says a state conflict above the form with the code's message, and keeps what was typed", async () => {
    const stale = await answer(refusalReply(new RecordError("stale"), submission(), { extra: { currentVersion: 3 } }));
    expect([stale.status, stale.errors[""], stale.data]).toMatchObject([409, ["form.stale"], { currentVersion: 3 }]);
    expect((stale.data.result as { initialValue?: Record<string, unknown> }).initialValue).toMatchObject({
      amount: "12",
    });
  });

  it("words a message with values in the user's language (amounts by the route's formatter)", () => {
    const error = new FundingError("overpayment", "too much", {
      fields: { amount: because("form.invalid", "At most 5.00") },
      details: { outstanding: "5.00" },
    });
    const ru = refusalMessages(error, { locale: "ru", fields: ["amount"], money: (a) => `${a} $` });
    expect(ru.formErrors).toEqual([]);
    expect(ru.fieldErrors.amount[0]).toContain("5.00 $");
    expect(ru.fieldErrors.amount[0]).not.toBe("funding.error.overpayment");
    expect(refusalText(error, "en", (a) => `$${a}`)).toContain("$5.00");
  });

  it("renames a domain field to the form's and hides passwords; a 429 says when to try again", async () => {
    const policy = refusalMessages(new PasswordPolicyError("password.common"), { rename: { password: "newPassword" } });
    expect(policy.fieldErrors).toEqual({ newPassword: ["password.common"] });
    const limited = await answer(
      refusalReply(new DomainError("rate_limited", { retryAfterSeconds: 30 }), submission(), {
        hideFields: ["password"],
      }),
    );
    expect([limited.status, limited.headers.get("Retry-After")]).toEqual([429, "30"]);
    expect((limited.data.result as { initialValue?: Record<string, unknown> }).initialValue?.password).toBeUndefined();
  });

  it("throws 403 and 404 as the page's error when asked, and anything else on", async () => {
    const thrown = (() => {
      try {
        refusalReply(new RecordError("forbidden"), submission(), { pageErrors: true });
      } catch (error) {
        return error;
      }
    })();
    expect((thrown as Response).status).toBe(403);
    const failure = new Error("boom");
    expect(() => refusalReply(failure, submission())).toThrow(failure);
    await expect(orResponse(Promise.reject(new RecordError("not_found")))).rejects.toMatchObject({ status: 404 });
  });

  it("maps a refusal into the API's envelope through the same status", () => {
    expect(apiErrorOf(new RecordError("forbidden"), "en").code).toBe("forbidden");
    expect(apiErrorOf(new RecordError("not_found"), "en").code).toBe("not_found");
    const conflict = apiErrorOf(new DomainError("stale"), "ru");
    expect(conflict.code).toBe("invalid_parameters");
    expect(conflict.details.issues?.[0]?.message).not.toBe("form.stale");
  });
});
