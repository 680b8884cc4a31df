// @ts-check

/**
 * GitHub events for DX metrics, keyed by GitHub's own ids so every ingest path (backfill,
 * poll, webhook, a re-run after a crash) upserts the same rows. Times are epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dx_repositories', table => {
    table.comment(
      'Repositories named by catalog entities, by GitHub database id',
    );
    table.bigInteger('id').primary().comment('GitHub repository database id');
    table.string('full_name').notNullable().index();
    table.string('url').notNullable();
    table.string('default_branch').notNullable();
    table.bigInteger('created_at').nullable();
    table
      .string('status')
      .notNullable()
      .defaultTo('active')
      .comment("'active', or 'not-found' once GitHub no longer knows it");
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('dx_repository_slugs', table => {
    table.comment(
      'Which repository a catalog slug resolved to; renames add a row',
    );
    table.string('slug').primary();
    table.bigInteger('repository_id').nullable();
    table.string('status').notNullable().comment("'found' or 'not-found'");
    table.text('reason').nullable();
    table.bigInteger('checked_at').notNullable();
  });

  await knex.schema.createTable('dx_commits', table => {
    table.bigInteger('repository_id').notNullable();
    table.string('sha', 64).notNullable();
    table
      .integer('ordinal')
      .notNullable()
      .comment('Position along the default branch; grows with every push');
    table.boolean('on_default_branch').notNullable().defaultTo(true);
    table.bigInteger('authored_at').notNullable();
    table.bigInteger('committed_at').notNullable();
    table.text('message').notNullable();
    table.string('author').nullable();
    table.boolean('bot').notNullable();
    table
      .text('paths')
      .nullable()
      .comment('JSON list of files, monorepos only');
    table.primary(['repository_id', 'sha']);
  });

  await knex.schema.createTable('dx_pull_requests', table => {
    table.bigInteger('repository_id').notNullable();
    table.integer('number').notNullable();
    table.text('title').notNullable();
    table.string('url').notNullable();
    table.string('author').nullable();
    table.boolean('bot').notNullable();
    table.string('head_ref').notNullable();
    table.text('labels').notNullable().comment('JSON list');
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('merged_at').nullable();
    table.string('merge_sha', 64).nullable();
    table
      .text('commits')
      .notNullable()
      .comment('JSON: sha, authoredAt, message');
    table.bigInteger('first_review_at').nullable();
    table
      .text('paths')
      .nullable()
      .comment('JSON list of files, monorepos only');
    table.primary(['repository_id', 'number']);
  });

  await knex.schema.createTable('dx_deployments', table => {
    table
      .string('id')
      .primary()
      .comment("'deployment:<GitHub id>' or 'run:<workflow run id>'");
    table.bigInteger('repository_id').notNullable().index();
    table.string('environment').notNullable();
    table.string('sha', 64).notNullable();
    table.string('status').notNullable().comment("'success' or 'failure'");
    table.bigInteger('created_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.string('component').nullable();
    table.string('url').notNullable();
  });

  await knex.schema.createTable('dx_incidents', table => {
    table.bigInteger('repository_id').notNullable();
    table.integer('number').notNullable();
    table.text('title').notNullable();
    table.string('url').notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('closed_at').nullable();
    table.primary(['repository_id', 'number']);
  });

  await knex.schema.createTable('dx_cursors', table => {
    table.comment('Where the last ingest of one kind stopped, per repository');
    table.bigInteger('repository_id').notNullable();
    table.string('kind').notNullable();
    table.text('value').notNullable();
    table.primary(['repository_id', 'kind']);
  });

  await knex.schema.createTable('dx_deliveries', table => {
    table.comment(
      'Webhook deliveries already applied, so a replay changes nothing',
    );
    table.string('delivery_id').primary();
    table.string('event').notNullable();
    table.bigInteger('received_at').notNullable();
  });

  await knex.schema.createTable('dx_adoption', table => {
    table.comment(
      'Golden-path signals read from each repository at its default branch head',
    );
    table.bigInteger('repository_id').primary();
    table.boolean('lock_file').notNullable();
    table.string('template_name').nullable();
    table.string('template_version').nullable();
    table.boolean('reusable_workflow').notNullable();
    table.bigInteger('checked_at').notNullable();
  });

  await knex.schema.createTable('dx_state', table => {
    table.string('key').primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'dx_state',
    'dx_adoption',
    'dx_deliveries',
    'dx_cursors',
    'dx_incidents',
    'dx_deployments',
    'dx_pull_requests',
    'dx_commits',
    'dx_repository_slugs',
    'dx_repositories',
  ]) {
    await knex.schema.dropTable(table);
  }
};
