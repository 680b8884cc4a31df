export interface Config {
  callboard?: {
    goldenPath?: {
      /**
       * Where the golden path creates repositories. The host must be configured under
       * integrations.github with credentials that may create repositories in the owner.
       */
      repository?: {
        /** @default github.com */
        host?: string;
        /** The GitHub organisation. @default tidewater */
        owner?: string;
      };
    };
  };
}
