// @ts-check

/**
 * Facts, results and levels are kept as one current row per subject plus a
 * history of transitions: a pass that changes nothing writes nothing, so the
 * tables grow with change, not with time (see ADR 0046).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecards_entities', table => {
    table.string('entity_ref', 255).primary();
    table.string('kind', 63).notNullable();
    table.string('type', 63);
    table.string('lifecycle', 63);
    table.string('owner_ref', 255);
    table.string('system_ref', 255);
    table.string('title', 255);
  });

  await knex.schema.createTable('scorecards_facts', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('fact_id', 127).notNullable();
    table.text('value');
    table.text('problem');
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'fact_id']);
  });

  await knex.schema.createTable('scorecards_fact_history', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('fact_id', 127).notNullable();
    table.text('value');
    table.text('problem');
    table.timestamp('changed_at', { useTz: true }).notNullable().index();
    table.index(['entity_ref', 'fact_id']);
  });

  await knex.schema.createTable('scorecards_collections', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('collector_id', 63).notNullable();
    table.timestamp('succeeded_at', { useTz: true });
    table.timestamp('failed_at', { useTz: true });
    table.string('error_kind', 31);
    table.text('error_message');
    table.primary(['entity_ref', 'collector_id']);
  });

  await knex.schema.createTable('scorecards_results', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 63).notNullable();
    table.string('check_version', 63).notNullable();
    table.string('status', 15).notNullable();
    table.text('value');
    table.text('facts').notNullable();
    table.text('reason');
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.string('change_cause', 15).notNullable();
    table.string('previous_status', 15);
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id', 'status']);
  });

  await knex.schema.createTable('scorecards_result_history', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 63).notNullable();
    table.string('check_version', 63).notNullable();
    table.string('status', 15).notNullable();
    table.string('previous_status', 15);
    table.string('change_cause', 15).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable().index();
    table.index(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('scorecards_levels', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('scorecard_id', 63).notNullable();
    table.string('level', 63);
    table.integer('level_index').notNullable();
    table.integer('score');
    table.integer('unknown_checks').notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'scorecard_id']);
  });

  await knex.schema.createTable('scorecards_level_history', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('scorecard_id', 63).notNullable();
    table.integer('level_index').notNullable();
    table.integer('score');
    table.timestamp('changed_at', { useTz: true }).notNullable().index();
    table.index(['entity_ref', 'scorecard_id']);
  });

  await knex.schema.createTable('scorecards_exemptions', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 63).notNullable();
    table.text('reason').notNullable();
    table.string('status', 15).notNullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('reviewed_by', 255);
    table.timestamp('reviewed_at', { useTz: true });
    table.text('review_comment');
    table.index(['entity_ref', 'check_id']);
    table.index(['status']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'scorecards_exemptions',
    'scorecards_level_history',
    'scorecards_levels',
    'scorecards_result_history',
    'scorecards_results',
    'scorecards_collections',
    'scorecards_fact_history',
    'scorecards_facts',
    'scorecards_entities',
  ]) {
    await knex.schema.dropTable(table);
  }
};
