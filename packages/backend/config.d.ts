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
  };
}
