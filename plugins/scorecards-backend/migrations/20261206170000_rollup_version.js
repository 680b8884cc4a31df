// @ts-check

/**
 * Rollups read the stored standings through an in-memory copy per version:
 * a pass that changed anything moves the version, so every replica reloads
 * (see ADR 0058). The overview no longer counts statuses in SQL, so the
 * (check_id, status) index only slowed down every result written.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecards_data_version', table => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
  });
  await knex('scorecards_data_version').insert({ id: 1, version: 0 });
  await knex.schema.alterTable('scorecards_results', table => {
    table.dropIndex(['check_id', 'status']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scorecards_results', table => {
    table.index(['check_id', 'status']);
  });
  await knex.schema.dropTable('scorecards_data_version');
};
