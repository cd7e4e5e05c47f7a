import { z } from 'zod';

/**
 * The understanding content of one language (content/<lang>/understanding.yaml): example
 * questions per topic, in people's own words, that the topic search is built from, and the
 * replies of the layers that are not topics. Build time only, like every schema (content-schema.ts).
 */
const Text = z.string().trim().min(1);
const RegionalText = z.union([Text, z.object({ uk: Text, us: Text, ca: Text }).strict()]);

/** Each topic needs this many examples per language: fewer and the search guesses. */
export const MIN_EXAMPLES_PER_TOPIC = 15;

export const UnderstandingContentSchema = z
  .object({
    /** Topic id → example questions, written the way people text them (typos welcome). */
    examples: z.record(z.string().regex(/^[a-z][a-z-]*$/), z.array(Text).min(MIN_EXAMPLES_PER_TOPIC)),
    sms: z
      .object({
        /** Fear and distress: care team, the region's support line, "if you are ever in danger". */
        distress: RegionalText,
        /** Doses, diets, cures, survival: "we can't answer medical questions". The menu follows. */
        medical: Text,
        /** {options}: "6 Records to gather or 7 Questions to ask"; {numbers}: "6 or 7". */
        didYouMean: Text,
        /** Nothing placed the text: {options} are the three likeliest topics, by number. */
        fallback: Text,
        /** "stop", but not clearly about our texts. */
        optOutConfirm: Text,
        /** The word between the last two options: "or", "o". */
        or: Text,
      })
      .strict(),
    voice: z
      .object({
        /** {options}: the topics' spoken labels joined with "or"; the choices are read after it. */
        didYouMean: Text,
        distress: RegionalText,
        medical: Text,
        /** Someone asks by voice to stop texts: the phone line cannot, a text can. */
        optOut: Text,
      })
      .strict(),
    /** Where the support lines in `distress` come from and when they were checked. */
    sources: z.array(Text).min(1),
  })
  .strict();
export type UnderstandingContent = z.infer<typeof UnderstandingContentSchema>;
