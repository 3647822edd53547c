import { isDomainError } from "~/lib/errors";

// The credential routes answer with files, not pages: a refusal (403, 404, 409) comes back as
// its Japanese message in plain text, where the shared error page would not be rendered for a
// resource route (the browser would show "Unexpected Server Error").
export async function answerRefusalsAsText(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return new Response(error.message, {
      status: error.status,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }
}
