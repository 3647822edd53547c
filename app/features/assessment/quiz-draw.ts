import { z } from "zod";
import { cryptoRandom, draw, shuffle, type RandomSource } from "~/lib/random";

// The draw of one attempt of the understanding check (issue 21, decision 0032): which of the
// bank's questions it asks, in which order, and each question's choices in which order. Drawn
// once when the attempt opens and stored with it, so a reload, the submission and the review
// see the same questions in the same order.

export type DrawnQuestion = { questionId: number; choiceIds: number[] };

const DrawSchema = z
  .array(z.object({ questionId: z.number().int().positive(), choiceIds: z.array(z.number().int().positive()) }))
  .min(1);

/** How many questions an attempt asks: the setting, or all of them (never more than the bank). */
export function questionsPerAttempt(setting: number | null, bankSize: number): number {
  return setting == null ? bankSize : Math.min(setting, bankSize);
}

/** Draws `count` of the questions in random order, each with its choices shuffled. */
export function drawAttempt(
  questions: readonly { id: number; choices: readonly { id: number }[] }[],
  count: number,
  random: RandomSource = cryptoRandom,
): DrawnQuestion[] {
  return draw(questions, count, random).map((q) => ({
    questionId: q.id,
    choiceIds: shuffle(
      q.choices.map((c) => c.id),
      random,
    ),
  }));
}

export function serializeDraw(drawn: DrawnQuestion[]): string {
  return JSON.stringify(drawn);
}

/** The stored JSON back as a draw; a broken value is a bug, not the trainee's fault. */
export function parseDraw(text: string): DrawnQuestion[] {
  return DrawSchema.parse(JSON.parse(text));
}
