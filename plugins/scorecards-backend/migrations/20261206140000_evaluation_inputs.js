// @ts-check

/**
 * The inputs an entity was last evaluated with, as a hash: a pass skips
 * entities whose facts, collections, exemptions, catalog summary and
 * definitions are unchanged (see ADR 0043).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecards_evaluations', table => {
    table.string('entity_ref', 255).primary();
    table.string('inputs', 64).notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecards_evaluations');
};
