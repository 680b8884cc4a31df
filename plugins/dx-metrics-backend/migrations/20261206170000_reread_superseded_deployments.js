// @ts-check

/**
 * Deployments a later success made inactive were not stored (ADR 0059). Forgetting the
 * deployment cursors makes the next pass read every repository's deployments again over the
 * backfill window; upserts by GitHub id keep the rows already stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('dx_cursors')
    .whereIn('kind', ['deployments', 'probe:deployments'])
    .delete();
};

/** Nothing to restore: the next pass writes the cursors again. */
exports.down = async function down() {};
