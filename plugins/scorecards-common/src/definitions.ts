import { z } from 'zod';
import { factIdPattern } from './facts';

const idSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be lowercase letters and digits separated by single dashes',
  )
  .max(63);

const nonEmptyList = z.array(z.string().min(1)).min(1);

/**
 * Which catalog entities a check (or scorecard) applies to. Every listed
 * field must match; within a field any listed value matches. Kinds compare
 * case-insensitively, like the catalog.
 */
export const entityFilterSchema = z
  .object({
    kind: nonEmptyList.optional().describe('Entity kinds, e.g. [Component]'),
    type: nonEmptyList
      .optional()
      .describe('spec.type values, e.g. [service, website]'),
    lifecycle: nonEmptyList
      .optional()
      .describe('spec.lifecycle values, e.g. [production]'),
    tags: nonEmptyList
      .optional()
      .describe('metadata.tags: the entity must carry at least one of them'),
  })
  .strict();

export type EntityFilter = z.infer<typeof entityFilterSchema>;

/** A numeric check passes when its value lies within these bounds (inclusive). */
export const thresholdsSchema = z
  .object({
    min: z.number().finite().optional().describe('Lowest passing value'),
    max: z.number().finite().optional().describe('Highest passing value'),
  })
  .strict()
  .refine(value => value.min !== undefined || value.max !== undefined, {
    message: 'needs min, max or both',
  })
  .refine(
    value =>
      value.min === undefined ||
      value.max === undefined ||
      value.min <= value.max,
    { message: 'min must not be greater than max' },
  );

export type Thresholds = z.infer<typeof thresholdsSchema>;

export const checkDefinitionSchema = z
  .object({
    id: idSchema.describe('Stable id, e.g. has-readme'),
    title: z.string().min(1).max(120).describe('Short name shown in tables'),
    description: z
      .string()
      .min(1)
      .describe('What the check asks for and why it matters'),
    howToFix: z
      .string()
      .min(1)
      .describe('Markdown shown next to a failing check'),
    link: z
      .string()
      .url()
      .optional()
      .describe('Where to read more, shown as "Learn more"'),
    filter: entityFilterSchema
      .optional()
      .describe('Entities the check applies to; all entities when omitted'),
    facts: z
      .array(
        z
          .string()
          .regex(
            factIdPattern,
            'must be <collector>.<fact>, e.g. github.hasReadme',
          ),
      )
      .min(1)
      .describe('Every fact the expression reads'),
    expression: z
      .string()
      .min(1)
      .max(4000)
      .describe(
        'CEL over the declared facts; returns bool, or a number when thresholds are set',
      ),
    thresholds: thresholdsSchema
      .optional()
      .describe('For metric checks: the bounds a numeric result must meet'),
  })
  .strict();

export type CheckDefinition = z.infer<typeof checkDefinitionSchema>;

const levelCheckSchema = z.union([
  idSchema,
  z
    .object({
      check: idSchema.describe('Id of a check'),
      weight: z
        .number()
        .positive()
        .max(100)
        .optional()
        .describe('Weight in the 0–100 score; 1 when omitted'),
    })
    .strict(),
]);

export const scorecardDefinitionSchema = z
  .object({
    id: idSchema.describe('Stable id, e.g. production-readiness'),
    title: z.string().min(1).max(120),
    description: z.string().min(1),
    filter: entityFilterSchema
      .optional()
      .describe('Entities the scorecard is shown for'),
    levels: z
      .array(
        z
          .object({
            name: z.string().min(1).max(40).describe('e.g. Bronze'),
            description: z.string().optional(),
            checks: z.array(levelCheckSchema).min(1),
          })
          .strict(),
      )
      .min(1)
      .describe(
        'Ordered from the first level to reach to the last, e.g. Bronze, Silver, Gold',
      ),
  })
  .strict();

export type ScorecardDefinition = z.infer<typeof scorecardDefinitionSchema>;

/** One definitions file: any number of checks and scorecards. */
export const definitionsFileSchema = z
  .object({
    checks: z.array(z.unknown()).optional(),
    scorecards: z.array(z.unknown()).optional(),
  })
  .strict()
  .refine(file => (file.checks?.length ?? 0) + (file.scorecards?.length ?? 0), {
    message: 'defines no checks and no scorecards',
  });

/** A level as the backend resolved it: check ids with their weights. */
export type ResolvedLevel = {
  name: string;
  description?: string;
  checks: { checkId: string; weight: number }[];
};
