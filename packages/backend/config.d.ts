export interface Config {
  callboard?: {
    permissions?: {
      /**
       * Entity refs of the groups whose members may delete any entity and manage catalog
       * locations, ingestion and templates.
       * @default ["group:default/platform-admins"]
       */
      adminGroups?: string[];
    };
    techdocs?: {
      prebuild?: {
        /**
         * When to build every entity's TechDocs and then refresh the techdocs search index.
         * @default { frequency: { minutes: 15 }, timeout: { minutes: 15 }, initialDelay: { seconds: 45 } }
         */
        schedule?: import('@backstage/backend-plugin-api').SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
